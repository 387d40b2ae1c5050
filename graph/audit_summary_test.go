package graph_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/area"
	"github.com/handlingsplan/handlingsplan/ent/role"
	"github.com/handlingsplan/handlingsplan/evidence"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// auditWorld is Bollebygd with Sara who administers, Frida who edits the
// plan and Elin who manages a unit, by name, and the actions numbered as
// the plan numbers them.
type auditWorld struct {
	db                 *database.DB
	dept               int
	sara, frida, elin  *viewer.Viewer
	saraAPI, fridaAPI  *api
	action11, action31 *ent.Action
	ledamot            int
	files              string // the evidence routes' address
}

func newAuditWorld(t *testing.T, db *database.DB) *auditWorld {
	t.Helper()
	ctx := rule.SystemContext(context.Background(), "test")
	res := seedBollebygd(t, db)
	named := func(v *viewer.Viewer, name string) *viewer.Viewer {
		db.Client.User.UpdateOneID(v.UserID).SetName(name).ExecX(ctx)
		v.Name = name
		return v
	}
	w := &auditWorld{db: db, dept: res.DepartmentID,
		sara:  named(authtest.User(t, db.Client, bollebygd, "Systemförvaltare"), "Sara Systemförvaltare"),
		frida: named(authtest.User(t, db.Client, bollebygd, "Förvaltningschef"), "Frida Förvaltningschef"),
		elin:  named(authtest.User(t, db.Client, bollebygd, "Enhetschef"), "Elin Enhetschef"),
	}
	w.saraAPI, w.fridaAPI = newAPI(t, db, w.sara), newAPI(t, db, w.frida)
	areas := db.Client.Area.Query().Where(area.PlanID(res.PlanID)).Order(ent.Asc(area.FieldPosition)).AllX(ctx)
	w.action11 = db.Client.Action.Query().Where(action.AreaID(areas[0].ID), action.Number(1)).OnlyX(ctx)
	w.action31 = db.Client.Action.Query().Where(action.AreaID(areas[2].ID), action.Number(1)).OnlyX(ctx)
	w.ledamot = db.Client.Role.Query().Where(role.DepartmentID(res.DepartmentID), role.Name("Ledamot")).OnlyIDX(ctx)

	mux := http.NewServeMux()
	evidence.Routes(mux, db.Client, slog.New(slog.DiscardHandler), evidence.Limits{}, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			h.ServeHTTP(rw, r.WithContext(viewer.NewContext(r.Context(), w.elin)))
		})
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	w.files = srv.URL
	return w
}

// download has Elin download a file she signed action 1.1 off with.
func (w *auditWorld) download(t *testing.T, name string) {
	t.Helper()
	ctx := rule.SystemContext(context.Background(), "test")
	file := w.db.Client.Evidence.Create().SetDepartmentID(w.dept).SetName(name).SetContentType("application/pdf").
		SetSize(4).SetSha256("00").SetContent([]byte("%PDF")).SetUploaderID(w.elin.UserID).SaveX(ctx)
	w.db.Client.SignOff.Create().SetActionID(w.action11.ID).SetDepartmentID(w.dept).SetSlot(fmt.Sprint("occasion-", file.ID)).
		SetDoneOn("2024-10-01").SetSignerID(w.elin.UserID).SetEvidenceID(file.ID).SetIdempotencyKey(fmt.Sprint("k-", file.ID)).ExecX(ctx)
	resp, err := http.Get(fmt.Sprintf("%s/evidence/%d", w.files, file.ID))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("download = %d", resp.StatusCode)
	}
}

// log is the audit log's summaries, newest first, as Sara reads them.
func (w *auditWorld) log(first int) []string {
	var out struct {
		AuditLog struct {
			Edges []struct{ Node struct{ Summary string } }
		}
	}
	// The test's own sign-offs (made by the system, for the downloads) are left out.
	w.saraAPI.mustDo(`query($first: Int!) { auditLog(first: $first, where: {entityTypeNEQ: "SignOff"}) { edges { node { summary } } } }`, map[string]any{"first": first}, &out)
	var said []string
	for _, e := range out.AuditLog.Edges {
		said = append(said, e.Node.Summary)
	}
	return said
}

