package planfile

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/handlingsplan/handlingsplan/plans/source"
)

// parseSeed parses the Bollebygd plan's markdown with the converter's known
// slips mended (source.BollebygdSlips): the plan file carries the document's
// text, and everything else must come out of the markdown as it is.
func parseSeed(t *testing.T, dept Department, opts ...MarkdownOptions) *File {
	t.Helper()
	md, err := source.CorrectedBollebygdMarkdown()
	if err != nil {
		t.Fatal(err)
	}
	f, err := ParseMarkdown(bytes.NewReader(md), dept, append(opts, MarkdownOptions{})[0])
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// bareDepartment is a department that knows no roles yet.
func bareDepartment() Department {
	return Department{Slug: "bollebygd-socialforvaltningen", Name: "Socialförvaltningen", Municipality: "Bollebygds kommun"}
}

func TestParseMarkdownSeed(t *testing.T) {
	planFile := parseFile(t, bollebygdYAML)
	// The rule markers are the department's configuration, not text of
	// the document, so the markdown has none.
	want := withoutRules(withoutLines(planFile.Plan))

	t.Run("the seed imports into the plan of the Bollebygd plan file", func(t *testing.T) {
		got := withoutLines(parseSeed(t, planFile.Department).Plan)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("plans differ (- plan file, + markdown):\n%s",
				lineDiff(yamlText(t, &File{Plan: want}), yamlText(t, &File{Plan: got})))
		}
	})

	t.Run("the seed imports into the same plan for a department without roles", func(t *testing.T) {
		f := parseSeed(t, bareDepartment())
		if got := withoutLines(f.Plan); !reflect.DeepEqual(got, want) {
			t.Errorf("plans differ (- plan file, + markdown):\n%s",
				lineDiff(yamlText(t, &File{Plan: want}), yamlText(t, &File{Plan: got})))
		}
		var roles []string
		for _, r := range f.Department.Roles {
			roles = append(roles, strings.Join(append([]string{r.Name}, r.Aliases...), "/"))
		}
		wantRoles := []string{"Förvaltningschef", "Enhetschef/Enhetschefer", "Ledamot", "Ordförande",
			"Verksamhetschef/Verksamhetschefer", "Utvecklingschef", "Medarbetare", "Chefer"}
		if !reflect.DeepEqual(roles, wantRoles) {
			t.Errorf("roles = %q\nwant    %q", roles, wantRoles)
		}
	})

	t.Run("the seed has 8 areas, 14 actions and 13 sub-actions, each with one role and deadline", func(t *testing.T) {
		p := parseSeed(t, bareDepartment()).Plan
		var actions, subs int
		check := func(a Action) {
			if a.Responsible == "" || strings.Contains(a.Responsible, " ") || a.Deadline.validate() != "" {
				t.Errorf("line %d: %q has role %q and deadline %v", a.Line, a.Text, a.Responsible, a.Deadline)
			}
		}
		for _, area := range p.Areas {
			for i, a := range area.Actions {
				actions++
				check(a)
				if a.Number != i+1 {
					t.Errorf("line %d: action %d is numbered %d", a.Line, i+1, a.Number)
				}
				for _, s := range a.SubActions {
					subs++
					check(s)
				}
			}
		}
		if len(p.Areas) != 8 || actions != 14 || subs != 13 {
			t.Errorf("got %d areas, %d actions, %d sub-actions; want 8, 14, 13", len(p.Areas), actions, subs)
		}
	})

	t.Run("the seed's header, background and completed activities are read", func(t *testing.T) {
		p := parseSeed(t, bareDepartment()).Plan
		got := []string{p.Title, p.RegistryNumber, p.Date, p.AdoptedBy, p.AdoptedAt, p.AdoptedParagraph,
			p.ApprovedBy, p.Owner, string(p.Status)}
		wantHeader := []string{"Handlingsplan tillitsfull dialog Socialförvaltning", "SN2024/10", "2024-01-24",
			"Socialnämnden", "2024-02-20", "§ xx", "Förvaltningschef", "Förvaltningschef", "adopted"}
		if !reflect.DeepEqual(got, wantHeader) {
			t.Errorf("header = %q\nwant     %q", got, wantHeader)
		}
		if p.Revisions != nil {
			t.Errorf("revisions = %v, want none", p.Revisions)
		}
		if n := len(strings.Split(p.Background, "\n")); n != 4 {
			t.Errorf("background has %d paragraphs, want 4", n)
		}
		if len(p.CompletedActivities) != 8 {
			t.Errorf("got %d completed activities, want 8", len(p.CompletedActivities))
		}
	})

	t.Run("the import leaves the caller's roles alone", func(t *testing.T) {
		dept := bareDepartment()
		dept.Roles = []Role{{Name: "Enhetschef"}}
		parseSeed(t, dept, MarkdownOptions{CreateRoles: true})
		if !reflect.DeepEqual(dept.Roles, []Role{{Name: "Enhetschef"}}) {
			t.Errorf("roles changed to %+v", dept.Roles)
		}
	})
}

