package rotation

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// bollebygdMeetings is a Socialnämnd year like the plan's period: September
// 2023 to December 2024, no meetings in summer. Ids follow the order the
// meetings were entered, not their dates.
func bollebygdMeetings() []Meeting {
	dates := []string{
		"2024-02-20", "2023-09-26", "2023-10-24", "2023-11-28", "2023-12-19",
		"2024-04-23", "2024-06-11", "2024-09-24", "2024-10-29", "2024-12-10",
	}
	ms := make([]Meeting, len(dates))
	for i, d := range dates {
		ms[i] = Meeting{ID: 101 + i, Date: day(d)}
	}
	return ms
}

func bollebygdOperations() []Operation {
	return []Operation{{1, "ÄO"}, {2, "LSS"}, {3, "HSV"}, {4, "IFO myndighet"}, {5, "IFO verkställighet"}}
}

// names renders a proposal as operation names in meeting date order.
func names(t *testing.T, meetings []Meeting, ops []Operation, got []Assignment) []string {
	t.Helper()
	date := map[int]time.Time{}
	for _, m := range meetings {
		date[m.ID] = m.Date
	}
	name := map[int]string{}
	for _, o := range ops {
		name[o.ID] = o.Name
	}
	var out []string
	for i, a := range got {
		if i > 0 && !date[got[i-1].MeetingID].Before(date[a.MeetingID]) {
			t.Fatalf("assignments not in date order: %v", got)
		}
		out = append(out, name[a.OperationID])
	}
	return out
}

func TestBollebygd(t *testing.T) {
	meetings, ops := bollebygdMeetings(), bollebygdOperations()
	got := Propose(meetings, ops, nil)
	checkProposal(t, meetings, ops, nil, got)
	want := []string{
		"HSV", "IFO myndighet", "IFO verkställighet", "LSS", "ÄO", // autumn 2023 to Feb 2024
		"HSV", "IFO myndighet", "IFO verkställighet", "LSS", "ÄO", // April to December 2024
	}
	if n := names(t, meetings, ops, got); !slices.Equal(n, want) {
		t.Errorf("proposal %v, want %v", n, want)
	}
	if got[0].MeetingID != 102 {
		t.Errorf("first visit at meeting %d, want 102 (2023-09-26)", got[0].MeetingID)
	}
}

func TestBollebygdWithAdjustments(t *testing.T) {
	meetings, ops := bollebygdMeetings(), bollebygdOperations()
	// ÄO opens in September; LSS wants the meeting that adopts the plan.
	existing := []Assignment{{MeetingID: 102, OperationID: 1}, {MeetingID: 101, OperationID: 2}}
	got := Propose(meetings, ops, existing)
	checkProposal(t, meetings, ops, existing, got)
	want := []string{
		"ÄO", "HSV", "IFO myndighet", "IFO verkställighet", "LSS", // LSS pinned at 2024-02-20
		"ÄO", "HSV", "IFO myndighet", "IFO verkställighet", "LSS",
	}
	if n := names(t, meetings, ops, got); !slices.Equal(n, want) {
		t.Errorf("proposal %v, want %v", n, want)
	}
}

