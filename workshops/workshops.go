// Package workshops follows the plan's workshops: the head of department
// creates them (two per term), employees register interest with their
// operation area and may cancel, and when registration closes the seats
// are allocated by package seating with a recorded seed. The stored
// registrations, the seed and the cancellations since are the whole input:
// every state is recomputed from them (seating.Allocate, then
// seating.Promote for each cancellation in order), so anyone can audit it.
package workshops

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/handlingsplan/handlingsplan/database/rowlock"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/operationarea"
	"github.com/handlingsplan/handlingsplan/ent/privacy"
	"github.com/handlingsplan/handlingsplan/ent/workshop"
	"github.com/handlingsplan/handlingsplan/ent/workshopregistration"
	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/notify/outbox"
	"github.com/handlingsplan/handlingsplan/seating"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// Input is a new workshop.
type Input struct {
	Topic, Date, Place                        string
	Capacity                                  int
	RegistrationOpensAt, RegistrationClosesAt time.Time
	Minimums                                  map[string]int // nil: the department's setting
}

// Create creates a workshop in the department. A capacity below the sum
// of the minimums is refused.
func Create(ctx context.Context, client *ent.Client, dept int, in Input) (*ent.Workshop, error) {
	if strings.TrimSpace(in.Topic) == "" {
		return nil, fault.Invalid("topic", "a workshop has a topic, announced in advance").
			Sv("Skriv workshoppens ämne. Det ska vara bestämt i förväg.")
	}
	if err := isDate("date", in.Date); err != nil {
		return nil, err
	}
	if in.Capacity < 1 {
		return nil, fault.Invalid("capacity", "a workshop has at least one seat").
			Sv("En workshop behöver minst en plats.")
	}
	if !in.RegistrationOpensAt.Before(in.RegistrationClosesAt) {
		return nil, fault.Invalid("registrationClosesAt", "registration must close after it opens").
			Sv("Anmälan måste stänga efter att den har öppnat.")
	}
	d, err := client.Department.Get(ctx, dept)
	if ent.IsNotFound(err) {
		return nil, noDepartment // another department's, or none
	}
	if err != nil {
		return nil, err
	}
	minimums := in.Minimums
	if minimums == nil {
		minimums = maps.Clone(d.WorkshopMinimums)
	}
	if minimums == nil {
		minimums = map[string]int{}
	}
	codes, err := client.OperationArea.Query().Where(operationarea.DepartmentID(dept)).Select(operationarea.FieldCode).Strings(ctx)
	if err != nil {
		return nil, err
	}
	for _, code := range slices.Sorted(maps.Keys(minimums)) {
		if !slices.Contains(codes, code) {
			return nil, fault.Invalid("minimums", "unknown operation area %q", code).
				Sv("Förvaltningen har inget verksamhetsområde som heter %q.", code)
		}
	}
	if err := seating.ValidateCapacity(in.Capacity, minimums); err != nil {
		sum := 0
		for _, n := range minimums {
			sum += n
		}
		if errors.Is(err, seating.ErrCapacityBelowMinimums) {
			return nil, fault.Invalid("capacity", "capacity %d is below the sum of the operation areas' minimums (%d)", in.Capacity, sum).
				Sv("%s räcker inte: verksamhetsområdenas minsta antal platser är tillsammans %d. Ge workshoppen minst %d platser, eller sänk något områdes minsta antal.",
					capitalise(seats(in.Capacity)), sum, sum)
		}
		return nil, fault.Invalid("minimums", "%v", err).
			Sv("Minsta antal platser per verksamhetsområde måste vara 0 eller fler.")
	}
	return client.Workshop.Create().SetDepartmentID(dept).SetTopic(in.Topic).SetDate(in.Date).SetPlace(in.Place).
		SetCapacity(in.Capacity).SetRegistrationOpensAt(in.RegistrationOpensAt).SetRegistrationClosesAt(in.RegistrationClosesAt).
		SetMinimums(minimums).Save(ctx)
}