// mdPlan wraps tab-separated table rows in a small plan; the first row is
// line 8.
func mdPlan(rows ...string) string {
	return "Handlingsplan prov\n\nDnr: **P2025/1**\n**Dokumentansvarig:** Förvaltningschef\n\n" +
		"Område\tÅtgärd/aktivitet\tAnsvarig\tKlart när?\tKontroll utfört\n" +
		"---\t---\t---\t---\t---\n" +
		strings.Join(rows, "\n") + "\n"
}

// outline renders a plan's areas compactly for comparison.
func outline(p Plan) []string {
	var out []string
	item := func(prefix string, a Action) string {
		return fmt.Sprintf("%s%s [%s, %s]", prefix, a.Text, a.Responsible, a.Deadline)
	}
	for _, area := range p.Areas {
		out = append(out, "area: "+strings.Join([]string{area.Title, area.Purpose, area.Note}, " | "))
		for _, a := range area.Actions {
			out = append(out, item(fmt.Sprintf("%d. ", a.Number), a))
			for _, s := range a.SubActions {
				out = append(out, item("  - ", s))
			}
		}
	}
	return out
}

func TestParseMarkdownLists(t *testing.T) {
	tests := []struct {
		name string
		rows []string
		want []string
	}{
		{
			name: "numbered items and their sub-items keep their markers",
			rows: []string{"<p>Mål ett. Syftar till något.</p>\t<ol> 1. Första. Med två meningar. <ul> - Under första. 2. Andra.\t" +
				"<p>Chef</p> <p>Medarbetare</p> <p>Chef</p>\t<p>Juni 2024</p> <p>Fortlöpande</p> <p>Vid behov</p>\t"},
			want: []string{"area: Mål ett. | Syftar till något. | ",
				"1. Första. Med två meningar. [Chef, 2024-06]",
				"  - Under första. [Medarbetare, continuous]",
				"2. Andra. [Chef, when-needed]"},
		},
		{
			name: "a marker-less ul holds one sub-action and what follows returns to the numbered list",
			rows: []string{"Mål.\t<ol> Första åtgärden. <ul> Under första. Andra åtgärden.\tChef<br>Medarbetare<br>Chef\t" +
				"Juni 2024<br>Juni 2024<br>Juni 2024\t"},
			want: []string{"area: Mål. |  | ",
				"1. Första åtgärden. [Chef, 2024-06]",
				"  - Under första. [Medarbetare, 2024-06]",
				"2. Andra åtgärden. [Chef, 2024-06]"},
		},
		{
			name: "marker-less text is split only as far as the roles demand",
			rows: []string{"Mål.\t<ol> Första. Fortfarande första.\tChef\tJuni 2024\t"},
			want: []string{"area: Mål. |  | ", "1. Första. Fortfarande första. [Chef, 2024-06]"},
		},
		{
			name: "a later 3. splits a run that lost its full stop before a capitalised word after a capitalised word",
			rows: []string{"Mål.\t<ol> Kartlägga behoven hos Kommunen Ordna en träff för alla <ul> Under andra.\t" +
				"<p>Chef</p> <p>Chef</p> <p>Medarbetare</p>\t<p>Maj 2025</p> <p>Maj 2025</p> <p>Maj 2025</p>\t",
				"\t<p>3. Tredje.</p>\tChef\tMaj 2025\t"},
			want: []string{"area: Mål. |  | ",
				"1. Kartlägga behoven hos Kommunen [Chef, 2025-05]",
				"2. Ordna en träff för alla [Chef, 2025-05]",
				"  - Under andra. [Medarbetare, 2025-05]",
				"3. Tredje. [Chef, 2025-05]"},
		},
		{
			name: "a number inside a sentence is not a list marker",
			rows: []string{"Mål.\t1. Fördelning: ÄO 2, LSS 1. I mån av plats fler. 2. Nästa.\tChef<br>Chef\tFortlöpande<br>Fortlöpande\t"},
			want: []string{"area: Mål. |  | ",
				"1. Fördelning: ÄO 2, LSS 1. I mån av plats fler. [Chef, continuous]",
				"2. Nästa. [Chef, continuous]"},
		},
		{
			name: "an item cut by a page break continues in the next row, whose stray full stop is dropped",
			rows: []string{"Mål.\t1. Början av texten och\tChef\tJuni 2024\t", ".\tslutet av texten.\t\t\t"},
			want: []string{"area: Mål. |  | ", "1. Början av texten och slutet av texten. [Chef, 2024-06]"},
		},
		{
			name: "an area cell cut by a page break joins the next row",
			rows: []string{"Utveckla något som\t1. Gör det.\tChef\tJuni 2024\t",
				"<p>verksamheterna gör. Syftet är ett annat.</p> <p><i>En not.</i></p>\t\t\t\t"},
			want: []string{"area: Utveckla något som verksamheterna gör. | Syftet är ett annat. | En not.",
				"1. Gör det. [Chef, 2024-06]"},
		},
		{
			name: "roles and deadlines continue in rows with an empty Område cell",
			rows: []string{"Mål.\t<ol> 1. Ett. <ul> - Under.\t<p>Chef</p>\t<p>Juni 2024</p>\t", "\t\tMedarbetare\tVid behov\t"},
			want: []string{"area: Mål. |  | ", "1. Ett. [Chef, 2024-06]", "  - Under. [Medarbetare, when-needed]"},
		},
		{
			name: "a plural becomes the singular the plan also uses, and Chefer stays a role of its own",
			rows: []string{"Mål.\t1. Ett. 2. Två. 3. Tre.\tEnhetschefer<br>Enhetschef<br>Chefer\tJuni 2024<br>Juni 2024<br>Juni 2024\t"},
			want: []string{"area: Mål. |  | ",
				"1. Ett. [Enhetschef, 2024-06]", "2. Två. [Enhetschef, 2024-06]", "3. Tre. [Chefer, 2024-06]"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ParseMarkdown(strings.NewReader(mdPlan(tt.rows...)), bareDepartment(), MarkdownOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if got := outline(f.Plan); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}

	t.Run("a plural becomes an alias of a role the department already has", func(t *testing.T) {
		dept := bareDepartment()
		dept.Roles = []Role{{Name: "Förvaltningschef"}, {Name: "Verksamhetschef"}}
		f, err := ParseMarkdown(strings.NewReader(mdPlan("Mål.\t1. Ett.\tVerksamhetschefer\tJuni 2024\t")), dept, MarkdownOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got := f.Plan.Areas[0].Actions[0].Responsible; got != "Verksamhetschef" {
			t.Errorf("responsible = %q, want Verksamhetschef", got)
		}
		if got := f.Department.Roles[1].Aliases; !reflect.DeepEqual(got, []string{"Verksamhetschefer"}) {
			t.Errorf("aliases = %q", got)
		}
	})

	t.Run("a group the department knows keeps its plural name", func(t *testing.T) {
		dept := bareDepartment()
		dept.Roles = []Role{{Name: "Förvaltningschef"}, {Name: "Chefer", Kind: RoleGroup, Members: []string{"Förvaltningschef"}}}
		f, err := ParseMarkdown(strings.NewReader(mdPlan("Mål.\t1. Ett.\tChefer\tJuni 2024\t")), dept, MarkdownOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got := f.Plan.Areas[0].Actions[0].Responsible; got != "Chefer" {
			t.Errorf("responsible = %q, want Chefer", got)
		}
	})
}

func TestParseMarkdownErrors(t *testing.T) {
	tests := []struct {
		name string
		md   string
		want []string
	}{
		{"more roles than items names the area's line",
			mdPlan("Mål.\t1. Ett.\tChef<br>Chef\tJuni 2024<br>Juni 2024\t"),
			[]string{"line 8:", `area "Mål." has 2 responsible roles but 1 actions and sub-actions`}},
		{"more items than roles names the area's line",
			mdPlan("Mål.\t1. Ett. 2. Två.\tChef\tJuni 2024\t"),
			[]string{"line 8:", "has 1 responsible roles but 2 actions and sub-actions"}},
		{"different counts of roles and deadlines name the area's line",
			mdPlan("Mål.\t1. Ett.\tChef\tJuni 2024\t", "\t\t\tJuni 2024\t"),
			[]string{"line 8:", "1 responsible roles but 2 deadlines"}},
		{"an unknown deadline names its line and text",
			mdPlan("Mål.\t<ol> 1. Ett. <ul> - Under.\tChef\tJuni 2024\t", "\t\tChef\tSnart\t"),
			[]string{`line 9: plan.areas[0].actions[0].subActions[0].deadline: unknown deadline "Snart"`}},
		{"a sub-action before any action names its line",
			mdPlan("Mål.\t<ul> - Under.\tChef\tJuni 2024\t"),
			[]string{"line 8:", "comes before any numbered action"}},
		{"a skipped action number names its line",
			mdPlan("Mål.\t1. Ett. 3. Tre.\tChef<br>Chef\tJuni 2024<br>Juni 2024\t"),
			[]string{"line 8:", "action 3. Tre. is numbered 3, but 1 numbered actions come before it"}},
		{"a repeated action number names its line",
			mdPlan("Mål.\t<p>1. Ett.</p><p>1. Ett igen.</p>\tChef<br>Chef\tJuni 2024<br>Juni 2024\t"),
			[]string{"line 8:", "action 1. Ett igen. is numbered 1, but 1 numbered actions come before it"}},
		{"a continuation row before any area names its line",
			mdPlan("\t1. Ett.\tChef\tJuni 2024\t"),
			[]string{"line 8:", "no area has started"}},
		{"text inside the table names its line",
			mdPlan("Mål.\t1. Ett.\tChef\tJuni 2024\t", "Sida 2 av 3"),
			[]string{"line 9:", `"Sida 2 av 3"`}},
		{"a document without an action table is rejected",
			"Handlingsplan\n\nBakgrund\n\nText.\n",
			[]string{"no action table found"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseMarkdown(strings.NewReader(tt.md), bareDepartment(), MarkdownOptions{})
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not contain %q:\n%v", w, err)
				}
			}
		})
	}
}

// In a department that has roles, a role the plan names and the department
// lacks is a typo until the import is told to create roles: a silently new
// "Förvaltningchef" would take the action out of the real
// Förvaltningschef's list.
func TestParseMarkdownUnknownRoles(t *testing.T) {
	existing := bareDepartment()
	existing.Roles = []Role{{Name: "Förvaltningschef"}, {Name: "Enhetschef", Aliases: []string{"Enhetschefer"}}, {Name: "Medarbetare"}}
	md := mdPlan("Mål.\t1. Ett. 2. Två.\tEnhetschefer<br>Förvaltningchef\tJuni 2024<br>Juni 2024\t")

	t.Run("a typo in an existing department is refused with its line, field and the role meant", func(t *testing.T) {
		_, err := ParseMarkdown(strings.NewReader(md), existing, MarkdownOptions{})
		want := `line 8: plan.areas[0].actions[1].responsible: unknown role "Förvaltningchef" (the department has no such role; did you mean "Förvaltningschef"?)`
		if err == nil || err.Error() != want {
			t.Fatalf("error = %v\nwant    %s", err, want)
		}
		if !errors.Is(err, ErrUnknownRole) {
			t.Error("the error is not ErrUnknownRole")
		}
	})

	t.Run("every unknown role is reported, the header's too", func(t *testing.T) {
		md := strings.Replace(md, "Dokumentansvarig:** Förvaltningschef", "Dokumentansvarig:** Kommundirektör", 1)
		_, err := ParseMarkdown(strings.NewReader(md), existing, MarkdownOptions{})
		var errs Errors
		if !errors.As(err, &errs) || len(errs) != 2 {
			t.Fatalf("error = %v, want two problems", err)
		}
		if got := errs[0].Error(); got != `line 4: plan.owner: unknown role "Kommundirektör" (the department has no such role)` {
			t.Errorf("first problem = %s", got)
		}
	})

	t.Run("told to create roles, the import adds it", func(t *testing.T) {
		f, err := ParseMarkdown(strings.NewReader(md), existing, MarkdownOptions{CreateRoles: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := f.Department.ResolveRole("Förvaltningchef"); !ok || len(f.Department.Roles) != 4 {
			t.Errorf("roles = %+v, want the three and Förvaltningchef", f.Department.Roles)
		}
	})

	t.Run("a new department gets the plan's roles", func(t *testing.T) {
		f, err := ParseMarkdown(strings.NewReader(md), bareDepartment(), MarkdownOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Department.Roles) != 3 {
			t.Errorf("roles = %+v, want Förvaltningschef, Enhetschefer and Förvaltningchef", f.Department.Roles)
		}
	})
}