func TestExistingKept(t *testing.T) {
	meetings := []Meeting{{1, day("2024-01-10")}, {2, day("2024-02-10")}, {3, day("2024-03-10")}, {4, day("2024-04-10")}}
	ops := []Operation{{10, "A"}, {20, "B"}, {30, "C"}}
	existing := []Assignment{
		{MeetingID: 3, OperationID: 30},
		{MeetingID: 3, OperationID: 10}, // second for the same meeting: ignored
		{MeetingID: 9, OperationID: 10}, // unknown meeting: dropped
		{MeetingID: 1, OperationID: 99}, // unknown operation: meeting 1 is free
	}
	got := Propose(meetings, ops, existing)
	checkProposal(t, meetings, ops, existing, got)
	// C's pinned visit counts: A and B get one free meeting each, and the
	// third goes to A, who has waited longest at meeting 4 (C visited just
	// before).
	want := []Assignment{{1, 10}, {2, 20}, {3, 30}, {4, 10}}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestAvoidsBackToBack(t *testing.T) {
	tests := []struct {
		name     string
		meetings int
		ops      []Operation
		existing []Assignment
		want     []int // operation per meeting
	}{
		{
			// At meeting 2, A has waited longest (never visited) but
			// visits at meeting 3, so C takes it. At meeting 4, A would
			// follow itself and B has waited longer than C; at 5, C has
			// waited longer than A. Every operation ends within one visit
			// of the others, the pinned visits counted (A 1, B 2, C 2).
			name:     "pinned visit at the next meeting",
			meetings: 5,
			ops:      []Operation{{1, "A"}, {2, "B"}, {3, "C"}},
			existing: []Assignment{{MeetingID: 1, OperationID: 2}, {MeetingID: 3, OperationID: 1}},
			want:     []int{2, 3, 1, 2, 3},
		},
		{
			// A, B at meetings 1 and 2 (name order) would leave B twice in a
			// row; looking ahead, B opens instead.
			name:     "lookahead",
			meetings: 4,
			ops:      []Operation{{1, "A"}, {2, "B"}},
			existing: []Assignment{{MeetingID: 3, OperationID: 2}},
			want:     []int{2, 1, 2, 1},
		},
		{
			name:     "one operation cannot avoid it",
			meetings: 3,
			ops:      []Operation{{7, "Enda"}},
			want:     []int{7, 7, 7},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var meetings []Meeting
			for i := range tt.meetings {
				meetings = append(meetings, Meeting{ID: i + 1, Date: day("2024-01-01").AddDate(0, i, 0)})
			}
			got := Propose(meetings, tt.ops, tt.existing)
			checkProposal(t, meetings, tt.ops, tt.existing, got)
			var ops []int
			for _, a := range got {
				ops = append(ops, a.OperationID)
			}
			if !slices.Equal(ops, tt.want) {
				t.Errorf("got %v, want %v", ops, tt.want)
			}
		})
	}
}

func TestMoreOperationsThanMeetings(t *testing.T) {
	meetings := bollebygdMeetings()[:3]
	ops := bollebygdOperations()
	got := Propose(meetings, ops, nil)
	checkProposal(t, meetings, ops, nil, got)
	// Meetings 101-103 are 2024-02-20, 2023-09-26 and 2023-10-24.
	if n := names(t, meetings, ops, got); !slices.Equal(n, []string{"HSV", "IFO myndighet", "IFO verkställighet"}) {
		t.Errorf("got %v", n)
	}
}

func TestNothingToPropose(t *testing.T) {
	meetings := bollebygdMeetings()
	if got := Propose(meetings, nil, []Assignment{{MeetingID: 101, OperationID: 1}}); len(got) != 0 {
		t.Errorf("zero operations: %v", got)
	}
	if got := Propose(nil, bollebygdOperations(), nil); len(got) != 0 {
		t.Errorf("zero meetings: %v", got)
	}
}