// Open reports whether registration for w is open at now: from its
// opening to its closing, and not after its seats are allocated.
func Open(w *ent.Workshop, now time.Time) bool {
	return w.AllocatedAt == nil && !now.Before(w.RegistrationOpensAt) && now.Before(w.RegistrationClosesAt)
}

// Register records the viewer's interest in a workshop, with their
// operation area, while registration is open. Registering again after
// cancelling reopens the registration.
func Register(ctx context.Context, client *ent.Client, workshopID, areaID int, now time.Time) (*ent.WorkshopRegistration, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, fault.ErrUnauthenticated
	}
	w, err := lock(ctx, client, workshopID)
	if err != nil {
		return nil, notFoundAs(err, "workshopID", "workshop", "Workshoppen")
	}
	if !Open(w, now) {
		say := "Anmälan stängde " + followup.TimeLabel(w.RegistrationClosesAt) + "."
		switch {
		case w.AllocatedAt != nil:
			say = "Anmälan är stängd: platserna är redan fördelade."
		case now.Before(w.RegistrationOpensAt):
			say = "Anmälan har inte öppnat än. Den öppnar " + followup.TimeLabel(w.RegistrationOpensAt) + "."
		}
		return nil, fault.Invalid("workshopID", "registration is not open (%s to %s)",
			local(w.RegistrationOpensAt), local(w.RegistrationClosesAt)).Sv("%s", say)
	}
	oa, err := client.OperationArea.Get(ctx, areaID)
	if err != nil || oa.DepartmentID != w.DepartmentID {
		return nil, fault.NoSuch("operationAreaID", "operation area").
			Sv("Verksamhetsområdet finns inte i förvaltningen. Välj ett av förvaltningens områden.")
	}
	prev, err := client.WorkshopRegistration.Query().
		Where(workshopregistration.WorkshopID(w.ID), workshopregistration.UserID(v.UserID)).Only(ctx)
	switch {
	case err == nil && prev.CancelledAt == nil:
		return nil, fault.Conflictf("you have already registered").
			Sv("Du är redan intresseanmäld till den här workshoppen.").With("workshopRegistrationID", prev.ID)
	case err == nil:
		return client.WorkshopRegistration.UpdateOne(prev).ClearCancelledAt().
			SetState(workshopregistration.StateRegistered).SetOperationAreaID(oa.ID).Save(ctx)
	case !ent.IsNotFound(err):
		return nil, err
	}
	return client.WorkshopRegistration.Create().SetDepartmentID(w.DepartmentID).SetWorkshopID(w.ID).
		SetUserID(v.UserID).SetOperationAreaID(oa.ID).SetCreatedAt(now).Save(ctx)
}

// Cancel withdraws a registration. After allocation, a cancelled seat goes
// to the waitlist (seating.Promote).
func Cancel(ctx context.Context, client *ent.Client, id int, now time.Time) (*ent.WorkshopRegistration, error) {
	r, err := client.WorkshopRegistration.Get(ctx, id)
	if err != nil {
		return nil, notFoundAs(err, "id", "workshop registration", "Anmälan")
	}
	w, err := lock(ctx, client, r.WorkshopID)
	if err != nil {
		return nil, err
	}
	// Read again under the lock: a concurrent call may have cancelled it.
	if r, err = client.WorkshopRegistration.Get(ctx, id); err != nil {
		return nil, err
	}
	if r.CancelledAt != nil {
		return r, nil
	}
	r, err = client.WorkshopRegistration.UpdateOne(r).SetCancelledAt(now).
		SetState(workshopregistration.StateCancelled).ClearWaitlistPosition().Save(ctx)
	if err != nil {
		return nil, err
	}
	if w.AllocatedAt != nil && r.InDraw {
		// The promotion follows from the cancellation, which the viewer
		// may make; the audit trail names them.
		if _, err := recompute(privacy.DecisionContext(ctx, privacy.Allow), client, w); err != nil {
			return nil, err
		}
	}
	return client.WorkshopRegistration.Get(ctx, r.ID)
}

