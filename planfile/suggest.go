package planfile

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// closestRoles returns up to three of d's roles whose name or an alias is
// closest to name, ignoring case, for "did you mean" in errors: a typo
// ("Förvaltningchef") is one or two edits from the role meant. Roles
// further away than a third of the name's length (at least two edits) are
// left out, so an unrelated name gets no suggestion.
func (d *Department) closestRoles(name string) []string {
	want := []rune(strings.ToLower(clean(name)))
	limit := max(2, len(want)/3)
	type near struct {
		name     string
		distance int
	}
	var found []near
	for _, r := range d.Roles {
		best := limit + 1
		for _, spelling := range append([]string{r.Name}, r.Aliases...) {
			best = min(best, editDistance(want, []rune(strings.ToLower(spelling))))
		}
		if best <= limit {
			found = append(found, near{r.Name, best})
		}
	}
	slices.SortStableFunc(found, func(a, b near) int { return cmp.Compare(a.distance, b.distance) })
	var names []string
	for _, n := range found[:min(3, len(found))] {
		names = append(names, n.name)
	}
	return names
}

// didYouMean words suggestions for an error message: `; did you mean "A"
// or "B"?`, or "" when there are none.
func didYouMean(names []string) string {
	if len(names) == 0 {
		return ""
	}
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	if len(quoted) == 1 {
		return "; did you mean " + quoted[0] + "?"
	}
	return "; did you mean " + strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1] + "?"
}

// menadeDu is didYouMean in Swedish: `; menade du ”A” eller ”B”?`.
func menadeDu(names []string) string {
	if len(names) == 0 {
		return ""
	}
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = quote(n)
	}
	if len(quoted) == 1 {
		return "; menade du " + quoted[0] + "?"
	}
	return "; menade du " + strings.Join(quoted[:len(quoted)-1], ", ") + " eller " + quoted[len(quoted)-1] + "?"
}

// quote puts a text in Swedish quotation marks: ”Snart”.
func quote(s string) string { return "”" + s + "”" }

// editDistance is the Levenshtein distance between a and b: the fewest
// insertions, deletions and substitutions of characters that turn one into
// the other.
func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := range a {
		cur[0] = i + 1
		for j := range b {
			cost := 1
			if a[i] == b[j] {
				cost = 0
			}
			cur[j+1] = min(prev[j+1]+1, cur[j]+1, prev[j]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
