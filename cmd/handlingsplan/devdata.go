package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/department"
	"github.com/handlingsplan/handlingsplan/ent/operation"
	"github.com/handlingsplan/handlingsplan/ent/operationarea"
	"github.com/handlingsplan/handlingsplan/ent/role"
	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/organisation"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/visits"
	"github.com/handlingsplan/handlingsplan/workshops"
)

// Demo data for `serve --dev`. A shipped plan brings no operations, units,
// APT dates, board meetings, study visit slots or workshops, so without
// this the visit and workshop views of a demo are empty. It is created
// only in development mode, only for a department with no operations yet
// (so once, on the first start, and never over real data), with dates
// relative to today, through the same functions as the API (packages
// visits and workshops) on the system's authority, so hooks and the audit
// trail apply as to any change, all in one transaction.

// demoOperations names an operation and its units per operation area code
// (Bollebygd's areas); an area not listed gets an operation named after it.
var demoOperations = map[string][]string{
	"ÄO":                 {"Hemtjänsten", "Hemtjänst norra", "Hemtjänst södra"},
	"LSS":                {"Gruppbostäder LSS", "Gruppbostaden Almen", "Gruppbostaden Linden"},
	"HSV":                {"Hälso- och sjukvården", "Hemsjukvården"},
	"IFO myndighet":      {"Myndighetsutövning IFO", "Barn och unga", "Vuxen"},
	"IFO verkställighet": {"Öppenvården IFO", "Öppenvården"},
}

// createDemoData adds demo data to every department that has operation
// areas but no operations yet, logs one line per department, and reports
// whether it created any.
func createDemoData(ctx context.Context, client *ent.Client, now time.Time, logger *slog.Logger) (bool, error) {
	ctx = rule.SystemContext(ctx, "dev")
	tx, err := client.Tx(ctx)
	if err != nil {
		return false, err
	}
	done, err := demoDepartments(ctx, tx.Client(), now)
	if err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			err = fmt.Errorf("%w (rollback: %v)", err, rerr)
		}
		return false, err
	}
	if err := tx.Commit(); err != nil {
		return false, err
	}
	for _, d := range done {
		logger.Info("created demo data for development", "department", d[0], "created", d[1])
	}
	return len(done) > 0, nil
}

// demoDepartments fills each department without operations, and returns
// their slugs with what was created.
func demoDepartments(ctx context.Context, c *ent.Client, now time.Time) ([][2]string, error) {
	depts, err := c.Department.Query().Order(department.ByID()).All(ctx)
	if err != nil {
		return nil, err
	}
	var done [][2]string
	for _, d := range depts {
		created, err := demoDepartment(ctx, c, d.ID, now)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d.Slug, err)
		}
		if created != "" {
			done = append(done, [2]string{d.Slug, created})
		}
	}
	return done, nil
}

// demoManagers are the made-up managers of the demo units, but for the
// one unit the demo Enhetschef manages. They cannot log in: their issuer is
// no provider's.
var demoManagers = []string{"Anna Lindqvist", "Johan Berg", "Maria Sandberg", "Peter Holm", "Sofia Nyström", "Karl Dahl", "Lisa Ek", "Erik Lund", "Nora Ahmadi", "Olof Strand"}

// demoIssuer is the issuer of the demo data's own users.
const demoIssuer = "dev-demo"

// demoUnitManagerRole is the position whose demo user manages one unit.
const demoUnitManagerRole = "Enhetschef"

