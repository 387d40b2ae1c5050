package seating

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

var areaPool = []string{"ÄO", "LSS", "HSV", "IFO myndighet", "IFO verkställighet", "Stab"}

// randomInput draws a workshop: sometimes the Bollebygd minimums, sometimes
// random ones; skewed demand; some applicants who already attended; ids
// unique but in random order. One case in ten has a capacity below the
// minimums.
func randomInput(rng *rand.Rand) Input {
	minimums := bollebygd()
	if rng.IntN(2) == 0 {
		minimums = map[string]int{}
		for _, area := range areaPool {
			if rng.IntN(3) > 0 {
				minimums[area] = rng.IntN(4)
			}
		}
	}
	sum := 0
	for _, m := range minimums {
		sum += m
	}
	weights := make([]int, len(areaPool))
	for i := range weights {
		weights[i] = rng.IntN(6)
	}
	n := rng.IntN(40)
	ids := rng.Perm(3 * n)
	apps := make([]Applicant, n)
	for i := range apps {
		apps[i] = Applicant{ID: ids[i] + 1, Area: pickWeighted(rng, weights), AttendedThisTerm: rng.IntN(10) < 3}
	}
	capacity := sum + rng.IntN(30)
	if rng.IntN(10) == 0 && sum > 0 {
		capacity = rng.IntN(sum)
	}
	return Input{Capacity: capacity, Minimums: minimums, Applicants: apps, Seed: rng.Int64()}
}

func pickWeighted(rng *rand.Rand, weights []int) string {
	total := 0
	for _, w := range weights {
		total += w + 1
	}
	r := rng.IntN(total)
	for i, w := range weights {
		if r < w+1 {
			return areaPool[i]
		}
		r -= w + 1
	}
	panic("unreachable")
}

func sumMinimums(m map[string]int) int {
	sum := 0
	for _, v := range m {
		sum += v
	}
	return sum
}

// oracle recomputes, independently of Allocate's code, how many seats each
// area must get: its minimum (or all its applicants), then the Hamilton
// share of the rest. Only areas tied at the cut may go either way.
type oracle struct {
	base map[string]int  // minimum plus the floor of the quota
	must map[string]bool // gets one more seat whatever the draw
	tied map[string]bool // equal remainder at the cut: one more seat or not, by the draw
}

func computeOracle(in Input) oracle {
	count := map[string]int{}
	for _, a := range in.Applicants {
		count[a.Area]++
	}
	o := oracle{base: map[string]int{}, must: map[string]bool{}, tied: map[string]bool{}}
	remaining, demand := in.Capacity, 0
	left := map[string]int{}
	for area, n := range count {
		o.base[area] = min(n, in.Minimums[area])
		remaining -= o.base[area]
		left[area] = n - o.base[area]
		demand += left[area]
	}
	if demand <= remaining {
		for area, n := range count {
			o.base[area] = n
		}
		return o
	}
	type rem struct {
		area string
		r    int
	}
	var rems []rem
	extra := remaining
	for area, d := range left {
		if d == 0 {
			continue
		}
		o.base[area] += remaining * d / demand
		extra -= remaining * d / demand
		rems = append(rems, rem{area, remaining * d % demand})
	}
	if extra == 0 {
		return o
	}
	slices.SortFunc(rems, func(a, b rem) int { return cmp.Compare(b.r, a.r) })
	cut := rems[extra-1].r
	isTie := extra < len(rems) && rems[extra].r == cut
	for _, x := range rems {
		switch {
		case x.r > cut || (x.r == cut && !isTie):
			o.must[x.area] = true
		case x.r == cut:
			o.tied[x.area] = true
		}
	}
	return o
}

