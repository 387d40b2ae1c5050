package followup

import "time"

// Kind is how an action's deadline ("klart när?") is given; the spellings
// are those of the API's ActionDeadlineKind.
type Kind string

const (
	KindMonth      Kind = "month"       // done by the end of a month ("December 2024")
	KindContinuous Kind = "continuous"  // Fortlöpande: followed up period by period, never finished
	KindWhenNeeded Kind = "when_needed" // Vid behov: logged each time it happens
	KindDate       Kind = "date"        // done by the end of a day, e.g. a report-back at the next APT
)

// Deadline is an action's deadline.
type Deadline struct {
	Kind  Kind
	Month string // "YYYY-MM" when Kind is KindMonth
	Date  string // "YYYY-MM-DD" when Kind is KindDate
}

// Due returns when a month or date deadline falls: the first instant after
// the month or day, Stockholm time, from which an action without a sign-off
// is overdue. It reports false for the other kinds and for a malformed
// month or date.
func (d Deadline) Due() (time.Time, bool) {
	if d.Kind == KindDate {
		day, err := time.ParseInLocation(time.DateOnly, d.Date, stockholm)
		if err != nil {
			return time.Time{}, false
		}
		return day.AddDate(0, 0, 1), true
	}
	if d.Kind != KindMonth {
		return time.Time{}, false
	}
	s, ok := parseKey(Month, d.Month) // a month key is spelled "YYYY-MM" too
	if !ok {
		return time.Time{}, false
	}
	return s.end(), true
}

// SignOff is a confirmation that an action was done ("kontroll utfört,
// datum"). Withdrawn sign-offs are left out by the caller.
type SignOff struct {
	// Period is the key of the follow-up period a continuous action's
	// sign-off is for; "" for month and when-needed actions.
	Period string
	// DoneOn is the day the work was done; only its date in Stockholm counts.
	DoneOn time.Time
}

// Status is the state of an action, or of one period of a continuous
// action, as of a date.
type Status string

const (
	NotStarted Status = "not_started" // open, and not yet due soon
	DueSoon    Status = "due_soon"    // open, and due within Rules.DueSoonDays
	Done       Status = "done"        // signed off (for a continuous action: in the period)
	Overdue    Status = "overdue"     // a month deadline that passed without a sign-off
	Missed     Status = "missed"      // a period that ended without a sign-off; of an action: see Result.Status
	Logged     Status = "logged"      // a when-needed action with at least one occurrence
)

// Behind reports whether an action in this status is late: a deadline that
// passed (Overdue) or a period missed and not made up by doing the current
// one (Missed). It is the one definition of "försenad" that every count,
// list and report uses.
func (s Status) Behind() bool { return s == Overdue || s == Missed }

// PeriodState is one period of a continuous action: Done, Missed, or, for
// the current period while it is open, DueSoon or NotStarted.
type PeriodState struct {
	Period   Period
	Status   Status
	SignedOn *time.Time // the first sign-off in the period, if any (shared: the last share's)
	Shares   *Tally     // shared duties: who has done the period; nil for a duty done once
}

// Rules are a plan's follow-up settings.
type Rules struct {
	// Cadence of the periods of continuous actions; the zero value is Term.
	Cadence Cadence
	// DueSoonDays is how many days before a deadline an open action counts
	// as due soon: 14 makes December due soon from 18 December. Zero or less
	// turns it off.
	DueSoonDays int
	// Start is when follow-up begins, e.g. the day the plan was adopted: the
	// period containing it is the first counted. When zero, only the current
	// period counts.
	Start time.Time
}

// Result is what Evaluate finds.
type Result struct {
	Kind Kind
	// Status is where the action stands. For a continuous action it is the
	// current period's, except that a missed period makes an open current
	// one Missed: the action is behind until the current period is done.
	Status Status
	// Due is when the action is (next) due: the month's end, or the end of
	// the current period.
	// Nil for when-needed actions.
	Due *time.Time
	// Periods are, for continuous actions, every period from Rules.Start up
	// to and including the current one.
	Periods []PeriodState
	Missed  int // continuous: periods that ended without a sign-off
	Logged  int // when-needed: number of occurrences
	// Shares counts, for a shared duty (EvaluateShared), the covered units
	// or people done with the deadline or the latest period; nil for a duty
	// done once.
	Shares *Tally
}

// Evaluate says what state an action with deadline d is in as of asOf.
// Sign-offs done after asOf's day have not happened yet as of asOf and are
// ignored, so a past date gives the state as it was then. An unknown kind
// or cadence, or a malformed month, gives NotStarted.
func Evaluate(d Deadline, r Rules, signOffs []SignOff, asOf time.Time) Result {
	return NewCalendar(r, asOf).Evaluate(d, signOffs)
}

// A Calendar is a plan's rules as of one date, with the periods of its
// continuous actions worked out once: evaluating many actions of a plan
// with one costs no more per action than reading its sign-offs.
type Calendar struct {
	rules Rules
	asOf  time.Time
	day   time.Time // asOf's civil day
	// periods are those from Rules.Start up to and including the current
	// one (ok: the cadence is known); due is when the current one ends, or
	// the first one while follow-up has not begun.
	ok      bool
	periods []Period
	due     time.Time
}

// NewCalendar returns r's calendar as of asOf.
func NewCalendar(r Rules, asOf time.Time) *Calendar {
	c := &Calendar{rules: r, asOf: asOf, day: civilDay(asOf)}
	cadence, ok := r.Cadence.resolve()
	if !ok {
		return c
	}
	c.ok = true
	latest := slotAt(cadence, asOf)
	c.due = latest.period().End
	from := r.Start
	if from.IsZero() {
		from = latest.period().Start
	}
	c.periods = Periods(cadence, from, c.due)
	if len(c.periods) == 0 {
		c.due = slotAt(cadence, r.Start).period().End // the first period is still ahead
	}
	return c
}

