package planfile

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// ScopeOf returns the scope of a, an action or sub-action of a plan of d:
// the one the file states, or else the one InferScope gives.
func (d *Department) ScopeOf(a *Action) Scope {
	if a.Scope != "" {
		return a.Scope
	}
	return InferScope(d, a.Responsible, a.Text)
}

// InferScope decides who does an action whose file does not say: once,
// each unit or each person. responsible is the Ansvarig entry as the plan
// writes it ("Enhetschefer", not the canonical "Enhetschef"), text the
// action's text, and d the department whose roles the plan names. The
// rules know Swedish, not any one plan; docs/plan-file.md lists them with
// the Bollebygd plan's examples.
//
//  1. Only a role that many people hold can share a duty. A role is held by
//     many when the plan writes it in the plural here, or the department
//     knows a plural spelling of it (an alias "Enhetschefer"), or it names
//     people who act each for themselves (Medarbetare, Ledamot,
//     Handläggare), or it manages units (Enhetschef, Avdelningschef) or is
//     the units themselves (Verksamheterna), or it is a group of positions,
//     or the text names it after "varje", "alla", "samtliga" ("varje
//     biståndsbedömare"). Any other role is a single post
//     (Förvaltningschef, Utvecklingschef, Ordförande, Kulturchef): once,
//     whatever the text says, because its words then speak of those the
//     post acts on ("med samtliga chefer", "Verksamheterna besöker
//     nämnden").
//  2. A duty of such a role is shared when the plan writes the role in the
//     plural ("Enhetschefer", "Chefer"), the role names people who act each
//     for themselves, or the text distributes it: "var och en", a
//     reflexive possessive (sin, sitt, sina, egen, eget, egna), or
//     "varje", "alla", "samtliga", "respektive", "enskild", "per" before a
//     person or a unit ("varje nämndsledamot", "alla enhetens rutiner",
//     "samtliga arbetsplatser"), or the text speaks of the units
//     themselves: in the definite plural ("Verksamheterna återrapporterar")
//     or at their own meeting (APT, arbetsplatsträff). Otherwise once.
//  3. A shared duty is each unit's when the role manages units or is the
//     units; each person's when the role names people who act each for
//     themselves; else each unit's when the text speaks of the units as in
//     2 ("på APT", "samtliga arbetsplatser"); else each person's: every
//     holder of the role ("Verksamhetschefer", "Chefer").
//
// So a group named as one body ("Ledningsgruppen följer upp planen") does
// its duty once unless the text hands it out ("Samtliga chefer i
// ledningsgruppen redovisar läget inom sitt ansvarsområde").
func InferScope(d *Department, responsible, text string) Scope {
	written := strings.ToLower(clean(responsible))
	var role Role
	if name, ok := d.ResolveRole(responsible); ok {
		role, _ = d.role(name)
	} else {
		role = Role{Name: clean(responsible)}
	}
	name := strings.ToLower(role.Name)
	words := scopeWords(text)

	plural := isPluralOf(written, name, d)
	people := isPersonRole(name) || isPersonRole(written)
	units := isUnitRole(name) || isUnitRole(written)
	unitText := speaksOfUnits(words)
	namedEach := namesRoleAfterQuantifier(words, role)
	knownPlural := slices.ContainsFunc(role.Aliases, func(a string) bool {
		return isPluralOf(strings.ToLower(clean(a)), name, d)
	})

	group := role.Kind == RoleGroup
	if !plural && !knownPlural && !group && !people && !units && !namedEach {
		return ScopeOnce // a single post
	}
	if !plural && !people && !distributes(words, role) && !unitText {
		return ScopeOnce
	}
	switch {
	case units:
		return ScopeEachUnit
	case people:
		return ScopeEachPerson
	case unitText:
		return ScopeEachUnit
	}
	return ScopeEachPerson
}