// checkAllocation asserts every invariant of a fresh allocation.
func checkAllocation(t *testing.T, in Input, res Result) {
	t.Helper()
	byID := map[int]Applicant{}
	count := map[string]int{}
	notAttended := map[string]int{}
	for _, a := range in.Applicants {
		byID[a.ID] = a
		count[a.Area]++
		if !a.AttendedThisTerm {
			notAttended[a.Area]++
		}
	}
	checkPartition(t, in, res, byID, nil)

	seated := seatsPerArea(res)
	for area, n := range count {
		if want := min(n, in.Minimums[area]); seated[area] < want {
			t.Fatalf("%s has %d seats, minimum %d with %d applicants", area, seated[area], in.Minimums[area], n)
		}
	}

	// Proportional shares, checked against the oracle.
	o := computeOracle(in)
	for area, n := range count {
		diff := seated[area] - o.base[area]
		switch {
		case o.must[area] && diff != 1, o.tied[area] && diff != 0 && diff != 1, !o.must[area] && !o.tied[area] && diff != 0:
			t.Fatalf("%s has %d seats (%d applicants), oracle base %d must %v tied %v\n%v", area, seated[area], n, o.base[area], o.must[area], o.tied[area], res.Explanation)
		}
	}

	// Within an area, those who have not attended this term come first.
	attendedSeated := map[string]bool{}
	for _, s := range res.Seated {
		if byID[s.ApplicantID].AttendedThisTerm {
			attendedSeated[s.Area] = true
		}
	}
	for _, id := range res.Waitlist {
		if a := byID[id]; !a.AttendedThisTerm && attendedSeated[a.Area] {
			t.Fatalf("applicant %d (%s, not attended) waits while someone who attended is seated", id, a.Area)
		}
	}
	// Waitlist: nobody is in an area below its minimum right after
	// allocation, so not-attended come before attended.
	for i := 1; i < len(res.Waitlist); i++ {
		if byID[res.Waitlist[i-1]].AttendedThisTerm && !byID[res.Waitlist[i]].AttendedThisTerm {
			t.Fatalf("waitlist %v: attended before not attended", res.Waitlist)
		}
	}
	if len(res.Explanation) == 0 {
		t.Fatal("no explanation")
	}
}

// checkPartition asserts the invariants that also hold after cancellations:
// within capacity, nobody twice, seated and waitlist are disjoint and hold
// exactly the applicants that did not cancel, no free seat while someone
// waits, and the minimums kept as far as applicants remain.
func checkPartition(t *testing.T, in Input, res Result, byID map[int]Applicant, cancelled map[int]bool) {
	t.Helper()
	if len(res.Seated) > in.Capacity {
		t.Fatalf("%d seated, capacity %d", len(res.Seated), in.Capacity)
	}
	seen := map[int]bool{}
	remaining := map[string]int{}
	for _, s := range res.Seated {
		a, ok := byID[s.ApplicantID]
		if !ok || seen[s.ApplicantID] || cancelled[s.ApplicantID] {
			t.Fatalf("seat %+v: unknown, twice or cancelled", s)
		}
		if s.Area != a.Area {
			t.Fatalf("seat %+v in the wrong area, applicant is in %s", s, a.Area)
		}
		seen[s.ApplicantID] = true
		remaining[a.Area]++
	}
	for _, id := range res.Waitlist {
		if _, ok := byID[id]; !ok || seen[id] || cancelled[id] {
			t.Fatalf("waitlisted %d: unknown, twice, seated or cancelled", id)
		}
		seen[id] = true
	}
	for id := range byID {
		if !seen[id] && !cancelled[id] {
			t.Fatalf("applicant %d neither seated nor waiting", id)
		}
	}
	if len(res.Waitlist) > 0 && len(res.Seated) != in.Capacity {
		t.Fatalf("%d waiting but only %d of %d seats taken", len(res.Waitlist), len(res.Seated), in.Capacity)
	}
	seated := seatsPerArea(res)
	for _, id := range res.Waitlist {
		remaining[byID[id].Area]++
	}
	for area, n := range remaining {
		if want := min(n, in.Minimums[area]); seated[area] < want {
			t.Fatalf("%s has %d seats, minimum %d with %d applicants left", area, seated[area], in.Minimums[area], n)
		}
	}
}

