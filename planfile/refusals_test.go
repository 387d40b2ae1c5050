package planfile

import (
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

var namesALine = regexp.MustCompile(`\bline [1-9][0-9]*\b`)

// problems splits a refusal into the problems it reports, one message each.
func problems(err error) []string {
	var errs Errors
	if errors.As(err, &errs) {
		var out []string
		for _, e := range errs {
			out = append(out, e.Error())
		}
		return out
	}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		return te.Errors
	}
	return []string{err.Error()}
}

// unlined returns the problems of err that name no line.
func unlined(err error) []string {
	var out []string
	for _, p := range problems(err) {
		if !namesALine.MatchString(p) {
			out = append(out, p)
		}
	}
	return out
}

// editYAML applies replacements to testdata/minimal.yaml, each of which must
// apply.
func editYAML(t *testing.T, pairs ...string) []byte {
	t.Helper()
	s := string(readFile(t, filepath.Join("testdata", "minimal.yaml")))
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			t.Fatalf("minimal.yaml has no %q", pairs[i])
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return []byte(s)
}

// TestEveryRefusalNamesItsLine walks the refusals of both readers, one bad
// file each, and checks that every problem reported names its line, and its
// field where it has one. The only exceptions are the refusals of a whole
// file that holds no plan (ErrEmpty, ErrNoTable).
func TestEveryRefusalNamesItsLine(t *testing.T) {
	const dept = "department:\n"
	yamlTests := []struct {
		name  string
		edits []string
		want  string // the problem meant, with its line and field
	}{
		{"another version", []string{"version: 1", "version: 2147483647"}, "line 3: version: unsupported version 2147483647"},
		{"a missing slug", []string{"  slug: exempel-forvaltningen\n", ""}, "line 4: department.slug: missing"},
		{"an invalid slug", []string{"slug: exempel-forvaltningen", "slug: Exempel"}, `line 5: department.slug: invalid slug "Exempel"`},
		{"a missing name", []string{"name: Exempelförvaltningen", `name: " "`}, "line 6: department.name: missing"},
		{"a missing municipality", []string{"  municipality: Exempels kommun\n", ""}, "line 4: department.municipality: missing"},
		{"an operation area without code", []string{dept, dept + "  operationAreas:\n    - name: Äldreomsorg\n"}, "line 6: department.operationAreas[0].code: missing"},
		{"an operation area without name", []string{dept, dept + "  operationAreas:\n    - code: ÄO\n"}, "line 6: department.operationAreas[0].name: missing"},
		{"a duplicate operation area", []string{dept, dept + "  operationAreas:\n    - {code: ÄO, name: Ä}\n    - {code: ÄO, name: Ä}\n"},
			`line 7: department.operationAreas[1].code: duplicate operation area code "ÄO"`},
		{"a workshop minimum of an unknown area", []string{dept, dept + "  settings:\n    workshopMinimums: {LSS: 1}\n"},
			`line 6: department.settings.workshopMinimums[LSS]: unknown operation area "LSS"`},
		{"a workshop minimum out of range", []string{dept, dept + "  operationAreas: [{code: ÄO, name: Ä}]\n  settings:\n    workshopMinimums:\n      ÄO: 2147483647\n"},
			"line 8: department.settings.workshopMinimums[ÄO]: 2147483647 is not between 0 and 1000"},
		{"a report-back end that is no date", []string{dept, dept + "  settings:\n    studyVisitReportBackUntil: maj 2026\n"},
			`line 6: department.settings.studyVisitReportBackUntil: invalid date "maj 2026"`},
		{"a report-back end in the year 9999", []string{dept, dept + "  settings:\n    studyVisitReportBackUntil: 9999-05-31\n"},
			`line 6: department.settings.studyVisitReportBackUntil: invalid date "9999-05-31" (want a year from 2000 to 2100)`},
		{"a role without name", []string{"    - name: Förvaltningschef\n", "    - name: Förvaltningschef\n    - aliases: [Chef]\n"},
			"line 10: department.roles[1].name: missing"},
		{"a role named twice", []string{"    - name: Enhetschef\n", "    - name: Enhetschef\n    - name: enhetschef\n"},
			`line 11: department.roles[2].name: role name "enhetschef" is already used by department.roles[1].name`},
		{"an empty alias", []string{"        - Enhetschefer\n", "        - Enhetschefer\n        - \"\"\n"},
			"line 13: department.roles[1].aliases[1]: missing"},
		{"an unknown permission", []string{"    - name: Förvaltningschef\n", "    - name: Förvaltningschef\n      permissions: [vote]\n"},
			`line 10: department.roles[0].permissions[0]: unknown permission "vote"`},
		{"a position with members", []string{"    - name: Förvaltningschef\n", "    - name: Förvaltningschef\n      members: [Enhetschef]\n"},
			"line 10: department.roles[0].members: only a group has members"},
		{"a group without members", []string{"      members:\n        - Förvaltningschef\n        - Enhetschef\n", ""},
			"line 13: department.roles[2].members: a group needs at least one member"},
		{"an unknown group member", []string{"        - Enhetschef\nplan", "        - Enhetschef\n        - Vaktmästare\nplan"},
			`line 18: department.roles[2].members[2]: unknown role "Vaktmästare"`},
		{"a group as a member", []string{"        - Enhetschef\nplan", "        - Enhetschef\n    - {name: Alla, kind: group, members: [Chefer]}\nplan"},
			`line 18: department.roles[3].members[0]: "Chefer" is a group`},
		{"an unknown role kind", []string{"      kind: group", "      kind: team"}, `line 14: department.roles[2].kind: unknown role kind "team"`},
		{"a missing title", []string{"  title: Handlingsplan exempel\n", ""}, "line 18: plan.title: missing"},
		{"a missing registry number", []string{"  registryNumber: EX2025/1\n", ""}, "line 18: plan.registryNumber: missing"},
		{"a date that does not exist", []string{"date: 2025-01-15", "date: 2025-02-30"}, `line 21: plan.date: invalid date "2025-02-30" (no such day)`},
		{"a date in another form", []string{"date: 2025-01-15", "date: 15/1 2025"}, `line 21: plan.date: invalid date "15/1 2025" (want YYYY-MM-DD)`},
		{"an adoption in the year 9999", []string{"date: 2025-01-15", "date: 2025-01-15\n  adoptedAt: 9999-01-20"},
			`line 22: plan.adoptedAt: invalid date "9999-01-20" (want a year from 2000 to 2100)`},
		{"an unknown approver", []string{"  owner: Förvaltningschef\n", "  owner: Förvaltningschef\n  approvedBy: Förvaltningchef\n"},
			`line 23: plan.approvedBy: unknown role "Förvaltningchef"`},
		{"a missing owner", []string{"  owner: Förvaltningschef\n", ""}, "line 18: plan.owner: missing role"},
		{"an unknown status", []string{"  owner: Förvaltningschef\n", "  owner: Förvaltningschef\n  status: done\n"}, `line 23: plan.status: unknown status "done"`},
		{"an unknown cadence", []string{"  owner: Förvaltningschef\n", "  owner: Förvaltningschef\n  followUpCadence: weekly\n"},
			`line 23: plan.followUpCadence: unknown cadence "weekly"`},
		{"due-soon days out of range", []string{"  owner: Förvaltningschef\n", "  owner: Förvaltningschef\n  dueSoonDays: 2147483647\n"},
			"line 23: plan.dueSoonDays: 2147483647 is not between 0 and 365"},
		{"a revision without date", []string{"  owner: Förvaltningschef\n", "  owner: Förvaltningschef\n  revisions:\n    - note: Ny\n"},
			"line 24: plan.revisions[0].date: missing"},
		{"a revision in the year 1024", []string{"  owner: Förvaltningschef\n", "  owner: Förvaltningschef\n  revisions:\n    - date: 1024-01-01\n"},
			`line 24: plan.revisions[0].date: invalid date "1024-01-01"`},
		{"an empty completed activity", []string{"  owner: Förvaltningschef\n", "  owner: Förvaltningschef\n  completedActivities:\n    - \" \"\n"},
			"line 24: plan.completedActivities[0]: missing"},
		{"an area without title", []string{"    - title: Ett område.\n", "    - title: \"\"\n"}, "line 24: plan.areas[0].title: missing"},
		{"an action number of 2³¹−1", []string{"        - number: 1\n", "        - number: 2147483647\n"},
			"line 26: plan.areas[0].actions[0].number: action number 2147483647 is too large (want at most 999)"},
		{"a number too large for any integer", []string{"        - number: 1\n", "        - number: 99999999999999999999\n"}, "line 26: cannot unmarshal"},
		{"a deadline in the year 9999", []string{"deadline: December 2025", "deadline: December 9999"},
			`line 26: plan.areas[0].actions[0].deadline: invalid month "9999-12" (want a year from 2000 to 2100)`},
		{"an unknown responsible role", []string{"responsible: Förvaltningschef", "responsible: Förvaltningchef"},
			`line 34: plan.areas[0].actions[1].responsible: unknown role "Förvaltningchef" (not in department.roles; did you mean "Förvaltningschef"?)`},
		{"a missing action text", []string{"          text: En annan åtgärd.\n", ""}, "line 34: plan.areas[0].actions[1].text: missing"},
		{"an unknown rule", []string{"          text: En annan åtgärd.\n", "          text: En annan åtgärd.\n          rule: lunch\n"},
			`line 34: plan.areas[0].actions[1].rule: unknown rule "lunch"`},
		{"a deadline that is a list", []string{"deadline: vid behov", "deadline: [vid behov]"}, "line 37: a deadline is one string"},
		{"a sub-action that is a text", []string{"            - text: En delåtgärd.\n              responsible: chefer\n              deadline: Fortlöpande\n", "            - En delåtgärd.\n"},
			"line 31: an action must be a mapping"},
		{"an unknown key", []string{"deadline: vid behov", "deadline: vid behov\n          colour: red"}, `line 38: unknown key "colour" in an action`},
		{"a NUL from an escape", []string{"text: En annan åtgärd.", `text: "En \0 åtgärd."`}, "line 34: plan.areas[0].actions[1].text: holds a NUL character"},
		{"an unknown anchor", []string{"responsible: Förvaltningschef", "responsible: *chef"}, "line 36: unknown anchor 'chef' referenced"},
		{"a second document", []string{"deadline: vid behov", "deadline: vid behov\n---\nversion: 1"}, "line 38: a plan file holds one YAML document"},
		{"bad syntax", []string{"text: En annan åtgärd.", "text: En annan: åtgärd."}, "line 35: mapping values are not allowed"},
	}
	for _, tt := range yamlTests {
		t.Run("YAML: "+tt.name, func(t *testing.T) {
			_, err := ParseYAML(editYAML(t, tt.edits...))
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error does not say %q:\n%v", tt.want, err)
			}
			if bad := unlined(err); len(bad) > 0 {
				t.Errorf("problems without a line: %q", bad)
			}
		})
	}

	md := func(header string, rows ...string) string {
		return header + "\n\nOmråde\tÅtgärd/aktivitet\tAnsvarig\tKlart när?\n" + strings.Join(rows, "\n") + "\n"
	}
	const head = "Handlingsplan prov\nDnr: P2025/1\nDokumentansvarig: Chef"
	const row = "Mål.\t1. Ett.\tChef\tJuni 2024"
	mdTests := []struct {
		name, md, want string
	}{
		{"a missing title", md("Dnr: P2025/1\nDokumentansvarig: Chef", row),
			"line 1: plan.title: missing (the header, lines 1–2, has no title line)"},
		{"a missing registry number", md("Handlingsplan prov\nDokumentansvarig: Chef", row),
			`line 1: plan.registryNumber: missing (the header, lines 1–2, has no "Dnr:")`},
		{"a missing owner", md("Handlingsplan prov\nDnr: P2025/1", row),
			`line 1: plan.owner: missing role (the header, lines 1–2, has no "Dokumentansvarig:")`},
		{"a header missing altogether", md("", row), "line 1: plan.title: missing (nothing comes before the table to say it)"},
		{"a date that does not exist", md(head+"\n2025-02-30", row), `line 4: plan.date: invalid date "2025-02-30" (no such day)`},
		{"an adoption in the year 9999", md(head+"\nFastställd: Socialnämnden 9999-01-20 § 3", row),
			`line 4: plan.adoptedAt: invalid date "9999-01-20" (want a year from 2000 to 2100)`},
		{"a revision that does not exist", md(head+"\nReviderad: 2025-13-01 ny", row), `line 4: plan.revisions[0].date: invalid date "2025-13-01"`},
		{"a revision without date", md(head+"\nReviderad: i maj", row), `line 4: plan.revisions: Reviderad: want dates`},
		{"an empty completed activity", md(head+"\n\nBakgrund\n\n- Gjort.\n-  \t", row),
			"line 8: plan.completedActivities[1]: missing"},
		{"an area without title", md(head, "<i>Bara en not.</i>\t1. Ett.\tChef\tJuni 2024"), "line 6: plan.areas[0].title: missing"},
		{"a deadline in the year 9999", md(head, "Mål.\t1. Ett.\tChef\tJuni 9999"),
			`line 6: plan.areas[0].actions[0].deadline: invalid month "9999-06" (want a year from 2000 to 2100)`},
		{"an unknown deadline", md(head, "Mål.\t1. Ett.\tChef\tSnart"), `line 6: plan.areas[0].actions[0].deadline: unknown deadline "Snart"`},
		{"more roles than deadlines", md(head, "Mål.\t1. Ett.\tChef<br>Chef\tJuni 2024"),
			"line 6: plan.areas[0]: area \"Mål.\" has 2 responsible roles but 1 deadlines"},
		{"more roles than items", md(head, "Mål.\t1. Ett.\tChef<br>Chef\tJuni 2024<br>Juni 2024"),
			"line 6: plan.areas[0]: area \"Mål.\" has 2 responsible roles but 1 actions"},
		{"an area without actions", md(head, "Mål.\t\tChef\tJuni 2024"), `line 6: plan.areas[0]: area "Mål." has no actions`},
		{"a skipped number", md(head, "Mål.\t1. Ett. 3. Tre.\tChef<br>Chef\tJuni 2024<br>Juni 2024"),
			"line 6: plan.areas[0]: action 3. Tre. is numbered 3, but 1 numbered actions come before it"},
		{"a sub-action first", md(head, "Mål.\t<ul> - Under.\tChef\tJuni 2024"), "line 6: plan.areas[0]: sub-action \"Under.\" comes before any numbered action"},
		{"a continuation before any area", md(head, "\t1. Ett.\tChef\tJuni 2024"), "line 6: row continues an area"},
		{"text inside the table", md(head, row, "Sida 2 av 3"), `line 7: text inside the action table that is not a table row: "Sida 2 av 3"`},
		{"a table without rows", md(head), "line 5: the action table has no rows below its header"},
		{"invalid UTF-8", md(head, "Mål.\t1. Ett \xff.\tChef\tJuni 2024"), "line 6: invalid UTF-8 at column 13"},
		{"a NUL", md(head+"\x00", row), "line 3: NUL character at column 23"},
	}
	for _, tt := range mdTests {
		t.Run("markdown: "+tt.name, func(t *testing.T) {
			_, err := ParseMarkdown(strings.NewReader(tt.md), bareDepartment(), MarkdownOptions{})
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error does not say %q:\n%v", tt.want, err)
			}
			if bad := unlined(err); len(bad) > 0 {
				t.Errorf("problems without a line: %q", bad)
			}
		})
	}

	t.Run("a file without a plan is refused as a whole", func(t *testing.T) {
		for _, empty := range []string{"", "# nothing but a comment\n"} {
			if _, err := ParseYAML([]byte(empty)); !errors.Is(err, ErrEmpty) {
				t.Errorf("YAML %q: %v, want ErrEmpty", empty, err)
			}
		}
		if _, err := ParseMarkdown(strings.NewReader("Handlingsplan\n\nBakgrund\n\nText.\n"), bareDepartment(), MarkdownOptions{}); !errors.Is(err, ErrNoTable) {
			t.Errorf("markdown without a table: %v, want ErrNoTable", err)
		}
	})
}
