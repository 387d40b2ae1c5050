package graph_test

// Moving areas, actions and sub-actions (moveArea, moveAction): the plan's
// order, its numbers, its revisions, who may, and moves at once.

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/area"
	"github.com/handlingsplan/handlingsplan/ent/auditrecord"
	"github.com/handlingsplan/handlingsplan/ent/role"
	"github.com/handlingsplan/handlingsplan/lifecycle"
)

const (
	moveArea   = `mutation($id: ID!, $p: Int!) { moveArea(id: $id, position: $p) { id areas { id position title } } }`
	moveAction = `mutation($id: ID!, $p: Int!) { moveAction(id: $id, position: $p) {
		id actions { id number position text subActions { id position text } } } }`
)

type movedAreas struct {
	MoveArea struct {
		Areas []struct {
			ID       string
			Position int
			Title    string
		}
	}
}

type orderAction struct {
	ID         string
	Number     *int
	Position   int
	Text       string
	SubActions []struct {
		ID       string
		Position int
		Text     string
	}
}

type movedActions struct {
	MoveAction struct{ Actions []orderAction }
}

// areasInOrder returns the plan's areas by position, as the API orders them.
func areasInOrder(t *testing.T, db *database.DB, planID int) []int {
	t.Helper()
	return db.Client.Area.Query().Where(area.PlanID(planID)).Order(area.ByPosition(), area.ByID()).IDsX(sys())
}

func TestMovingAreasActionsAndSubActions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		res := seedBollebygd(t, db)
		editor := authtest.User(t, db.Client, bollebygd, "Utvecklingschef")
		a := newAPI(t, db, editor)
		areas := areasInOrder(t, db, res.PlanID)
		titles := map[int]string{}
		for _, id := range areas {
			titles[id] = db.Client.Area.GetX(sys(), id).Title
		}

		// Area 3 to the top: the others keep their order, positions 1 … 8.
		var ma movedAreas
		a.mustDo(moveArea, map[string]any{"id": areas[2], "p": 1}, &ma)
		want := append([]int{areas[2], areas[0], areas[1]}, areas[3:]...)
		for i, got := range ma.MoveArea.Areas {
			if got.ID != strconv.Itoa(want[i]) || got.Position != i+1 {
				t.Errorf("area %d after the move = %s at %d, want %d at %d", i+1, got.ID, got.Position, want[i], i+1)
			}
		}

		// Its action 3 (now 1.3) to the top: renumbered 1, 2, 3 in order.
		acts := db.Client.Action.Query().Where(action.AreaID(areas[2]), action.ParentIDIsNil()).Order(action.ByPosition()).AllX(sys())
		var mv movedActions
		a.mustDo(moveAction, map[string]any{"id": acts[2].ID, "p": 1}, &mv)
		var got []string
		for _, x := range mv.MoveAction.Actions {
			got = append(got, fmt.Sprintf("%s #%d @%d", x.ID, *x.Number, x.Position))
		}
		wantActs := []string{fmt.Sprintf("%d #1 @1", acts[2].ID), fmt.Sprintf("%d #2 @2", acts[0].ID), fmt.Sprintf("%d #3 @3", acts[1].ID)}
		if !slices.Equal(got, wantActs) {
			t.Errorf("the area's actions = %q, want %q", got, wantActs)
		}

		// The second sub-action of 4.1 up to the first.
		a41 := db.Client.Action.Query().Where(action.AreaID(areas[3]), action.Number(1)).OnlyX(sys())
		subs := a41.QuerySubActions().Order(action.ByPosition()).AllX(sys())
		a.mustDo(moveAction, map[string]any{"id": subs[1].ID, "p": 1}, &mv)
		var subOrder []string
		for _, s := range mv.MoveAction.Actions[0].SubActions {
			subOrder = append(subOrder, fmt.Sprintf("%s @%d", s.ID, s.Position))
		}
		if want := []string{fmt.Sprintf("%d @1", subs[1].ID), fmt.Sprintf("%d @2", subs[0].ID)}; !slices.Equal(subOrder, want) {
			t.Errorf("4.1's sub-actions = %q, want %q", subOrder, want)
		}

		// Where it already is: nothing changes, nothing is refused.
		a.mustDo(moveAction, map[string]any{"id": acts[2].ID, "p": 1}, &mv)

		// Outside 1 … n: refused in Swedish, at the field.
		for _, p := range []int{0, 4, -1} {
			errs := a.do(moveAction, map[string]any{"id": acts[0].ID, "p": p}, nil)
			if code(errs) != "BAD_USER_INPUT" || errs[0].Extensions["field"] != "position" ||
				errs[0].Message != "Välj en plats från 1 till 3: området har 3 åtgärder." {
				t.Errorf("position %d: %+v, want BAD_USER_INPUT on position in Swedish", p, errs)
			}
		}
		errs := a.do(moveArea, map[string]any{"id": areas[0], "p": 9}, nil)
		if code(errs) != "BAD_USER_INPUT" || errs[0].Message != "Välj en plats från 1 till 8: planen har 8 områden." {
			t.Errorf("area to 9: %+v", errs)
		}
		only := db.Client.Action.Query().Where(action.AreaID(areas[1]), action.Number(1)).OnlyX(sys())
		if errs := a.do(moveAction, map[string]any{"id": only.ID, "p": 2}, nil); code(errs) != "BAD_USER_INPUT" ||
			errs[0].Message != "Området har bara en åtgärd; den kan inte flyttas." {
			t.Errorf("the only action to 2: %+v", errs)
		}

		// The adopted plan's revision of the day says each move once: not
		// the actions the moved one passed, nor their new numbers.
		var h headResult
		a.mustDo(planHead, map[string]any{"id": res.PlanID}, &h)
		last := h.Plan.Revisions[len(h.Plan.Revisions)-1]
		if last.Date != lifecycle.Today(time.Now()) {
			t.Fatalf("the last revision is of %s, want today", last.Date)
		}
		var labels []string
		for _, c := range last.Changes {
			labels = append(labels, c.Label)
		}
		wantLabels := []string{
			"Område flyttat från plats 3 till 1: " + titles[areas[2]],
			"Åtgärd flyttad från 1.3 till 1.1: " + acts[2].Text,
			"Underaktivitet till åtgärd 4.1 flyttad från plats 2 till 1: " + subs[1].Text,
		}
		if !slices.Equal(labels, wantLabels) {
			t.Errorf("the revision says\n%q\nwant\n%q", labels, wantLabels)
		}

		// Audited as the editor's changes.
		n := db.Client.AuditRecord.Query().Where(auditrecord.EntityType("Action"), auditrecord.EntityID(acts[2].ID),
			auditrecord.OperationEQ(auditrecord.OperationUpdate), auditrecord.ActorID(editor.UserID)).CountX(sys())
		if n == 0 {
			t.Error("the moved action's change has no audit record of the editor")
		}
		if n := db.Client.AuditRecord.Query().Where(auditrecord.EntityType("Area"), auditrecord.EntityID(areas[2]),
			auditrecord.ActorID(editor.UserID)).CountX(sys()); n != 1 {
			t.Errorf("%d audit records of the moved area, want 1", n)
		}
	})
}

