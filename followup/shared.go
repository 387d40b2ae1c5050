package followup

import "time"

// A Share is one unit's or one person's part of a shared duty ("varje
// enhet", "varje medarbetare"): the duty is done when every covered share
// is.
type Share struct {
	// Since is when the share joined the duty: a unit created, a person
	// given the role. It counts for deadlines and periods that end after
	// Since; the zero time counts for all.
	Since time.Time
	// SignOffs are the share's own live sign-offs.
	SignOffs []SignOff
}

// Tally is how many covered shares have done their part.
type Tally struct{ Done, Total int }

// Complete reports whether there is at least one share and every one is done.
func (t Tally) Complete() bool { return t.Total > 0 && t.Done == t.Total }

// covers reports whether s counts for a deadline or period ending at end.
func (s Share) covers(end time.Time) bool { return s.Since.Before(end) }

// EvaluateShared says what state a shared duty is in as of asOf: done when
// every share covered by the deadline (or period) has signed off, overdue
// (or missed) when the deadline passed with a share missing, and otherwise
// open, with Result.Shares (and each period's Shares) counting who has done
// their part. A deadline or period that covers nobody (a person who got the
// role after it) is nobody's to do: it is never done, and never overdue or
// missed either; the periods before anyone was covered are left out. For a
// duty of a whole department that means "0 of 0", a gap in its data; for
// one person's share, deadlines from before they held the role.
func EvaluateShared(d Deadline, r Rules, shares []Share, asOf time.Time) Result {
	return NewCalendar(r, asOf).EvaluateShared(d, shares)
}

// EvaluateShared is the package's EvaluateShared of deadline d as of the
// calendar's date.
func (c *Calendar) EvaluateShared(d Deadline, shares []Share) Result {
	// The deadline and periods come from one evaluation with nobody
	// signed; each share is then judged as Evaluate would judge it alone
	// (done once it has a sign-off; per period, when one names the period
	// and was made within it), without working the periods out again.
	res := c.Evaluate(d, nil)
	done := make([][]SignOff, len(shares))
	for i, s := range shares {
		done[i] = c.doneBy(s.SignOffs)
	}
	switch d.Kind {
	case KindMonth, KindDate:
		if res.Due == nil {
			return res
		}
		var t Tally
		for i, s := range shares {
			if s.covers(*res.Due) || len(done[i]) > 0 {
				t.Total++
				if len(done[i]) > 0 {
					t.Done++
				}
			}
		}
		res.Shares = &t
		switch {
		case t.Complete():
			res.Status = Done
		case t.Total == 0:
			res.Status = NotStarted
		}
	case KindContinuous:
		res.Missed = 0 // counted again below, of the periods someone missed
		var kept []PeriodState
		for p, ps := range res.Periods {
			var t Tally
			for i, s := range shares {
				on := signedIn(ps.Period, done[i])
				if s.covers(ps.Period.End) || on != nil {
					t.Total++
					if on != nil {
						t.Done++
						if ps.SignedOn == nil || on.After(*ps.SignedOn) {
							ps.SignedOn = on // the day the last share was done
						}
					}
				}
			}
			ps.Shares = &t
			switch {
			case t.Total == 0 && p < len(res.Periods)-1:
				continue // before anyone held it
			case t.Total == 0:
				ps.Status, ps.SignedOn = NotStarted, nil
			case t.Complete():
				ps.Status = Done
			default:
				ps.SignedOn = nil
				if ps.Status == Missed {
					res.Missed++
				}
			}
			kept = append(kept, ps)
		}
		res.Periods = kept
		if n := len(res.Periods); n > 0 {
			res.Status = res.Periods[n-1].Status
			res.Shares = res.Periods[n-1].Shares
			res.settle()
		} else {
			res.Shares = &Tally{Total: len(shares)}
		}
	case KindWhenNeeded:
		t := Tally{Total: len(shares)}
		for i := range shares {
			if len(done[i]) > 0 {
				t.Done++
				res.Logged += len(done[i])
			}
		}
		res.Shares = &t
		if res.Logged > 0 {
			res.Status = Logged
		}
	}
	return res
}
