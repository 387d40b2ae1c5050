package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/area"
	"github.com/handlingsplan/handlingsplan/graph"
	"github.com/handlingsplan/handlingsplan/planfile"
	"github.com/handlingsplan/handlingsplan/plans"
	"github.com/handlingsplan/handlingsplan/plans/planstest"
	"github.com/handlingsplan/handlingsplan/planstore"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// api serves the real GraphQL handler over a database.
type api struct {
	t   *testing.T
	srv *httptest.Server
	log *bytes.Buffer
}

// newAPI serves the API to the viewer v, as the login middleware would.
func newAPI(t *testing.T, db *database.DB, v *viewer.Viewer, opts ...graph.Option) *api {
	t.Helper()
	logs := &bytes.Buffer{}
	logger := slog.New(slog.NewJSONHandler(logs, nil))
	h := graph.NewHandler(db.Client, logger, graph.DefaultLimits, false, opts...)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if v != nil {
			r = r.WithContext(viewer.NewContext(r.Context(), v))
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return &api{t: t, srv: srv, log: logs}
}

type gqlError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

// detail is an error's English detail, beside its Swedish message.
func (e gqlError) detail() string {
	s, _ := e.Extensions["detail"].(string)
	return s
}

type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
}

// do posts a query and decodes data into out (when not nil). It returns the
// GraphQL errors.
func (a *api) do(query string, vars map[string]any, out any) []gqlError {
	a.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, a.srv.URL, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var r gqlResponse
	if err := json.Unmarshal(raw, &r); err != nil {
		a.t.Fatalf("decode %s: %v", raw, err)
	}
	if out != nil && len(r.Data) > 0 && string(r.Data) != "null" {
		if err := json.Unmarshal(r.Data, out); err != nil {
			a.t.Fatalf("decode data %s: %v", r.Data, err)
		}
	}
	return r.Errors
}

// mustDo is do for queries that must succeed.
func (a *api) mustDo(query string, vars map[string]any, out any) {
	a.t.Helper()
	if errs := a.do(query, vars, out); len(errs) > 0 {
		a.t.Fatalf("unexpected errors: %+v", errs)
	}
}

// seedBollebygd imports the shipped Bollebygd plan. The Enhetschef duties
// the sign-off tests use (reportBackAtAPT, raiseMinutes, unitRoutines) are made
// duties done once there: those tests are about one sign-off of a slot,
// and shared duties have their own (shared_test.go).
func seedBollebygd(t *testing.T, db *database.DB) planstore.Result {
	t.Helper()
	res := planstest.ImportBollebygd(t, db.Client, bollebygd)
	ctx := rule.SystemContext(context.Background(), "test")
	for _, prefix := range []string{reportBackAtAPT, raiseMinutes, unitRoutines} {
		a := db.Client.Action.Query().Where(action.TextHasPrefix(prefix)).OnlyX(ctx)
		db.Client.Action.UpdateOne(a).SetScope(action.ScopeOnce).ExecX(ctx)
	}
	return res
}

const bollebygd = "bollebygd-socialforvaltningen"

const planTreeQuery = `query PlanTree($id: ID!) {
  plan(id: $id) {
    id title registryNumber date adoptedBy adoptedAt adoptedParagraph status
    owner { name } approvedBy { name }
    revisions { date note }
    background completedActivities
    department { name municipality slug }
    areas {
      id position title purpose note
      actions {
        id number position text deadlineKind dueMonth responsible { name kind }
        subActions { id number position text deadlineKind dueMonth responsible { name kind } }
      }
    }
  }
}`

type roleRef struct{ Name, Kind string }

type treeAction struct {
	ID           string
	Number       *int
	Position     int
	Text         string
	DeadlineKind string
	DueMonth     *string
	Responsible  roleRef
	SubActions   []treeAction
}

type planTree struct {
	Plan *struct {
		ID, Title, RegistryNumber, Date, AdoptedBy, AdoptedAt, AdoptedParagraph, Status string
		Owner, ApprovedBy                                                               roleRef
		Revisions                                                                       []struct{ Date, Note string }
		Background                                                                      string
		CompletedActivities                                                             []string
		Department                                                                      struct{ Name, Municipality, Slug string }
		Areas                                                                           []struct {
			ID                   string
			Position             int
			Title, Purpose, Note string
			Actions              []treeAction
		}
	}
}

