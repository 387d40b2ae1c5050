package audit_test

import (
	"context"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/handlingsplan/handlingsplan/audit"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/area"
	"github.com/handlingsplan/handlingsplan/ent/auditrecord"
	"github.com/handlingsplan/handlingsplan/plans/planstest"
	"github.com/handlingsplan/handlingsplan/rule"
)

// Records as the trail stores them (numbers come back from JSON as
// float64), said as the log says them.
func TestSentences(t *testing.T) {
	db := dbtest.Open(t, dialect.SQLite, nil)
	ctx := rule.SystemContext(context.Background(), "test")
	res := planstest.ImportBollebygd(t, db.Client, planstest.BollebygdSlug)
	c := db.Client
	first := c.Area.Query().Where(area.PlanID(res.PlanID)).Order(ent.Asc(area.FieldPosition)).FirstX(ctx)
	a11 := c.Action.Query().Where(action.AreaID(first.ID), action.Number(1)).OnlyX(ctx)
	sub := c.Action.Query().Where(action.ParentID(a11.ID)).FirstX(ctx)
	elin := c.User.Create().SetIssuer("https://idp.test").SetSubject("elin").SetName("Elin Enhetschef").SaveX(ctx)
	signOff := c.SignOff.Create().SetActionID(a11.ID).SetDepartmentID(a11.DepartmentID).SetSlot("s").SetDoneOn("2024-10-01").
		SetSignerID(elin.ID).SetIdempotencyKey("k").SaveX(ctx)
	person := func(id int, name string) (*int, string) { return &id, name }
	elinID, elinName := person(elin.ID, "Elin Enhetschef")
	fridaID, fridaName := person(elin.ID+1000, "Frida Förvaltningschef")
	f := func(n int) float64 { return float64(n) }

	cases := []struct {
		rec  ent.AuditRecord
		want string
	}{
		{ent.AuditRecord{ActorID: elinID, Actor: elinName, EntityType: "SignOff", EntityID: signOff.ID, Operation: auditrecord.OperationCreate,
			After: map[string]any{"action_id": f(a11.ID), "done_on": "2024-10-01", "period": "2024-HT", "signer_id": f(elin.ID)}},
			"Elin Enhetschef markerade åtgärd 1.1 ”Verksamheterna besöker nämnden och presenterar…” som utförd 1 oktober 2024 (period HT 2024)"},
		{ent.AuditRecord{ActorID: fridaID, Actor: fridaName, EntityType: "SignOff", EntityID: signOff.ID, Operation: auditrecord.OperationUpdate,
			Before: map[string]any{"withdrawn_at": nil}, After: map[string]any{"withdrawn_at": "2024-10-02T08:00:00Z", "withdraw_reason": "Fel åtgärd", "withdrawn_by_id": f(elin.ID + 1000)}},
			"Frida Förvaltningschef ångrade att åtgärd 1.1 ”Verksamheterna besöker nämnden och presenterar…” var utförd 1 oktober 2024: ”Fel åtgärd”"},
		// A deleted action is named from the record.
		{ent.AuditRecord{ActorID: fridaID, Actor: fridaName, EntityType: "Action", EntityID: 999999, Operation: auditrecord.OperationDelete,
			Before: map[string]any{"text": "Ta bort mig.", "number": f(7), "area_id": f(first.ID)}},
			"Frida Förvaltningschef tog bort åtgärd 1.7 ”Ta bort mig.”"},
		{ent.AuditRecord{ActorID: fridaID, Actor: fridaName, EntityType: "Action", EntityID: sub.ID, Operation: auditrecord.OperationUpdate,
			Before: map[string]any{"scope": "once"}, After: map[string]any{"scope": "each_unit", "updated_at": "2024-10-02T08:00:00Z"}},
			"Frida Förvaltningschef ändrade underaktiviteten ”Verksamheterna återrapporterar på nästkommande…” till åtgärd 1.1: vem som gör den till varje enhet"},
		{ent.AuditRecord{Actor: "system:login", EntityType: "User", EntityID: elin.ID, Operation: auditrecord.OperationCreate,
			After: map[string]any{"name": "Elin Enhetschef", "issuer": "https://idp.test"}},
			"Elin Enhetschef loggade in för första gången"},
		{ent.AuditRecord{Actor: "system:login", EntityType: "User", EntityID: elin.ID, Operation: auditrecord.OperationUpdate,
			After: map[string]any{"last_login_at": "2024-10-02T08:00:00Z", "updated_at": "2024-10-02T08:00:00Z"}},
			"Elin Enhetschef loggade in"},
		{ent.AuditRecord{Actor: "system:import", EntityType: "Plan", EntityID: res.PlanID, Operation: auditrecord.OperationUpdate,
			After: map[string]any{"adopted_paragraph": "§ 12", "a_field_from_tomorrow": true}},
			"Import av en planfil ändrade planen ”Handlingsplan tillitsfull dialog Socialförvaltning”: andra uppgifter och paragrafen till § 12"},
	}
	recs := make([]*ent.AuditRecord, len(cases))
	for i := range cases {
		cases[i].rec.ID = i + 1
		recs[i] = &cases[i].rec
	}
	said, err := audit.Sentences(ctx, c, recs)
	if err != nil {
		t.Fatal(err)
	}
	for i, tc := range cases {
		if got := said[i+1]; got != tc.want {
			t.Errorf("%s %s:\n got %q\nwant %q", tc.rec.Operation, tc.rec.EntityType, got, tc.want)
		}
	}
}