// scopeWords splits text into lower-case words: runs of letters and
// digits ("APT:er" is "apt", "er").
func scopeWords(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// Swedish plural endings: indefinite ("Enhetschefer", "Samordnare" has
// none) and definite ("Verksamheterna", "Medarbetarna").
var (
	pluralEndings         = []string{"er", "or", "ar", "r"}
	definitePluralEndings = []string{"erna", "arna", "orna"}
)

// isPluralOf tells whether written (lower case) is a plural spelling of the
// role called name: the name with a plural ending ("enhetschefer"), a word
// in the definite plural ("verksamheterna"), the plural of the manager
// title ("bibliotekschefer"), or the plural of the last part of a role of
// d ("chefer": the chef of "Förvaltningschef"), which is how a group of
// positions is named.
func isPluralOf(written, name string, d *Department) bool {
	if strings.HasSuffix(written, "chefer") || strings.HasSuffix(written, "cheferna") {
		return true
	}
	for _, e := range definitePluralEndings {
		if strings.HasSuffix(written, e) && len(written) > len(e)+2 {
			return true
		}
	}
	for _, e := range pluralEndings {
		stem, ok := strings.CutSuffix(written, e)
		if !ok || len([]rune(stem)) < 3 {
			continue
		}
		if stem == name {
			return true
		}
		for _, r := range d.Roles {
			if n := strings.ToLower(r.Name); n != written && strings.HasSuffix(n, stem) {
				return true
			}
		}
	}
	return false
}

// personWords are nouns for people who each act for themselves (staff,
// board members), in their inflected forms; a role whose name ends in one
// of them ("Nämndsledamot", "Biståndshandläggare") is held by many people,
// each for themselves.
var personWords = regexp.MustCompile(`^\p{L}*(medarbetar(e|en|es|na|nas)|anställd(a|e|as)?|personal(en|ens)?|` +
	`ledam(ot|oten|otens|öter|öterna|öternas)|ersättar(e|en|es|na|nas)|förtroendevald(a|e|as)?|` +
	`politiker(n|na|ns|nas)?|handläggar(e|en|es|na|nas))$`)

func isPersonRole(name string) bool { return personWords.MatchString(name) }

// managerWords are the other nouns for people that a quantifier can share a
// duty among ("samtliga chefer").
var managerWords = regexp.MustCompile(`^\p{L}*chef(en|ens|er|erna|ernas)?$`)

// unitWords are the nouns for units and workplaces, in their inflected
// forms. A compound ending in one ("verksamhetsområdena") is another thing.
var (
	unitWords = regexp.MustCompile(`^(enhet|verksamhet|arbetsplats|sektion)(en|ens|er|erna|ernas|ers)?$|` +
		`^avdelning(en|ens|ar|arna|arnas|ars)?$`)
	unitsDefinitePlural = regexp.MustCompile(`^(enheterna|verksamheterna|arbetsplatserna|sektionerna|avdelningarna)s?$`)
	workplaceMeeting    = regexp.MustCompile(`^(apt|arbetsplatsträff(en|ens|ar|arna|arnas)?)$`)
	unitManager         = regexp.MustCompile(`(enhets|avdelnings|sektions|arbetsplats)chef(er|en|erna)?$`)
)

// isUnitRole tells whether a role name (lower case) manages units
// ("enhetschef", "avdelningschefer") or names the units themselves
// ("verksamheterna"). A Verksamhetschef is neither: a verksamhet holds
// several units, and its manager's shared duty is theirs in person.
func isUnitRole(name string) bool {
	if unitManager.MatchString(name) {
		return true
	}
	words := scopeWords(name)
	return len(words) == 1 && unitWords.MatchString(words[0]) && !strings.HasSuffix(words[0], "en") // not "enheten": one unit
}

var (
	quantifiers          = []string{"varje", "alla", "samtliga", "respektive", "enskild", "enskilda", "enskilde", "per"}
	reflexivePossessives = []string{"sin", "sitt", "sina", "egen", "eget", "egna"}
)

// boundBefore tells whether one of markers stands at most two words before
// words[i] ("varje enskild medarbetare", "den egna verksamhetens").
func boundBefore(words []string, i int, markers []string) bool {
	for j := max(i-2, 0); j < i; j++ {
		if slices.Contains(markers, words[j]) {
			return true
		}
	}
	return false
}

// speaksOfUnits tells whether the text gives the duty to the units: a unit
// word in the definite plural ("verksamheterna"), one after a quantifier or
// a reflexive possessive ("samtliga arbetsplatser", "den egna
// verksamhetens"), or their own meeting ("på sina APT", "på APT").
func speaksOfUnits(words []string) bool {
	for i, w := range words {
		switch {
		case unitsDefinitePlural.MatchString(w), workplaceMeeting.MatchString(w):
			return true
		case unitWords.MatchString(w) &&
			(boundBefore(words, i, quantifiers) || boundBefore(words, i, reflexivePossessives)):
			return true
		}
	}
	return false
}

// distributes tells whether the text gives the duty to each one: "var och
// en", a reflexive possessive, or a quantifier before a person ("varje
// nämndsledamot", "samtliga chefer", "varje handläggare", the role's own
// name) or a unit.
func distributes(words []string, role Role) bool {
	for i, w := range words {
		if slices.Contains(reflexivePossessives, w) {
			return true
		}
		if w == "var" && i+2 < len(words) && words[i+1] == "och" && words[i+2] == "en" {
			return true
		}
		if (personWords.MatchString(w) || managerWords.MatchString(w) || unitWords.MatchString(w) || namesRole(w, role)) &&
			boundBefore(words, i, quantifiers) {
			return true
		}
	}
	return false
}

// namesRoleAfterQuantifier tells whether the text names the role after a
// quantifier: "varje biståndsbedömare" makes Biståndsbedömare a role of
// many.
func namesRoleAfterQuantifier(words []string, role Role) bool {
	for i, w := range words {
		if namesRole(w, role) && boundBefore(words, i, quantifiers) {
			return true
		}
	}
	return false
}

// namesRole tells whether word (lower case) is the role's name or an alias,
// inflected ("handläggarna") or as the last part of a compound
// ("nämndsledamot" for Ledamot).
func namesRole(word string, role Role) bool {
	for _, n := range append([]string{role.Name}, role.Aliases...) {
		n = strings.ToLower(clean(n))
		if n == "" || strings.Contains(n, " ") {
			continue
		}
		if strings.HasSuffix(word, n) {
			return true
		}
		// Nouns in -e drop it before an ending: "handläggare", "handläggarna".
		for _, stem := range []string{n, strings.TrimSuffix(n, "e")} {
			if rest, ok := strings.CutPrefix(word, stem); ok && slices.Contains(nounEndings, rest) {
				return true
			}
		}
	}
	return false
}

// nounEndings are the endings of Swedish nouns after the stem: definite,
// plural, genitive.
var nounEndings = []string{"n", "en", "na", "er", "erna", "ar", "arna", "or", "orna", "r", "s", "ns", "ens", "es", "nas"}
