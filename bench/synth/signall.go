package synth

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/area"
	entdepartment "github.com/handlingsplan/handlingsplan/ent/department"
	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/progress"
)

// SignAll gives every action of the synthetic department done once a
// history of sign-offs up to asOf, all by signer: a month or date deadline
// signed once, every past period of a continuous action signed (and the
// current one of every other action), and a when-needed action logged once
// per period. It is the department after a few years of follow-up, for
// showing that reading what is due today does not grow with that history.
// It returns how many sign-offs it stored. ctx must carry the system's
// authority (rule.SystemContext).
func SignAll(ctx context.Context, client *ent.Client, signer int, asOf time.Time) (int, error) {
	dept, err := client.Department.Query().Where(entdepartment.Slug(Slug)).OnlyID(ctx)
	if err != nil {
		return 0, fmt.Errorf("synth: the department %s: %w", Slug, err)
	}
	acts, err := client.Action.Query().
		Where(action.DepartmentID(dept), action.ScopeEQ(action.ScopeOnce)).
		WithArea(func(q *ent.AreaQuery) { q.Select(area.FieldPlanID).WithPlan() }).
		Order(ent.Asc(action.FieldID)).All(ctx)
	if err != nil {
		return 0, err
	}
	today := time.Date(asOf.Year(), asOf.Month(), asOf.Day(), 0, 0, 0, 0, followup.Location())
	day := func(t time.Time) string { return t.In(followup.Location()).Format(time.DateOnly) }
	var creates []*ent.SignOffCreate
	sign := func(a *ent.Action, slot, period string, on time.Time) {
		creates = append(creates, client.SignOff.Create().SetActionID(a.ID).SetDepartmentID(dept).
			SetSlot(slot).SetPeriod(period).SetDoneOn(day(on)).SetSignerID(signer).
			SetIdempotencyKey(fmt.Sprintf("synth-all-%d-%s", a.ID, slot)).SetCreatedAt(asOf))
	}
	for _, a := range acts {
		rules := progress.Rules(a.Edges.Area.Edges.Plan)
		start := rules.Start
		if start.IsZero() || !start.Before(today) {
			start = today.AddDate(-1, 0, 0)
		}
		periods := followup.Periods(rules.Cadence, start, today.AddDate(0, 0, 1))
		switch a.DeadlineKind {
		case action.DeadlineKindMonth, action.DeadlineKindDate:
			d := followup.Deadline{Kind: followup.Kind(a.DeadlineKind)}
			if a.DueMonth != nil {
				d.Month = *a.DueMonth
			}
			if a.DueDate != nil {
				d.Date = *a.DueDate
			}
			if due, ok := d.Due(); ok {
				sign(a, "once", "", earlier(due.AddDate(0, 0, -3), today))
			}
		case action.DeadlineKindContinuous:
			for i, p := range periods {
				if i == len(periods)-1 && a.ID%2 == 1 {
					break // the current period: every other action has not yet
				}
				sign(a, p.Key, p.Key, within(p, today))
			}
		default: // when needed: an occurrence per period
			for _, p := range periods {
				sign(a, "occurrence:synth-all-"+p.Key, "", within(p, today))
			}
		}
	}
	for chunk := range slices.Chunk(creates, bulk) {
		if err := client.SignOff.CreateBulk(chunk...).Exec(ctx); err != nil {
			return 0, err
		}
	}
	return len(creates), nil
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// within is a day of p by today: five days before its end, or today.
func within(p followup.Period, today time.Time) time.Time {
	on := earlier(p.End.AddDate(0, 0, -5), today)
	if on.Before(p.Start) {
		return p.Start
	}
	return on
}