// Allocate closes registration (now, if it is still open) and allocates
// the seats with seed, or with a random seed when nil; the seed is
// recorded. It returns the explanation lines.
func Allocate(ctx context.Context, client *ent.Client, workshopID int, seed *int64, now time.Time) (*ent.Workshop, error) {
	w, err := lock(ctx, client, workshopID)
	if err != nil {
		return nil, notFoundAs(err, "workshopID", "workshop", "Workshoppen")
	}
	if w.AllocatedAt != nil {
		return nil, fault.Conflictf("the seats were already allocated at %s", local(*w.AllocatedAt)).
			Sv("Platserna är redan fördelade (%s).", followup.TimeLabel(*w.AllocatedAt)).
			With("workshopID", w.ID)
	}
	if seed == nil {
		var b [8]byte
		if _, err := rand.Read(b[:]); err != nil {
			return nil, err
		}
		s := int64(binary.BigEndian.Uint64(b[:]) >> 33) // fits a GraphQL Int
		seed = &s
	}
	upd := client.Workshop.UpdateOne(w).SetSeed(*seed).SetAllocatedAt(now)
	if now.Before(w.RegistrationClosesAt) {
		upd.SetRegistrationClosesAt(now)
	}
	if w, err = upd.Save(ctx); err != nil {
		return nil, err
	}
	regs, err := client.WorkshopRegistration.Query().
		Where(workshopregistration.WorkshopID(w.ID), workshopregistration.CancelledAtIsNil()).All(ctx)
	if err != nil {
		return nil, err
	}
	attended, err := attendedThisTerm(ctx, client, w)
	if err != nil {
		return nil, err
	}
	for _, r := range regs {
		if err := client.WorkshopRegistration.UpdateOne(r).SetInDraw(true).SetAttendedThisTerm(attended[r.UserID]).Exec(ctx); err != nil {
			return nil, err
		}
	}
	return recompute(ctx, client, w)
}

// Seated counts the seats taken at w, over everyone's registrations:
// a number anyone who sees the workshop may know, though only its
// organisers read who has them.
func Seated(ctx context.Context, client *ent.Client, w *ent.Workshop) (int, error) {
	if w.AllocatedAt == nil {
		return 0, nil
	}
	return client.WorkshopRegistration.Query().
		Where(workshopregistration.WorkshopID(w.ID), workshopregistration.StateEQ(workshopregistration.StateSeated)).
		Count(privacy.DecisionContext(ctx, privacy.Allow))
}

// lock reads a workshop and locks it until the mutation's transaction
// ends. Registering, cancelling and allocating take it first, so each sees
// what the one before it wrote: one allocation wins (the others are told
// it was done, CONFLICT), no registration slips in beside an allocation,
// and each cancellation promotes from the waitlist left by the last.
func lock(ctx context.Context, client *ent.Client, id int) (*ent.Workshop, error) {
	return client.Workshop.Query().Where(workshop.ID(id)).Modify(rowlock.Lock).Only(ctx)
}

// attendedThisTerm returns the users seated at another workshop of the
// department in the same term, allocated before this one.
func attendedThisTerm(ctx context.Context, client *ent.Client, w *ent.Workshop) (map[int]bool, error) {
	out := map[int]bool{}
	day, err := time.ParseInLocation(time.DateOnly, w.Date, followup.Location())
	if err != nil {
		return out, nil
	}
	term, ok := followup.PeriodAt(followup.Term, day)
	if !ok {
		return out, nil
	}
	users, err := client.WorkshopRegistration.Query().
		Where(workshopregistration.DepartmentID(w.DepartmentID), workshopregistration.WorkshopIDNEQ(w.ID),
			workshopregistration.StateEQ(workshopregistration.StateSeated),
			workshopregistration.HasWorkshopWith(
				workshop.DateGTE(term.Start.Format(time.DateOnly)),
				workshop.DateLT(term.End.In(followup.Location()).Format(time.DateOnly)),
				workshop.AllocatedAtNotNil())).
		Select(workshopregistration.FieldUserID).Ints(ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		out[u] = true
	}
	return out, nil
}

