package planfile

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(f *File)
		want   string // "" means valid
	}{
		{"the minimal file is valid", func(*File) {}, ""},
		{"another version is rejected", func(f *File) { f.Version = 2 },
			"version: unsupported version 2 (want 1)"},
		{"a slug with capitals is rejected", func(f *File) { f.Department.Slug = "Exempel" },
			`department.slug: invalid slug "Exempel"`},
		{"a slug ending in a dash is rejected", func(f *File) { f.Department.Slug = "exempel-" },
			`department.slug: invalid slug "exempel-"`},
		{"a missing municipality is rejected", func(f *File) { f.Department.Municipality = " " },
			"department.municipality: missing"},
		{"a missing registry number is rejected", func(f *File) { f.Plan.RegistryNumber = "" },
			"plan.registryNumber: missing"},
		{"a missing owner is rejected", func(f *File) { f.Plan.Owner = "" },
			"plan.owner: missing role"},
		{"an approver who is not a role is rejected", func(f *File) { f.Plan.ApprovedBy = "Kommunchef" },
			`plan.approvedBy: unknown role "Kommunchef"`},
		{"an unknown status is rejected", func(f *File) { f.Plan.Status = "done" },
			`plan.status: unknown status "done"`},
		{"a revision date in another format is rejected", func(f *File) { f.Plan.Revisions = []Revision{{Date: "2024-5-1"}} },
			`plan.revisions[0].date: invalid date "2024-5-1" (want YYYY-MM-DD)`},
		{"an alias that is another role's name is rejected", func(f *File) {
			f.Department.Roles[1].Aliases = append(f.Department.Roles[1].Aliases, "förvaltningschef")
		}, `department.roles[1].aliases[1]: role name "förvaltningschef" is already used by department.roles[0].name`},
		{"a group member that is not a role is rejected", func(f *File) {
			f.Department.Roles[2].Members = append(f.Department.Roles[2].Members, "Vaktmästare")
		}, `department.roles[2].members[2]: unknown role "Vaktmästare"`},
		{"a group member that is a group is rejected", func(f *File) {
			f.Department.Roles = append(f.Department.Roles, Role{Name: "Alla", Kind: RoleGroup, Members: []string{"Chefer"}})
		}, `department.roles[3].members[0]: "Chefer" is a group; members are positions`},
		{"a position with members is rejected", func(f *File) { f.Department.Roles[0].Members = []string{"Enhetschef"} },
			"department.roles[0].members: only a group has members"},
		{"an action without number is rejected", func(f *File) { f.Plan.Areas[0].Actions[1].Number = 0 },
			"line 34: plan.areas[0].actions[1].number: missing or invalid action number 0"},
		{"an empty action text is rejected", func(f *File) { f.Plan.Areas[0].Actions[0].Text = "" },
			"line 26: plan.areas[0].actions[0].text: missing"},
		{"a sub-action with sub-actions is rejected", func(f *File) {
			sub := &f.Plan.Areas[0].Actions[0].SubActions[0]
			sub.SubActions = []Action{{Text: "x", Responsible: "Chefer", Deadline: Deadline{Kind: DeadlineContinuous}}}
		}, "line 31: plan.areas[0].actions[0].subActions[0].subActions: sub-actions cannot have sub-actions"},
		{"a month that does not exist is rejected", func(f *File) {
			f.Plan.Areas[0].Actions[0].Deadline = Deadline{Kind: DeadlineMonth, Month: "2025-13"}
		}, `line 26: plan.areas[0].actions[0].deadline: invalid month "2025-13" (want YYYY-MM)`},
		{"an adoption date in the year 9999 is rejected", func(f *File) { f.Plan.AdoptedAt = "9999-01-20" },
			`plan.adoptedAt: invalid date "9999-01-20" (want a year from 2000 to 2100)`},
		{"a revision before the year 2000 is rejected", func(f *File) { f.Plan.Revisions = []Revision{{Date: "1024-05-01"}} },
			`plan.revisions[0].date: invalid date "1024-05-01" (want a year from 2000 to 2100)`},
		{"a deadline in the year 9999 is rejected", func(f *File) {
			f.Plan.Areas[0].Actions[0].Deadline = Deadline{Kind: DeadlineMonth, Month: "9999-12"}
		}, `line 26: plan.areas[0].actions[0].deadline: invalid month "9999-12" (want a year from 2000 to 2100)`},
		{"an action number of 2³¹−1 is rejected", func(f *File) { f.Plan.Areas[0].Actions[0].Number = 1<<31 - 1 },
			"line 26: plan.areas[0].actions[0].number: action number 2147483647 is too large (want at most 999)"},
		{"a missing deadline is rejected", func(f *File) { f.Plan.Areas[0].Actions[1].Deadline = Deadline{} },
			"line 34: plan.areas[0].actions[1].deadline: missing deadline"},
		{"an unknown rule is rejected", func(f *File) { f.Plan.Areas[0].Actions[0].Rule = "lunch" },
			`line 26: plan.areas[0].actions[0].rule: unknown rule "lunch"`},
		{"a rule stated twice is rejected", func(f *File) {
			f.Plan.Areas[0].Actions[0].Rule = RuleWorkshops
			f.Plan.Areas[0].Actions[0].SubActions[0].Rule = RuleWorkshops
		}, `plan.areas[0].actions[0].subActions[0].rule: rule "workshops" is already stated by plan.areas[0].actions[0]`},
		{"a workshop minimum of an unknown operation area is rejected", func(f *File) {
			f.Department.Settings = &Settings{WorkshopMinimums: map[string]int{"Skola": 1}}
		}, `department.settings.workshopMinimums[Skola]: unknown operation area "Skola"`},
		{"a negative workshop minimum is rejected", func(f *File) {
			f.Department.OperationAreas = []OperationArea{{Code: "ÄO", Name: "Äldreomsorg"}}
			f.Department.Settings = &Settings{WorkshopMinimums: map[string]int{"ÄO": -1}}
		}, `department.settings.workshopMinimums[ÄO]: -1 is not between 0 and 1000`},
		{"a report-back end that is not a date is rejected", func(f *File) {
			f.Department.Settings = &Settings{StudyVisitReportBackUntil: "maj 2026"}
		}, `department.settings.studyVisitReportBackUntil: invalid date "maj 2026"`},
		{"an unknown permission is rejected", func(f *File) { f.Department.Roles[0].Permissions = []Permission{"vote"} },
			`department.roles[0].permissions[0]: unknown permission "vote"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parseFile(t, filepath.Join("testdata", "minimal.yaml"))
			tt.change(f)
			err := f.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("unexpected error:\n%v", err)
			case tt.want != "" && err == nil:
				t.Errorf("no error, want %q", tt.want)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Errorf("error does not contain %q:\n%v", tt.want, err)
			}
		})
	}

	t.Run("every problem is reported at once", func(t *testing.T) {
		f := parseFile(t, filepath.Join("testdata", "minimal.yaml"))
		f.Plan.Title = ""
		f.Plan.Areas[0].Actions[0].Responsible = "Xyz"
		f.Plan.Areas[0].Actions[1].Number = 1
		var errs Errors
		if !errors.As(f.Validate(), &errs) {
			t.Fatalf("want Errors, got %v", f.Validate())
		}
		if len(errs) != 3 {
			t.Errorf("got %d problems, want 3:\n%v", len(errs), errs)
		}
		var fe *FieldError
		if !errors.As(f.Validate(), &fe) || fe.Path != "plan.title" {
			t.Errorf("errors.As finds %+v, want the plan.title problem first", fe)
		}
	})
}

func TestResolveRole(t *testing.T) {
	d := &parseFile(t, filepath.Join("testdata", "minimal.yaml")).Department
	tests := []struct {
		name, in, want string
		ok             bool
	}{
		{"a role name resolves to itself", "Enhetschef", "Enhetschef", true},
		{"an alias resolves to its role", "Enhetschefer", "Enhetschef", true},
		{"case and spaces do not matter", " enhetsCHEFER ", "Enhetschef", true},
		{"a group resolves like a position", "Chefer", "Chefer", true},
		{"an unknown name does not resolve", "Chef", "", false},
		{"an empty name does not resolve", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := d.ResolveRole(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("ResolveRole(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestSwedishSaysHowManyProblemsAndWhere(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&FieldError{Line: 7, Msg: "x"}, "Planfilen har ett fel, på rad 7, och lästes inte in. Rätta raden och försök igen."},
		{Errors{{Line: 12, Msg: "a"}, {Line: 3, Msg: "b"}, {Line: 12, Msg: "c"}},
			"Planfilen har 3 fel, på raderna 3 och 12, och lästes inte in. Rätta raderna och försök igen."},
		{ErrEmpty, "Planfilen har ett fel och lästes inte in. Kontrollera att det är en planfil i YAML, sparad som UTF-8."},
	}
	for _, tt := range tests {
		if got := Swedish(tt.err); got != tt.want {
			t.Errorf("Swedish(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}