func TestPlanTreeHoldsTheWholeBollebygdPlan(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		seeded := seedBollebygd(t, db)
		var got planTree
		newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Medarbetare")).mustDo(planTreeQuery, map[string]any{"id": seeded.PlanID}, &got)
		p := got.Plan
		if p == nil {
			t.Fatal("plan not found")
		}

		header := map[string][2]string{
			"title":            {p.Title, "Handlingsplan tillitsfull dialog Socialförvaltning"},
			"registryNumber":   {p.RegistryNumber, "SN2024/10"},
			"date":             {p.Date, "2024-01-24"},
			"adoptedBy":        {p.AdoptedBy, "Socialnämnden"},
			"adoptedAt":        {p.AdoptedAt, "2024-02-20"},
			"adoptedParagraph": {p.AdoptedParagraph, "§ xx"},
			"approvedBy":       {p.ApprovedBy.Name, "Förvaltningschef"},
			"owner":            {p.Owner.Name, "Förvaltningschef"},
			"status":           {p.Status, "adopted"},
			"department":       {p.Department.Name, "Socialförvaltningen"},
			"municipality":     {p.Department.Municipality, "Bollebygds kommun"},
		}
		for field, v := range header {
			if v[0] != v[1] {
				t.Errorf("%s = %q, want %q", field, v[0], v[1])
			}
		}
		if len(p.Revisions) != 0 {
			t.Errorf("revisions = %v, want none (Reviderad is empty)", p.Revisions)
		}
		if !strings.HasPrefix(p.Background, "Bollebygds kommun som arbetsgivare vill arbeta för en hållbar organisation.") ||
			!strings.Contains(p.Background, "Ett steg på vägen till en hållbar organisation är att öka tilliten i organisationen.") {
			t.Errorf("background is not the plan's: %.120q", p.Background)
		}
		if len(p.CompletedActivities) != 8 || !strings.HasPrefix(p.CompletedActivities[0], "Enkät genomfördes under våren 2022") {
			t.Errorf("completed activities = %d, first %.40q; want the plan's 8", len(p.CompletedActivities), first(p.CompletedActivities))
		}

		if len(p.Areas) != 8 {
			t.Fatalf("areas = %d, want 8", len(p.Areas))
		}
		var actions, subActions int
		for i, a := range p.Areas {
			if a.Position != i+1 {
				t.Errorf("area %d has position %d: areas are not in the plan's order", i+1, a.Position)
			}
			for j, act := range a.Actions {
				actions++
				if act.Number == nil || *act.Number != j+1 {
					t.Errorf("area %d action %d has number %v", i+1, j+1, act.Number)
				}
				checkDeadline(t, act)
				for k, sub := range act.SubActions {
					subActions++
					if sub.Number != nil || sub.Position != k+1 {
						t.Errorf("sub-action %d of area %d action %d: number %v position %d", k+1, i+1, j+1, sub.Number, sub.Position)
					}
					checkDeadline(t, sub)
				}
			}
		}
		if actions != 14 || subActions != 13 {
			t.Errorf("actions/sub-actions = %d/%d, want 14/13", actions, subActions)
		}

		first := p.Areas[0]
		if first.Title != "Skapa ett närmare band mellan politik och verksamhet." ||
			first.Purpose != "Syftar till att öka kunskap och förståelse för varandras olika uppdrag och ansvar." {
			t.Errorf("area 1 = %q / %q", first.Title, first.Purpose)
		}
		if got := p.Areas[4].Note; got != "Idag har några enheter egna plattformar medan andra har inget alls." {
			t.Errorf("area 5 note = %q", got)
		}
		a1 := first.Actions[0]
		if a1.Responsible.Name != "Förvaltningschef" || a1.DeadlineKind != "month" || *a1.DueMonth != "2024-12" {
			t.Errorf("area 1 action 1 = %s %s %v", a1.Responsible.Name, a1.DeadlineKind, a1.DueMonth)
		}
		if sub := first.Actions[0].SubActions[0]; sub.Responsible.Name != "Enhetschef" ||
			!strings.HasPrefix(sub.Text, "Verksamheterna återrapporterar på nästkommande APT") {
			t.Errorf("area 1 action 1 sub-action = %s %q", sub.Responsible.Name, sub.Text)
		}
		if sub := p.Areas[1].Actions[0].SubActions[0]; sub.DeadlineKind != "when_needed" || sub.Responsible.Name != "Förvaltningschef" {
			t.Errorf("area 2 sub-action = %s %s, want when_needed Förvaltningschef", sub.DeadlineKind, sub.Responsible.Name)
		}
		if act := p.Areas[7].Actions[1]; act.Responsible.Name != "Chefer" || act.Responsible.Kind != "group" {
			t.Errorf("area 8 action 2 responsible = %+v, want the group Chefer", act.Responsible)
		}
	})
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