// demoDepartment fills one department and says what it created, or returns
// "" when the department already has operations (or has no areas).
func demoDepartment(ctx context.Context, c *ent.Client, dept int, now time.Time) (string, error) {
	if n, err := c.Operation.Query().Where(operation.DepartmentID(dept)).Count(ctx); err != nil || n > 0 {
		return "", err
	}
	areas, err := c.OperationArea.Query().Where(operationarea.DepartmentID(dept)).Order(operationarea.ByID()).All(ctx)
	if err != nil || len(areas) == 0 {
		return "", err
	}
	loc := followup.Location()
	now = now.In(loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	date := func(t time.Time) string { return t.Format(time.DateOnly) }

	// Operations, their units, and each unit's APT on a weekday of its own
	// early in the month, from two months ago to six months ahead.
	var ops []*ent.Operation
	var allUnits []*ent.Unit
	firstUnit := map[int]int{}
	units, apts := 0, 0
	for _, a := range areas {
		names, ok := demoOperations[a.Code]
		if !ok {
			names = []string{a.Name, "Enhet 1"}
		}
		op, err := organisation.CreateOperation(ctx, c, dept, ent.CreateOperationInput{Name: names[0], OperationAreaID: &a.ID})
		if err != nil {
			return "", err
		}
		ops = append(ops, op)
		for _, name := range names[1:] {
			u, err := organisation.CreateUnit(ctx, c, ent.CreateUnitInput{Name: name, OperationID: op.ID})
			if err != nil {
				return "", err
			}
			allUnits = append(allUnits, u)
			if _, ok := firstUnit[op.ID]; !ok {
				firstUnit[op.ID] = u.ID
			}
			weekday := time.Monday + time.Weekday(units%4) // Monday to Thursday
			for m := -2; m <= 6; m++ {
				month := monthFrom(today, m)
				if month.Month() == time.July {
					continue
				}
				in := ent.CreateWorkplaceMeetingInput{UnitID: u.ID, Date: date(nthWeekday(month, weekday, 1+units%2))}
				if _, err := visits.CreateWorkplaceMeeting(ctx, c, in); err != nil {
					return "", err
				}
				apts++
			}
			units++
		}
	}

	// Board meetings on the third Tuesday of each month but July, from
	// three months ago to eight months ahead.
	var first string
	meetings := 0
	for m := -3; m <= 8; m++ {
		month := monthFrom(today, m)
		if month.Month() == time.July {
			continue
		}
		day := date(nthWeekday(month, time.Tuesday, 3))
		note := "Socialnämndens sammanträde"
		if _, err := c.BoardMeeting.Create().SetDepartmentID(dept).SetDate(day).SetNote(note).Save(ctx); err != nil {
			return "", err
		}
		if first == "" {
			first = day
		}
		meetings++
	}

	// The past meetings' visits by the rotation, and the latest one held,
	// which creates its report-back at the presenting unit's next APT.
	past, err := visits.ApplyRotation(ctx, c, dept, first, date(today.AddDate(0, 0, -1)))
	if err != nil {
		return "", err
	}
	if len(past) > 0 {
		last := past[len(past)-1]
		unit := firstUnit[last.OperationID]
		if _, err := visits.Hold(ctx, c, last.ID, visits.Held{
			UnitID:     &unit,
			Presenter:  "Anna Lindqvist, enhetschef",
			Work:       "Medarbetarna planerar veckan tillsammans och följer upp den på varje APT; brukarna är med och bestämmer hur insatserna ges.",
			Conditions: "Personalomsättningen har minskat under året, men det är fortfarande svårt att rekrytera vikarier till sommaren.",
			Needs:      "Mer tid för kompetensutveckling och ett enklare stöd för dokumentationen.",
		}, today); err != nil {
			return "", err
		}
	}

	// Every unit has a manager, given after the visit above was held, so
	// that its report-back stays with every Enhetschef. The demo
	// Enhetschef manages one: the unit that presented at that visit, or
	// else the first. Until the development provider starts, a stand-in
	// with the demo login's subject manages it (handOverDemoUnits).
	own := allUnits[0].ID
	if len(past) > 0 {
		own = firstUnit[past[len(past)-1].OperationID]
	}
	managers, err := demoUnitManagers(ctx, c, dept, allUnits, own)
	if err != nil {
		return "", err
	}

	// Study visit slots of three seats, at 09:30 on a weekday in each of
	// the coming three weeks. No bookings: the demo users are created
	// when they first log in.
	slots := 0
	for k := 1; k <= 3; k++ {
		op := ops[(k-1)%len(ops)]
		day := weekdayOnOrAfter(today.AddDate(0, 0, 7*k))
		note := "Följ med en vanlig arbetsdag och prata med medarbetarna."
		in := ent.CreateStudyVisitSlotInput{
			OperationID: op.ID, StartsAt: at(day, 9, 30), Size: 3, Note: &note,
		}
		if u, ok := firstUnit[op.ID]; ok {
			in.UnitID = &u
		}
		if _, err := visits.CreateSlot(ctx, c, in, now); err != nil {
			return "", err
		}
		slots++
	}

	// A workshop in a month, open for registration from yesterday for two
	// weeks, with the department's minimum seats per area.
	if _, err := workshops.Create(ctx, c, dept, workshops.Input{
		Topic:                "Tillitsbaserad styrning i praktiken",
		Date:                 date(weekdayOnOrAfter(today.AddDate(0, 1, 0))),
		Place:                "Kommunhuset",
		Capacity:             30,
		RegistrationOpensAt:  at(today.AddDate(0, 0, -1), 8, 0),
		RegistrationClosesAt: at(today.AddDate(0, 0, 14), 16, 0),
	}); err != nil {
		return "", err
	}
	held := min(len(past), 1)
	return fmt.Sprintf("%d operations, %d units (%d managers), %d APT dates, %d board meetings (%d visits assigned, %d held), %d study visit slots, 1 workshop",
		len(ops), units, managers, apts, meetings, len(past), held, slots), nil
}

// demoUnitManagers gives every unit a manager: own to a stand-in for the
// demo user of the department's Enhetschef (when it has that position),
// the others to made-up people. It returns how many units got one.
func demoUnitManagers(ctx context.Context, c *ent.Client, dept int, units []*ent.Unit, own int) (int, error) {
	chef, err := c.Role.Query().
		Where(role.DepartmentID(dept), role.Name(demoUnitManagerRole), role.KindEQ(role.KindPosition)).
		Only(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return 0, err
	}
	n := 0
	for _, u := range units {
		name, subject := demoManagers[n%len(demoManagers)], fmt.Sprintf("demo-%d-enhetschef-%d", dept, u.ID)
		if u.ID == own && chef != nil {
			name, subject = demoUnitManagerRole+" (demo)", demoSubject(chef.ID)
		}
		m, err := c.User.Create().SetIssuer(demoIssuer).SetSubject(subject).SetName(name).Save(ctx)
		if err != nil {
			return 0, err
		}
		if err := c.Unit.UpdateOneID(u.ID).SetManagerID(m.ID).Exec(ctx); err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}

// at is a time of day on day, in day's location.
func at(day time.Time, hour, minute int) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), hour, minute, 0, 0, day.Location())
}

// monthFrom is the first day of the month m months from day's.
func monthFrom(day time.Time, m int) time.Time {
	return time.Date(day.Year(), day.Month()+time.Month(m), 1, 0, 0, 0, 0, day.Location())
}

// nthWeekday is the nth weekday of the month that starts on first.
func nthWeekday(first time.Time, weekday time.Weekday, n int) time.Time {
	offset := (int(weekday) - int(first.Weekday()) + 7) % 7
	return first.AddDate(0, 0, offset+7*(n-1))
}

// weekdayOnOrAfter moves a Saturday or Sunday to the Monday after.
func weekdayOnOrAfter(day time.Time) time.Time {
	switch day.Weekday() {
	case time.Saturday:
		return day.AddDate(0, 0, 2)
	case time.Sunday:
		return day.AddDate(0, 0, 1)
	}
	return day
}
