package auth_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/handlingsplan/handlingsplan/auth"
	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/devoidc"
	"github.com/handlingsplan/handlingsplan/ent/department"
	"github.com/handlingsplan/handlingsplan/ent/role"
	"github.com/handlingsplan/handlingsplan/ent/roleassignment"
	"github.com/handlingsplan/handlingsplan/ent/user"
	"github.com/handlingsplan/handlingsplan/plans/planstest"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/server"
)

// startApp serves the whole product over db, logging in through a
// development provider with the users, and the mapping file m.
func startApp(t *testing.T, db *database.DB, users []devoidc.User, m *auth.ClaimMapping) *app {
	t.Helper()
	var handler http.Handler = http.NotFoundHandler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	idp, err := devoidc.Start("127.0.0.1:0", users,
		devoidc.Client{ID: "hp", Secret: "s3cret", RedirectURIs: []string{srv.URL + "/auth/callback"}, PostLogoutRedirectURIs: []string{srv.URL + "/"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idp.Close(context.Background()) })
	logger := slog.New(slog.NewJSONHandler(io.Discard, nil))
	svc, err := auth.New(auth.Config{
		Issuer: idp.Issuer(), ClientID: "hp", ClientSecret: "s3cret", RedirectURL: srv.URL + "/auth/callback", Mapping: m,
	}, db.Client, logger)
	if err != nil {
		t.Fatal(err)
	}
	svc.Discover(context.Background())
	handler = server.New(db, svc, logger, server.Options{})
	return &app{url: srv.URL, db: db, idp: idp}
}

// graphql posts a query in the browser's session and decodes data into
// out; it fails the test on any error.
func (a *app) graphql(t *testing.T, browser *http.Client, query string, vars map[string]any, out any) {
	t.Helper()
	if errs := a.try(t, browser, query, vars, out); len(errs) > 0 {
		t.Fatalf("%s: %v", query, errs)
	}
}

// try is graphql that returns the errors' codes.
func (a *app) try(t *testing.T, browser *http.Client, query string, vars map[string]any, out any) []string {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, a.url+"/graphql", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	resp, err := browser.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct {
		Data   json.RawMessage
		Errors []struct {
			Message    string
			Extensions struct{ Code string }
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatalf("%s: %d %v", query, resp.StatusCode, err)
	}
	var codes []string
	for _, e := range r.Errors {
		codes = append(codes, e.Extensions.Code+": "+e.Message)
	}
	if out != nil && len(r.Data) > 0 {
		json.Unmarshal(r.Data, out)
	}
	return codes
}

type roleHeld struct {
	Source     string
	Department struct{ Slug string }
	Role       struct{ Name string }
}

func (a *app) rolesOf(t *testing.T, browser *http.Client) (userID string, held []string) {
	t.Helper()
	var out struct {
		Me struct {
			User        struct{ ID string }
			Assignments []roleHeld
		}
	}
	a.graphql(t, browser, `{ me { user { id } assignments { source department { slug } role { name } } } }`, nil, &out)
	for _, r := range out.Me.Assignments {
		held = append(held, r.Department.Slug+"/"+r.Role.Name+" ("+r.Source+")")
	}
	return out.Me.User.ID, held
}

func login(t *testing.T, a *app, name string) *http.Client {
	t.Helper()
	b := authtest.Browser(t)
	resp := authtest.LoginWithDevProvider(t, b, a.url, "/", name)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: login landed %d", name, resp.StatusCode)
	}
	return b
}

const kff = "bollebygd-kultur-och-fritid"

func TestAMunicipalityAdministratorStartsADepartmentThatRunsWithoutARestart(t *testing.T) {
	db := dbtest.Open(t, dialect.SQLite, nil)
	planstest.ImportBollebygd(t, db.Client, bollebygd)
	a := startApp(t, db, []devoidc.User{
		{Subject: "kim", Name: "Kim Kommunadmin", Email: "kim@bollebygd.se", EmailVerified: true, Groups: []string{"HP-Kommunadmin"}},
		{Subject: "karin", Name: "Karin Kulturchef", Email: "karin@bollebygd.se", EmailVerified: true, Groups: []string{"HP-KFF-Forvaltningschef", "HP-KFF-Medarbetare"}},
		{Subject: "nils", Name: "Nils Nyanställd", Email: "Nils@Bollebygd.se", EmailVerified: true},
		{Subject: "ulla", Name: "Ulla Overifierad", Email: "ulla@bollebygd.se"},
		{Subject: "olle", Name: "Olle Ordförande", Email: "olle@bollebygd.se", EmailVerified: true},
		{Subject: "elin", Name: "Elin Enhetschef", Email: "elin@bollebygd.se", EmailVerified: true, Groups: []string{"g-admin"}},
	}, &auth.ClaimMapping{
		Claim:                      "groups",
		MunicipalityAdministrators: []string{"HP-Kommunadmin"},
		Mappings: []auth.ClaimToRole{
			{Value: "HP-KFF-Medarbetare", Department: kff, Role: "Medarbetare"},
			{Value: "g-admin", Department: bollebygd, Role: "Systemförvaltare"},
		},
	})

	// Olle has logged in before, somewhere Kim cannot see him.
	login(t, a, "Olle Ordförande")

	kim := login(t, a, "Kim Kommunadmin")
	var me struct {
		Me struct {
			User                      struct{ ID string }
			MunicipalityAdministrator bool
		}
		RoleTemplate []map[string]any
	}
	a.graphql(t, kim, `{ me { user { id } municipalityAdministrator } roleTemplate { name kind aliases editsPlans administers boardMember members } }`, nil, &me)
	if !me.Me.MunicipalityAdministrator {
		t.Fatal("the claim HP-Kommunadmin did not make Kim a municipality administrator")
	}
	var created struct{ CreateDepartment struct{ ID string } }
	a.graphql(t, kim, `mutation($in: CreateDepartmentInput!) { createDepartment(input: $in) { id } }`,
		map[string]any{"in": map[string]any{
			"slug": kff, "name": "Kultur- och fritidsförvaltningen", "municipality": "Bollebygds kommun",
			"roles": me.RoleTemplate, "administratorRole": "Systemförvaltare", "administratorUserID": me.Me.User.ID,
		}}, &created)
	dept := created.CreateDepartment.ID
	// Kim administers it from her next request.
	var hers struct {
		Departments struct {
			Edges []struct {
				Node struct {
					ID    string
					Roles []struct{ ID, Name string }
				}
			}
		}
	}
	a.graphql(t, kim, `{ departments { edges { node { id roles { id name } } } } }`, nil, &hers)
	roles := map[string]string{}
	for _, e := range hers.Departments.Edges {
		if e.Node.ID != dept {
			t.Errorf("Kim sees department %s", e.Node.ID)
		}
		for _, r := range e.Node.Roles {
			roles[r.Name] = r.ID
		}
	}
	if len(roles) != 9 || roles["Förvaltningschef"] == "" || roles["Medarbetare"] == "" {
		t.Fatalf("roles = %v, want the template's nine", roles)
	}

	// Before the department maps a group in the app, the file's line for it holds.
	karin := login(t, a, "Karin Kulturchef")
	if _, held := a.rolesOf(t, karin); strings.Join(held, ",") != kff+"/Medarbetare (claim)" {
		t.Errorf("Karin before the app's mapping holds %v, want the file's Medarbetare", held)
	}

	// Kim, the new department's administrator, maps a group and adds people ahead.
	a.graphql(t, kim, `mutation($d: ID!, $r: ID!) { createGroupMapping(departmentID: $d, input: {value: "HP-KFF-Forvaltningschef", roleID: $r}) { id } }`,
		map[string]any{"d": dept, "r": roles["Förvaltningschef"]}, nil)
	var added struct {
		AddPerson struct {
			ID         string
			AddedAhead bool
		}
	}
	add := `mutation($d: ID!, $n: String!, $e: String!, $r: [ID!]!) { addPerson(departmentID: $d, person: {name: $n, email: $e}, roleIDs: $r) { id addedAhead } }`
	a.graphql(t, kim, add, map[string]any{"d": dept, "n": "Nils Nyanställd", "e": "nils@bollebygd.se", "r": []string{roles["Medarbetare"]}}, &added)
	if !added.AddPerson.AddedAhead {
		t.Error("Nils is not marked as added ahead")
	}
	a.graphql(t, kim, add, map[string]any{"d": dept, "n": "Ulla", "e": "ulla@bollebygd.se", "r": []string{roles["Medarbetare"]}}, nil)
	a.graphql(t, kim, add, map[string]any{"d": dept, "n": "Olle", "e": "olle@bollebygd.se", "r": []string{roles["Nämndsordförande"]}}, nil)

	// The next logins carry what the app says: no restart.
	karin = login(t, a, "Karin Kulturchef")
	if _, held := a.rolesOf(t, karin); strings.Join(held, ",") != kff+"/Förvaltningschef (claim)" {
		t.Errorf("Karin after the app's mapping holds %v, want Förvaltningschef only: the app's mappings replace the file's", held)
	}
	nils := login(t, a, "Nils Nyanställd")
	if id, held := a.rolesOf(t, nils); id != added.AddPerson.ID || strings.Join(held, ",") != kff+"/Medarbetare (admin)" {
		t.Errorf("Nils is user %s holding %v, want the person added ahead (%s) with Medarbetare", id, held, added.AddPerson.ID)
	}
	ulla := login(t, a, "Ulla Overifierad")
	if _, held := a.rolesOf(t, ulla); len(held) != 0 {
		t.Errorf("Ulla, whose provider did not verify her address, holds %v", held)
	}
	olle := login(t, a, "Olle Ordförande")
	if _, held := a.rolesOf(t, olle); strings.Join(held, ",") != kff+"/Nämndsordförande (admin)" {
		t.Errorf("Olle, who had logged in before, holds %v after being added ahead", held)
	}
	ctx := rule.SystemContext(context.Background(), "test")
	if n := db.Client.User.Query().Where(user.Issuer("")).CountX(ctx); n != 1 {
		t.Errorf("%d people still added ahead, want Ulla only", n)
	}

	// Elin administers Bollebygd's Socialförvaltningen: Kultur och fritid is not hers.
	elin := login(t, a, "Elin Enhetschef")
	for _, q := range []struct {
		query string
		vars  map[string]any
	}{
		{`mutation($d: ID!, $r: ID!) { createGroupMapping(departmentID: $d, input: {value: "x", roleID: $r}) { id } }`, map[string]any{"d": dept, "r": roles["Förvaltningschef"]}},
		{add, map[string]any{"d": dept, "n": "X", "e": "x@bollebygd.se", "r": []string{roles["Medarbetare"]}}},
		{`mutation($u: ID!, $r: ID!) { assignRole(userID: $u, roleID: $r) { id } }`, map[string]any{"u": added.AddPerson.ID, "r": roles["Systemförvaltare"]}},
	} {
		if errs := a.try(t, elin, q.query, q.vars, nil); len(errs) != 1 || !strings.HasPrefix(errs[0], "NOT_FOUND") {
			t.Errorf("Elin: %s = %v, want NOT_FOUND", q.query, errs)
		}
	}
	if errs := a.try(t, elin, `{ allDepartments { id } }`, nil, nil); len(errs) != 1 || !strings.HasPrefix(errs[0], "FORBIDDEN") {
		t.Errorf("Elin lists all departments: %v, want FORBIDDEN", errs)
	}
	var elinsMappings struct {
		Departments struct {
			Edges []struct {
				Node struct {
					Slug          string
					GroupMappings []struct{ Value string }
				}
			}
		}
	}
	a.graphql(t, elin, `{ departments { edges { node { slug groupMappings { value } } } } }`, nil, &elinsMappings)
	for _, e := range elinsMappings.Departments.Edges {
		if e.Node.Slug != bollebygd || len(e.Node.GroupMappings) != 0 {
			t.Errorf("Elin sees %+v", e.Node)
		}
	}
}

// Logins of the person added ahead at once (two tabs, a double click) take
// the row over once. Two accounts whose provider vouches for the same
// address race for it too: one gets the row, the other a user of its own,
// and neither takes the row from the other.
func TestConcurrentFirstLoginsTakeOverThePersonAddedAheadOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		planstest.ImportBollebygd(t, db.Client, bollebygd)
		ctx := rule.SystemContext(context.Background(), "test")
		ahead := db.Client.User.Create().SetIssuer("").SetSubject("pending:nils").SetName("Nils").SetEmail("nils@bollebygd.se").SaveX(ctx)
		medarbetare := db.Client.Role.Query().Where(role.Name("Medarbetare"), role.HasDepartmentWith(department.Slug(bollebygd))).OnlyX(ctx)
		db.Client.RoleAssignment.Create().SetUserID(ahead.ID).SetRoleID(medarbetare.ID).SetDepartmentID(medarbetare.DepartmentID).
			SetSource(roleassignment.SourceAdmin).ExecX(ctx)
		a := startApp(t, db, []devoidc.User{
			{Subject: "nils", Name: "Nils Nyanställd", Email: "nils@bollebygd.se", EmailVerified: true},
			{Subject: "nils-2", Name: "Nils Andra", Email: "nils@bollebygd.se", EmailVerified: true},
		}, nil)

		const each = 3
		names := []string{"Nils Nyanställd", "Nils Andra"}
		var wg sync.WaitGroup
		var mu sync.Mutex
		ids := map[string]map[string]bool{} // by name: the user ids their logins got
		for i := range 2 * each {
			wg.Go(func() {
				name := names[i%2]
				b := authtest.Browser(t)
				resp := authtest.LoginWithDevProvider(t, b, a.url, "/", name)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Errorf("%s: login landed %d", name, resp.StatusCode)
					return
				}
				id, _ := a.rolesOf(t, b)
				mu.Lock()
				defer mu.Unlock()
				if ids[name] == nil {
					ids[name] = map[string]bool{}
				}
				ids[name][id] = true
			})
		}
		wg.Wait()
		users := db.Client.User.Query().AllX(ctx)
		if len(users) != 2 {
			t.Fatalf("%d users after the logins of two accounts, want 2: %+v", len(users), users)
		}
		taken := db.Client.User.GetX(ctx, ahead.ID)
		if taken.Subject != "nils" && taken.Subject != "nils-2" {
			t.Errorf("the person added ahead has subject %q, want one of the logins'", taken.Subject)
		}
		for _, name := range names {
			if len(ids[name]) != 1 {
				t.Errorf("%s's logins were users %v, want one", name, ids[name])
			}
		}
		if maps.Equal(ids[names[0]], ids[names[1]]) {
			t.Errorf("both accounts are user %v", ids[names[0]])
		}
		for _, u := range users {
			n := db.Client.RoleAssignment.Query().Where(roleassignment.UserID(u.ID)).CountX(ctx)
			if (u.ID == ahead.ID) != (n == 1) {
				t.Errorf("user %d (%s) holds %d roles: only the one who took the row over holds Medarbetare", u.ID, u.Subject, n)
			}
		}
	})
}
