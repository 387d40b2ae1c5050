package graph_test

// The plan's lifecycle through the API: a draft is its editors' alone, an
// adopted plan is followed up and its changes kept as revisions, an
// archived plan is read-only and out of the lists.

import (
	"context"
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
	"github.com/handlingsplan/handlingsplan/progress"
	"github.com/handlingsplan/handlingsplan/rule"
)

const (
	adoptPlan   = `mutation($id: ID!, $at: Date!) { adoptPlan(id: $id, adoptedBy: "Socialnämnden", adoptedAt: $at, paragraph: "§ 12") { status statusLabel adoptedBy adoptedAt adoptedParagraph } }`
	archivePlan = `mutation($id: ID!) { archivePlan(id: $id) { status statusLabel } }`
	reopenPlan  = `mutation($id: ID!) { reopenPlan(id: $id) { status } }`
	signAction  = `mutation($a: ID!, $k: String!) { signOff(input: {actionID: $a, idempotencyKey: $k}) { id } }`
	planHead    = `query($id: ID!) { plan(id: $id) { id status statusLabel revisedAt viewerCanEdit
		revisions { date note changes { kind item place text label } } } }`
)

type headResult struct {
	Plan *struct {
		ID, Status, StatusLabel string
		RevisedAt               *string
		ViewerCanEdit           bool
		Revisions               []struct {
			Date, Note string
			Changes    []struct{ Kind, Item, Place, Text, Label string }
		}
	}
}

// draftWorld is the Bollebygd plan, adopted, and a new draft beside it with
// one action for Medarbetare, made by a plan editor.
type draftWorld struct {
	db                    *database.DB
	editor, staff, chef   *api
	adopted, draft, actID string
}

func newDraftWorld(t *testing.T, db *database.DB) draftWorld {
	t.Helper()
	res := seedBollebygd(t, db)
	ctx := rule.SystemContext(context.Background(), "test")
	roleID := func(name string) int {
		return db.Client.Role.Query().Where(role.DepartmentID(res.DepartmentID), role.Name(name)).OnlyIDX(ctx)
	}
	w := draftWorld{db: db,
		editor:  newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Utvecklingschef")),
		staff:   newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Medarbetare")),
		chef:    newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Enhetschef")),
		adopted: strconv.Itoa(res.PlanID),
	}
	var p struct{ CreatePlan struct{ ID string } }
	w.editor.mustDo(`mutation($d: ID!, $o: ID!) { createPlan(departmentID: $d, input: {title: "A Handlingsplan digitalisering", registryNumber: "SN2025/3", ownerID: $o}) { id } }`,
		map[string]any{"d": res.DepartmentID, "o": roleID("Chefer")}, &p)
	w.draft = p.CreatePlan.ID
	var a struct{ CreateArea struct{ ID string } }
	w.editor.mustDo(`mutation($p: ID!) { createArea(input: {planID: $p, position: 1, title: "Digitala arbetssätt."}) { id } }`, map[string]any{"p": w.draft}, &a)
	var act struct{ CreateAction struct{ ID string } }
	w.editor.mustDo(`mutation($a: ID!, $r: ID!) { createAction(input: {areaID: $a, number: 1, position: 1, text: "Lär dig det nya systemet.", responsibleID: $r, deadlineKind: continuous}) { id } }`,
		map[string]any{"a": a.CreateArea.ID, "r": roleID("Medarbetare")}, &act)
	w.actID = act.CreateAction.ID
	return w
}

// sees reports what a viewer sees of the draft: the plan by id, the plan in
// the list, its action by id and in Mitt ansvar, and the default plan.
func (w draftWorld) sees(t *testing.T, a *api) (byID, listed, action, mine bool, defaultPlan string) {
	t.Helper()
	var r struct {
		Plan  *struct{ ID string }
		Plans struct {
			Edges []struct{ Node struct{ ID string } }
		}
		Node        *struct{ ID string }
		MyActions   []struct{ Action struct{ ID string } }
		DefaultPlan *struct{ ID string }
	}
	errs := a.do(`query($p: ID!, $a: ID!) { plan(id: $p) { id } plans(first: 50) { edges { node { id } } }
		node(id: $a) { id } myActions { action { id } } defaultPlan { id } }`, map[string]any{"p": w.draft, "a": w.actID}, &r)
	for _, e := range errs {
		if e.Extensions["code"] != "NOT_FOUND" {
			t.Fatalf("unexpected error %+v", e)
		}
	}
	for _, e := range r.Plans.Edges {
		listed = listed || e.Node.ID == w.draft
	}
	for _, m := range r.MyActions {
		mine = mine || m.Action.ID == w.actID
	}
	if r.DefaultPlan != nil {
		defaultPlan = r.DefaultPlan.ID
	}
	return r.Plan != nil, listed, r.Node != nil, mine, defaultPlan
}

