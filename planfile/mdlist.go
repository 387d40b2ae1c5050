package planfile

// This file rebuilds the list of actions and sub-actions of one area from its
// Åtgärd/aktivitet cells.
//
// Normally every item carries a marker: "1." starts a numbered action, "- "
// a sub-action, and the text up to the next marker belongs to the item. But
// converters sometimes drop the markers (and even a full stop) and leave
// only the HTML list tags: "<ol> First action. <ul> Its sub-action. Second
// action." Such a marker-less run still tells us where a list starts, not
// where its items end. We recover the items from what else the plan says,
// with rules that know nothing about any one plan's words:
//
//  1. Count. Every item has exactly one responsible role and one deadline, so
//     the area has as many items as its Ansvarig column has roles.
//  2. Numbers. An explicit "3." means that two numbered actions come before
//     it, so the marker-less runs before it hold exactly that many.
//  3. A marker-less <ul> holds a single sub-action. When the count calls for
//     more items, the sub-action keeps its first sentence and the sentences
//     after it return to the enclosing list as numbered actions.
//  4. Runs are split only as far as rules 1 and 2 demand, first at sentence
//     ends (". " before an upper-case letter), earliest first; and when that
//     is not enough, inside a run that has lost its full stop, before a
//     capitalised word that follows a capitalised word other than the run's
//     first ("... inom Socialförvaltningen Följa rutinen ..."): a sentence
//     rarely has two capitalised words in a row unless one item ends with a
//     proper noun and the next begins.
//
// If the count still does not come out right, the import fails and names
// the line, rather than guessing.

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// listItem is one action (sub false) or sub-action of an area, in plan order.
type listItem struct {
	sub    bool
	number int
	text   string
	line   int
}

// piece is a stretch of the cells that is one item, or several items whose
// markers were lost (marked false).
type piece struct {
	line   int
	sub    bool // a "- " item, or a marker-less run inside a <ul>
	marked bool
	number int // the "N." of a marked numbered item
	text   strings.Builder
}

var (
	// leadingMarker is a list marker at the start of a paragraph or list item.
	leadingMarker = regexp.MustCompile(`^\s*(?:(\d{1,2})\.|[-–•])\s+`)
	// innerMarker is a list marker after the end of a sentence in running
	// text ("... hos nämnden. 2. Politiker ..."). A number elsewhere ("IFO
	// Verkställighet 1. I mån") is not a marker.
	innerMarker = regexp.MustCompile(`[.!?:]["”»)]?\s+(?:(\d{1,2})\.|[-–•])\s+`)
)

// listItems rebuilds the items of an area whose Ansvarig column has want
// roles. line and title name the area in errors.
func listItems(cells []mdCell, want, line int, title string) ([]listItem, error) {
	pieces := splitPieces(cells)
	if len(pieces) == 0 {
		return nil, lineError(line, "area %q has no actions", title)
	}
	units := make([]*unit, len(pieces))
	for i, p := range pieces {
		units[i] = newUnit(p)
	}
	if err := splitToCount(units, want, line, title); err != nil {
		return nil, err
	}

	var items []listItem
	number := 0
	for _, u := range units {
		for i, text := range u.parts() {
			it := listItem{sub: u.p.sub && i == 0, text: text, line: u.p.line}
			if !it.sub {
				number++
				if u.p.marked && u.p.number != number {
					return nil, lineError(u.p.line, "action %d.%s comes where action %d is expected", u.p.number, excerpt(text), number)
				}
				it.number = number
			}
			items = append(items, it)
		}
	}
	return items, nil
}

// splitPieces walks the cells' HTML and cuts it at list markers and at the
// starts of lists. Text that follows neither continues the current item,
// which is how an item's second sentence, or the tail of an item cut by a
// page break into the next row, joins it.
func splitPieces(cells []mdCell) []*piece {
	var (
		pieces   []*piece
		inSub    []bool // open lists, innermost last: true for <ul>
		newItem  bool   // a list or list item has just started
		atStart  bool   // at the start of a paragraph, where a marker may stand
		lastNum  int
		cur      *piece
		cellLine int
	)
	start := func(sub, marked bool, number int) {
		cur = &piece{line: cellLine, sub: sub, marked: marked, number: number}
		pieces = append(pieces, cur)
		if number > 0 {
			lastNum = number
		}
	}
	appendText := func(s string) {
		if strings.TrimSpace(s) == "" {
			return
		}
		if cur == nil || newItem {
			start(len(inSub) > 0 && inSub[len(inSub)-1], false, 0)
		}
		cur.text.WriteString(" " + s)
		newItem = false
	}
	// text handles one run of text between tags.
	text := func(s string) {
		if strings.TrimSpace(s) == "" {
			return // spaces between tags do not end a paragraph start
		}
		if m := leadingMarker.FindStringSubmatchIndex(s); m != nil && (atStart || newItem) {
			startMarked(s, m, start)
			newItem = false
			s = s[m[1]:]
		}
		atStart = false
		for off := 0; ; {
			m := innerMarker.FindStringSubmatchIndex(s[off:])
			if m == nil {
				appendText(s)
				return
			}
			for i := range m {
				if m[i] >= 0 {
					m[i] += off
				}
			}
			if m[2] >= 0 && atoi(s[m[2]:m[3]]) <= lastNum {
				// A number no higher than the last one is not a marker ("... i
				// maj. 1. Sedan" is text once action 1 exists); look further on.
				off = m[0] + 1
				continue
			}
			appendText(s[:m[0]+1])
			startMarked(s, m, start)
			s, off = s[m[1]:], 0
		}
	}
	for _, c := range cells {
		cellLine, atStart = c.line, true
		for _, tok := range htmlTokens(c.html) {
			switch tok.tag {
			case "":
				text(tok.text)
			case "ol", "ul":
				inSub = append(inSub, tok.tag == "ul")
				newItem, atStart = true, true
			case "/ol", "/ul":
				if len(inSub) > 0 {
					inSub = inSub[:len(inSub)-1]
				}
				atStart = true
			case "li":
				newItem, atStart = true, true
			default:
				if isBlockTag(tok.tag) {
					atStart = true
				}
			}
		}
	}
	return pieces
}

