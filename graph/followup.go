package graph

import (
	"context"
	"maps"
	"slices"
	"time"

	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/progress"
)

// now is the resolvers' clock.
func (r *Resolver) now() time.Time {
	if r.clock != nil {
		return r.clock()
	}
	return time.Now()
}

// Clock gives the resolvers (and the cache of Mitt ansvar) a clock other
// than time.Now: for tests of what changes with the day.
func Clock(now func() time.Time) Option {
	return func(r *Resolver) { r.clock = now }
}

// nowOf is the time a request computes "today" with: the one its cache
// lookup keyed it by (withRequestTime), else the clock's.
func (r *Resolver) nowOf(ctx context.Context) time.Time {
	if t, ok := ctx.Value(requestTimeKey{}).(time.Time); ok {
		return t
	}
	return r.now()
}

// asOf parses an optional date argument; nil is today in Stockholm. The
// day counts to its end, so what was done on it is included.
func (r *Resolver) asOf(ctx context.Context, day *string) (time.Time, error) {
	if day == nil {
		return r.nowOf(ctx), nil
	}
	d, err := time.ParseInLocation(time.DateOnly, *day, followup.Location())
	if err != nil {
		return time.Time{}, fault.Invalid("asOf", "%q is not a date in the form YYYY-MM-DD", *day).
			Sv("Ange dagen som år-månad-dag, till exempel %s.", r.now().In(followup.Location()).Format(time.DateOnly))
	}
	return d.AddDate(0, 0, 1).Add(-time.Nanosecond), nil
}

// periodOf reads a period key of any cadence: 2024-09, 2024-Q3, 2024-HT, 2024.
func periodOf(key string) (followup.Period, error) {
	for _, c := range []followup.Cadence{followup.Month, followup.Quarter, followup.Term, followup.Year} {
		if p, err := followup.PeriodByKey(c, key); err == nil {
			return p, nil
		}
	}
	return followup.Period{}, fault.Invalid("period", "%q is not a period (2024-09, 2024-Q3, 2024-HT or 2024)", key).
		Sv("Ange en period som 2026-HT, 2026-Q3, 2026-09 eller 2026.")
}

func followUpOf(it *progress.Item) *FollowUp {
	res := it.Result
	f := &FollowUp{
		Status: res.Status, StatusLabel: res.Status.Label(), DueLabel: progress.DueLabel(it),
		Missed: res.Missed, Logged: res.Logged,
		SubActionsDone: it.SubActionsDone, SubActionsTotal: it.SubActionsTotal,
		Periods: make([]*PeriodState, 0, len(res.Periods)),
	}
	if res.Due != nil {
		f.Due = ptr(lastDay(*res.Due))
	}
	if it.LastSignedOn != "" {
		f.LastSignedOn = &it.LastSignedOn
	}
	f.Shares = shareTally(it.Action.Scope, res.Shares)
	for _, p := range res.Periods {
		ps := &PeriodState{
			Key: p.Period.Key, Label: p.Period.Label, Status: p.Status, StatusLabel: p.Status.Label(),
			Start: p.Period.Start.Format(time.DateOnly), End: lastDay(p.Period.End),
			Shares: shareTally(it.Action.Scope, p.Shares),
		}
		if p.SignedOn != nil {
			ps.SignedOn = ptr(p.SignedOn.In(followup.Location()).Format(time.DateOnly))
		}
		f.Periods = append(f.Periods, ps)
	}
	return f
}

// shareTally presents a shared duty's tally with its Swedish words.
func shareTally(scope action.Scope, t *followup.Tally) *ShareTally {
	if t == nil {
		return nil
	}
	return &ShareTally{Done: t.Done, Total: t.Total, Label: progress.ShareLabel(scope, *t)}
}

// lastDay turns an exclusive end instant into the last day it closes.
func lastDay(end time.Time) string {
	return end.In(followup.Location()).Add(-time.Nanosecond).Format(time.DateOnly)
}

func pointers[T any](items []T) []*T {
	out := make([]*T, len(items))
	for i := range items {
		out[i] = &items[i]
	}
	return out
}

func ptr[T any](v T) *T { return &v }

func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

// CalendarFeedAddress is a calendar feed with, right after creation, its
// secret address.
type CalendarFeedAddress struct {
	ID        int
	CreatedAt time.Time
	URL       *string
}

// areaSeats lists seats per operation area code, by code.
func areaSeats(m map[string]int) []*AreaSeats {
	out := make([]*AreaSeats, 0, len(m))
	for _, code := range slices.Sorted(maps.Keys(m)) {
		out = append(out, &AreaSeats{Code: code, Seats: m[code]})
	}
	return out
}
