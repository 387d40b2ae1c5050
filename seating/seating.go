// Package seating allocates the seats of a workshop among the employees who
// registered interest, following the plan's rule: every operation area first
// gets its minimum number of seats (ÄO 2, LSS 1, HSV 1, IFO myndighet 1,
// IFO verkställighet 1 in the Bollebygd plan), and "when space allows an area
// can get more".
//
// The allocation is deterministic and explainable: the only randomness is a
// draw from a recorded seed, so anyone can recompute it, and every step is
// written down in Swedish in Result.Explanation.
//
// The rule, step by step:
//
//  1. Each area gets its minimum. An area with fewer applicants than its
//     minimum seats all of them and releases the rest of its minimum.
//  2. The remaining seats are shared in proportion to the remaining demand
//     per area, by the largest-remainder (Hamilton) method; equal remainders
//     are decided by the seeded draw.
//  3. Within an area, people who have not yet attended a workshop this term
//     come first, then the seeded draw. Registration time gives no priority:
//     a draw among everyone registered is fairer than first come, first
//     served for staff who cannot sign up the minute a workshop opens.
//  4. Everyone not seated is on the waitlist: people from areas below their
//     minimum first, then those who have not attended this term, then the draw.
package seating

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// Applicant is one registration of interest in a workshop.
type Applicant struct {
	ID               int    // stable id of the registration
	Area             string // operation area code, e.g. "ÄO"
	AppliedAt        time.Time
	AttendedThisTerm bool // has already had a seat at a workshop this term (lower priority)
}

// Input is everything an allocation depends on.
type Input struct {
	Capacity   int
	Minimums   map[string]int // per area; areas not listed have minimum 0
	Applicants []Applicant
	Seed       int64 // recorded with the workshop, so anyone can recompute the draw
}

// Seat is one allocated seat.
type Seat struct {
	ApplicantID int
	Area        string
	Reason      string // ReasonMinimum, ReasonProportional or ReasonPromoted
}

// Why a seat was given.
const (
	ReasonMinimum      = "minimum"      // part of the area's minimum
	ReasonProportional = "proportional" // a remaining seat, shared by demand
	ReasonPromoted     = "promoted"     // moved up from the waitlist after a cancellation
)

// Result is an allocation: who is seated, who waits, and why.
type Result struct {
	Seated      []Seat   // in seating order
	Waitlist    []int    // applicant ids, in promotion order
	Explanation []string // Swedish, one line per step

	// What Promote needs to keep the minimums after a cancellation. Only
	// Allocate sets them; to rebuild a Result from storage, run Allocate
	// again on the same Input (the seed makes it identical) and replay the
	// cancellations.
	areaOf   map[int]string
	minimums map[string]int
}

var (
	// ErrCapacityBelowMinimums: the workshop cannot hold every area's minimum.
	ErrCapacityBelowMinimums = errors.New("seating: capacity below the sum of the area minimums")
	// ErrInvalidInput: negative numbers, a duplicate applicant id or an applicant without area.
	ErrInvalidInput = errors.New("seating: invalid input")
)

// Stream constants for the PCG generator: the seed picks the sequence, the
// stream separates the draw among applicants from the draw among areas, so
// adding an applicant does not change how area ties are decided.
const (
	applicantStream uint64 = 0x48616e646c696e67 // "Handling"
	areaStream      uint64 = 0x73706c616e417265 // "splanAre"
)

// ValidateCapacity refuses a capacity that cannot hold the sum of the minimums.
func ValidateCapacity(capacity int, minimums map[string]int) error {
	if capacity < 0 {
		return fmt.Errorf("%w: negative capacity %d", ErrInvalidInput, capacity)
	}
	sum := 0
	for _, area := range sortedKeys(minimums) {
		m := minimums[area]
		if m < 0 {
			return fmt.Errorf("%w: negative minimum %d for area %q", ErrInvalidInput, m, area)
		}
		if m > math.MaxInt-sum {
			return fmt.Errorf("%w: minimums too large", ErrInvalidInput)
		}
		sum += m
	}
	if capacity < sum {
		return fmt.Errorf("%w: capacity %d, minimums sum to %d", ErrCapacityBelowMinimums, capacity, sum)
	}
	return nil
}

// candidate is an applicant with their place in the draw.
type candidate struct {
	Applicant
	draw uint64
}