// Evaluate is the package's Evaluate of deadline d as of the calendar's
// date.
func (c *Calendar) Evaluate(d Deadline, signOffs []SignOff) Result {
	done := c.doneBy(signOffs)
	switch d.Kind {
	case KindMonth, KindDate:
		return evaluateMonth(d, c.rules, done, c.asOf)
	case KindContinuous:
		return c.evaluateContinuous(done)
	case KindWhenNeeded:
		res := Result{Kind: d.Kind, Status: NotStarted, Logged: len(done)}
		if len(done) > 0 {
			res.Status = Logged
		}
		return res
	}
	return Result{Kind: d.Kind, Status: NotStarted}
}

// doneBy keeps the sign-offs done on or before the calendar's day.
func (c *Calendar) doneBy(signOffs []SignOff) []SignOff {
	var done []SignOff
	for _, s := range signOffs {
		if !civilDay(s.DoneOn).After(c.day) {
			done = append(done, s)
		}
	}
	return done
}

// evaluateMonth: one sign-off completes the action whenever it was made, be
// it early or late. A date deadline is followed up the same way.
func evaluateMonth(d Deadline, r Rules, done []SignOff, asOf time.Time) Result {
	res := Result{Kind: d.Kind, Status: NotStarted}
	due, ok := d.Due()
	if !ok {
		return res
	}
	res.Due = &due
	switch {
	case len(done) > 0:
		res.Status = Done
	case !asOf.Before(due):
		res.Status = Overdue
	case dueSoon(due, r.DueSoonDays, asOf):
		res.Status = DueSoon
	}
	return res
}

// evaluateContinuous follows the action up period by period. A sign-off
// counts for a period when it names the period's key and was done within
// it; one for another period, or dated outside its own, counts for none.
func (c *Calendar) evaluateContinuous(done []SignOff) Result {
	res := Result{Kind: KindContinuous, Status: NotStarted}
	if !c.ok {
		return res
	}
	due := c.due
	res.Due = &due
	if len(c.periods) == 0 {
		return res // follow-up has not begun: the first period is still ahead
	}
	res.Periods = make([]PeriodState, len(c.periods))
	for i, p := range c.periods {
		st := PeriodState{Period: p, Status: NotStarted}
		switch on := signedIn(p, done); {
		case on != nil:
			st.Status, st.SignedOn = Done, on
		case !c.asOf.Before(p.End):
			st.Status = Missed
			res.Missed++
		case dueSoon(p.End, c.rules.DueSoonDays, c.asOf):
			st.Status = DueSoon
		}
		res.Periods[i] = st
	}
	res.Status = res.Periods[len(res.Periods)-1].Status
	res.settle()
	return res
}

// settle makes a continuous action whose current period is open Missed
// when an earlier period was missed.
func (r *Result) settle() {
	if r.Kind == KindContinuous && r.Missed > 0 && r.Status != Done {
		r.Status = Missed
	}
}

// signedIn returns the day of the first sign-off for period p, or nil.
func signedIn(p Period, done []SignOff) *time.Time {
	var first *time.Time
	for _, s := range done {
		if s.Period == p.Key && p.Contains(s.DoneOn) && (first == nil || s.DoneOn.Before(*first)) {
			on := s.DoneOn
			first = &on
		}
	}
	return first
}

// dueSoon reports whether asOf falls in the last days calendar days before
// end. It counts days rather than 24-hour spans so that a daylight-saving
// change in between does not move the threshold off midnight.
func dueSoon(end time.Time, days int, asOf time.Time) bool {
	if days <= 0 {
		return false
	}
	from := end.In(stockholm).AddDate(0, 0, -days)
	return !asOf.Before(from) && asOf.Before(end)
}

// civilDay returns t's date in Stockholm as midnight UTC, where every day
// is 24 hours long, for comparing and counting days.
func civilDay(t time.Time) time.Time {
	y, m, d := t.In(stockholm).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Urgency tiers, most urgent first.
const (
	tierOverdue    = iota // month deadlines that passed, oldest first
	tierMissed            // continuous actions behind (Missed): a period missed, current one not done
	tierDueSoon           // due within Rules.DueSoonDays
	tierNotStarted        // open, by due date
	tierWhenNeeded        // never due
	tierDone
)

// Urgency bounds: days until due are clamped to ±dayOffset (over 700 years)
// so that tiers never overlap and the key fits a 32-bit int.
const (
	tierSpan  = 1 << 21
	dayOffset = tierSpan / 2
)

// Urgency returns a sort key for a to-do list of results evaluated as of
// asOf; lower comes first: overdue (oldest first), then continuous actions
// behind on a missed period (Missed), then due soon, then
// not started, each by due date, then when-needed actions, then done ones.
func Urgency(res Result, asOf time.Time) int {
	tier := tierNotStarted
	switch {
	case res.Kind == KindWhenNeeded:
		tier = tierWhenNeeded
	case res.Status == Done:
		tier = tierDone
	case res.Status == Overdue:
		tier = tierOverdue
	case res.Status == Missed:
		tier = tierMissed
	case res.Status == DueSoon:
		tier = tierDueSoon
	}
	days := dayOffset - 1 // without a due date: last in its tier
	if res.Due != nil {
		d := (civilDay(*res.Due).Unix() - civilDay(asOf).Unix()) / (24 * 60 * 60)
		days = int(min(max(d, -dayOffset), dayOffset-1))
	}
	return tier*tierSpan + dayOffset + days
}
