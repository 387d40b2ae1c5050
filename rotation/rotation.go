// Package rotation proposes which operation visits which board meeting.
//
// The plan says the operations visit the board and present their work, "one
// operation per board meeting", from September 2023 to December 2024. The
// proposal keeps every visit the user has already placed and fills the free
// meetings by a rule anyone can follow by hand:
//
//   - at most one operation per meeting;
//   - counting every visit in the range, the ones placed by hand too, the
//     operations' numbers of visits differ by at most one. When visits
//     placed by hand already make that impossible (one operation placed
//     more often than the free meetings can even out), the free meetings go
//     to the operations with the fewest visits: no operation gets a free
//     meeting while another has two visits fewer, which raises the lowest
//     count as far as it goes and so leaves the smallest spread there is;
//   - each free meeting, in date order, goes to the operation that has waited
//     longest since its last visit (never visited first; ties by name, then
//     id);
//   - never the same operation at two consecutive meetings when another
//     choice exists.
//
// Meetings before the range (ProposeFrom) are history: their visits are not
// counted, since fairness is promised over the range, but they tell who has
// waited longest and who visited the meeting just before the range, so a
// rotation continues where the last one ended.
//
// The result is deterministic: the same meetings, operations and existing
// assignments always give the same proposal, whatever their order.
package rotation

import (
	"cmp"
	"slices"
	"time"
)

// Meeting is one board meeting.
type Meeting struct {
	ID   int
	Date time.Time
}

// Operation is an operation that presents itself to the board.
type Operation struct {
	ID   int
	Name string
}

// Assignment places an operation's visit at a meeting.
type Assignment struct {
	MeetingID, OperationID int
}

// searchBudget bounds the backtracking search for a proposal without
// back-to-back visits. Real schedules need a few dozen steps; the bound only
// matters when such a proposal does not exist and the search would otherwise
// try every combination. It counts steps, not time, so the result stays
// deterministic.
const searchBudget = 200_000

// Propose returns one assignment per meeting (none if there are no
// operations), in date order. Existing assignments are kept as they are;
// one that names a meeting or an operation not passed in is dropped, and of
// two for the same meeting the first is kept. Duplicate meeting or
// operation ids count once.
func Propose(meetings []Meeting, operations []Operation, existing []Assignment) []Assignment {
	return ProposeFrom(time.Time{}, meetings, operations, existing)
}

// ProposeFrom is Propose for the meetings on or after from. The meetings
// before from, with the existing assignments at them, are history: they are
// neither filled nor returned nor counted, but an operation's visit there
// counts as its last visit when the range begins.
func ProposeFrom(from time.Time, meetings []Meeting, operations []Operation, existing []Assignment) []Assignment {
	meetings = slices.Clone(meetings)
	slices.SortStableFunc(meetings, func(a, b Meeting) int {
		return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.ID, b.ID))
	})
	meetings = uniqueBy(meetings, func(m Meeting) int { return m.ID })
	first, _ := slices.BinarySearchFunc(meetings, from, func(m Meeting, t time.Time) int { return m.Date.Compare(t) })

	// Sorted by name and id, an operation's index is its tie-break rank.
	ops := slices.Clone(operations)
	slices.SortStableFunc(ops, func(a, b Operation) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	ops = uniqueBy(ops, func(o Operation) int { return o.ID })

	meetingIndex := make(map[int]int, len(meetings))
	for i, m := range meetings {
		meetingIndex[m.ID] = i
	}
	opIndex := make(map[int]int, len(ops))
	for i, o := range ops {
		opIndex[o.ID] = i
	}

	s := &schedule{first: first, visit: make([]int, len(meetings)), pinned: make([]bool, len(meetings))}
	for i := range s.visit {
		s.visit[i] = none
	}
	for _, a := range existing {
		i, okM := meetingIndex[a.MeetingID]
		o, okO := opIndex[a.OperationID]
		if okM && okO && !s.pinned[i] {
			s.visit[i], s.pinned[i] = o, true
		}
	}

	if len(ops) > 0 {
		s.share(len(ops))
		s.last = make([]int, len(ops))
		for i := range s.last {
			s.last[i] = none
		}
		s.budget = searchBudget
		if !s.fill(0, true) {
			s.fill(0, false) // back-to-back visits cannot all be avoided
		}
	}

	var out []Assignment
	for i, m := range meetings[first:] {
		if o := s.visit[first+i]; o != none {
			out = append(out, Assignment{MeetingID: m.ID, OperationID: ops[o].ID})
		}
	}
	return out
}

const none = -1