// startMarked starts a marked piece for marker match m in s: a number
// (group 1) starts a numbered action, anything else a sub-action.
func startMarked(s string, m []int, start func(sub, marked bool, number int)) {
	if m[2] >= 0 {
		start(false, true, atoi(s[m[2]:m[3]]))
		return
	}
	start(true, true, 0)
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// unit is a piece with the places where it may be split and those chosen.
type unit struct {
	p      *piece
	text   string
	strong []int // cut positions (index of a space) at sentence ends
	weak   []int // cut positions in runs that lost their full stop
	cuts   []int // chosen, ascending
}

func newUnit(p *piece) *unit {
	u := &unit{p: p, text: clean(p.text.String())}
	if p.marked {
		return u // a marked item is one item, whatever its sentences
	}
	for _, loc := range sentenceEnd.FindAllStringIndex(u.text, -1) {
		u.strong = append(u.strong, loc[0]+1)
	}
	// Runs between sentence ends; only those without a closing full stop are
	// searched for weak cuts.
	from := 0
	for _, end := range append(slices.Clone(u.strong), len(u.text)) {
		run := u.text[from:end]
		if last, _ := utf8.DecodeLastRuneInString(run); run != "" && !strings.ContainsRune(".!?:", last) {
			u.weak = append(u.weak, capitalPairs(run, from)...)
		}
		from = end + 1
	}
	return u
}

// capitalPairs returns the positions (offset by base) of the spaces before a
// capitalised word that follows a capitalised word, the run's first word
// excepted since it is capitalised anyway.
func capitalPairs(run string, base int) []int {
	var cuts []int
	words := strings.Split(run, " ")
	pos := len(words[0])
	for i := 1; i < len(words); i++ {
		if i >= 2 && capitalised(words[i-1]) && capitalised(words[i]) {
			cuts = append(cuts, base+pos)
		}
		pos += 1 + len(words[i])
	}
	return cuts
}

func capitalised(w string) bool {
	for _, r := range w {
		return unicode.IsUpper(r)
	}
	return false
}

// parts returns the unit's text cut at the chosen positions.
func (u *unit) parts() []string {
	var parts []string
	from := 0
	for _, c := range u.cuts {
		parts = append(parts, u.text[from:c])
		from = c + 1
	}
	return append(parts, u.text[from:])
}

// splitToCount chooses cuts in the marker-less units so that the numbers
// and the total count come out right (rules 1, 2 and 4 above).
func splitToCount(units []*unit, want, line int, title string) error {
	// Groups end at each numbered marked item: the items before "N." number
	// N-1, so the cuts a group needs are known. The last group ends with the
	// area and takes whatever the total still lacks.
	from, before := 0, 0 // first unit of the group; numbered actions before it
	for i, u := range units {
		if !u.p.marked || u.p.sub {
			continue
		}
		group := units[from:i]
		have := before + numberedIn(group)
		if have >= u.p.number || !cut(group, u.p.number-1-have) {
			return lineError(u.p.line, "action %d.%s is numbered %d, but %d numbered actions come before it",
				u.p.number, excerpt(u.text), u.p.number, have)
		}
		before = u.p.number
		from = i + 1
	}
	total := 0
	for _, u := range units {
		total += 1 + len(u.cuts)
	}
	if !cut(units[from:], want-total) {
		return &FieldError{Line: line,
			Msg: fmt.Sprintf("area %q has %d responsible roles but %d actions and sub-actions; each needs exactly one role", title, want, total),
			Say: fmt.Sprintf("området %s har %d ansvariga men %d åtgärder och underåtgärder; varje åtgärd och underåtgärd har en ansvarig", quote(title), want, total)}
	}
	return nil
}

// numberedIn counts the numbered actions a group makes without further cuts.
func numberedIn(group []*unit) int {
	n := 0
	for _, u := range group {
		if !u.p.sub {
			n++
		}
		n += len(u.cuts)
	}
	return n
}

// cut makes need more items in the group, or reports that it cannot. Each
// cut adds one numbered action (rule 3 sends what follows a sub-action's
// first sentence back to the numbered list). Sentence ends go first, then
// the weak cuts; earliest first.
func cut(group []*unit, need int) bool {
	if need < 0 {
		return false
	}
	for _, weak := range []bool{false, true} {
		for _, u := range group {
			candidates := u.strong
			if weak {
				candidates = u.weak
			}
			for _, c := range candidates {
				if need == 0 {
					return true
				}
				if !slices.Contains(u.cuts, c) {
					u.cuts = append(u.cuts, c)
					slices.Sort(u.cuts)
					need--
				}
			}
		}
	}
	return need == 0
}

// excerpt is the start of an item's text, for error messages.
func excerpt(s string) string {
	const n = 40
	if len(s) > 0 {
		s = " " + s
	}
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
