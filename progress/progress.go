// Package progress applies the follow-up rules (package followup) to the
// plans in the database: the status of each action as of a date, what a
// viewer's roles answer for, a plan's roll-up, and the board's report. Each
// function reads with a constant number of SQL statements, whatever the
// number of actions.
package progress

import (
	"time"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/followup"
)

// Rules returns a plan's follow-up settings.
func Rules(p *ent.Plan) followup.Rules {
	cadence, err := followup.ParseCadence(string(p.FollowUpCadence))
	if err != nil {
		cadence = followup.Term
	}
	r := followup.Rules{Cadence: cadence, DueSoonDays: p.DueSoonDays}
	if start, err := time.ParseInLocation(time.DateOnly, p.AdoptedAt, followup.Location()); err == nil {
		r.Start = start
	}
	return r
}

// Evaluate gives an action's state as of asOf from its live sign-offs, all
// counting for the action as a whole (see EvaluateDuty for shared duties).
func Evaluate(p *ent.Plan, a *ent.Action, signOffs []*ent.SignOff, asOf time.Time) followup.Result {
	return followup.Evaluate(deadlineOf(a), Rules(p), followupSignOffs(signOffs), asOf)
}

// followupSignOffs are the live ones of signOffs as the follow-up rules see them.
func followupSignOffs(signOffs []*ent.SignOff) []followup.SignOff {
	var done []followup.SignOff
	for _, s := range signOffs {
		if fs, ok := followupSignOff(s); ok {
			done = append(done, fs)
		}
	}
	return done
}

// DeadlineLabel says an action's deadline as the plan does: "December
// 2024", "Fortlöpande", "Vid behov", "7 december 2026".
func DeadlineLabel(a *ent.Action) string { return deadlineOf(a).Label() }

// DueLabel says what of an action is due next ("VT 2027,
// senast 30 juni 2027"); see followup.DueLabel.
func DueLabel(it *Item) string {
	return followup.DueLabel(deadlineOf(it.Action), Rules(it.Plan), it.Result)
}

func deadlineOf(a *ent.Action) followup.Deadline {
	d := followup.Deadline{Kind: followup.Kind(a.DeadlineKind)}
	if a.DueMonth != nil {
		d.Month = *a.DueMonth
	}
	if a.DueDate != nil {
		d.Date = *a.DueDate
	}
	return d
}

// followupSignOff is a live sign-off as the follow-up rules see it.
func followupSignOff(s *ent.SignOff) (followup.SignOff, bool) {
	if s.WithdrawnAt != nil {
		return followup.SignOff{}, false
	}
	day, err := time.ParseInLocation(time.DateOnly, s.DoneOn, followup.Location())
	if err != nil {
		return followup.SignOff{}, false
	}
	return followup.SignOff{Period: s.Period, DoneOn: day}, true
}

// Counts tally statuses. Each action counts once, by its status, so
// Done + Overdue + DueSoon + NotStarted + Logged is Total.
type Counts struct {
	Total, Done, DueSoon, NotStarted, Logged int
	// Overdue counts every action behind (followup.Status.Behind): a
	// deadline passed, or a period missed and the current one not done. It
	// is the length of PlanStatus.Overdue.
	Overdue int
	// Missed counts those of Overdue that are behind on a missed period.
	Missed int
}

// Add counts one action's status.
func (c *Counts) Add(r followup.Result) {
	c.Total++
	switch r.Status {
	case followup.Done:
		c.Done++
	case followup.Overdue:
		c.Overdue++
	case followup.Missed:
		c.Overdue++
		c.Missed++
	case followup.DueSoon:
		c.DueSoon++
	case followup.Logged:
		c.Logged++
	default:
		c.NotStarted++
	}
}

// ShareDone is the share of actions done or, for when-needed ones, logged.
func (c Counts) ShareDone() float64 {
	if c.Total == 0 {
		return 0
	}
	return float64(c.Done+c.Logged) / float64(c.Total)
}
