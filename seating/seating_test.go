package seating

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// bollebygd is the plan's minimum per workshop.
func bollebygd() map[string]int {
	return map[string]int{"ÄO": 2, "LSS": 1, "HSV": 1, "IFO myndighet": 1, "IFO verkställighet": 1}
}

// registrations builds applicants from "area:count" groups with ids 1, 2, …
func registrations(groups ...any) []Applicant {
	var out []Applicant
	applied := time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC)
	for i := 0; i < len(groups); i += 2 {
		area, n := groups[i].(string), groups[i+1].(int)
		for range n {
			out = append(out, Applicant{ID: len(out) + 1, Area: area, AppliedAt: applied.Add(time.Duration(len(out)) * time.Minute)})
		}
	}
	return out
}

func seatsPerArea(res Result) map[string]int {
	m := map[string]int{}
	for _, s := range res.Seated {
		m[s.Area]++
	}
	return m
}

func mustAllocate(t *testing.T, in Input) Result {
	t.Helper()
	res, err := Allocate(in)
	if err != nil {
		t.Fatalf("Allocate: %v", err)
	}
	checkAllocation(t, in, res)
	return res
}

func TestAllocateBollebygd(t *testing.T) {
	tests := []struct {
		name       string
		capacity   int
		applicants []Applicant
		want       map[string]int // seats per area
		waitlist   int
		lines      []string // explanation lines that must be there
	}{
		{
			name:       "exactly the minimums",
			capacity:   6,
			applicants: registrations("ÄO", 3, "LSS", 1, "HSV", 2, "IFO myndighet", 1, "IFO verkställighet", 1),
			want:       map[string]int{"ÄO": 2, "LSS": 1, "HSV": 1, "IFO myndighet": 1, "IFO verkställighet": 1},
			waitlist:   2,
			lines: []string{
				"ÄO: 2 platser, områdets minsta antal (3 sökande).",
				"LSS: 1 plats, områdets minsta antal (1 sökande).",
				"Inga platser är kvar när varje område har fått sitt minsta antal.",
				"Väntelista: 2 personer. Först står de från områden som har färre platser än sitt minsta antal, sedan de som inte har varit på någon workshop den här terminen, sedan de andra i lottningens ordning.",
			},
		},
		{
			name:       "extra seats in proportion to demand",
			capacity:   12,
			applicants: registrations("ÄO", 8, "LSS", 2, "HSV", 2, "IFO myndighet", 1, "IFO verkställighet", 1),
			// 6 remaining seats, demand ÄO 6, LSS 1, HSV 1: quotas 4.5, 0.75, 0.75.
			want:     map[string]int{"ÄO": 6, "LSS": 2, "HSV": 2, "IFO myndighet": 1, "IFO verkställighet": 1},
			waitlist: 2,
			lines: []string{
				"6 platser är kvar för 8 sökande. De delas efter hur många som väntar i varje område: först hela platser efter områdets andel, sedan går de som blir över till de områden vars andel låg närmast nästa hela plats.",
				"  ÄO: 4 platser till (6 sökande, andel 4,50).",
				"  LSS: 1 plats till (1 sökande, andel 0,75), varav 1 för att andelen låg närmast nästa hela plats.",
			},
		},
		{
			name:       "an area without applicants releases its minimum",
			capacity:   6,
			applicants: registrations("ÄO", 5, "LSS", 1, "IFO myndighet", 1, "IFO verkställighet", 1),
			want:       map[string]int{"ÄO": 3, "LSS": 1, "IFO myndighet": 1, "IFO verkställighet": 1},
			waitlist:   2,
			lines:      []string{"HSV: 0 platser (0 sökande), fast området har rätt till minst 1 plats; 1 plats går till de andra områdena."},
		},
		{
			name:       "an area with fewer applicants than its minimum seats them all",
			capacity:   8,
			applicants: registrations("ÄO", 1, "LSS", 4, "HSV", 4),
			want:       map[string]int{"ÄO": 1, "LSS": 4, "HSV": 3},
			waitlist:   1,
			lines:      []string{"ÄO: 1 plats (1 sökande), fast området har rätt till minst 2 platser; 1 plats går till de andra områdena."},
		},
		{
			name:       "room for everyone",
			capacity:   20,
			applicants: registrations("ÄO", 4, "LSS", 2, "HSV", 1, "IFO myndighet", 1, "IFO verkställighet", 3),
			want:       map[string]int{"ÄO": 4, "LSS": 2, "HSV": 1, "IFO myndighet": 1, "IFO verkställighet": 3},
			lines: []string{
				"De återstående 14 platserna räcker till alla 5 sökande som är kvar. 9 platser förblir lediga.",
				"Ingen väntelista: alla sökande fick plats.",
			},
		},
		{
			name:       "an area without minimum only gets remaining seats",
			capacity:   8,
			applicants: registrations("ÄO", 2, "LSS", 1, "HSV", 1, "IFO myndighet", 1, "IFO verkställighet", 1, "Stab", 6),
			want:       map[string]int{"ÄO": 2, "LSS": 1, "HSV": 1, "IFO myndighet": 1, "IFO verkställighet": 1, "Stab": 2},
			waitlist:   4,
		},
		{
			name:       "room for the one left",
			capacity:   7,
			applicants: registrations("ÄO", 2, "LSS", 1, "HSV", 1, "IFO myndighet", 1, "IFO verkställighet", 2),
			want:       map[string]int{"ÄO": 2, "LSS": 1, "HSV": 1, "IFO myndighet": 1, "IFO verkställighet": 2},
			lines: []string{
				"Workshoppen har 7 platser och 7 sökande. Inom varje verksamhetsområde går de som inte har varit på någon workshop den här terminen först; bland de andra avgör en lottning. Lottningen utgår från talet 2024: med samma tal blir den likadan varje gång, så vem som helst kan kontrollera den.",
				"Den återstående platsen räcker till den sökande som är kvar.",
			},
		},
		{
			name:     "no applicants",
			capacity: 10,
			want:     map[string]int{},
			lines:    []string{"Inga fler sökande; 10 platser förblir lediga."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Input{Capacity: tt.capacity, Minimums: bollebygd(), Applicants: tt.applicants, Seed: 2024}
			res := mustAllocate(t, in)
			if got := seatsPerArea(res); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("seats per area = %v, want %v", got, tt.want)
			}
			if len(res.Waitlist) != tt.waitlist {
				t.Errorf("waitlist = %v, want %d people", res.Waitlist, tt.waitlist)
			}
			for _, line := range tt.lines {
				if !slices.Contains(res.Explanation, line) {
					t.Errorf("explanation lacks %q:\n%s", line, strings.Join(res.Explanation, "\n"))
				}
			}
		})
	}
}

