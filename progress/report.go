package progress

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/plan"
	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/report"
)

// Report is the board's report of ps: the plan's table with its last
// column, "Kontroll utfört, datum", filled from the sign-offs. The plan
// status must be loaded by Plan (sign-offs with signers).
func Report(ps *PlanStatus, dept *ent.Department, now time.Time) *report.Report {
	p := ps.Plan
	r := &report.Report{
		Title: p.Title, RegistryNumber: p.RegistryNumber, Department: dept.Name, Municipality: dept.Municipality,
		AsOf: ps.AsOf, GeneratedAt: now, Totals: summary(ps.Counts),
	}
	byArea := map[int]int{}
	for i, as := range ps.Areas {
		byArea[as.Area.ID] = i
		r.Areas = append(r.Areas, report.Area{
			Number: i + 1, Title: as.Area.Title, Purpose: as.Area.Purpose, Note: as.Area.Note, Summary: summary(as.Counts),
		})
	}
	for _, it := range ps.Items {
		a := it.Action
		i := byArea[a.AreaID]
		row := report.Row{
			SubAction: a.ParentID != nil, Text: a.Text, Responsible: a.Edges.Responsible.Name,
			Deadline: DeadlineLabel(a), Check: check(it, ps.AsOf), Status: it.Result.Status.Label(),
		}
		if a.Number != nil {
			row.Number = strconv.Itoa(*a.Number)
		}
		r.Areas[i].Rows = append(r.Areas[i].Rows, row)
	}
	for _, it := range ps.Overdue {
		a := it.Action
		o := report.OverdueItem{Area: byArea[a.AreaID] + 1, Text: a.Text, Responsible: a.Edges.Responsible.Name,
			Deadline: DeadlineLabel(a), Status: it.Result.Status.Label()}
		if a.Number != nil {
			o.Number = strconv.Itoa(*a.Number)
		}
		r.Overdue = append(r.Overdue, o)
	}
	return r
}

func summary(c Counts) report.Summary {
	return report.Summary{Total: c.Total, Done: c.Done + c.Logged, Overdue: c.Overdue, DueSoon: c.DueSoon, NotStarted: c.NotStarted}
}

// ShareLabel says a shared duty's tally in Swedish: "7 av 12 enheter",
// "1 av 1 person".
func ShareLabel(scope action.Scope, t followup.Tally) string {
	one, many := "enhet", "enheter"
	if scope == action.ScopeEachPerson {
		one, many = "person", "personer"
	}
	word := many
	if t.Total == 1 {
		word = one
	}
	return fmt.Sprintf("%d av %d %s", t.Done, t.Total, word)
}

// check fills "Kontroll utfört, datum" from the live sign-offs done by asOf;
// for a shared duty, with how many of those it covers have done their part.
// Days are said as everywhere else: "2 november 2024 (Elin Enhetschef)".
func check(it Item, asOf time.Time) string {
	if it.Result.Shares != nil {
		return sharedCheck(it)
	}
	live := liveBy(it.Action.Edges.SignOffs, asOf)
	signed := func(s *ent.SignOff) string {
		day := followup.DayLabel(s.DoneOn)
		if u, err := s.Edges.SignerOrErr(); err == nil && u.Name != "" {
			return day + " (" + u.Name + ")"
		}
		return day
	}
	switch it.Result.Kind {
	case followup.KindContinuous:
		var parts []string
		for _, ps := range it.Result.Periods {
			switch ps.Status {
			case followup.Done:
				for _, s := range live {
					if s.Period == ps.Period.Key {
						parts = append(parts, ps.Period.Label+": "+signed(s))
						break
					}
				}
			case followup.Missed:
				parts = append(parts, ps.Period.Label+": missad")
			}
		}
		return strings.Join(parts, "; ")
	case followup.KindWhenNeeded:
		if len(live) == 0 {
			return ""
		}
		return followup.Times(len(live)) + ", senast " + signed(latest(live))
	}
	if len(live) > 0 {
		return signed(latest(live))
	}
	return ""
}

