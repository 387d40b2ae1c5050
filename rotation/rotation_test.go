package rotation

import (
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
	// Each operation gets one of the three free meetings; C opens so that
	// the one after its pinned visit is not C again.
	want := []Assignment{{1, 30}, {2, 10}, {3, 30}, {4, 20}}
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
			// visits at meeting 3.
			name:     "pinned visit at the next meeting",
			meetings: 5,
			ops:      []Operation{{1, "A"}, {2, "B"}, {3, "C"}},
			existing: []Assignment{{MeetingID: 1, OperationID: 2}, {MeetingID: 3, OperationID: 1}},
			want:     []int{2, 3, 1, 2, 1},
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
// meeting, every meeting filled, existing assignments kept, and the
// free-meeting visit counts within one of each other.
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
	counts := map[int]int{}
	for _, o := range ops {
		counts[o.ID] = 0
	}
	for _, a := range got {
		if !pinned[a.MeetingID] {
			counts[a.OperationID]++
		}
	}
	if len(counts) > 0 {
		lo, hi := int(^uint(0)>>1), 0
		for _, c := range counts {
			lo, hi = min(lo, c), max(hi, c)
		}
		if hi-lo > 1 {
			t.Fatalf("free-meeting visits %v differ by more than one: %v", counts, got)
		}
	}
}

// repeats counts consecutive meetings with the same operation where at least
// one of the two was free (pinned pairs are the user's choice).
func repeats(ops []int, pinned []bool) int {
	n := 0
	for i := 1; i < len(ops); i++ {
		if ops[i] == ops[i-1] && !(pinned[i] && pinned[i-1]) {
			n++
		}
	}
	return n
}

// fewestRepeats tries every fair filling of the free meetings and returns
// the fewest repeats possible.
func fewestRepeats(nOps int, pinnedOp []int) int {
	pinned := make([]bool, len(pinnedOp))
	var free []int
	for i, o := range pinnedOp {
		pinned[i] = o >= 0
		if o < 0 {
			free = append(free, i)
		}
	}
	best := len(pinnedOp)
	ops := slices.Clone(pinnedOp)
	counts := make([]int, nOps)
	var try func(k int)
	try = func(k int) {
		if k == len(free) {
			if slices.Max(counts)-slices.Min(counts) <= 1 {
				best = min(best, repeats(ops, pinned))
			}
			return
		}
		for o := range nOps {
			ops[free[k]] = o
			counts[o]++
			try(k + 1)
			counts[o]--
		}
	}
	try(0)
	return best
}

// TestProposeProperties checks random small schedules against a brute-force
// search: whenever some fair proposal has no back-to-back visit, Propose's
// has none either.
func TestProposeProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(2023, 9))
	for c := range 2000 {
		nOps, nMeetings := rng.IntN(5), rng.IntN(9)
		ops := make([]Operation, nOps)
		for i := range ops {
			ops[i] = Operation{ID: 10 + i, Name: string(rune('A' + i))}
		}
		meetings := make([]Meeting, nMeetings)
		pinnedOp := make([]int, nMeetings)
		var existing []Assignment
		for i := range meetings {
			meetings[i] = Meeting{ID: 100 + i, Date: day("2023-09-01").AddDate(0, 0, 14*i)}
			pinnedOp[i] = -1
			if nOps > 0 && rng.IntN(3) == 0 {
				pinnedOp[i] = rng.IntN(nOps)
				existing = append(existing, Assignment{MeetingID: meetings[i].ID, OperationID: ops[pinnedOp[i]].ID})
			}
		}
		rng.Shuffle(len(meetings), func(i, j int) { meetings[i], meetings[j] = meetings[j], meetings[i] })

		got := Propose(meetings, ops, existing)
		checkProposal(t, meetings, ops, existing, got)
		if !reflect.DeepEqual(got, Propose(meetings, ops, existing)) {
			t.Fatalf("case %d: not deterministic", c)
		}
		if nOps == 0 {
			continue
		}
		proposed := make([]int, nMeetings)
		for _, a := range got {
			proposed[a.MeetingID-100] = a.OperationID - 10
		}
		pinned := make([]bool, nMeetings)
		for i, o := range pinnedOp {
			pinned[i] = o >= 0
		}
		if r := repeats(proposed, pinned); r > 0 && fewestRepeats(nOps, pinnedOp) == 0 {
			t.Fatalf("case %d: %d back-to-back visits in %v, pinned %v, though none is possible", c, r, proposed, pinnedOp)
		}
		if len(existing) == 0 {
			// Without adjustments it is a plain rotation in name order.
			for i, o := range proposed {
				if o != i%nOps {
					t.Fatalf("case %d: rotation %v", c, proposed)
				}
			}
		}
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