func TestMovesAreAuthorisedAsEdits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newDraftWorld(t, db)
		planID, _ := strconv.Atoi(w.adopted)
		areas := areasInOrder(t, db, planID)
		owner := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Förvaltningschef"))

		// Who may not edit is refused, even a move to where it is.
		for _, p := range []int{1, 2} {
			if got := code(w.staff.do(moveArea, map[string]any{"id": areas[0], "p": p}, nil)); got != "FORBIDDEN" {
				t.Errorf("Medarbetare moving area 1 to %d: %s, want FORBIDDEN", p, got)
			}
			if got := code(w.chef.do(moveAction, map[string]any{"id": db.Client.Action.Query().Where(action.AreaID(areas[0]), action.Number(1)).OnlyIDX(sys()), "p": p}, nil)); got != "FORBIDDEN" {
				t.Errorf("Enhetschef moving action 1.1 to %d: %s, want FORBIDDEN", p, got)
			}
		}
		// The plan owner's role may (Förvaltningschef edits plans, too).
		owner.mustDo(moveArea, map[string]any{"id": areas[0], "p": 2}, nil)

		// A draft moves without revisions.
		var ar struct{ CreateArea struct{ ID string } }
		w.editor.mustDo(`mutation($p: ID!) { createArea(input: {planID: $p, position: 2, title: "Andra området."}) { id } }`, map[string]any{"p": w.draft}, &ar)
		w.editor.mustDo(moveArea, map[string]any{"id": ar.CreateArea.ID, "p": 1}, nil)
		var h headResult
		w.editor.mustDo(planHead, map[string]any{"id": w.draft}, &h)
		if len(h.Plan.Revisions) != 0 {
			t.Errorf("a draft has revisions after a move: %+v", h.Plan.Revisions)
		}

		// An archived plan is read-only, a move to where it is as well.
		w.editor.mustDo(archivePlan, map[string]any{"id": w.draft}, nil)
		for name, c := range map[string][2]any{
			"moveArea to 2":   {moveArea, map[string]any{"id": ar.CreateArea.ID, "p": 2}},
			"moveArea to 1":   {moveArea, map[string]any{"id": ar.CreateArea.ID, "p": 1}},
			"moveAction to 1": {moveAction, map[string]any{"id": w.actID, "p": 1}},
		} {
			if got := code(w.editor.do(c[0].(string), c[1].(map[string]any), nil)); got != "CONFLICT" {
				t.Errorf("%s in an archived plan: %s, want CONFLICT", name, got)
			}
		}
		if got := areasInOrder(t, db, atoi(t, w.draft)); got[0] != atoi(t, ar.CreateArea.ID) {
			t.Errorf("the archived plan's order changed: %v", got)
		}
	})
}

