package planfile

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// expectedScope is what a careful reader marks for one action of a plan,
// and why.
type expectedScope struct {
	at     string // "area.action" or "area.action.sub", 1-based
	text   string // how the text starts, to keep the table honest
	scope  Scope
	reason string
}

// bollebygdScopes is every action and sub-action of the Bollebygd plan.
var bollebygdScopes = []expectedScope{
	{"1.1", "Verksamheterna besöker nämnden", ScopeOnce, "Förvaltningschef is a single post; the operations are whom it acts on"},
	{"1.1.1", "Verksamheterna återrapporterar på nästkommande APT", ScopeEachUnit, "the units in the definite plural, at their APT; Enhetschef manages units"},
	{"1.2", "Politiker gör studiebesök", ScopeOnce, "Förvaltningschef plans the visits: a single post"},
	{"1.2.1", "Vid nästkommande nämndsmöte återrapporterar varje nämndsledamot", ScopeEachPerson, "Ledamot: people who act each for themselves; varje nämndsledamot"},
	{"2.1", "Nämnden ska följa fastställt regelverk", ScopeOnce, "Ordförande is a single post"},
	{"2.1.1", "Om osäkerhet kring regelverk uppstår", ScopeOnce, "Förvaltningschef is a single post"},
	{"3.1", "Två gånger per termin kommer Förvaltningschefen", ScopeOnce, "Förvaltningschef is a single post; per termin is time"},
	{"3.1.1", "En spridning över gränserna", ScopeEachPerson, "written Verksamhetschefer: each area's manager; no unit words"},
	{"3.2", "Vid planeringsdagar eller andra sammankomster så som APT", ScopeEachUnit, "written Enhetschefer, who manage units; APT, verksamheterna"},
	{"3.3", "Verksamhetsområdena ska se om", ScopeEachPerson, "written Verksamhetschefer; verksamhetsområdena is not a unit word"},
	{"4.1", "Möjliggöra så protokoll", ScopeOnce, "Utvecklingschef is a single post"},
	{"4.1.1", "Enhetschefer ska lyfta protokoll", ScopeEachUnit, "written Enhetschefer; på sina APT"},
	{"4.1.2", "Medarbetare ska ta ansvar", ScopeEachPerson, "Medarbetare act each for themselves, though the text says den egna verksamhetens"},
	{"5.1", "Förvaltningen ska ta fram en gemensam hantering", ScopeOnce, "Utvecklingschef is a single post"},
	{"6.1", "Införa ett gemensamt Ledningssystem", ScopeOnce, "Förvaltningschef is a single post"},
	{"6.1.1", "Samla alla styrande dokument", ScopeOnce, "Utvecklingschef is a single post, though the text says alla, samtliga anställda"},
	{"6.1.2", "Säkerställ att alla enhetens rutiner", ScopeEachUnit, "alla enhetens; Enhetschef manages units"},
	{"6.1.3", "Varje enskild medarbetare ska förhålla sig", ScopeEachPerson, "Medarbetare; varje enskild medarbetare"},
	{"7.1", "Genomföra gemensamma utbildningsinsatser", ScopeOnce, "Förvaltningschef trains samtliga chefer: they are whom the single post acts on"},
	{"7.1.1", "Ta fram fokusområden", ScopeOnce, "written Verksamhetschef in the singular and nothing hands the duty out: planned together"},
	{"7.2", "Ta fram förutsättningar för ett mentorskap", ScopeOnce, "Förvaltningschef is a single post"},
	{"8.1", "Utreda förutsättningar för en gemensam introduktion", ScopeOnce, "Förvaltningschef is a single post"},
	{"8.2", "Följa rutinen för den röda tråden", ScopeEachPerson, "Chefer, the plural of chef: every manager, each with their staff"},
	{"8.2.1", "Varje enskild medarbetare förbereder sig", ScopeEachPerson, "Medarbetare; varje enskild medarbetare"},
	{"8.2.2", "I samtalen fånga upp", ScopeEachPerson, "Chefer in their own conversations; verksamhetens behov does not hand it to units"},
	{"8.3", "Genomföra ett par dialoger per år på APT", ScopeEachUnit, "Chefer at APT: each unit's meeting"},
	{"8.3.1", "Varje enskild medarbetare ansvarar", ScopeEachPerson, "Medarbetare; varje enskild medarbetare"},
}