// Allocation recomputes the workshop's allocation from what is stored:
// the registrations in the draw, the seed, and the cancellations since, in
// the order they were made.
func Allocation(ctx context.Context, client *ent.Client, w *ent.Workshop) (seating.Result, []*ent.WorkshopRegistration, error) {
	regs, err := client.WorkshopRegistration.Query().
		Where(workshopregistration.WorkshopID(w.ID), workshopregistration.InDraw(true)).
		WithOperationArea().All(ctx)
	if err != nil {
		return seating.Result{}, nil, err
	}
	in := seating.Input{Capacity: w.Capacity, Minimums: w.Minimums, Seed: deref(w.Seed)}
	var cancelled []*ent.WorkshopRegistration
	for _, r := range regs {
		in.Applicants = append(in.Applicants, seating.Applicant{
			ID: r.ID, Area: r.Edges.OperationArea.Code, AppliedAt: r.CreatedAt, AttendedThisTerm: r.AttendedThisTerm,
		})
		if r.CancelledAt != nil {
			cancelled = append(cancelled, r)
		}
	}
	res, err := seating.Allocate(in)
	if err != nil {
		return seating.Result{}, nil, fault.Invalid("capacity", "%v", err).
			Sv("Platserna går inte att fördela: antalet platser räcker inte till verksamhetsområdenas minsta antal.")
	}
	slices.SortFunc(cancelled, func(a, b *ent.WorkshopRegistration) int {
		return cmp.Or(a.CancelledAt.Compare(*b.CancelledAt), cmp.Compare(a.ID, b.ID))
	})
	for _, r := range cancelled {
		res, _ = seating.Promote(res, r.ID)
	}
	return res, regs, nil
}

// recompute stores the allocation: each registration's state and waitlist
// place, and the workshop's explanation.
func recompute(ctx context.Context, client *ent.Client, w *ent.Workshop) (*ent.Workshop, error) {
	res, regs, err := Allocation(ctx, client, w)
	if err != nil {
		return nil, err
	}
	type place struct {
		state    workshopregistration.State
		position *int
		reason   string
	}
	want := map[int]place{}
	for _, s := range res.Seated {
		want[s.ApplicantID] = place{state: workshopregistration.StateSeated, reason: s.Reason}
	}
	for i, id := range res.Waitlist {
		want[id] = place{state: workshopregistration.StateWaitlisted, position: &i}
	}
	for _, r := range regs {
		p, ok := want[r.ID]
		if !ok || r.CancelledAt != nil {
			p = place{state: workshopregistration.StateCancelled}
		}
		var pos *int
		if p.position != nil {
			n := *p.position + 1
			pos = &n
		}
		if r.State == p.state && equal(r.WaitlistPosition, pos) && r.SeatReason == p.reason {
			continue
		}
		upd := client.WorkshopRegistration.UpdateOne(r).SetState(p.state).SetSeatReason(p.reason)
		if pos == nil {
			upd.ClearWaitlistPosition()
		} else {
			upd.SetWaitlistPosition(*pos)
		}
		if err := upd.Exec(ctx); err != nil {
			return nil, err
		}
		if err := tellOfPlace(ctx, client, w, r, p.state, pos); err != nil {
			return nil, err
		}
	}
	return client.Workshop.UpdateOne(w).SetExplanation(res.Explanation).Save(ctx)
}