func TestTiesByNameThenID(t *testing.T) {
	meetings := bollebygdMeetings()[1:4]
	ops := []Operation{{9, "B"}, {5, "A"}, {3, "A"}}
	got := Propose(meetings, ops, nil)
	want := []Assignment{{102, 3}, {103, 5}, {104, 9}}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestInputOrderDoesNotMatter(t *testing.T) {
	meetings, ops := bollebygdMeetings(), bollebygdOperations()
	existing := []Assignment{{MeetingID: 105, OperationID: 3}, {MeetingID: 108, OperationID: 1}}
	want := Propose(meetings, ops, existing)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		m, o := slices.Clone(meetings), slices.Clone(ops)
		rng.Shuffle(len(m), func(i, j int) { m[i], m[j] = m[j], m[i] })
		rng.Shuffle(len(o), func(i, j int) { o[i], o[j] = o[j], o[i] })
		if got := Propose(m, o, existing); !reflect.DeepEqual(got, want) {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	if !slices.Equal(meetings, bollebygdMeetings()) {
		t.Error("Propose reordered its argument")
	}
}

// checkProposal asserts what every proposal must satisfy: one operation per
// meeting, every meeting filled, existing assignments kept, and the share
// of fairness (see fair).
func checkProposal(t *testing.T, meetings []Meeting, ops []Operation, existing []Assignment, got []Assignment) {
	t.Helper()
	known := map[int]bool{}
	for _, o := range ops {
		known[o.ID] = true
	}
	at := map[int]int{}
	for _, a := range got {
		if _, dup := at[a.MeetingID]; dup {
			t.Fatalf("meeting %d has two operations: %v", a.MeetingID, got)
		}
		if !known[a.OperationID] {
			t.Fatalf("unknown operation in %v", a)
		}
		at[a.MeetingID] = a.OperationID
	}
	if len(ops) > 0 && len(at) != len(meetings) {
		t.Fatalf("%d of %d meetings assigned", len(at), len(meetings))
	}
	pinned := map[int]bool{}
	for _, e := range existing {
		if known[e.OperationID] && !pinned[e.MeetingID] && slices.ContainsFunc(meetings, func(m Meeting) bool { return m.ID == e.MeetingID }) {
			pinned[e.MeetingID] = true
			if at[e.MeetingID] != e.OperationID {
				t.Fatalf("existing %v not kept: %v", e, got)
			}
		}
	}
	counts, given := map[int]int{}, map[int]bool{}
	for _, o := range ops {
		counts[o.ID] = 0
	}
	for _, a := range got {
		counts[a.OperationID]++
		if !pinned[a.MeetingID] {
			given[a.OperationID] = true
		}
	}
	if msg := fair(counts, given); msg != "" {
		t.Fatalf("%s: %v", msg, got)
	}
}

// fair checks the share of visits: counting every visit, pinned ones too,
// no operation was given a free meeting while another has two visits fewer.
// That holds exactly when the lowest count is as high as any proposal can
// make it, so the counts are within one of each other whenever pinned
// visits allow it, and otherwise as close as they can be (the brute force
// in TestProposeProperties checks this independently).
func fair(counts map[int]int, given map[int]bool) string {
	if len(counts) == 0 {
		return ""
	}
	lo := int(^uint(0) >> 1)
	for _, c := range counts {
		lo = min(lo, c)
	}
	for o := range given {
		if counts[o] > lo+1 {
			return fmt.Sprintf("operation %d was given a free meeting and has %d visits, another only %d (counts %v)", o, counts[o], lo, counts)
		}
	}
	return ""
}

// repeats counts consecutive meetings with the same operation where at least
// one of the two was free (pinned pairs are the user's choice).
func repeats(ops []int, pinned []bool) int {
	n := 0
	for i := 1; i < len(ops); i++ {
		if ops[i] >= 0 && ops[i] == ops[i-1] && !(pinned[i] && pinned[i-1]) {
			n++
		}
	}
	return n
}

// bruteForce tries every filling of the free meetings from first on
// (meetings before first are history: pinned or empty, never filled) and
// returns the smallest spread of the operations' visit counts in the range
// that any filling reaches, and the fewest repeats of the fillings that are
// fair (the rule of fair, written out again).
func bruteForce(nOps, first int, pinnedOp []int) (spread, fewest int) {
	pinned := make([]bool, len(pinnedOp))
	var free []int
	counts := make([]int, nOps)
	for i, o := range pinnedOp {
		pinned[i] = o >= 0
		if o < 0 && i >= first {
			free = append(free, i)
		}
		if o >= 0 && i >= first {
			counts[o]++
		}
	}
	spread, fewest = len(pinnedOp)+1, len(pinnedOp)+1
	ops := slices.Clone(pinnedOp)
	givenTo := make([]int, nOps)
	var try func(k int)
	try = func(k int) {
		if k == len(free) {
			lo := slices.Min(counts)
			spread = min(spread, slices.Max(counts)-lo)
			for o := range nOps {
				if givenTo[o] > 0 && counts[o] > lo+1 {
					return // not fair
				}
			}
			fewest = min(fewest, repeats(ops, pinned))
			return
		}
		for o := range nOps {
			ops[free[k]] = o
			counts[o]++
			givenTo[o]++
			try(k + 1)
			counts[o]--
			givenTo[o]--
		}
	}
	try(0)
	return spread, fewest
}

// TestProposeProperties checks random small schedules, with random visits
// placed by hand in the range and before it, against a brute-force search:
// every operation ends within one visit of the others when some proposal
// allows it, and otherwise the spread is the smallest any proposal reaches;
// and whenever some fair proposal has no back-to-back visit, Propose's has
// none either.
func TestProposeProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(2023, 9))
	for c := range 3000 {
		nOps, nMeetings := rng.IntN(5), rng.IntN(10)
		first := 0
		if nMeetings > 0 && rng.IntN(2) == 0 {
			first = rng.IntN(min(nMeetings, 4))
		}
		ops := make([]Operation, nOps)
		for i := range ops {
			ops[i] = Operation{ID: 10 + i, Name: string(rune('A' + i))}
		}
		meetings := make([]Meeting, nMeetings)
		pinnedOp := make([]int, nMeetings)
		var existing []Assignment
		placed := 0
		handRate := 1 + rng.IntN(4) // from every meeting placed by hand to a quarter
		for i := range meetings {
			meetings[i] = Meeting{ID: 100 + i, Date: day("2023-09-01").AddDate(0, 0, 14*i)}
			pinnedOp[i] = -1
			if nOps > 0 && rng.IntN(handRate) == 0 && (i < first || rng.IntN(3) > 0) {
				// Now and then one operation is placed over and over.
				pinnedOp[i] = rng.IntN(nOps)
				if rng.IntN(3) == 0 {
					pinnedOp[i] = 0
				}
				existing = append(existing, Assignment{MeetingID: meetings[i].ID, OperationID: ops[pinnedOp[i]].ID})
				placed++
			}
		}
		from := day("2023-09-01").AddDate(0, 0, 14*first)
		inRange := slices.Clone(meetings[first:])
		rng.Shuffle(len(meetings), func(i, j int) { meetings[i], meetings[j] = meetings[j], meetings[i] })

		got := ProposeFrom(from, meetings, ops, existing)
		checkProposal(t, inRange, ops, existing, got)
		if !reflect.DeepEqual(got, ProposeFrom(from, meetings, ops, existing)) {
			t.Fatalf("case %d: not deterministic", c)
		}
		if nOps == 0 {
			continue
		}
		proposed := slices.Clone(pinnedOp)
		for _, a := range got {
			if a.MeetingID-100 < first {
				t.Fatalf("case %d: proposal %v before the range", c, a)
			}
			proposed[a.MeetingID-100] = a.OperationID - 10
		}
		counts := make([]int, nOps)
		for _, o := range proposed[first:] {
			counts[o]++
		}
		pinned := make([]bool, nMeetings)
		for i, o := range pinnedOp {
			pinned[i] = o >= 0
		}
		spread, fewest := bruteForce(nOps, first, pinnedOp)
		if s := slices.Max(counts) - slices.Min(counts); s != spread {
			t.Fatalf("case %d: counts %v in %v (pinned %v, range from %d) spread %d, but %d is possible", c, counts, proposed, pinnedOp, first, s, spread)
		}
		if r := repeats(proposed, pinned); r > 0 && fewest == 0 {
			t.Fatalf("case %d: %d back-to-back visits in %v, pinned %v, range from %d, though none is possible", c, r, proposed, pinnedOp, first)
		}
		if placed == 0 {
			// Without adjustments it is a plain rotation in name order.
			for i, o := range proposed[first:] {
				if o != i%nOps {
					t.Fatalf("case %d: rotation %v", c, proposed)
				}
			}
		}
	}
}