// anotherPlanScopes is every action of testdata/kultur-och-fritid.md, a plan
// of another department in the same form with other roles and phrasings.
var anotherPlanScopes = []expectedScope{
	{"1.1", "Genomföra skyddsronder på samtliga arbetsplatser", ScopeEachUnit, "written Avdelningschefer, who manage units; samtliga arbetsplatser"},
	{"1.1.1", "Varje handläggare går igenom sin arbetssituation", ScopeEachPerson, "Handläggare act each for themselves; varje handläggare"},
	{"1.2", "Ta fram en gemensam rutin", ScopeOnce, "Förvaltningschef is a single post"},
	{"1.2.1", "Rutinen ska vara känd på samtliga arbetsplatser", ScopeOnce, "Kulturchef is a single post; samtliga arbetsplatser are whom it reaches"},
	{"2.1", "Arbetsplatserna går igenom resultatet", ScopeEachUnit, "the units in the definite plural, at their arbetsplatsträff; Avdelningschef manages units"},
	{"2.2", "Var och en ansvarar", ScopeEachPerson, "Handläggare; var och en"},
	{"2.3", "Sammanställa förvaltningens gemensamma utbildningsbehov varje år", ScopeOnce, "Avdelningschef in the singular, and varje år is time, not people"},
	{"2.3.1", "Följa upp sjukfrånvaron för respektive enhet", ScopeEachUnit, "respektive enhet; Avdelningschef manages units"},
	{"2.3.2", "Varje fritidsledare dokumenterar sina aktiviteter", ScopeEachPerson, "the text names the role after varje, so many hold it"},
	{"3.1", "Nämnden besöker verksamheterna", ScopeOnce, "Ordförande is a single post"},
	{"3.1.1", "Vid nästa sammanträde återrapporterar samtliga ledamöter", ScopeEachPerson, "Ledamöter act each for themselves"},
	{"3.2", "Varje verksamhetschef redovisar sitt områdes", ScopeEachPerson, "varje verksamhetschef, sitt; an område is not a unit"},
	{"3.3", "Alla anställda genomför utbildningen", ScopeEachPerson, "Anställda act each for themselves"},
	{"4.1", "Ta fram en kommunikationsplan", ScopeOnce, "Kommunikatör is a single post"},
	{"4.2", "Ledningsgruppen följer upp handlingsplanen två gånger per år", ScopeOnce, "a group named as one body, and nothing hands the duty out"},
	{"4.2.1", "Samtliga chefer i ledningsgruppen redovisar läget inom sitt", ScopeEachPerson, "the group's members: samtliga chefer, sitt ansvarsområde"},
}

// actionAt finds the action at "area.action" or "area.action.sub".
func actionAt(t *testing.T, p Plan, at string) Action {
	t.Helper()
	var i, j, k int
	n, _ := fmt.Sscanf(at, "%d.%d.%d", &i, &j, &k)
	if n < 2 || i > len(p.Areas) || j > len(p.Areas[i-1].Actions) {
		t.Fatalf("no action %s", at)
	}
	a := p.Areas[i-1].Actions[j-1]
	if n == 3 {
		if k > len(a.SubActions) {
			t.Fatalf("no action %s", at)
		}
		a = a.SubActions[k-1]
	}
	return a
}

// checkScopes checks every expected scope, and that the table covers every
// action of the plan.
func checkScopes(t *testing.T, p Plan, want []expectedScope) {
	t.Helper()
	n := 0
	for _, a := range p.Areas {
		for _, act := range a.Actions {
			n += 1 + len(act.SubActions)
		}
	}
	if n != len(want) {
		t.Errorf("the plan has %d actions and sub-actions, the table %d", n, len(want))
	}
	for _, w := range want {
		a := actionAt(t, p, w.at)
		if !strings.HasPrefix(a.Text, w.text) {
			t.Errorf("%s is %q, want a text starting %q", w.at, a.Text, w.text)
			continue
		}
		if a.Scope != w.scope {
			t.Errorf("%s %q (%s): scope %s, want %s: %s", w.at, w.text, a.Responsible, a.Scope, w.scope, w.reason)
		}
	}
}

func TestInferScopeOnTheBollebygdPlan(t *testing.T) {
	shipped := parseFile(t, bollebygdYAML)
	t.Run("the markdown gives every action its scope, with the department's roles", func(t *testing.T) {
		checkScopes(t, parseSeed(t, shipped.Department).Plan, bollebygdScopes)
	})
	t.Run("the markdown gives the same scopes to a department without roles", func(t *testing.T) {
		checkScopes(t, parseSeed(t, bareDepartment()).Plan, bollebygdScopes)
	})
	t.Run("the shipped plan file states the same scopes", func(t *testing.T) {
		checkScopes(t, shipped.Plan, bollebygdScopes)
	})
}

// kulturOchFritid is the department of testdata/kultur-och-fritid.md: it
// knows some of its roles, among them a group, before the plan names them.
func kulturOchFritid() Department {
	return Department{
		Slug: "exempla-kultur-och-fritid", Name: "Kultur- och fritidsförvaltningen", Municipality: "Exempla kommun",
		Roles: []Role{
			{Name: "Förvaltningschef"}, {Name: "Kulturchef"}, {Name: "Avdelningschef"}, {Name: "Verksamhetschef"},
			{Name: "Ledningsgruppen", Kind: RoleGroup, Members: []string{"Förvaltningschef", "Kulturchef", "Avdelningschef"}},
		},
	}
}

