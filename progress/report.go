package progress

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/report"
)

// statusLabels are the plan's words for each status.
var statusLabels = map[followup.Status]string{
	followup.NotStarted: "Ej påbörjad",
	followup.DueSoon:    "Snart",
	followup.Done:       "Klar",
	followup.Overdue:    "Försenad",
	followup.Missed:     "Missad period",
	followup.Logged:     "Loggad",
}

var months = []string{"Januari", "Februari", "Mars", "April", "Maj", "Juni", "Juli", "Augusti", "September", "Oktober", "November", "December"}

// DeadlineLabel says a deadline as the plan does: "December 2024",
// "Fortlöpande", "Vid behov"; a date deadline as its day, 2024-10-03.
func DeadlineLabel(a *ent.Action) string {
	switch a.DeadlineKind {
	case action.DeadlineKindContinuous:
		return "Fortlöpande"
	case action.DeadlineKindWhenNeeded:
		return "Vid behov"
	case action.DeadlineKindDate:
		if a.DueDate != nil {
			return *a.DueDate
		}
		return ""
	}
	if a.DueMonth != nil {
		if t, err := time.Parse("2006-01", *a.DueMonth); err == nil {
			return months[t.Month()-1] + " " + strconv.Itoa(t.Year())
		}
	}
	return ""
}

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
			Deadline: DeadlineLabel(a), Check: check(it, ps.AsOf), Status: statusLabels[it.Result.Status],
		}
		if a.Number != nil {
			row.Number = strconv.Itoa(*a.Number)
		}
		r.Areas[i].Rows = append(r.Areas[i].Rows, row)
	}
	for _, it := range ps.Overdue {
		a := it.Action
		o := report.OverdueItem{Area: byArea[a.AreaID] + 1, Text: a.Text, Responsible: a.Edges.Responsible.Name,
			Deadline: DeadlineLabel(a), Status: statusLabels[it.Result.Status]}
		if it.Result.Status != followup.Overdue && it.Result.Missed > 0 {
			o.Status = statusLabels[followup.Missed]
		}
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
func check(it Item, asOf time.Time) string {
	if it.Result.Shares != nil {
		return sharedCheck(it)
	}
	var live []*ent.SignOff
	for _, s := range it.Action.Edges.SignOffs {
		if s.WithdrawnAt == nil && s.DoneOn <= asOf.In(followup.Location()).Format(time.DateOnly) {
			live = append(live, s)
		}
	}
	signed := func(s *ent.SignOff) string {
		if u, err := s.Edges.SignerOrErr(); err == nil && u.Name != "" {
			return s.DoneOn + " (" + u.Name + ")"
		}
		return s.DoneOn
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
		last := live[0]
		for _, s := range live {
			if s.DoneOn > last.DoneOn {
				last = s
			}
		}
		return fmt.Sprintf("%d gånger, senast %s", len(live), signed(last))
	}
	if len(live) > 0 {
		return signed(live[0])
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
		return fmt.Sprintf("%d gånger; %s", it.Result.Logged, ShareLabel(scope, *it.Result.Shares))
	}
	return ShareLabel(scope, *it.Result.Shares)
}

// BoardReport reads a plan's board report as of the end of day.
func BoardReport(ctx context.Context, client *ent.Client, planID int, day, now time.Time) (*report.Report, error) {
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
	return r, nil
}