// TestHandPlacedVisitsCount is issue 15's example: one operation placed
// twice by hand does not also get its full share of the free meetings (it
// used to end with 4 visits of 8, the others with 2).
func TestHandPlacedVisitsCount(t *testing.T) {
	var meetings []Meeting
	for i := range 8 {
		meetings = append(meetings, Meeting{ID: i + 1, Date: day("2023-09-19").AddDate(0, i, 0)})
	}
	ops := []Operation{{1, "A"}, {2, "B"}, {3, "C"}}
	existing := []Assignment{{MeetingID: 1, OperationID: 1}, {MeetingID: 4, OperationID: 1}}
	got := Propose(meetings, ops, existing)
	checkProposal(t, meetings, ops, existing, got)
	counts := map[int]int{}
	for _, a := range got {
		counts[a.OperationID]++
	}
	if !maps.Equal(counts, map[int]int{1: 3, 2: 3, 3: 2}) {
		t.Errorf("visits per operation %v, want A 3 (two by hand), B 3, C 2: %v", counts, got)
	}
}

// TestTooManyPlacedByHand: when hand-placed visits leave no fair proposal,
// the free meetings go to the operations with the fewest visits.
func TestTooManyPlacedByHand(t *testing.T) {
	var meetings []Meeting
	for i := range 9 {
		meetings = append(meetings, Meeting{ID: i + 1, Date: day("2024-01-10").AddDate(0, i, 0)})
	}
	ops := []Operation{{1, "A"}, {2, "B"}, {3, "C"}}
	// A at five meetings; the four free ones can only even out B and C.
	var existing []Assignment
	for _, m := range []int{1, 3, 5, 7, 9} {
		existing = append(existing, Assignment{MeetingID: m, OperationID: 1})
	}
	got := Propose(meetings, ops, existing)
	checkProposal(t, meetings, ops, existing, got)
	want := []Assignment{{1, 1}, {2, 2}, {3, 1}, {4, 3}, {5, 1}, {6, 2}, {7, 1}, {8, 3}, {9, 1}}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v (A 5, B 2, C 2)", got, want)
	}
}