func TestADraftIsSeenByItsEditorsOnlyUntilItIsAdopted(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newDraftWorld(t, db)
		today := lifecycle.Today(time.Now())

		for name, a := range map[string]*api{"Medarbetare": w.staff, "Enhetschef": w.chef} {
			byID, listed, act, mine, def := w.sees(t, a)
			if byID || listed || act || mine {
				t.Errorf("%s sees the draft: by id %v, listed %v, its action %v, in Mitt ansvar %v", name, byID, listed, act, mine)
			}
			if def != w.adopted {
				t.Errorf("%s's default plan = %s, want the adopted plan %s", name, def, w.adopted)
			}
		}
		if got := code(w.staff.do(signAction, map[string]any{"a": w.actID, "k": "draft-1"}, nil)); got != "NOT_FOUND" {
			t.Errorf("Medarbetare signing off an action of a draft: %s, want NOT_FOUND", got)
		}
		byID, listed, act, mine, def := w.sees(t, w.editor)
		if !byID || !listed || !act || mine {
			t.Errorf("the editor sees the draft: by id %v, listed %v, its action %v; in Mitt ansvar %v (want no)", byID, listed, act, mine)
		}
		if def != w.adopted {
			t.Errorf("the editor's default plan = %s, want the adopted plan, never the draft (first by title)", def)
		}
		if got := code(w.editor.do(signAction, map[string]any{"a": w.actID, "k": "draft-2"}, nil)); got != "CONFLICT" {
			t.Errorf("signing off in a draft: %s, want CONFLICT", got)
		}
		if got := code(w.staff.do(adoptPlan, map[string]any{"id": w.draft, "at": today}, nil)); got != "NOT_FOUND" {
			t.Errorf("Medarbetare adopting a draft they cannot see: %s, want NOT_FOUND", got)
		}

		var adopted struct {
			AdoptPlan struct{ Status, StatusLabel, AdoptedBy, AdoptedAt, AdoptedParagraph string }
		}
		w.editor.mustDo(adoptPlan, map[string]any{"id": w.draft, "at": today}, &adopted)
		if a := adopted.AdoptPlan; a.Status != "adopted" || a.StatusLabel != "Fastställd" || a.AdoptedBy != "Socialnämnden" || a.AdoptedAt != today || a.AdoptedParagraph != "§ 12" {
			t.Errorf("adopted plan = %+v", a)
		}
		if got := code(w.editor.do(adoptPlan, map[string]any{"id": w.draft, "at": today}, nil)); got != "CONFLICT" {
			t.Errorf("adopting an adopted plan: %s, want CONFLICT", got)
		}
		for name, a := range map[string]*api{"Medarbetare": w.staff, "Enhetschef": w.chef} {
			if byID, listed, act, _, _ := w.sees(t, a); !byID || !listed || !act {
				t.Errorf("%s after adoption: by id %v, listed %v, its action %v; want all", name, byID, listed, act)
			}
		}
		if _, _, _, mine, _ := w.sees(t, w.staff); !mine {
			t.Error("the adopted plan's action is not in Medarbetare's Mitt ansvar")
		}
		w.staff.mustDo(signAction, map[string]any{"a": w.actID, "k": "adopted-1"}, nil)

		ctx := rule.SystemContext(context.Background(), "test")
		id, _ := strconv.Atoi(w.draft)
		n := db.Client.AuditRecord.Query().Where(auditrecord.EntityType("Plan"), auditrecord.EntityID(id), auditrecord.OperationEQ(auditrecord.OperationUpdate)).CountX(ctx)
		if n != 1 {
			t.Errorf("%d audit records of updates of the plan, want 1 (the adoption)", n)
		}
	})
}