// checkCancellations cancels applicants in the order picks gives, checks
// who is promoted and that every invariant still holds.
func checkCancellations(t *testing.T, in Input, res Result, picks []int) {
	t.Helper()
	byID := map[int]Applicant{}
	for _, a := range in.Applicants {
		byID[a.ID] = a
	}
	cancelled := map[int]bool{}
	for _, pick := range picks {
		if len(in.Applicants) == 0 {
			return
		}
		id := in.Applicants[pick%len(in.Applicants)].ID
		wasSeated := slices.ContainsFunc(res.Seated, func(s Seat) bool { return s.ApplicantID == id })
		oldWaitlist := res.Waitlist

		// Expected: the head of the waitlist, unless the area drops below its
		// minimum and someone from it waits.
		var want *int
		if wasSeated && len(oldWaitlist) > 0 {
			area := byID[id].Area
			want = &oldWaitlist[0]
			if seatsPerArea(res)[area]-1 < in.Minimums[area] {
				if j := slices.IndexFunc(oldWaitlist, func(w int) bool { return byID[w].Area == area }); j >= 0 {
					want = &oldWaitlist[j]
				}
			}
		}

		again := cancelled[id]
		next, promoted := Promote(res, id)
		cancelled[id] = true
		if again {
			// A second cancellation by the same person changes nothing.
			if promoted != nil || !reflect.DeepEqual(next, res) {
				t.Fatalf("cancel %d twice: promoted %v", id, promoted)
			}
			continue
		}
		if len(next.Explanation) != len(res.Explanation)+1 {
			t.Fatalf("cancel %d: no explanation line", id)
		}
		switch {
		case (want == nil) != (promoted == nil):
			t.Fatalf("cancel %d: promoted %v, want %v", id, promoted, want)
		case want != nil && *want != *promoted:
			t.Fatalf("cancel %d: promoted %d, want %d", id, *promoted, *want)
		}
		// The waitlist keeps its order: what is left is a subsequence.
		if !isSubsequence(next.Waitlist, oldWaitlist) {
			t.Fatalf("waitlist %v is not a subsequence of %v", next.Waitlist, oldWaitlist)
		}
		checkPartition(t, in, next, byID, cancelled)
		res = next
	}
}

func isSubsequence(sub, seq []int) bool {
	i := 0
	for _, x := range seq {
		if i < len(sub) && sub[i] == x {
			i++
		}
	}
	return i == len(sub)
}

func TestAllocateProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(20240220, 2024))
	refused := 0
	for i := range 2000 {
		in := randomInput(rng)
		res, err := Allocate(in)
		if in.Capacity < sumMinimums(in.Minimums) {
			if !errors.Is(err, ErrCapacityBelowMinimums) {
				t.Fatalf("case %d: capacity %d below minimums %v: err %v", i, in.Capacity, in.Minimums, err)
			}
			refused++
			continue
		}
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		checkAllocation(t, in, res)

		// Same seed, same result; also from a copy of the input.
		again, _ := Allocate(Input{Capacity: in.Capacity, Minimums: maps.Clone(in.Minimums), Applicants: slices.Clone(in.Applicants), Seed: in.Seed})
		if !reflect.DeepEqual(res, again) {
			t.Fatalf("case %d: same input, different result", i)
		}

		// Another seed moves seats only within ties.
		other, _ := Allocate(Input{Capacity: in.Capacity, Minimums: in.Minimums, Applicants: in.Applicants, Seed: in.Seed + 1})
		checkAllocation(t, in, other)
		checkOnlyTiesDiffer(t, in, res, other)

		picks := make([]int, rng.IntN(12))
		for j := range picks {
			picks[j] = rng.IntN(1000)
		}
		checkCancellations(t, in, res, picks)
	}
	if refused == 0 {
		t.Error("no case had a capacity below the minimums")
	}
}

// checkOnlyTiesDiffer compares two draws of the same input: an area's number
// of seats may differ only if it was tied at the Hamilton cut; with the same
// number of seats, the same number of not-attended people are seated (the
// draw only picks among equals); an area with room for all seats the same
// people.
func checkOnlyTiesDiffer(t *testing.T, in Input, a, b Result) {
	t.Helper()
	o := computeOracle(in)
	count := map[string]int{}
	for _, ap := range in.Applicants {
		count[ap.Area]++
	}
	sa, sb := seatsPerArea(a), seatsPerArea(b)
	for area := range count {
		if sa[area] != sb[area] && !o.tied[area] {
			t.Fatalf("%s: %d seats with one seed, %d with another, but no tie", area, sa[area], sb[area])
		}
	}
	attendedSeated := func(r Result) map[string]int {
		byID := map[int]bool{}
		for _, ap := range in.Applicants {
			byID[ap.ID] = ap.AttendedThisTerm
		}
		m := map[string]int{}
		for _, s := range r.Seated {
			if byID[s.ApplicantID] {
				m[s.Area]++
			}
		}
		return m
	}
	aa, ab := attendedSeated(a), attendedSeated(b)
	for area, n := range count {
		if sa[area] == sb[area] && aa[area] != ab[area] {
			t.Fatalf("%s: same seats, but %d vs %d who attended", area, aa[area], ab[area])
		}
		if sa[area] == n && sb[area] == n {
			if !slices.Equal(idsIn(a, area), idsIn(b, area)) {
				t.Fatalf("%s: everyone seated, but different people", area)
			}
		}
	}
}