func TestMinimumSeatsAreMarked(t *testing.T) {
	in := Input{Capacity: 8, Minimums: bollebygd(), Seed: 1,
		Applicants: registrations("ÄO", 4, "LSS", 2, "HSV", 1, "IFO myndighet", 1, "IFO verkställighet", 1)}
	res := mustAllocate(t, in)
	reasons := map[string]int{}
	for _, s := range res.Seated {
		reasons[s.Reason]++
	}
	if want := map[string]int{ReasonMinimum: 6, ReasonProportional: 2}; !reflect.DeepEqual(reasons, want) {
		t.Errorf("reasons = %v, want %v", reasons, want)
	}
	// Seating order: the minimums first.
	for i, s := range res.Seated {
		if (i < 6) != (s.Reason == ReasonMinimum) {
			t.Errorf("seat %d has reason %q", i, s.Reason)
		}
	}
}

func TestNotAttendedFirstWhateverTheSeed(t *testing.T) {
	apps := registrations("ÄO", 5, "LSS", 1, "HSV", 1, "IFO myndighet", 1, "IFO verkställighet", 1)
	for i := range apps[:3] { // ids 1-3 already attended this term
		apps[i].AttendedThisTerm = true
	}
	for seed := range int64(50) {
		res := mustAllocate(t, Input{Capacity: 7, Minimums: bollebygd(), Applicants: apps, Seed: seed})
		var seatedÄO []int
		for _, s := range res.Seated {
			if s.Area == "ÄO" {
				seatedÄO = append(seatedÄO, s.ApplicantID)
			}
		}
		// ÄO gets its 2 minimum seats plus the single remaining seat.
		slices.Sort(seatedÄO)
		if len(seatedÄO) != 3 || seatedÄO[1] != 4 || seatedÄO[2] != 5 {
			t.Fatalf("seed %d: ÄO seats %v, want 4 and 5 (not attended) plus one of 1-3", seed, seatedÄO)
		}
	}
}