func TestTheBoardReportSkipsDrafts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newDraftWorld(t, db)
		ctx := rule.SystemContext(context.Background(), "test")
		id, _ := strconv.Atoi(w.draft)
		if _, err := progress.BoardReport(ctx, db.Client, id, time.Now(), time.Now()); err == nil {
			t.Error("a draft has a board report")
		}
		w.editor.mustDo(adoptPlan, map[string]any{"id": w.draft, "at": lifecycle.Today(time.Now())}, nil)
		if _, err := progress.BoardReport(ctx, db.Client, id, time.Now(), time.Now()); err != nil {
			t.Errorf("the adopted plan's board report: %v", err)
		}
	})
}

func TestChangesToAnAdoptedPlanAreKeptAsRevisions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newDraftWorld(t, db)
		ctx := rule.SystemContext(context.Background(), "test")
		today := lifecycle.Today(time.Now())
		planID, _ := strconv.Atoi(w.adopted)
		first := db.Client.Area.Query().Where(area.PlanID(planID)).Order(area.ByPosition()).FirstX(ctx)
		acts := db.Client.Action.Query().Where(action.AreaID(first.ID), action.ParentIDIsNil(), action.ReportBackOfIDIsNil()).
			Order(action.ByPosition()).AllX(ctx)

		// A draft changes without revisions.
		w.editor.mustDo(`mutation($id: ID!) { updateAction(id: $id, input: {text: "Lär dig systemet."}) { id } }`, map[string]any{"id": w.actID}, nil)
		var h headResult
		w.editor.mustDo(planHead, map[string]any{"id": w.draft}, &h)
		if len(h.Plan.Revisions) != 0 {
			t.Errorf("a draft has revisions: %+v", h.Plan.Revisions)
		}

		w.editor.mustDo(`mutation($id: ID!) { updateAction(id: $id, input: {text: "Nämnden och verksamheterna möts oftare."}) { id } }`, map[string]any{"id": acts[0].ID}, nil)
		w.editor.mustDo(`mutation($id: ID!) { updateAction(id: $id, input: {number: 9}) { id } }`, map[string]any{"id": acts[1].ID}, nil)
		w.editor.mustDo(`mutation($a: ID!, $r: ID!) { createAction(input: {areaID: $a, number: 7, position: 99, text: "En ny åtgärd.", responsibleID: $r, deadlineKind: when_needed}) { id } }`,
			map[string]any{"a": first.ID, "r": acts[0].ResponsibleID}, nil)
		w.editor.mustDo(`mutation($id: ID!) { deleteArea(id: $id) }`, map[string]any{"id": db.Client.Area.Query().Where(area.PlanID(planID)).Order(area.ByPosition()).Offset(7).FirstIDX(ctx)}, nil)

		w.staff.mustDo(planHead, map[string]any{"id": w.adopted}, &h)
		if h.Plan.RevisedAt == nil || *h.Plan.RevisedAt != today {
			t.Fatalf("revisedAt = %v, want %s", h.Plan.RevisedAt, today)
		}
		last := h.Plan.Revisions[len(h.Plan.Revisions)-1]
		var kinds []string
		for _, c := range last.Changes {
			kinds = append(kinds, c.Item+" "+c.Kind+" "+c.Place)
		}
		want := []string{"action reworded 1.1", "action moved 1.9", "action added 1.7", "area removed 8"}
		if !slices.Equal(kinds, want) {
			t.Errorf("changes = %q, want %q", kinds, want)
		}
		if got := last.Changes[0].Label; got != "Åtgärd 1.1 omformulerad: Nämnden och verksamheterna möts oftare. (tidigare: "+acts[0].Text+")" {
			t.Errorf("label = %q", got)
		}
		if h.Plan.ViewerCanEdit {
			t.Error("Medarbetare may edit the plan, says viewerCanEdit")
		}
		if got := code(w.staff.do(`mutation($p: ID!, $d: Date!) { noteRevision(planID: $p, date: $d, note: "Nej") { id } }`, map[string]any{"p": w.adopted, "d": today}, nil)); got != "FORBIDDEN" {
			t.Errorf("Medarbetare noting a revision: %s, want FORBIDDEN", got)
		}
		w.editor.mustDo(`mutation($p: ID!, $d: Date!) { noteRevision(planID: $p, date: $d, note: "Efter nämndens beslut § 31") { id } }`, map[string]any{"p": w.adopted, "d": today}, nil)
		if got := code(w.editor.do(`mutation($p: ID!) { noteRevision(planID: $p, date: "2001-01-01", note: "x") { id } }`, map[string]any{"p": w.adopted}, nil)); got != "BAD_USER_INPUT" {
			t.Errorf("noting a day without a revision: %s, want BAD_USER_INPUT", got)
		}

		rep, err := progress.BoardReport(ctx, db.Client, planID, time.Now(), time.Now())
		if err != nil {
			t.Fatal(err)
		}
		r := rep.Head.Revisions[len(rep.Head.Revisions)-1]
		if r.Date != today || r.Note != "Efter nämndens beslut § 31" || len(r.Changes) != 4 {
			t.Errorf("the report's last revision = %+v", r)
		} else if !strings.HasPrefix(r.Changes[3], "Område 8 borttaget: ") {
			t.Errorf("the report says the removal as %q", r.Changes[3])
		}
	})
}