func TestTheAuditLogSaysWhatHappenedWithNamesAndTitles(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newAuditWorld(t, db)
		w.saraAPI.mustDo(`mutation($u: ID!, $r: ID!) { assignRole(userID: $u, roleID: $r) { id } }`,
			map[string]any{"u": w.elin.UserID, "r": w.ledamot}, nil)
		w.fridaAPI.mustDo(`mutation($id: ID!) { updateAction(id: $id, input: {text: "Två workshops per termin med medarbetare."}) { id } }`,
			map[string]any{"id": w.action31.ID}, nil)
		w.download(t, "protokoll-apt.pdf")

		said := w.log(4)
		want := []string{
			"Elin Enhetschef laddade ner underlaget ”protokoll-apt.pdf” till åtgärd 1.1 ”Verksamheterna besöker nämnden och presenterar…”",
			// The plan is adopted: the change is kept as a revision.
			"Frida Förvaltningschef ändrade planen ”Handlingsplan tillitsfull dialog Socialförvaltning”: revideringarna",
			"Frida Förvaltningschef ändrade åtgärd 3.1 ”Två workshops per termin med medarbetare.”: texten till ”Två workshops per termin med medarbetare.”",
			"Sara Systemförvaltare gav Elin Enhetschef rollen Ledamot",
		}
		if !slices.Equal(said, want) {
			t.Errorf("the log says\n%s\nwant\n%s", strings.Join(said, "\n"), strings.Join(want, "\n"))
		}
		for _, s := range said {
			for _, raw := range []string{"_id", "RoleAssignment", "Evidence", "update", fmt.Sprint(w.action31.ID)} {
				if strings.Contains(s, raw) {
					t.Errorf("%q shows %q, a field or an id", s, raw)
				}
			}
		}

		// Taking the role back, and a change of who answers for an action.
		var assignment struct{ AssignRole struct{ ID string } }
		w.saraAPI.mustDo(`mutation($u: ID!, $r: ID!) { assignRole(userID: $u, roleID: $r) { id } }`,
			map[string]any{"u": w.frida.UserID, "r": w.ledamot}, &assignment)
		w.saraAPI.mustDo(`mutation($id: ID!) { unassignRole(id: $id) }`, map[string]any{"id": assignment.AssignRole.ID}, nil)
		w.fridaAPI.mustDo(`mutation($id: ID!, $r: ID!) { updateAction(id: $id, input: {responsibleID: $r, deadlineKind: month, dueMonth: "2025-12"}) { id } }`,
			map[string]any{"id": w.action31.ID, "r": w.ledamot}, nil)
		said = w.log(3)
		want = []string{
			"Frida Förvaltningschef ändrade planen ”Handlingsplan tillitsfull dialog Socialförvaltning”: revideringarna",
			"Frida Förvaltningschef ändrade åtgärd 3.1 ”Två workshops per termin med medarbetare.”: klart när till december 2025 och ansvarig till Ledamot",
			"Sara Systemförvaltare tog rollen Ledamot från Frida Förvaltningschef",
		}
		if !slices.Equal(said, want) {
			t.Errorf("the log says\n%s\nwant\n%s", strings.Join(said, "\n"), strings.Join(want, "\n"))
		}
	})
}

func TestAPageOfTheAuditLogCostsAConstantNumberOfStatements(t *testing.T) {
	wrap, counter := database.CountStatements()
	db := dbtest.Open(t, dbtest.Dialects[0], wrap)
	w := newAuditWorld(t, db)
	for i := range 20 {
		member := authtest.User(t, db.Client, bollebygd, "Medarbetare")
		w.saraAPI.mustDo(`mutation($u: ID!, $r: ID!) { assignRole(userID: $u, roleID: $r) { id } }`,
			map[string]any{"u": member.UserID, "r": w.ledamot}, nil)
		w.fridaAPI.mustDo(`mutation($id: ID!, $text: String!) { updateAction(id: $id, input: {text: $text}) { id } }`,
			map[string]any{"id": w.action31.ID, "text": fmt.Sprintf("Workshop nummer %d.", i)}, nil)
		w.download(t, fmt.Sprintf("protokoll-%d.pdf", i))
	}
	cost := func(first int) (int64, []string) {
		counter.Reset()
		said := w.log(first)
		return counter.Count(), said
	}
	small, few := cost(6)
	large, many := cost(60)
	if len(few) != 6 || len(many) != 60 || slices.Contains(many, "") {
		t.Fatalf("pages of %d and %d sentences, some empty", len(few), len(many))
	}
	if small != large {
		t.Errorf("a page of 6 records costs %d statements, of 60 %d; want the same", small, large)
	}
	t.Logf("a page of the audit log with its sentences: %d statements", large)
}
