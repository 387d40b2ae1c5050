package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"testing"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/area"
	"github.com/handlingsplan/handlingsplan/planstore"
	"github.com/handlingsplan/handlingsplan/rule"
)

// webAppDocument is every operation the web app sends, as it sends them.
func webAppDocument(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../frontend/src/operations.graphql")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// doOperation runs one named operation of document.
func (a *api) doOperation(document, name string, vars map[string]any) []gqlError {
	a.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": document, "operationName": name, "variables": vars})
	resp, err := http.Post(a.srv.URL, "application/json", bytes.NewReader(body))
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	var r gqlResponse
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		a.t.Fatal(err)
	}
	return r.Errors
}

// TestTheWebAppsScreensCostAConstantNumberOfStatements runs the web app's
// own queries for the first screens of Mitt ansvar, Planen, Uppföljning,
// an action's page and Årshjul against the Bollebygd plan, then again after a plan ten
// times its size joins it: each costs the same number of SQL statements.
func TestTheWebAppsScreensCostAConstantNumberOfStatements(t *testing.T) {
	for _, dia := range dbtest.Dialects {
		t.Run(dia, func(t *testing.T) {
			wrap, counter := database.CountStatements()
			db := dbtest.Open(t, dia, wrap)
			small := seedBollebygd(t, db)
			a := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Enhetschef", "Förvaltningschef"))
			doc := webAppDocument(t)
			ctx := rule.SystemContext(context.Background(), "test")
			anAction := func(planID int) string {
				id := db.Client.Action.Query().Where(action.HasAreaWith(area.PlanID(planID)), action.ParentIDNotNil(), action.ScopeEQ(action.ScopeOnce)).
					Order(ent.Asc(action.FieldID)).FirstIDX(ctx)
				return fmt.Sprint(id)
			}
			type screen struct {
				operation string
				vars      func(planID int) map[string]any
			}
			screens := []screen{
				{"Me", func(int) map[string]any { return nil }},
				{"MyActions", func(int) map[string]any { return nil }},
				{"Plans", func(int) map[string]any { return nil }},
				{"PlanTree", func(p int) map[string]any { return map[string]any{"id": fmt.Sprint(p)} }},
				{"PlanStatus", func(p int) map[string]any { return map[string]any{"id": fmt.Sprint(p)} }},
				{"ActionPage", func(p int) map[string]any { return map[string]any{"id": anAction(p)} }},
				{"YearWheel", func(int) map[string]any {
					return map[string]any{"department": fmt.Sprint(small.DepartmentID), "year": 2024}
				}},
				{"CalendarFeeds", func(int) map[string]any { return nil }},
			}
			cost := func(s screen, planID int) int64 {
				vars := s.vars(planID)
				counter.Reset()
				if errs := a.doOperation(doc, s.operation, vars); len(errs) > 0 {
					t.Fatalf("%s: %+v", s.operation, errs)
				}
				return counter.Count()
			}
			before := map[string]int64{}
			for _, s := range screens {
				before[s.operation] = cost(s, small.PlanID)
			}
			big, err := planstore.Import(ctx, db.Client, bigPlan(t, 80, 12))
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range screens {
				after := cost(s, big.PlanID)
				if after != before[s.operation] {
					t.Errorf("%s costs %d statements with the Bollebygd plan and %d with a plan of 80 areas besides", s.operation, before[s.operation], after)
				}
				t.Logf("%s: %d statements", s.operation, after)
			}
		})
	}
}