func TestTieDecidedByDraw(t *testing.T) {
	// One seat left, five areas with one person each left: equal remainders.
	apps := registrations("ÄO", 3, "LSS", 2, "HSV", 2, "IFO myndighet", 2, "IFO verkställighet", 2)
	winners := map[string]bool{}
	for seed := range int64(60) {
		res := mustAllocate(t, Input{Capacity: 7, Minimums: bollebygd(), Applicants: apps, Seed: seed})
		last := res.Seated[len(res.Seated)-1]
		if last.Reason != ReasonProportional {
			t.Fatalf("seed %d: last seat %+v", seed, last)
		}
		winners[last.Area] = true
		want := "HSV, IFO myndighet, IFO verkställighet, LSS och ÄO låg lika nära nästa hela plats; lottningen gav platsen till " + last.Area + "."
		if !slices.Contains(res.Explanation, want) {
			t.Fatalf("seed %d: explanation lacks %q:\n%s", seed, want, strings.Join(res.Explanation, "\n"))
		}
	}
	if len(winners) < 3 {
		t.Errorf("over 60 seeds the tie went only to %v", winners)
	}
}

// TestGolden pins one draw, so a change in the generator or the rule (which
// would change recorded workshops) cannot pass unnoticed.
func TestGolden(t *testing.T) {
	apps := registrations("ÄO", 6, "LSS", 3, "HSV", 2, "IFO myndighet", 2, "IFO verkställighet", 1)
	apps[0].AttendedThisTerm = true
	res := mustAllocate(t, Input{Capacity: 9, Minimums: bollebygd(), Applicants: apps, Seed: 20240220})
	var seated []int
	for _, s := range res.Seated {
		seated = append(seated, s.ApplicantID)
	}
	wantSeated := []int{11, 12, 14, 9, 3, 5, 7, 2, 6}
	wantWaitlist := []int{13, 8, 4, 10, 1}
	if !slices.Equal(seated, wantSeated) || !slices.Equal(res.Waitlist, wantWaitlist) {
		t.Errorf("seated %v, waitlist %v; want %v, %v\n%s", seated, res.Waitlist, wantSeated, wantWaitlist, strings.Join(res.Explanation, "\n"))
	}
}

func TestInputOrderDoesNotMatter(t *testing.T) {
	apps := registrations("ÄO", 7, "LSS", 3, "HSV", 2, "IFO myndighet", 4, "IFO verkställighet", 1, "Stab", 3)
	in := Input{Capacity: 11, Minimums: bollebygd(), Applicants: apps, Seed: 99}
	want := mustAllocate(t, in)
	rng := rand.New(rand.NewPCG(5, 5))
	for range 20 {
		shuffled := slices.Clone(apps)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		got := mustAllocate(t, Input{Capacity: 11, Minimums: bollebygd(), Applicants: shuffled, Seed: 99})
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("shuffled input changed the result:\n%+v\n%+v", got, want)
		}
	}
}

func TestRefused(t *testing.T) {
	tests := []struct {
		name string
		in   Input
		want error
		msg  []string
	}{
		{"capacity below minimums", Input{Capacity: 5, Minimums: bollebygd()}, ErrCapacityBelowMinimums, []string{"capacity 5", "sum to 6"}},
		{"zero capacity", Input{Capacity: 0, Minimums: bollebygd()}, ErrCapacityBelowMinimums, []string{"capacity 0"}},
		{"negative capacity", Input{Capacity: -1}, ErrInvalidInput, nil},
		{"negative minimum", Input{Capacity: 5, Minimums: map[string]int{"LSS": -1}}, ErrInvalidInput, []string{"LSS"}},
		{"duplicate id", Input{Capacity: 6, Minimums: bollebygd(), Applicants: []Applicant{{ID: 3, Area: "ÄO"}, {ID: 3, Area: "LSS"}}}, ErrInvalidInput, []string{"3"}},
		{"no area", Input{Capacity: 6, Minimums: bollebygd(), Applicants: []Applicant{{ID: 3}}}, ErrInvalidInput, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Allocate(tt.in)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Allocate error = %v, want %v", err, tt.want)
			}
			for _, s := range tt.msg {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q lacks %q", err, s)
				}
			}
		})
	}
	if err := ValidateCapacity(6, bollebygd()); err != nil {
		t.Errorf("ValidateCapacity(6) = %v", err)
	}
	if err := ValidateCapacity(0, nil); err != nil {
		t.Errorf("ValidateCapacity(0, nil) = %v", err)
	}
}

