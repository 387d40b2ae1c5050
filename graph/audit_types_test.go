package graph_test

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	entgo "entgo.io/ent"

	"github.com/handlingsplan/handlingsplan/audit"
	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/auditrecord"
	"github.com/handlingsplan/handlingsplan/ent/role"
	"github.com/handlingsplan/handlingsplan/ent/roleassignment"
	"github.com/handlingsplan/handlingsplan/entrow"
)

// notAudited are the types without the AuditMixin: the trail itself, login
// state, calendar tokens and evidence files (never changed once stored;
// package evidence records their uploads and downloads itself).
var notAudited = []string{"AuditRecord", "CalendarFeed", "Evidence", "LoginAttempt", "Session"}

// auditCase makes a fresh row of one audited type (nothing refers to it, so
// it can be deleted), and names a field to change: its value is checked in
// the audit records of the update and of the delete.
type auditCase struct {
	make   func(ctx context.Context, c *ent.Client) int
	field  string
	change any
}

func auditCases(t *testing.T, w *visitWorld) map[string]auditCase {
	c := w.db.Client
	ctx := sys()
	owner := c.Role.Query().Where(role.DepartmentID(w.dept), role.Name("Förvaltningschef")).OnlyX(ctx)
	plan := c.Plan.Query().FirstX(ctx)
	area := plan.QueryAreas().FirstX(ctx)
	act := c.Action.Query().Where(action.AreaID(area.ID), action.Number(1)).OnlyX(ctx)
	member := authtest.User(t, c, bollebygd, "Ledamot")
	day := "2024-10-15"
	return map[string]auditCase{
		"Department": {func(ctx context.Context, c *ent.Client) int {
			return c.Department.Create().SetSlug("revision").SetName("Revisionen").SetMunicipality("Bollebygds kommun").SaveX(ctx).ID
		}, "name", "Revisionskontoret"},
		"Role": {func(ctx context.Context, c *ent.Client) int {
			return c.Role.Create().SetDepartmentID(w.dept).SetName("Revisor").SaveX(ctx).ID
		}, "name", "Förtroendevald revisor"},
		"OperationArea": {func(ctx context.Context, c *ent.Client) int {
			return c.OperationArea.Create().SetDepartmentID(w.dept).SetCode("REV").SetName("Revision").SaveX(ctx).ID
		}, "name", "Revisionen"},
		"Plan": {func(ctx context.Context, c *ent.Client) int {
			return c.Plan.Create().SetDepartmentID(w.dept).SetTitle("Granskningsplan").SetRegistryNumber("SN2025/99").
				SetOwnerID(owner.ID).SaveX(ctx).ID
		}, "title", "Granskningsplan 2025"},
		"Area": {func(ctx context.Context, c *ent.Client) int {
			return c.Area.Create().SetDepartmentID(w.dept).SetPlanID(plan.ID).SetPosition(99).SetTitle("Granskning.").SaveX(ctx).ID
		}, "title", "Uppföljning."},
		"Action": {func(ctx context.Context, c *ent.Client) int {
			return c.Action.Create().SetDepartmentID(w.dept).SetAreaID(area.ID).SetNumber(99).SetPosition(99).
				SetText("Granska.").SetResponsibleID(owner.ID).SetDeadlineKind(action.DeadlineKindWhenNeeded).SaveX(ctx).ID
		}, "text", "Granska igen."},
		"RoleAssignment": {func(ctx context.Context, c *ent.Client) int {
			return c.RoleAssignment.Create().SetDepartmentID(w.dept).SetUserID(member.UserID).SetRoleID(owner.ID).
				SetSource(roleassignment.SourceAdmin).SaveX(ctx).ID
		}, "operation_area_id", w.areaIDs["LSS"]},
		"GroupMapping": {func(ctx context.Context, c *ent.Client) int {
			return c.GroupMapping.Create().SetDepartmentID(w.dept).SetValue("HP-SOC-Revisor").SetRoleID(owner.ID).SaveX(ctx).ID
		}, "value", "HP-SOC-Revisorer"},
		"User": {func(ctx context.Context, c *ent.Client) int {
			return c.User.Create().SetIssuer("https://idp.test").SetSubject("audit-user").SetName("Greta Granskare").SaveX(ctx).ID
		}, "name", "Greta Granskad"},
		"SignOff": {func(ctx context.Context, c *ent.Client) int {
			return c.SignOff.Create().SetDepartmentID(w.dept).SetActionID(act.ID).SetSlot("audit").SetDoneOn(day).
				SetSignerID(member.UserID).SetIdempotencyKey("audit-key").SaveX(ctx).ID
		}, "withdraw_reason", "Fel åtgärd"},
		"Workshop": {func(ctx context.Context, c *ent.Client) int {
			now := time.Now()
			return c.Workshop.Create().SetDepartmentID(w.dept).SetTopic("Tillit").SetDate(day).SetCapacity(10).SetMinimums(map[string]int{}).
				SetRegistrationOpensAt(now).SetRegistrationClosesAt(now.Add(time.Hour)).SaveX(ctx).ID
		}, "topic", "Tillit i praktiken"},
		"WorkshopRegistration": {func(ctx context.Context, c *ent.Client) int {
			now := time.Now()
			ws := c.Workshop.Create().SetDepartmentID(w.dept).SetTopic("Dialog").SetDate(day).SetCapacity(10).SetMinimums(map[string]int{}).
				SetRegistrationOpensAt(now).SetRegistrationClosesAt(now.Add(time.Hour)).SaveX(ctx)
			return c.WorkshopRegistration.Create().SetDepartmentID(w.dept).SetWorkshopID(ws.ID).SetUserID(member.UserID).
				SetOperationAreaID(w.areaIDs["ÄO"]).SaveX(ctx).ID
		}, "operation_area_id", w.areaIDs["HSV"]},
		"BoardMeeting": {func(ctx context.Context, c *ent.Client) int {
			return c.BoardMeeting.Create().SetDepartmentID(w.dept).SetDate(day).SetNote("Sammanträde").SaveX(ctx).ID
		}, "note", "Extra sammanträde"},
		"Operation": {func(ctx context.Context, c *ent.Client) int {
			return c.Operation.Create().SetDepartmentID(w.dept).SetName("Daglig verksamhet").SaveX(ctx).ID
		}, "name", "Daglig verksamhet LSS"},
		"Unit": {func(ctx context.Context, c *ent.Client) int {
			return c.Unit.Create().SetDepartmentID(w.dept).SetOperationID(w.ops[0].ID).SetName("Nattpatrullen").SaveX(ctx).ID
		}, "name", "Nattpatrull 2"},
		"WorkplaceMeeting": {func(ctx context.Context, c *ent.Client) int {
			return c.WorkplaceMeeting.Create().SetDepartmentID(w.dept).SetUnitID(w.units[0].ID).SetDate("2024-12-05").SaveX(ctx).ID
		}, "date", "2024-12-12"},
		"BoardVisit": {func(ctx context.Context, c *ent.Client) int {
			m := c.BoardMeeting.Create().SetDepartmentID(w.dept).SetDate("2024-11-19").SaveX(ctx)
			return c.BoardVisit.Create().SetDepartmentID(w.dept).SetMeetingID(m.ID).SetOperationID(w.ops[0].ID).SaveX(ctx).ID
		}, "presenter", "Anna Andersson"},
		"StudyVisitSlot": {func(ctx context.Context, c *ent.Client) int {
			return c.StudyVisitSlot.Create().SetDepartmentID(w.dept).SetOperationID(w.ops[1].ID).
				SetStartsAt(time.Date(2024, 10, 1, 9, 0, 0, 0, time.UTC)).SetSize(3).SaveX(ctx).ID
		}, "size", 4},
		"StudyVisitBooking": {func(ctx context.Context, c *ent.Client) int {
			slot := c.StudyVisitSlot.Create().SetDepartmentID(w.dept).SetOperationID(w.ops[2].ID).
				SetStartsAt(time.Date(2024, 10, 2, 9, 0, 0, 0, time.UTC)).SetSize(3).SaveX(ctx)
			return c.StudyVisitBooking.Create().SetDepartmentID(w.dept).SetSlotID(slot.ID).SetUserID(member.UserID).
				SetSeat(1).SaveX(ctx).ID
		}, "notes", "Bra samtal"},
	}
}