// tellOfPlace records, in the allocation's transaction, a mail to a person
// who got a seat (at the allocation, or moved up from the waitlist) or a
// place on the waitlist: once per workshop and outcome (package outbox).
func tellOfPlace(ctx context.Context, client *ent.Client, w *ent.Workshop, r *ent.WorkshopRegistration, state workshopregistration.State, pos *int) error {
	if r.CancelledAt != nil || r.State == state {
		return nil
	}
	e := outbox.Event{UserID: r.UserID, DepartmentID: w.DepartmentID, Occasion: fmt.Sprintf("workshop:%d:%s", w.ID, state),
		Item: w.Topic + ", " + followup.DayLabel(w.Date), Path: "/workshops"}
	if w.Place != "" {
		e.Item += ", " + w.Place
	}
	switch {
	case state == workshopregistration.StateSeated && r.State == workshopregistration.StateWaitlisted:
		e.Subject, e.Lead = "Du har fått en plats på workshoppen", "En plats blev ledig och du har flyttats upp från väntelistan. Du har nu en plats på workshoppen."
	case state == workshopregistration.StateSeated:
		e.Subject, e.Lead = "Du har fått en plats på workshoppen", "Platserna är fördelade och du har fått en plats på workshoppen."
	case state == workshopregistration.StateWaitlisted && pos != nil && r.State == workshopregistration.StateRegistered:
		e.Subject, e.Lead = "Du står på väntelistan till workshoppen", fmt.Sprintf("Platserna är fördelade. Du står som nummer %d på väntelistan och får ett brev om en plats blir ledig.", *pos)
	default:
		return nil
	}
	return outbox.Add(ctx, client, e)
}

// Term is one term's workshops, and whether the plan's two per term are met.
type Term struct {
	Period    followup.Period
	Workshops []*ent.Workshop
}

// PerTerm is how many workshops the plan asks for each term.
const PerTerm = 2

// Terms lists every term from from to to (YYYY-MM-DD, inclusive) with the
// department's workshops in it.
func Terms(ctx context.Context, client *ent.Client, dept int, from, to string) ([]Term, error) {
	if err := isDate("from", from); err != nil {
		return nil, err
	}
	if err := isDate("to", to); err != nil {
		return nil, err
	}
	start, _ := time.ParseInLocation(time.DateOnly, from, followup.Location())
	end, _ := time.ParseInLocation(time.DateOnly, to, followup.Location())
	if end.Before(start) {
		return nil, fault.Invalid("to", "%s is before %s", to, from).
			Sv("Slutdagen %s är före startdagen %s.", followup.DayLabel(to), followup.DayLabel(from))
	}
	ws, err := client.Workshop.Query().Where(workshop.DepartmentID(dept)).Order(workshop.ByDate()).All(ctx)
	if err != nil {
		return nil, err
	}
	var out []Term
	for _, p := range followup.Periods(followup.Term, start, end.AddDate(0, 0, 1)) {
		t := Term{Period: p, Workshops: []*ent.Workshop{}}
		for _, w := range ws {
			if day, err := time.ParseInLocation(time.DateOnly, w.Date, followup.Location()); err == nil && p.Contains(day) {
				t.Workshops = append(t.Workshops, w)
			}
		}
		out = append(out, t)
	}
	return out, nil
}

func local(t time.Time) string { return t.In(followup.Location()).Format("2006-01-02 15:04") }

func equal(a, b *int) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

// notFoundAs turns not found into NOT_FOUND on field: what (English) and
// sv (Swedish, "Workshoppen") name the row.
func notFoundAs(err error, field, what, sv string) error {
	if ent.IsNotFound(err) {
		return fault.NoSuch(field, what).Sv("%s finns inte, eller hör till en annan förvaltning.", sv)
	}
	return err
}

// noDepartment answers for a department the viewer does not belong to, as
// for one that does not exist.
var noDepartment = fault.ErrNotFound.Sv("Förvaltningen finns inte, eller så hör du inte till den.")

// isDate refuses a day that is not YYYY-MM-DD.
func isDate(field, day string) error {
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		return fault.Invalid(field, "%q is not a date in the form YYYY-MM-DD", day).
			Sv("%q är inget datum. Skriv det som år-månad-dag, till exempel 2024-11-02.", day)
	}
	return nil
}

// seats says a number of seats: "1 plats", "5 platser".
func seats(n int) string {
	if n == 1 {
		return "1 plats"
	}
	return fmt.Sprintf("%d platser", n)
}

// capitalise starts a sentence with a capital letter.
func capitalise(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return string(unicode.ToUpper(r[0])) + string(r[1:])
}