// priority orders applicants within an area, and on the waitlist after the
// below-minimum rule: not attended this term first, then the draw. The id
// only decides a (practically impossible) equal draw.
func priority(a, b candidate) int {
	if a.AttendedThisTerm != b.AttendedThisTerm {
		if a.AttendedThisTerm {
			return 1
		}
		return -1
	}
	return cmp.Or(cmp.Compare(a.draw, b.draw), cmp.Compare(a.ID, b.ID))
}

// Allocate seats the applicants. The same Input always gives the same
// Result, whatever the order of Input.Applicants.
func Allocate(in Input) (Result, error) {
	if err := ValidateCapacity(in.Capacity, in.Minimums); err != nil {
		return Result{}, err
	}
	cands, err := draw(in.Applicants, in.Seed)
	if err != nil {
		return Result{}, err
	}

	queues := map[string][]candidate{} // per area, in priority order
	for _, c := range cands {
		queues[c.Area] = append(queues[c.Area], c)
	}
	areaSet := map[string]bool{}
	for area := range queues {
		areaSet[area] = true
	}
	for area := range in.Minimums {
		areaSet[area] = true
	}
	areas := sortedKeys(areaSet)
	for _, area := range areas {
		slices.SortFunc(queues[area], priority)
	}

	res := Result{areaOf: make(map[int]string, len(cands)), minimums: maps.Clone(in.Minimums)}
	for _, c := range cands {
		res.areaOf[c.ID] = c.Area
	}
	explain := func(format string, args ...any) {
		res.Explanation = append(res.Explanation, fmt.Sprintf(format, args...))
	}

	explain("Workshoppen har %s och %s. Inom varje verksamhetsområde går de som inte har varit på någon workshop den här terminen först; bland de andra avgör en lottning. Lottningen utgår från talet %d: med samma tal blir den likadan varje gång, så vem som helst kan kontrollera den.",
		seats(in.Capacity), applicants(len(cands)), in.Seed)

	// Step 1: minimums.
	taken := map[string]int{} // seats per area so far; always a prefix of the area's queue
	seat := func(area string, n int, reason string) {
		for _, c := range queues[area][taken[area] : taken[area]+n] {
			res.Seated = append(res.Seated, Seat{ApplicantID: c.ID, Area: area, Reason: reason})
		}
		taken[area] += n
	}
	for _, area := range areas {
		minimum := in.Minimums[area]
		if minimum == 0 {
			continue
		}
		n := len(queues[area])
		if n >= minimum {
			seat(area, minimum, ReasonMinimum)
			explain("%s: %s, områdets minsta antal (%s).", area, seats(minimum), applicants(n))
			continue
		}
		seat(area, n, ReasonMinimum)
		explain("%s: %s (%s), fast området har rätt till minst %s; %s går till de andra områdena.",
			area, seats(n), applicants(n), seats(minimum), seats(minimum-n))
	}

	// Step 2: the remaining seats, by remaining demand.
	remaining := in.Capacity - len(res.Seated)
	demand := map[string]int{}
	totalDemand := 0
	for _, area := range areas {
		demand[area] = len(queues[area]) - taken[area]
		totalDemand += demand[area]
	}
	switch {
	case totalDemand == 0:
		if remaining > 0 {
			explain("Inga fler sökande; %s.", vacant(remaining))
		}
	case remaining == 0:
		explain("Inga platser är kvar när varje område har fått sitt minsta antal.")
	case totalDemand <= remaining:
		line := fmt.Sprintf("%s räcker till %s.", remainingSeats(remaining), everyoneLeft(totalDemand))
		if free := remaining - totalDemand; free > 0 {
			line += fmt.Sprintf(" %s.", vacant(free))
		}
		res.Explanation = append(res.Explanation, line)
		for _, area := range areas {
			seat(area, demand[area], ReasonProportional)
		}
	default:
		shares, lines := hamilton(areas, demand, remaining, totalDemand, in.Seed)
		explain("%s är kvar för %s. De delas efter hur många som väntar i varje område: först hela platser efter områdets andel, sedan går de som blir över till de områden vars andel låg närmast nästa hela plats.",
			seats(remaining), applicants(totalDemand))
		res.Explanation = append(res.Explanation, lines...)
		for _, area := range areas {
			seat(area, shares[area], ReasonProportional)
		}
	}

	// Step 3: everyone else waits.
	var waiting []candidate
	for _, area := range areas {
		waiting = append(waiting, queues[area][taken[area]:]...)
	}
	// Minimums are seated first, so right after allocation no waiting area
	// is below its minimum; the rule matters after cancellations (Promote).
	below := func(area string) bool { return taken[area] < in.Minimums[area] }
	slices.SortFunc(waiting, func(a, b candidate) int {
		if below(a.Area) != below(b.Area) {
			if below(a.Area) {
				return -1
			}
			return 1
		}
		return priority(a, b)
	})
	for _, c := range waiting {
		res.Waitlist = append(res.Waitlist, c.ID)
	}
	if len(waiting) == 0 {
		explain("Ingen väntelista: alla sökande fick plats.")
	} else {
		explain("Väntelista: %s. Först står de från områden som har färre platser än sitt minsta antal, sedan de som inte har varit på någon workshop den här terminen, sedan de andra i lottningens ordning.",
			people(len(waiting)))
	}
	return res, nil
}