// TestContinuesFromHistory: visits before the range are not counted, but
// the rotation goes on from them: whoever waited longest before the range
// opens it.
func TestContinuesFromHistory(t *testing.T) {
	var meetings []Meeting
	for i := range 7 {
		meetings = append(meetings, Meeting{ID: i + 1, Date: day("2024-01-10").AddDate(0, i, 0)})
	}
	ops := []Operation{{1, "A"}, {2, "B"}, {3, "C"}}
	// Before April: A, A, B. Counted, A would wait; as history, C (never
	// visited) opens, then A (longest since its visit), B, and C again.
	existing := []Assignment{{1, 1}, {2, 1}, {3, 2}}
	got := ProposeFrom(day("2024-04-01"), meetings, ops, existing)
	checkProposal(t, meetings[3:], ops, existing, got)
	want := []Assignment{{4, 3}, {5, 1}, {6, 2}, {7, 3}}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	// Without the history, the range starts in name order.
	if got := Propose(meetings[3:], ops, nil); !slices.Equal(got, []Assignment{{4, 1}, {5, 2}, {6, 3}, {7, 1}}) {
		t.Errorf("without history: %v", got)
	}
}

// TestLongSchedule makes sure a schedule too long for brute force stays
// fast, fair and free of avoidable repeats.
func TestLongSchedule(t *testing.T) {
	var meetings []Meeting
	for i := range 200 {
		meetings = append(meetings, Meeting{ID: i + 1, Date: day("2023-09-01").AddDate(0, 0, 7*i)})
	}
	ops := bollebygdOperations()
	var existing []Assignment
	for i := 0; i < 200; i += 3 {
		existing = append(existing, Assignment{MeetingID: i + 1, OperationID: 1 + i%2})
	}
	got := Propose(meetings, ops, existing)
	checkProposal(t, meetings, ops, existing, got)
	for i := 1; i < len(got); i++ {
		if got[i].OperationID == got[i-1].OperationID {
			t.Fatalf("back-to-back at meetings %d and %d", got[i-1].MeetingID, got[i].MeetingID)
		}
	}
}