// schedule is the search state, indexed by meeting (in date order) and by
// operation (in name order).
type schedule struct {
	first  int    // the first meeting of the range; those before are history
	visit  []int  // operation at each meeting, or none
	pinned []bool // placed by the user; never changed

	quota  []int // free meetings each operation gets at least
	spare  []bool
	extra  int   // how many of the spare operations get one free meeting more
	count  []int // free meetings given to each operation so far
	atMax  int   // operations given quota+1
	last   []int // each operation's latest visit before the current meeting, or none
	budget int
}

// share decides how many of the range's free meetings each of n operations
// gets, counting the visits already placed in the range: the free meetings
// raise the lowest counts first, like water filling a vessel. level is the
// highest count every operation can reach; each operation below it gets the
// difference (its quota), and the free meetings left over, fewer than the
// operations at or below level, go one each to extra of those (spare).
// Every operation then ends at level or level+1, except one already placed
// more often by hand, which gets no free meeting.
func (s *schedule) share(n int) {
	placed := make([]int, n)
	free := 0
	for i := s.first; i < len(s.visit); i++ {
		if s.pinned[i] {
			placed[s.visit[i]]++
		} else {
			free++
		}
	}
	need := func(level int) int {
		sum := 0
		for _, p := range placed {
			sum += max(0, level-p)
		}
		return sum
	}
	level := 0
	for need(level+1) <= free {
		level++
	}
	s.quota, s.spare, s.count = make([]int, n), make([]bool, n), make([]int, n)
	for o, p := range placed {
		s.quota[o] = max(0, level-p)
		s.spare[o] = p <= level
	}
	s.extra = free - need(level)
}

// fill assigns meetings from i on. With strict, no free meeting may have the
// same operation as a neighbour, and fill backtracks to find such a
// proposal; it reports false when none exists or the budget runs out.
// Without strict it takes the best choice at each meeting, preferring a
// non-neighbour; the first candidate always succeeds, so it never
// backtracks and needs no budget.
func (s *schedule) fill(i int, strict bool) bool {
	if i == len(s.visit) {
		return true
	}
	if i < s.first && !s.pinned[i] {
		return s.fill(i+1, strict) // history without a visit
	}
	if s.pinned[i] {
		o := s.visit[i]
		prev := s.last[o]
		s.last[o] = i
		if s.fill(i+1, strict) {
			return true
		}
		s.last[o] = prev
		return false
	}
	for _, o := range s.candidates(i, strict) {
		if strict {
			if s.budget == 0 {
				return false
			}
			s.budget--
		}
		prev := s.last[o]
		s.give(i, o)
		if s.fill(i+1, strict) {
			return true
		}
		s.take(i, o, prev)
	}
	return false
}

// candidates lists the operations that may take free meeting i, best first:
// those that keep every operation able to end at its share (see share), not
// visiting at a neighbouring meeting (required when strict), then the one
// that has waited longest, then by name and id.
func (s *schedule) candidates(i int, strict bool) []int {
	var out []int
	for o := range s.count {
		// Giving o this meeting must leave every operation able to end at
		// its quota, or quota+1 if spare, with at most extra at quota+1.
		if s.count[o] < s.quota[o] || (s.count[o] == s.quota[o] && s.spare[o] && s.atMax < s.extra) {
			if !strict || !s.neighbour(i, o) {
				out = append(out, o)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b int) int {
		if na, nb := s.neighbour(i, a), s.neighbour(i, b); na != nb {
			if na {
				return 1
			}
			return -1
		}
		// none (-1) sorts first: never visited has waited longest. Distinct
		// visits have distinct meetings, so only never-visited ties remain,
		// and the stable sort keeps them in name order.
		return cmp.Compare(s.last[a], s.last[b])
	})
	return out
}

// neighbour reports whether o visits the meeting just before or just after i.
func (s *schedule) neighbour(i, o int) bool {
	return (i > 0 && s.visit[i-1] == o) || (i+1 < len(s.visit) && s.visit[i+1] == o)
}

func (s *schedule) give(i, o int) {
	s.visit[i] = o
	s.last[o] = i
	s.count[o]++
	if s.count[o] == s.quota[o]+1 {
		s.atMax++
	}
}

func (s *schedule) take(i, o, prevLast int) {
	if s.count[o] == s.quota[o]+1 {
		s.atMax--
	}
	s.count[o]--
	s.last[o] = prevLast
	s.visit[i] = none
}

// uniqueBy keeps the first element of each key, in order.
func uniqueBy[T any](xs []T, key func(T) int) []T {
	seen := make(map[int]bool, len(xs))
	out := xs[:0]
	for _, x := range xs {
		if k := key(x); !seen[k] {
			seen[k] = true
			out = append(out, x)
		}
	}
	return out
}