// draw checks the applicants and gives each a number from the seeded
// generator. Numbers are drawn in id order, so the order of the input does
// not matter. Only the raw PCG output is used (not Shuffle or IntN), because
// that sequence is fixed by the algorithm on every platform and Go version.
func draw(in []Applicant, seed int64) ([]candidate, error) {
	cands := make([]candidate, len(in))
	for i, a := range in {
		if a.Area == "" {
			return nil, fmt.Errorf("%w: applicant %d has no area", ErrInvalidInput, a.ID)
		}
		cands[i] = candidate{Applicant: a}
	}
	slices.SortFunc(cands, func(a, b candidate) int { return cmp.Compare(a.ID, b.ID) })
	src := rand.NewPCG(uint64(seed), applicantStream)
	for i := range cands {
		if i > 0 && cands[i].ID == cands[i-1].ID {
			return nil, fmt.Errorf("%w: applicant id %d registered twice", ErrInvalidInput, cands[i].ID)
		}
		cands[i].draw = src.Uint64()
	}
	return cands, nil
}

// hamilton shares seats among areas in proportion to demand, by the
// largest-remainder method, with free < total demand. Integer arithmetic
// keeps it exact: area a's quota is free·demand[a]/total. It returns the
// share per area and one explanation line per area plus one per tie.
func hamilton(areas []string, demand map[string]int, free, total int, seed int64) (map[string]int, []string) {
	type quota struct {
		area      string
		floor     int
		remainder int // numerator over total
		draw      uint64
	}
	src := rand.NewPCG(uint64(seed), areaStream)
	var qs []quota
	given := 0
	for _, area := range areas { // sorted, so the draw per area is stable
		d := src.Uint64()
		if demand[area] == 0 {
			continue
		}
		q := quota{area: area, floor: free * demand[area] / total, remainder: free * demand[area] % total, draw: d}
		given += q.floor
		qs = append(qs, q)
	}

	// Largest remainders first; equal remainders by the draw.
	order := slices.Clone(qs)
	slices.SortFunc(order, func(a, b quota) int {
		return cmp.Or(cmp.Compare(b.remainder, a.remainder), cmp.Compare(a.draw, b.draw), cmp.Compare(a.area, b.area))
	})
	extra := free - given // < len(qs): each remainder is below one seat
	shares := map[string]int{}
	gotExtra := map[string]bool{}
	for i, q := range order {
		shares[q.area] = q.floor
		if i < extra {
			shares[q.area]++
			gotExtra[q.area] = true
		}
	}

	var lines []string
	for _, q := range qs {
		more := "ingen plats till"
		if n := shares[q.area]; n > 0 {
			more = seats(n) + " till"
		}
		line := fmt.Sprintf("  %s: %s (%s, andel %s)", q.area, more, applicants(demand[q.area]), decimal(free*demand[q.area], total))
		if gotExtra[q.area] {
			line += ", varav 1 för att andelen låg närmast nästa hela plats"
		}
		lines = append(lines, line+".")
	}
	// A tie matters only at the cut between areas that got an extra seat
	// and those that did not.
	if extra > 0 && extra < len(order) && order[extra-1].remainder == order[extra].remainder {
		cut := order[extra].remainder
		var tied, winners []string
		for _, q := range qs { // by area name, easier to read than draw order
			if q.remainder == cut {
				tied = append(tied, q.area)
				if gotExtra[q.area] {
					winners = append(winners, q.area)
				}
			}
		}
		place := "platsen"
		if len(winners) > 1 {
			place = "platserna"
		}
		lines = append(lines, fmt.Sprintf("%s låg lika nära nästa hela plats; lottningen gav %s till %s.", list(tied), place, list(winners)))
	}
	return shares, lines
}