func TestPromote(t *testing.T) {
	// Capacity 7: ÄO 2 + 1 extra, one each for the others; waiting: ÄO and LSS.
	apps := registrations("ÄO", 4, "LSS", 2, "HSV", 1, "IFO myndighet", 1, "IFO verkställighet", 1)
	in := Input{Capacity: 7, Minimums: bollebygd(), Applicants: apps, Seed: 3}
	res := mustAllocate(t, in)
	areaOf := func(id int) string { return apps[id-1].Area }
	seatedIn := func(r Result, area string) []int {
		var ids []int
		for _, s := range r.Seated {
			if s.Area == area {
				ids = append(ids, s.ApplicantID)
			}
		}
		return ids
	}
	if len(res.Waitlist) != 2 {
		t.Fatalf("waitlist %v, want 2", res.Waitlist)
	}
	before := slices.Clone(res.Seated)

	t.Run("seated person cancels: head of waitlist gets the seat", func(t *testing.T) {
		hsv := seatedIn(res, "HSV")[0]
		got, promoted := Promote(res, hsv)
		if promoted == nil || *promoted != res.Waitlist[0] {
			t.Fatalf("promoted %v, want %d", promoted, res.Waitlist[0])
		}
		last := got.Seated[len(got.Seated)-1]
		if last.ApplicantID != *promoted || last.Reason != ReasonPromoted || last.Area != areaOf(*promoted) {
			t.Errorf("new seat %+v", last)
		}
		if !slices.Equal(got.Waitlist, res.Waitlist[1:]) {
			t.Errorf("waitlist %v", got.Waitlist)
		}
		wantLine := "Deltagare " + strconv.Itoa(hsv) + " (HSV) avbokade; " + strconv.Itoa(*promoted) + " (" + areaOf(*promoted) + ") flyttades upp från väntelistan."
		if l := got.Explanation[len(got.Explanation)-1]; l != wantLine {
			t.Errorf("explanation %q, want %q", l, wantLine)
		}
		if !slices.Equal(res.Seated, before) {
			t.Error("Promote modified its argument")
		}
	})

	t.Run("cancellation below the minimum promotes from the same area", func(t *testing.T) {
		// First let the extra ÄO seat go, so ÄO is at its minimum of 2.
		r := res
		for len(seatedIn(r, "ÄO")) > 2 {
			r, _ = Promote(r, seatedIn(r, "ÄO")[0])
		}
		var waitingÄO []int
		for _, id := range r.Waitlist {
			if areaOf(id) == "ÄO" {
				waitingÄO = append(waitingÄO, id)
			}
		}
		if len(waitingÄO) == 0 {
			t.Skip("no ÄO waiting with this seed")
		}
		got, promoted := Promote(r, seatedIn(r, "ÄO")[0])
		if promoted == nil || *promoted != waitingÄO[0] {
			t.Fatalf("promoted %v, want ÄO %d (waitlist %v)", promoted, waitingÄO[0], r.Waitlist)
		}
		if n := len(seatedIn(got, "ÄO")); n != 2 {
			t.Errorf("ÄO has %d seats, want its minimum 2", n)
		}
		if l := got.Explanation[len(got.Explanation)-1]; !strings.HasSuffix(l, "så att ÄO behåller sitt minsta antal, 2 platser.") {
			t.Errorf("explanation %q", l)
		}
	})

	t.Run("waitlisted person cancels", func(t *testing.T) {
		id := res.Waitlist[0]
		got, promoted := Promote(res, id)
		if promoted != nil {
			t.Errorf("promoted %d", *promoted)
		}
		if !slices.Equal(got.Waitlist, res.Waitlist[1:]) || !slices.Equal(got.Seated, res.Seated) {
			t.Errorf("got %+v", got)
		}
		want := "Sökande " + strconv.Itoa(id) + " (" + areaOf(id) + ") på väntelistan avbokade och togs bort från väntelistan."
		if l := got.Explanation[len(got.Explanation)-1]; l != want {
			t.Errorf("explanation %q, want %q", l, want)
		}
	})

	t.Run("unknown id changes nothing", func(t *testing.T) {
		got, promoted := Promote(res, 999)
		if promoted != nil || !reflect.DeepEqual(got, res) {
			t.Errorf("got %+v, %v", got, promoted)
		}
	})

	t.Run("empty waitlist leaves the seat free", func(t *testing.T) {
		r := res
		for len(r.Waitlist) > 0 {
			r, _ = Promote(r, r.Waitlist[0])
		}
		id := r.Seated[0].ApplicantID
		got, promoted := Promote(r, id)
		if promoted != nil || len(got.Seated) != len(r.Seated)-1 {
			t.Fatalf("promoted %v, seated %d", promoted, len(got.Seated))
		}
		if l := got.Explanation[len(got.Explanation)-1]; !strings.HasSuffix(l, "väntelistan är tom, platsen står ledig.") {
			t.Errorf("explanation %q", l)
		}
	})
}