func idsIn(r Result, area string) []int {
	var ids []int
	for _, s := range r.Seated {
		if s.Area == area {
			ids = append(ids, s.ApplicantID)
		}
	}
	slices.Sort(ids)
	return ids
}

// TestSeedChangesOnlyTies spot-checks that a different seed changes who is
// seated, and only among equals.
func TestSeedChangesOnlyTies(t *testing.T) {
	apps := registrations("ÄO", 6, "LSS", 3, "HSV", 1, "IFO myndighet", 1, "IFO verkställighet", 1)
	apps[0].AttendedThisTerm = true // ÄO 1 never beats another ÄO applicant
	in := Input{Capacity: 9, Minimums: bollebygd(), Applicants: apps}
	people := map[string]bool{}
	for seed := range int64(40) {
		in.Seed = seed
		res := mustAllocate(t, in)
		// Remaining 3 seats, demand ÄO 4, LSS 2: quotas 2, 1, no tie.
		if got := seatsPerArea(res); got["ÄO"] != 4 || got["LSS"] != 2 {
			t.Fatalf("seed %d: %v", seed, got)
		}
		if slices.Contains(idsIn(res, "ÄO"), 1) {
			t.Fatalf("seed %d: ÄO 1 attended already but got a seat", seed)
		}
		people[fmt.Sprint(idsIn(res, "ÄO"), idsIn(res, "LSS"))] = true
	}
	if len(people) < 2 {
		t.Error("40 seeds gave the same people every time")
	}
}

// FuzzAllocate builds a workshop from arbitrary bytes: each byte of data is
// an applicant (area and attendance from its bits), each byte of cancel a
// cancellation.
func FuzzAllocate(f *testing.F) {
	f.Add(int64(0), uint8(6), []byte{0, 1, 2, 3, 4}, []byte{})
	f.Add(int64(42), uint8(12), []byte{0, 0, 0, 0, 0x40, 0x41, 2, 3, 4, 5, 5, 5}, []byte{0, 3, 7})
	f.Add(int64(-7), uint8(3), []byte{0, 1}, []byte{1})
	f.Add(int64(2024), uint8(9), []byte{0, 0, 1, 1, 2, 3, 3, 4, 0x45, 0x40, 0, 0, 1}, []byte{2, 2, 5, 9, 0})
	f.Add(int64(1), uint8(40), []byte("ÄO LSS HSV IFO myndighet IFO verkställighet"), []byte("avbokad"))
	f.Fuzz(func(t *testing.T, seed int64, capacity uint8, data, cancel []byte) {
		in := Input{Capacity: int(capacity % 64), Minimums: bollebygd(), Seed: seed}
		for i, b := range data {
			// Ids out of order, to exercise the sort by id.
			in.Applicants = append(in.Applicants, Applicant{
				ID:               (i*7919)%1000003 + 1,
				Area:             areaPool[int(b%64)%len(areaPool)],
				AttendedThisTerm: b&0x40 != 0,
			})
		}
		res, err := Allocate(in)
		if in.Capacity < 6 {
			if !errors.Is(err, ErrCapacityBelowMinimums) {
				t.Fatalf("capacity %d: err %v", in.Capacity, err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		checkAllocation(t, in, res)
		again, _ := Allocate(in)
		if !reflect.DeepEqual(res, again) {
			t.Fatal("same input, different result")
		}
		picks := make([]int, len(cancel))
		for i, b := range cancel {
			picks[i] = int(b)
		}
		checkCancellations(t, in, res, picks)
	})
}