// Moves in one plan at once, of areas and of actions: each waits for the
// one before, so every answer is a success and the order stays a
// permutation, positions and numbers 1 … n without a gap or a duplicate.
func TestConcurrentMovesKeepTheOrderAPermutation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		res := seedBollebygd(t, db)
		editor := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Utvecklingschef"))
		areas := areasInOrder(t, db, res.PlanID)
		roleID := db.Client.Role.Query().Where(role.DepartmentID(res.DepartmentID), role.Name("Medarbetare")).OnlyIDX(sys())
		for i := 4; i <= 8; i++ {
			editor.mustDo(`mutation($a: ID!, $r: ID!, $n: Int!, $t: String!) { createAction(input: {areaID: $a, number: $n, position: $n, text: $t, responsibleID: $r, deadlineKind: continuous}) { id } }`,
				map[string]any{"a": areas[2], "r": roleID, "n": i, "t": fmt.Sprint("Åtgärd ", i, ".")}, nil)
		}
		acts := db.Client.Action.Query().Where(action.AreaID(areas[2]), action.ParentIDIsNil()).IDsX(sys())
		if len(acts) != 8 {
			t.Fatalf("%d actions in area 3, want 8", len(acts))
		}
		const n = 24
		codes := atOnce(n, func(i int) []gqlError {
			if i%2 == 0 {
				return editor.do(moveAction, map[string]any{"id": acts[i%len(acts)], "p": (i*5)%len(acts) + 1}, nil)
			}
			return editor.do(moveArea, map[string]any{"id": areas[i%len(areas)], "p": (i*3)%len(areas) + 1}, nil)
		})
		wantTally(t, codes, map[string]int{"ok": n})

		positions := func(ps []int) {
			t.Helper()
			slices.Sort(ps)
			for i, p := range ps {
				if p != i+1 {
					t.Errorf("positions %v, want 1 … %d", ps, len(ps))
					return
				}
			}
		}
		var areaPos []int
		for _, a := range db.Client.Area.Query().Where(area.PlanID(res.PlanID)).AllX(sys()) {
			areaPos = append(areaPos, a.Position)
		}
		positions(areaPos)
		var actPos []int
		for _, a := range db.Client.Action.Query().Where(action.AreaID(areas[2]), action.ParentIDIsNil()).AllX(sys()) {
			actPos = append(actPos, a.Position)
			if a.Number == nil || *a.Number != a.Position {
				t.Errorf("action %d is number %v at position %d; numbers follow the order", a.ID, a.Number, a.Position)
			}
		}
		positions(actPos)

		// Each move that moved something is in the day's revision, none lost.
		var h headResult
		editor.mustDo(planHead, map[string]any{"id": res.PlanID}, &h)
		last := h.Plan.Revisions[len(h.Plan.Revisions)-1]
		moves := 0
		for _, c := range last.Changes {
			if c.Kind == "moved" {
				moves++
			} else if c.Kind != "added" {
				t.Errorf("a move recorded as %s: %s", c.Kind, c.Label)
			}
			if !strings.Contains(c.Label, "flytta") && c.Kind == "moved" {
				t.Errorf("label %q", c.Label)
			}
		}
		if moves == 0 || moves > n {
			t.Errorf("%d moves in the revision, want 1 to %d", moves, n)
		}
	})
}

// Numbers with gaps (a plan file's own, or a deletion's) are closed by
// the next move: the area's actions are 1, 2, 3 in their order.
func TestAMoveNumbersTheAreasActionsInOrder(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		res := seedBollebygd(t, db)
		a := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Utvecklingschef"))
		areaID := areasInOrder(t, db, res.PlanID)[2]
		acts := db.Client.Action.Query().Where(action.AreaID(areaID), action.ParentIDIsNil()).Order(action.ByPosition()).IDsX(sys())
		for i, n := range []int{9, 5, 2} { // 1.3 → 9, 1.2 → 5, 1.1 → 2
			a.mustDo(`mutation($id: ID!, $n: Int!) { updateAction(id: $id, input: {number: $n}) { id } }`,
				map[string]any{"id": acts[2-i], "n": n}, nil)
		}
		var mv movedActions
		a.mustDo(moveAction, map[string]any{"id": acts[2], "p": 2}, &mv)
		var got []string
		for _, x := range mv.MoveAction.Actions {
			got = append(got, fmt.Sprintf("%s #%d @%d", x.ID, *x.Number, x.Position))
		}
		want := []string{fmt.Sprintf("%d #1 @1", acts[0]), fmt.Sprintf("%d #2 @2", acts[2]), fmt.Sprintf("%d #3 @3", acts[1])}
		if !slices.Equal(got, want) {
			t.Errorf("after the move: %q, want %q", got, want)
		}
	})
}