func checkDeadline(t *testing.T, a treeAction) {
	t.Helper()
	if (a.DeadlineKind == "month") != (a.DueMonth != nil) {
		t.Errorf("action %q: deadline %s with dueMonth %v", a.Text, a.DeadlineKind, a.DueMonth)
	}
	if a.Responsible.Name == "" {
		t.Errorf("action %q has no responsible role", a.Text)
	}
}

// TestPlanTreeCostsAConstantNumberOfStatements proves there is no N+1: the
// whole tree takes the same number of SQL statements for the 8-area plan as
// for a plan ten times its size.
func TestPlanTreeCostsAConstantNumberOfStatements(t *testing.T) {
	for _, dia := range dbtest.Dialects {
		t.Run(dia, func(t *testing.T) {
			wrap, counter := database.CountStatements()
			db := dbtest.Open(t, dia, wrap)
			small := seedBollebygd(t, db)
			big, err := planstore.Import(rule.SystemContext(context.Background(), "test"), db.Client, bigPlan(t, 80, 12))
			if err != nil {
				t.Fatal(err)
			}
			a := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Enhetschef"))
			cost := func(id int) int64 {
				counter.Reset()
				var tree planTree
				a.mustDo(planTreeQuery, map[string]any{"id": id}, &tree)
				return counter.Count()
			}
			smallCost, bigCost := cost(small.PlanID), cost(big.PlanID)
			if smallCost != bigCost {
				t.Errorf("plan tree costs %d statements for 8 areas but %d for 80 areas", smallCost, bigCost)
			}
			// plan, department, owner, approver, areas, actions, sub-actions,
			// and the responsible roles of each action level.
			if smallCost > 10 {
				t.Errorf("plan tree costs %d statements, want at most 10", smallCost)
			}
			t.Logf("plan tree: %d statements", smallCost)
		})
	}
}

func TestPlanTreeLoadsEachActionOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		seeded := seedBollebygd(t, db)
		ctx := rule.SystemContext(context.Background(), "test")
		inPlan := db.Client.Action.Query().Where(action.HasAreaWith(area.PlanID(seeded.PlanID))).CountX(ctx)
		subs := db.Client.Action.Query().Where(action.HasAreaWith(area.PlanID(seeded.PlanID)), action.ParentIDNotNil()).CountX(ctx)
		var loaded atomic.Int64
		db.Client.Action.Intercept(ent.InterceptFunc(func(next ent.Querier) ent.Querier {
			return ent.QuerierFunc(func(ctx context.Context, q ent.Query) (ent.Value, error) {
				v, err := next.Query(ctx, q)
				if as, ok := v.([]*ent.Action); ok {
					loaded.Add(int64(len(as)))
				}
				return v, err
			})
		}))
		var tree planTree
		newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Enhetschef")).
			mustDo(planTreeQuery, map[string]any{"id": seeded.PlanID}, &tree)
		if subs == 0 {
			t.Fatal("the plan has no sub-actions; the test shows nothing")
		}
		if n := loaded.Load(); n != int64(inPlan) {
			t.Errorf("the plan tree loaded %d action rows, want each of the plan's %d (%d sub-actions) once", n, inPlan, subs)
		}
	})
}

// bigPlan is the Bollebygd plan with its areas repeated to n areas of m
// actions, each with a sub-action, under another registry number.
func bigPlan(t *testing.T, areas, actionsPerArea int) *planfile.File {
	t.Helper()
	data, _ := plans.FS.ReadFile(plans.BollebygdFile)
	f, err := planfile.ParseYAML(data)
	if err != nil {
		t.Fatal(err)
	}
	f.Plan.RegistryNumber = "SN2099/1"
	f.Plan.Areas = nil
	for i := range areas {
		area := planfile.Area{Title: fmt.Sprintf("Område %d.", i+1)}
		for j := range actionsPerArea {
			area.Actions = append(area.Actions, planfile.Action{
				Number: j + 1, Text: fmt.Sprintf("Åtgärd %d.%d", i+1, j+1), Responsible: "Enhetschef",
				Deadline: planfile.Deadline{Kind: planfile.DeadlineContinuous}, Scope: planfile.ScopeOnce,
				SubActions: []planfile.Action{{Text: "Underaktivitet", Responsible: "Medarbetare",
					Deadline: planfile.Deadline{Kind: planfile.DeadlineMonth, Month: "2025-06"}, Scope: planfile.ScopeOnce}},
			})
		}
		f.Plan.Areas = append(f.Plan.Areas, area)
	}
	return f
}