// liveBy keeps the sign-offs not withdrawn and done by asOf's day.
func liveBy(signOffs []*ent.SignOff, asOf time.Time) []*ent.SignOff {
	day := asOf.In(followup.Location()).Format(time.DateOnly)
	var live []*ent.SignOff
	for _, s := range signOffs {
		if s.WithdrawnAt == nil && s.DoneOn <= day {
			live = append(live, s)
		}
	}
	return live
}

// latest is the sign-off done last; nil for none.
func latest(signOffs []*ent.SignOff) *ent.SignOff {
	var last *ent.SignOff
	for _, s := range signOffs {
		if last == nil || s.DoneOn > last.DoneOn {
			last = s
		}
	}
	return last
}

// lastSignedOn is "Kontroll utförd" of an item, as a day (YYYY-MM-DD): the
// day of its latest live sign-off done by asOf, among those loaded with
// the action; for a shared duty only once every part is done (or, when
// needed, logged), since one unit's sign-off does not check the whole.
// Empty when there is none.
func lastSignedOn(it *Item, asOf time.Time) string {
	if it.Result.Shares != nil && it.Result.Status != followup.Done && it.Result.Status != followup.Logged {
		return ""
	}
	if s := latest(liveBy(it.Action.Edges.SignOffs, asOf)); s != nil {
		return s.DoneOn
	}
	return ""
}

// sharedCheck is check for a shared duty: the tally of the deadline, or of
// each period ("HT 2024: 7 av 12 enheter").
func sharedCheck(it Item) string {
	scope := it.Action.Scope
	switch it.Result.Kind {
	case followup.KindContinuous:
		var parts []string
		for _, ps := range it.Result.Periods {
			if ps.Shares != nil {
				parts = append(parts, ps.Period.Label+": "+ShareLabel(scope, *ps.Shares))
			}
		}
		return strings.Join(parts, "; ")
	case followup.KindWhenNeeded:
		return followup.Times(it.Result.Logged) + "; " + ShareLabel(scope, *it.Result.Shares)
	}
	return ShareLabel(scope, *it.Result.Shares)
}

// BoardReport reads a plan's board report as of the end of day. A draft has
// none (not found): it is not in force, and reaches the board once adopted.
func BoardReport(ctx context.Context, client *ent.Client, planID int, day, now time.Time) (*report.Report, error) {
	draft, err := client.Plan.Query().Where(plan.ID(planID), plan.StatusEQ(plan.StatusDraft)).Exist(ctx)
	if err != nil {
		return nil, err
	}
	if draft {
		return nil, &ent.NotFoundError{}
	}
	asOf := day.AddDate(0, 0, 1).Add(-time.Nanosecond)
	ps, err := Plan(ctx, client, planID, asOf)
	if err != nil {
		return nil, err
	}
	dept, err := ps.Plan.QueryDepartment().Only(ctx)
	if err != nil {
		return nil, err
	}
	r := Report(ps, dept, now)
	if err := addBoardReading(ctx, client, ps, r); err != nil {
		return nil, err
	}
	if ps.Plan.Status == plan.StatusAdopted {
		if r.YearWheel, err = reportYearWheel(ctx, client, ps.Plan, day); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// reportYearWheel is the year wheel of the report's year for its plan:
// the plan's deadlines and period ends with the department's meetings,
// visits, workshops and APT dates; the report's day marked.
func reportYearWheel(ctx context.Context, client *ent.Client, p *ent.Plan, day time.Time) (*report.YearWheel, error) {
	w, err := LoadYearWheel(ctx, client, p.DepartmentID, day.Year(), WheelFilter{PlanID: &p.ID})
	if err != nil {
		return nil, err
	}
	out := &report.YearWheel{Year: w.Year, Months: w.Months(), Today: day.Format(time.DateOnly)}
	for _, k := range EventKinds {
		out.Kinds = append(out.Kinds, report.WheelKind{Key: string(k), Label: k.Label()})
	}
	for _, e := range w.Events {
		out.Marks = append(out.Marks, report.WheelMark{Date: e.Date, Kind: slices.Index(EventKinds, e.Kind), Label: e.Label, URL: e.Link})
	}
	return out, nil
}