func TestInferScopeOnAnotherDepartmentsPlan(t *testing.T) {
	md, err := os.Open(filepath.Join("testdata", "kultur-och-fritid.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer md.Close()
	// The department knows its managers; the plan brings the other roles.
	f, err := ParseMarkdown(md, kulturOchFritid(), MarkdownOptions{CreateRoles: true})
	if err != nil {
		t.Fatal(err)
	}
	if f.Plan.RegistryNumber != "KFN2025/7" || f.Plan.Owner != "Förvaltningschef" {
		t.Errorf("header read as %q, owner %q", f.Plan.RegistryNumber, f.Plan.Owner)
	}
	checkScopes(t, f.Plan, anotherPlanScopes)
	if got := actionAt(t, f.Plan, "1.1").Responsible; got != "Avdelningschef" {
		t.Errorf("Avdelningschefer became %q, want the department's Avdelningschef", got)
	}
}

func TestInferScope(t *testing.T) {
	dept := Department{Roles: []Role{
		{Name: "Förvaltningschef"},
		{Name: "Enhetschef", Aliases: []string{"Enhetschefer"}},
		{Name: "Verksamhetschef", Aliases: []string{"Verksamhetschefer"}},
		{Name: "Medarbetare"},
		{Name: "Biståndsbedömare"},
		{Name: "Verksamheterna"},
		{Name: "Chefer", Kind: RoleGroup, Members: []string{"Förvaltningschef", "Enhetschef", "Verksamhetschef"}},
	}}
	tests := []struct {
		name              string
		responsible, text string
		want              Scope
	}{
		{"a single post is done once whatever the text says", "Förvaltningschef",
			"Samtliga enheter redovisar varje termin sina resultat för var och en.", ScopeOnce},
		{"a plural of a unit manager is each unit's", "Enhetschefer", "Ta fram en rutin.", ScopeEachUnit},
		{"a unit manager in the singular with nothing that hands it out is done once", "Enhetschef",
			"Ta fram en rutin för hela förvaltningen.", ScopeOnce},
		{"varje with time is no share", "Enhetschef", "Rapportera varje termin och per år.", ScopeOnce},
		{"sin makes a unit manager's duty each unit's", "Enhetschef", "Gå igenom sin budget.", ScopeEachUnit},
		{"a plural manager without unit words is each person's", "Verksamhetschefer", "Planera utbildningen.", ScopeEachPerson},
		{"a plural manager at APT is each unit's", "Verksamhetschefer", "Presentera planen på APT.", ScopeEachUnit},
		{"a compound is not a unit word", "Verksamhetschefer", "Verksamhetsområdena ses över.", ScopeEachPerson},
		{"a known plural alone does not share a duty", "Verksamhetschef", "Planera utbildningen.", ScopeOnce},
		{"a role of many written in the singular shares with a quantifier", "Verksamhetschef",
			"Samtliga medarbetare ska få information.", ScopeEachPerson},
		{"people who act each for themselves", "Medarbetare", "Delta i utbildningen.", ScopeEachPerson},
		{"people stay each person's though the text speaks of units", "Medarbetare",
			"Ta del av den egna enhetens rutiner.", ScopeEachPerson},
		{"a role the text names after varje is held by many", "Biståndsbedömare",
			"Varje biståndsbedömare går utbildningen.", ScopeEachPerson},
		{"a role the text names after samtliga, inflected", "Biståndsbedömare",
			"Samtliga biståndsbedömarna går utbildningen.", ScopeEachPerson},
		{"the same role without it is a single post", "Biståndsbedömare", "Gå utbildningen.", ScopeOnce},
		{"the units as the role are each unit's", "Verksamheterna", "Besöker nämnden.", ScopeEachUnit},
		{"Chefer is a plural: each manager", "Chefer", "Följa rutinen.", ScopeEachPerson},
		{"the group's spelling in any case", "chefer", "Följa rutinen.", ScopeEachPerson},
		{"an unknown role with nothing to go on is done once", "Kommundirektör", "Besluta.", ScopeOnce},
		{"an unknown plural of a manager title is each person's", "Områdeschefer", "Besluta.", ScopeEachPerson},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := InferScope(&dept, tt.responsible, tt.text); got != tt.want {
				t.Errorf("InferScope(%q, %q) = %s, want %s", tt.responsible, tt.text, got, tt.want)
			}
		})
	}

	t.Run("a stated scope wins over the inferred one", func(t *testing.T) {
		a := Action{Responsible: "Medarbetare", Text: "Delta.", Scope: ScopeOnce}
		if got := dept.ScopeOf(&a); got != ScopeOnce {
			t.Errorf("got %s", got)
		}
		a.Scope = ""
		if got := dept.ScopeOf(&a); got != ScopeEachPerson {
			t.Errorf("without a scope got %s, want each-person", got)
		}
	})
}