func TestAnArchivedPlanIsReadOnlyAndOutOfTheLists(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newDraftWorld(t, db)
		w.editor.mustDo(adoptPlan, map[string]any{"id": w.draft, "at": lifecycle.Today(time.Now())}, nil)
		if got := code(w.staff.do(archivePlan, map[string]any{"id": w.draft}, nil)); got != "FORBIDDEN" {
			t.Errorf("Medarbetare archiving: %s, want FORBIDDEN", got)
		}
		var archived struct {
			ArchivePlan struct{ Status, StatusLabel string }
		}
		w.editor.mustDo(archivePlan, map[string]any{"id": w.draft}, &archived)
		if archived.ArchivePlan.StatusLabel != "Arkiverad" {
			t.Errorf("archived = %+v", archived.ArchivePlan)
		}
		if got := code(w.editor.do(archivePlan, map[string]any{"id": w.draft}, nil)); got != "CONFLICT" {
			t.Errorf("archiving twice: %s, want CONFLICT", got)
		}
		byID, listed, act, mine, _ := w.sees(t, w.staff)
		if !byID || listed || !act || mine {
			t.Errorf("archived plan: by id %v (want yes), listed %v, its action %v (want yes), in Mitt ansvar %v", byID, listed, act, mine)
		}
		var asked struct{ Plans struct{ TotalCount int } }
		w.staff.mustDo(`{ plans(where: {status: archived}) { totalCount } }`, nil, &asked)
		if asked.Plans.TotalCount != 1 {
			t.Errorf("plans(where: {status: archived}) has %d, want the archived plan", asked.Plans.TotalCount)
		}
		for name, m := range map[string]string{
			"updatePlan":   `mutation($id: ID!) { updatePlan(id: $id, input: {title: "Ny titel"}) { id } }`,
			"createArea":   `mutation($id: ID!) { createArea(input: {planID: $id, position: 9, title: "Nytt"}) { id } }`,
			"adoptPlan":    `mutation($id: ID!) { adoptPlan(id: $id, adoptedBy: "KS", adoptedAt: "2025-01-01", paragraph: "§ 1") { id } }`,
			"updateAction": `mutation($a: ID!) { updateAction(id: $a, input: {text: "Ändrad"}) { id } }`,
		} {
			if got := code(w.editor.do(m, map[string]any{"id": w.draft, "a": w.actID}, nil)); got != "CONFLICT" {
				t.Errorf("%s on an archived plan: %s, want CONFLICT", name, got)
			}
		}
		if got := code(w.staff.do(signAction, map[string]any{"a": w.actID, "k": "archived-1"}, nil)); got != "CONFLICT" {
			t.Errorf("signing off in an archived plan: %s, want CONFLICT", got)
		}
		var reopened struct{ ReopenPlan struct{ Status string } }
		w.editor.mustDo(reopenPlan, map[string]any{"id": w.draft}, &reopened)
		if reopened.ReopenPlan.Status != "adopted" {
			t.Errorf("reopened an adopted plan as %s, want adopted", reopened.ReopenPlan.Status)
		}
		if got := code(w.editor.do(reopenPlan, map[string]any{"id": w.draft}, nil)); got != "CONFLICT" {
			t.Errorf("reopening a plan not archived: %s, want CONFLICT", got)
		}
	})
}