// clientOf returns the generated client of an ent type (c.BoardMeeting for
// "BoardMeeting").
func clientOf(c *ent.Client, typ string) reflect.Value {
	return reflect.ValueOf(c).Elem().FieldByName(typ)
}

func call(v reflect.Value, method string, args ...any) []reflect.Value {
	in := make([]reflect.Value, len(args))
	for i, a := range args {
		in[i] = reflect.ValueOf(a)
	}
	return v.MethodByName(method).Call(in)
}

func asError(v reflect.Value) error {
	err, _ := v.Interface().(error)
	return err
}

// entTypes lists every type of the generated client.
func entTypes() []string {
	var types []string
	ct := reflect.TypeOf(ent.Client{})
	for i := range ct.NumField() {
		if f := ct.Field(i); f.IsExported() && f.Name != "Schema" {
			types = append(types, f.Name)
		}
	}
	return types
}

func TestEveryAuditedTypeIsAuditedOnUpdateAndDelete(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newVisitWorld(t, db)
		cases := auditCases(t, w)
		for _, typ := range entTypes() {
			if _, ok := cases[typ]; !ok && !slices.Contains(notAudited, typ) {
				t.Errorf("type %s has no audit case here and is not listed as unaudited: add it", typ)
			}
		}
		for typ, tc := range cases {
			t.Run(typ, func(t *testing.T) {
				ctx := sys()
				c := db.Client
				id := tc.make(ctx, c)
				last := func(op auditrecord.Operation) *ent.AuditRecord {
					t.Helper()
					rec, err := c.AuditRecord.Query().
						Where(auditrecord.EntityType(typ), auditrecord.EntityID(id), auditrecord.OperationEQ(op)).
						Order(ent.Desc(auditrecord.FieldID)).First(ctx)
					if err != nil {
						t.Fatalf("no %s record of %s %d: %v", op, typ, id, err)
					}
					return rec
				}
				last(auditrecord.OperationCreate)
				row, err := entrow.Get(ctx, c, typ, id)
				if err != nil {
					t.Fatal(err)
				}
				var old map[string]any
				raw, _ := json.Marshal(row)
				_ = json.Unmarshal(raw, &old)
				// An empty value is left out of the row's JSON; the record
				// says nil or the zero value.
				before, empty := old[tc.field], []string{jsonOf(nil), jsonOf(reflect.Zero(reflect.TypeOf(tc.change)).Interface())}

				upd := call(clientOf(c, typ), "UpdateOneID", id)[0]
				mut := call(upd, "Mutation")[0].Interface().(entgo.Mutation)
				if err := mut.SetField(tc.field, tc.change); err != nil {
					t.Fatalf("set %s: %v", tc.field, err)
				}
				if err := asError(call(upd, "Exec", ctx)[0]); err != nil {
					t.Fatalf("update %s: %v", typ, err)
				}
				updated := last(auditrecord.OperationUpdate)
				if jsonOf(updated.After[tc.field]) != jsonOf(tc.change) || !sameValue(updated.Before[tc.field], before, empty) {
					t.Errorf("update record of %s: before %v, after %v; want %v, %v", tc.field,
						updated.Before[tc.field], updated.After[tc.field], before, tc.change)
				}

				if err := asError(call(call(clientOf(c, typ), "DeleteOneID", id)[0], "Exec", ctx)[0]); err != nil {
					t.Fatalf("delete %s: %v", typ, err)
				}
				deleted := last(auditrecord.OperationDelete)
				if jsonOf(deleted.Before[tc.field]) != jsonOf(tc.change) || deleted.After != nil {
					t.Errorf("delete record: before %v = %v, after %v; want the row as it was (%v)",
						tc.field, deleted.Before[tc.field], deleted.After, tc.change)
				}
				if typ != "Department" && typ != "User" && (deleted.DepartmentID == nil || *deleted.DepartmentID != w.dept) {
					t.Errorf("delete record is filed under department %v, want %d", deleted.DepartmentID, w.dept)
				}
				// Each record is said in Swedish, naming the row and the field as the app does.
				recs := []*ent.AuditRecord{last(auditrecord.OperationCreate), updated, deleted}
				said, err := audit.Sentences(ctx, c, recs)
				if err != nil {
					t.Fatal(err)
				}
				for _, rec := range recs {
					if s := said[rec.ID]; s == "" || strings.Contains(s, "en uppgift") || strings.Contains(s, "andra uppgifter") || strings.Contains(s, typ) {
						t.Errorf("%s %s is said %q; give the type and its field %q Swedish words in audit/sentence.go", rec.Operation, typ, s, tc.field)
					}
				}
			})
		}
	})
}