// Promote handles a cancellation. When a seated person cancels, the seat
// goes to the head of the waitlist, except when their area would fall below
// its minimum and someone from that area is waiting: then the first waiting
// person from that area gets it (the waitlist puts areas below their
// minimum first). When a waitlisted person cancels, they are removed from
// the waitlist. An unknown id changes nothing. res is not modified.
func Promote(res Result, cancelledID int) (Result, *int) {
	out := Result{
		Seated:      slices.Clone(res.Seated),
		Waitlist:    slices.Clone(res.Waitlist),
		Explanation: slices.Clone(res.Explanation),
		areaOf:      res.areaOf, // read-only after Allocate
		minimums:    res.minimums,
	}
	if i := slices.IndexFunc(out.Waitlist, func(id int) bool { return id == cancelledID }); i >= 0 {
		out.Waitlist = slices.Delete(out.Waitlist, i, i+1)
		out.Explanation = append(out.Explanation, fmt.Sprintf("Sökande %d%s på väntelistan avbokade och togs bort från väntelistan.",
			cancelledID, inArea(out.areaOf[cancelledID])))
		return out, nil
	}
	i := slices.IndexFunc(out.Seated, func(s Seat) bool { return s.ApplicantID == cancelledID })
	if i < 0 {
		return out, nil
	}
	area := out.Seated[i].Area
	out.Seated = slices.Delete(out.Seated, i, i+1)
	cancelled := fmt.Sprintf("Deltagare %d (%s) avbokade", cancelledID, area)
	if len(out.Waitlist) == 0 {
		out.Explanation = append(out.Explanation, cancelled+"; väntelistan är tom, platsen står ledig.")
		return out, nil
	}

	next, why := 0, ""
	if minimum := out.minimums[area]; minimum > 0 {
		left := 0
		for _, s := range out.Seated {
			if s.Area == area {
				left++
			}
		}
		if left < minimum {
			// The waitlist is in priority order, so the first from this area is their best.
			if j := slices.IndexFunc(out.Waitlist, func(id int) bool { return out.areaOf[id] == area }); j >= 0 {
				next = j
				why = fmt.Sprintf(", så att %s behåller sitt minsta antal, %s", area, seats(minimum))
			}
		}
	}
	id := out.Waitlist[next]
	out.Waitlist = slices.Delete(out.Waitlist, next, next+1)
	out.Seated = append(out.Seated, Seat{ApplicantID: id, Area: out.areaOf[id], Reason: ReasonPromoted})
	out.Explanation = append(out.Explanation, fmt.Sprintf("%s; %d%s flyttades upp från väntelistan%s.", cancelled, id, inArea(out.areaOf[id]), why))
	return out, &id
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Swedish wording for the explanation.

func seats(n int) string {
	if n == 1 {
		return "1 plats"
	}
	return fmt.Sprintf("%d platser", n)
}

func vacant(n int) string {
	if n == 1 {
		return "1 plats förblir ledig"
	}
	return fmt.Sprintf("%d platser förblir lediga", n)
}

func applicants(n int) string { return fmt.Sprintf("%d sökande", n) }

// everyoneLeft says all of the n applicants still waiting: "alla 5
// sökande som är kvar", "den sökande som är kvar".
func everyoneLeft(n int) string {
	if n == 1 {
		return "den sökande som är kvar"
	}
	return fmt.Sprintf("alla %d sökande som är kvar", n)
}

// remainingSeats starts a sentence about the n seats left: "De
// återstående 14 platserna", "Den återstående platsen".
func remainingSeats(n int) string {
	if n == 1 {
		return "Den återstående platsen"
	}
	return fmt.Sprintf("De återstående %d platserna", n)
}

func people(n int) string {
	if n == 1 {
		return "1 person"
	}
	return fmt.Sprintf("%d personer", n)
}

func inArea(area string) string {
	if area == "" {
		return ""
	}
	return " (" + area + ")"
}

// decimal writes num/den with two decimals and a decimal comma.
func decimal(num, den int) string {
	return strings.Replace(fmt.Sprintf("%.2f", float64(num)/float64(den)), ".", ",", 1)
}

// list joins names the Swedish way: "A, B och C".
func list(names []string) string {
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " och " + names[len(names)-1]
}
