package planfile

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	f := parseFile(t, filepath.Join("testdata", "minimal.yaml"))

	t.Run("Swedish deadline spellings are read as canonical deadlines", func(t *testing.T) {
		acts := f.Plan.Areas[0].Actions
		got := []Deadline{acts[0].Deadline, acts[0].SubActions[0].Deadline, acts[1].Deadline}
		want := []Deadline{{Kind: DeadlineMonth, Month: "2025-12"}, {Kind: DeadlineContinuous}, {Kind: DeadlineWhenNeeded}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	t.Run("an unquoted date is read as text", func(t *testing.T) {
		if f.Plan.Date != "2025-01-15" {
			t.Errorf("got %q", f.Plan.Date)
		}
	})
	t.Run("areas and actions know their lines", func(t *testing.T) {
		a := f.Plan.Areas[0]
		got := []int{a.Line, a.Actions[0].Line, a.Actions[0].SubActions[0].Line, a.Actions[1].Line}
		if want := []int{24, 26, 31, 34}; !reflect.DeepEqual(got, want) {
			t.Errorf("got lines %v, want %v", got, want)
		}
	})
	t.Run("an empty file is an error", func(t *testing.T) {
		if _, err := ParseYAML(nil); err == nil {
			t.Error("no error")
		}
	})
	t.Run("an empty list reads as none, so the file reads back from Write as it was", func(t *testing.T) {
		data := strings.Replace(string(readFile(t, filepath.Join("testdata", "minimal.yaml"))),
			"  owner: Förvaltningschef\n", "  owner: Förvaltningschef\n  revisions: []\n", 1)
		f, err := ParseYAML([]byte(data))
		if err != nil {
			t.Fatal(err)
		}
		if f.Plan.Revisions != nil {
			t.Errorf("revisions = %#v, want nil", f.Plan.Revisions)
		}
	})
	t.Run("a second YAML document is an error", func(t *testing.T) {
		data := append(readFile(t, filepath.Join("testdata", "minimal.yaml")), "---\nversion: 1\n"...)
		_, err := ParseYAML(data)
		if err == nil || !strings.Contains(err.Error(), "one YAML document") {
			t.Errorf("got %v", err)
		}
	})
}

func TestParseRejectsBrokenFiles(t *testing.T) {
	tests := []struct {
		name string
		file string
		want []string // each must appear in the error
	}{
		{"bad YAML syntax names the line", "broken-syntax.yaml",
			[]string{"line 34", "mapping values are not allowed"}},
		{"an unknown key in an action names the line and the key", "broken-unknown-key.yaml",
			[]string{`line 35: unknown key "colour" in an action`}},
		{"an unknown key in the plan names the line and the key", "broken-unknown-top-key.yaml",
			[]string{"line 22: field budget not found"}},
		{"an unknown deadline names the line and the text", "broken-deadline.yaml",
			[]string{`line 36: unknown deadline "Snart"`}},
		{"an unknown role names the line, the field and the role", "broken-unknown-role.yaml",
			[]string{`line 33: plan.areas[0].actions[1].responsible: unknown role "Xyz"`}},
		{"a missing role names the line and the field", "broken-missing-role.yaml",
			[]string{"line 33: plan.areas[0].actions[1].responsible: missing role"}},
		{"a duplicate action number names the line and the number", "broken-duplicate-number.yaml",
			[]string{"line 33: plan.areas[0].actions[1].number: duplicate action number 1"}},
		{"a date that does not exist names the line and the field", "broken-date.yaml",
			[]string{`line 20: plan.date: invalid date "2025-02-30"`}},
		{"an unknown scope names the line, the field and the value", "broken-scope.yaml",
			[]string{`line 30: plan.areas[0].actions[0].subActions[0].scope: unknown scope "every-unit" (want once, each-unit or each-person)`}},
		{"a sub-action with a number names the line", "broken-subaction-number.yaml",
			[]string{"line 30: plan.areas[0].actions[0].subActions[0].number: sub-actions have no number"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ParseYAML(readFile(t, filepath.Join("testdata", tt.file)))
			if err == nil {
				t.Fatalf("no error; got a file with %d areas", len(f.Plan.Areas))
			}
			if f != nil {
				t.Error("a broken file came back with the error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not contain %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestWriteIsLossless(t *testing.T) {
	tricky := &File{
		Version:    Version,
		Department: Department{Slug: "a-b", Name: "N", Municipality: "M", Roles: []Role{{Name: "R", Aliases: []string{"Rs"}}}},
		Plan: Plan{
			Title: "key: value # not a comment", RegistryNumber: "- 1", Owner: "R", Date: "2024-01-01",
			Background: "First paragraph, long enough to be folded and wrapped at eighty columns by the writer.\n" +
				"Second paragraph.\n\nThird after an empty line.",
			CompletedActivities: []string{
				"  leading spaces and trailing spaces  ",
				"a line that ends with a newline\n",
				"tab\tinside, and a very long line that would be folded if it had no tab in it at all",
				`"quoted" and 'single' and a very long line with double  spaces that cannot be folded`,
				"> looks like a folded indicator, and this line is long enough to be folded by the writer",
				strings.Repeat("ordsomärmycketlångt", 6) + " short",
			},
			Areas: []Area{{Title: "yes", Purpose: "123", Note: "null", Actions: []Action{
				{Number: 1, Text: "true", Responsible: "Rs", Deadline: Deadline{Kind: DeadlineMonth, Month: "2024-12"},
					SubActions: []Action{{Text: "~", Responsible: "R", Deadline: Deadline{Kind: DeadlineWhenNeeded}}}},
			}}},
		},
	}
	tests := []struct {
		name string
		file func(t *testing.T) *File
	}{
		{"the Bollebygd plan survives Write and Parse", func(t *testing.T) *File { return parseFile(t, bollebygdYAML) }},
		{"the minimal plan survives Write and Parse", func(t *testing.T) *File {
			return parseFile(t, filepath.Join("testdata", "minimal.yaml"))
		}},
		{"texts YAML could misread survive Write and Parse", func(*testing.T) *File { return tricky }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := withoutFileLines(tt.file(t))
			text := yamlText(t, want)
			got, err := ParseYAML([]byte(text))
			if err != nil {
				t.Fatalf("%v\n%s", err, text)
			}
			if got := withoutFileLines(got); !reflect.DeepEqual(got, want) {
				t.Errorf("Parse(Write(f)) differs from f (- want, + got):\n%s", lineDiff(yamlText(t, want), yamlText(t, got)))
			}
			for i, line := range strings.Split(text, "\n") {
				if n := len([]rune(line)); n > wrapWidth && !strings.Contains(line, "ordsomärmycketlångt") && !strings.Contains(line, `"`) {
					t.Errorf("line %d has %d characters: %s", i+1, n, line)
				}
			}
		})
	}
}

// TestBollebygdPlanFileIsCanonical keeps the shipped plan file exactly as
// Write writes it, so that a re-export gives a clean diff. Run
// `go test ./planfile -run Canonical -update` after editing it by hand.
func TestBollebygdPlanFileIsCanonical(t *testing.T) {
	data := readFile(t, bollebygdYAML)
	f, err := ParseYAML(data)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, f); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(bollebygdYAML, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(buf.Bytes(), data) {
		t.Errorf("%s is not in canonical form; run with -update (- file, + canonical):\n%s",
			bollebygdYAML, lineDiff(string(data), buf.String()))
	}
}

func TestDocumentationExampleIsValid(t *testing.T) {
	doc := string(readFile(t, filepath.Join("..", "docs", "plan-file.md")))
	_, rest, ok := strings.Cut(doc, "```yaml\n")
	example, _, closed := strings.Cut(rest, "```")
	if !ok || !closed {
		t.Fatal("docs/plan-file.md has no ```yaml example")
	}
	if _, err := ParseYAML([]byte(example)); err != nil {
		t.Errorf("the example in docs/plan-file.md is not a valid plan file:\n%v", err)
	}
}

func TestFilenameIsASCIIAfterTheRegistryNumber(t *testing.T) {
	for dnr, want := range map[string]string{
		"SN2024/10":     "handlingsplan-SN2024-10.yaml",
		"KS 2023/123 ":  "handlingsplan-KS-2023-123.yaml",
		"SN-Ä2024//1\"": "handlingsplan-SN-2024-1.yaml",
		"":              "handlingsplan.yaml",
	} {
		f := &File{Plan: Plan{RegistryNumber: dnr}}
		if got := f.Filename(); got != want {
			t.Errorf("Filename(%q) = %q, want %q", dnr, got, want)
		}
	}
}

// Text no database column takes is refused where it stands: PostgreSQL
// refuses a NUL and invalid UTF-8 with a bare SQLSTATE, and SQLite stores
// them.
func TestReadersRefuseTextNoDatabaseStores(t *testing.T) {
	minimal := string(readFile(t, filepath.Join("testdata", "minimal.yaml")))
	title := "title: Handlingsplan exempel"
	yamlWith := func(t *testing.T, newTitle string) string {
		t.Helper()
		if !strings.Contains(minimal, title) {
			t.Fatal("minimal.yaml has no title line to change")
		}
		return strings.Replace(minimal, title, newTitle, 1)
	}
	md := func(cell string) string {
		return mdPlan("Mål.\t1. " + cell + "\tChef\tJuni 2024\t")
	}
	tests := []struct {
		name  string
		parse func(t *testing.T) error
		want  string
	}{
		{"invalid UTF-8 in YAML names its line and column", func(t *testing.T) error {
			_, err := ParseYAML([]byte(yamlWith(t, "title: Handlingsplan \xff")))
			return err
		}, "line 19: invalid UTF-8 at column 24 (byte 0xFF)"},
		{"Latin-1 in YAML names its line", func(t *testing.T) error {
			_, err := ParseYAML([]byte(yamlWith(t, "title: F\xf6rvaltning")))
			return err
		}, "line 19: invalid UTF-8 at column 11 (byte 0xF6)"},
		{"a NUL in YAML names its line and column", func(t *testing.T) error {
			_, err := ParseYAML([]byte(yamlWith(t, "title: Handlingsplan \x00")))
			return err
		}, "line 19: NUL character at column 24"},
		{"a control character in YAML names its line", func(t *testing.T) error {
			_, err := ParseYAML([]byte(yamlWith(t, "title: Hand\x01lingsplan")))
			return err
		}, "line 19: control character U+0001 at column 14"},
		{"a NUL written as a YAML escape names its field", func(t *testing.T) error {
			_, err := ParseYAML([]byte(yamlWith(t, `title: "Handlingsplan \0"`)))
			return err
		}, "line 19: plan.title: holds a NUL character"},
		{"bytes that are not UTF-8 given as YAML binary name their field", func(t *testing.T) error {
			_, err := ParseYAML([]byte(yamlWith(t, "title: !!binary /w==")))
			return err
		}, "line 19: plan.title: not valid UTF-8"},
		{"invalid UTF-8 in markdown names its line and column", func(t *testing.T) error {
			_, err := ParseMarkdown(strings.NewReader(md("Ett \xff.")), bareDepartment(), MarkdownOptions{})
			return err
		}, "line 8: invalid UTF-8 at column 13 (byte 0xFF)"},
		{"a NUL in markdown names its line and column", func(t *testing.T) error {
			_, err := ParseMarkdown(strings.NewReader(md("Ett \x00.")), bareDepartment(), MarkdownOptions{})
			return err
		}, "line 8: NUL character at column 13"},
		{"a NUL put into a file by a program names its field", func(t *testing.T) error {
			f := parseFile(t, filepath.Join("testdata", "minimal.yaml"))
			f.Plan.Areas[0].Actions[1].Text = "En \x00 åtgärd."
			return f.Validate()
		}, "line 34: plan.areas[0].actions[1].text: holds a NUL character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.parse(t)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v\nwant one containing %q", err, tt.want)
			}
		})
	}

	t.Run("a byte order mark before the markdown is dropped", func(t *testing.T) {
		f, err := ParseMarkdown(strings.NewReader("\uFEFF"+md("Ett.")), bareDepartment(), MarkdownOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if f.Plan.Title != "Handlingsplan prov" {
			t.Errorf("title = %q", f.Plan.Title)
		}
	})
}