// sameValue compares got with want, or with one of the empty values when
// want is missing.
func sameValue(got, want any, empty []string) bool {
	if want == nil {
		return slices.Contains(empty, jsonOf(got))
	}
	return jsonOf(got) == jsonOf(want)
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	var x any
	_ = json.Unmarshal(b, &x) // numbers read back the same whether they came from Go or from JSON
	b, _ = json.Marshal(x)
	return string(b)
}

func TestDeletingVisitRowsThroughTheAPIIsAudited(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newVisitWorld(t, db)
		planner := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Utvecklingschef"))
		member := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Ledamot"))

		meeting := w.meeting(t, "2024-10-15")
		visited := w.meeting(t, "2024-11-19")
		var assigned struct{ AssignBoardVisit struct{ ID string } }
		planner.mustDo(assignVisit, map[string]any{"m": visited, "o": w.ops[0].ID, "u": w.units[0].ID}, &assigned)
		var booked struct{ BookStudyVisit struct{ ID string } }
		member.mustDo(bookSlot, map[string]any{"s": w.slot(t, w.ops[1], "2024-09-25T09:00:00+02:00", 2)}, &booked)

		for _, tc := range []struct {
			name, typ, mutation string
			api                 *api
			id                  string
			field               string
			want                any
		}{
			{"delete a board meeting", "BoardMeeting", `mutation($id: ID!) { deleteBoardMeeting(id: $id) }`, planner, strconv.Itoa(meeting), "date", "2024-10-15"},
			{"take a visit off", "BoardVisit", `mutation($id: ID!) { unassignBoardVisit(id: $id) }`, planner, assigned.AssignBoardVisit.ID, "meeting_id", visited},
			{"cancel a study visit booking", "StudyVisitBooking", `mutation($id: ID!) { cancelStudyVisitBooking(id: $id) }`, member, booked.BookStudyVisit.ID, "seat", 1},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if errs := tc.api.do(tc.mutation, map[string]any{"id": tc.id}, nil); len(errs) > 0 {
					t.Fatalf("errors = %+v\n%s", errs, tc.api.log)
				}
				entityID, _ := strconv.Atoi(tc.id)
				rec, err := db.Client.AuditRecord.Query().Where(auditrecord.EntityType(tc.typ), auditrecord.EntityID(entityID),
					auditrecord.OperationEQ(auditrecord.OperationDelete)).Only(sys())
				if err != nil {
					t.Fatalf("no delete record: %v", err)
				}
				if jsonOf(rec.Before[tc.field]) != jsonOf(tc.want) || rec.ActorID == nil {
					t.Errorf("record = before %v, actor %v; want %s %v and the viewer", rec.Before, rec.ActorID, tc.field, tc.want)
				}
			})
		}
	})
}
