package planfile

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/handlingsplan/handlingsplan/followup"
)

// FieldError is one problem in a plan file.
type FieldError struct {
	Path  string // e.g. "plan.areas[2].actions[0].responsible"; empty when not tied to a field
	Line  int    // source line (YAML or markdown); 0 when unknown
	Place *Place // where in a Word document; nil for other files
	Msg   string
	// Say is the problem in Swedish, for the person who fixes the file,
	// where the reader has words for it; empty otherwise.
	Say string
	Err error // the kind of problem, for errors.Is (ErrUnknownRole); usually nil
}

func (e *FieldError) Error() string {
	var b strings.Builder
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.Place != nil {
		b.WriteString(e.Place.String())
		b.WriteString(": ")
	}
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap lets errors.Is find the kind of problem.
func (e *FieldError) Unwrap() error { return e.Err }

// Errors is every problem found in a plan file, in file order. Validate
// returns all of them at once so that whoever fixes the file sees the whole
// list rather than one problem per attempt.
type Errors []*FieldError

func (es Errors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Unwrap lets errors.As find the individual *FieldError values.
func (es Errors) Unwrap() []error {
	errs := make([]error, len(es))
	for i, e := range es {
		errs[i] = e
	}
	return errs
}

// MaxActionNumber bounds action numbers: an area of a plan holds a handful
// of actions, so a number past it is a slip ("2147483647"), not a plan.
const MaxActionNumber = 999

var (
	slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	datePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// ResolveRole returns the canonical name of the role that name or one of its
// aliases spells, ignoring case and surrounding spaces.
func (d *Department) ResolveRole(name string) (string, bool) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", false
	}
	for _, r := range d.Roles {
		if strings.EqualFold(r.Name, name) {
			return r.Name, true
		}
		for _, a := range r.Aliases {
			if strings.EqualFold(a, name) {
				return r.Name, true
			}
		}
	}
	return "", false
}

// role returns the role with the given canonical name.
func (d *Department) role(name string) (Role, bool) {
	for _, r := range d.Roles {
		if r.Name == name {
			return r, true
		}
	}
	return Role{}, false
}

// Validate checks the rules the YAML types cannot express and returns every
// violation as Errors, or nil.
func (f *File) Validate() error {
	v := &validator{}
	if f.Version != Version {
		v.add("version", 0, "unsupported version %d (want %d)", f.Version, Version)
	}
	v.department(&f.Department)
	v.plan(&f.Plan, &f.Department)
	v.texts(reflect.ValueOf(f).Elem(), "", 0)
	if len(v.errs) == 0 {
		return nil
	}
	return v.errs
}

type validator struct{ errs Errors }

func (v *validator) add(path string, line int, format string, args ...any) {
	v.errs = append(v.errs, &FieldError{Path: path, Line: line, Msg: fmt.Sprintf(format, args...)})
}

func (v *validator) required(path string, line int, value string) bool {
	if strings.TrimSpace(value) == "" {
		v.add(path, line, "missing")
		return false
	}
	return true
}

func (v *validator) date(path, value string) {
	if !datePattern.MatchString(value) {
		v.add(path, 0, "invalid date %q (want YYYY-MM-DD)", value)
		return
	}
	day, err := time.Parse(time.DateOnly, value)
	if err != nil {
		v.add(path, 0, "invalid date %q (no such day)", value)
		return
	}
	if !followup.InYears(day.Year()) {
		v.add(path, 0, "invalid date %q (want a year from %d to %d)", value, followup.FirstYear, followup.LastYear)
	}
}

// roleRef checks that name is a role or alias of d. An empty name is only
// an error when the reference is required.
func (v *validator) roleRef(path string, line int, name string, d *Department, required bool) {
	if strings.TrimSpace(name) == "" {
		if required {
			v.add(path, line, "missing role")
		}
		return
	}
	if _, ok := d.ResolveRole(name); !ok {
		v.add(path, line, "unknown role %q (not in department.roles%s)", name, didYouMean(d.closestRoles(name)))
	}
}

func (v *validator) department(d *Department) {
	if v.required("department.slug", 0, d.Slug) && !slugPattern.MatchString(d.Slug) {
		v.add("department.slug", 0, "invalid slug %q (lowercase a-z, 0-9 and single '-' between them)", d.Slug)
	}
	v.required("department.name", 0, d.Name)
	v.required("department.municipality", 0, d.Municipality)

	codes := map[string]bool{}
	for i, oa := range d.OperationAreas {
		path := fmt.Sprintf("department.operationAreas[%d]", i)
		if v.required(path+".code", 0, oa.Code) {
			if codes[oa.Code] {
				v.add(path+".code", 0, "duplicate operation area code %q", oa.Code)
			}
			codes[oa.Code] = true
		}
		v.required(path+".name", 0, oa.Name)
	}
	v.roles(d)
	if s := d.Settings; s != nil {
		for _, code := range slices.Sorted(maps.Keys(s.WorkshopMinimums)) {
			path := fmt.Sprintf("department.settings.workshopMinimums[%s]", code)
			if !codes[code] {
				v.add(path, 0, "unknown operation area %q (not in department.operationAreas)", code)
			}
			if n := s.WorkshopMinimums[code]; n < 0 || n > 1000 {
				v.add(path, 0, "%d is not between 0 and 1000", n)
			}
		}
		if s.StudyVisitReportBackUntil != "" {
			v.date("department.settings.studyVisitReportBackUntil", s.StudyVisitReportBackUntil)
		}
	}
}

func (v *validator) roles(d *Department) {
	seen := map[string]string{} // lower-cased name or alias -> path of its first use
	claim := func(path, name string) {
		key := strings.ToLower(strings.TrimSpace(name))
		if first, dup := seen[key]; dup {
			v.add(path, 0, "role name %q is already used by %s", name, first)
			return
		}
		seen[key] = path
	}
	for i, r := range d.Roles {
		path := fmt.Sprintf("department.roles[%d]", i)
		if v.required(path+".name", 0, r.Name) {
			claim(path+".name", r.Name)
		}
		for j, a := range r.Aliases {
			if v.required(fmt.Sprintf("%s.aliases[%d]", path, j), 0, a) {
				claim(fmt.Sprintf("%s.aliases[%d]", path, j), a)
			}
		}
		for j, perm := range r.Permissions {
			if perm != PermissionEditPlans && perm != PermissionAdminister && perm != PermissionBoard {
				v.add(fmt.Sprintf("%s.permissions[%d]", path, j), 0, "unknown permission %q (want %q, %q or %q)", perm, PermissionEditPlans, PermissionAdminister, PermissionBoard)
			}
		}
		switch r.Kind {
		case "", RolePosition:
			if len(r.Members) > 0 {
				v.add(path+".members", 0, "only a group has members")
			}
		case RoleGroup:
			if len(r.Members) == 0 {
				v.add(path+".members", 0, "a group needs at least one member")
			}
			for j, m := range r.Members {
				v.member(fmt.Sprintf("%s.members[%d]", path, j), m, d)
			}
		default:
			v.add(path+".kind", 0, "unknown role kind %q (want %q or %q)", r.Kind, RolePosition, RoleGroup)
		}
	}
}

// member checks that a group member names a position of the department.
func (v *validator) member(path, name string, d *Department) {
	canonical, ok := d.ResolveRole(name)
	if !ok {
		v.add(path, 0, "unknown role %q (not in department.roles%s)", name, didYouMean(d.closestRoles(name)))
		return
	}
	if r, _ := d.role(canonical); r.Kind == RoleGroup {
		v.add(path, 0, "%q is a group; members are positions", name)
	}
}

func (v *validator) plan(p *Plan, d *Department) {
	v.required("plan.title", 0, p.Title)
	v.required("plan.registryNumber", 0, p.RegistryNumber)
	if p.Date != "" {
		v.date("plan.date", p.Date)
	}
	if p.AdoptedAt != "" {
		v.date("plan.adoptedAt", p.AdoptedAt)
	}
	v.roleRef("plan.approvedBy", 0, p.ApprovedBy, d, false)
	v.roleRef("plan.owner", 0, p.Owner, d, true)
	switch p.Status {
	case "", StatusDraft, StatusAdopted, StatusArchived:
	default:
		v.add("plan.status", 0, "unknown status %q (want %s, %s or %s)", p.Status, StatusDraft, StatusAdopted, StatusArchived)
	}
	switch p.FollowUpCadence {
	case "", "month", "quarter", "term", "year":
	default:
		v.add("plan.followUpCadence", 0, "unknown cadence %q (want month, quarter, term or year)", p.FollowUpCadence)
	}
	if p.DueSoonDays < 0 || p.DueSoonDays > 365 {
		v.add("plan.dueSoonDays", 0, "%d is not between 0 and 365", p.DueSoonDays)
	}
	for i, r := range p.Revisions {
		path := fmt.Sprintf("plan.revisions[%d]", i)
		if v.required(path+".date", 0, r.Date) {
			v.date(path+".date", r.Date)
		}
	}
	for i, a := range p.CompletedActivities {
		v.required(fmt.Sprintf("plan.completedActivities[%d]", i), 0, a)
	}
	for i := range p.Areas {
		v.area(fmt.Sprintf("plan.areas[%d]", i), &p.Areas[i], d)
	}
	v.rules(p)
}

// rules checks that each rule is stated by at most one action.
func (v *validator) rules(p *Plan) {
	first := map[ActionRule]string{}
	check := func(path string, a *Action) {
		if a.Rule == "" {
			return
		}
		if !slices.Contains(ActionRules, a.Rule) {
			v.add(path+".rule", a.Line, "unknown rule %q (want one of %v)", a.Rule, ActionRules)
			return
		}
		if prev, dup := first[a.Rule]; dup {
			v.add(path+".rule", a.Line, "rule %q is already stated by %s", a.Rule, prev)
			return
		}
		first[a.Rule] = path
	}
	for i, ar := range p.Areas {
		for j := range ar.Actions {
			apath := fmt.Sprintf("plan.areas[%d].actions[%d]", i, j)
			check(apath, &ar.Actions[j])
			for k := range ar.Actions[j].SubActions {
				check(fmt.Sprintf("%s.subActions[%d]", apath, k), &ar.Actions[j].SubActions[k])
			}
		}
	}
}

func (v *validator) area(path string, a *Area, d *Department) {
	v.required(path+".title", a.Line, a.Title)
	numbers := map[int]int{} // number -> index of the action that has it
	for i := range a.Actions {
		act := &a.Actions[i]
		apath := fmt.Sprintf("%s.actions[%d]", path, i)
		switch first, dup := numbers[act.Number]; {
		case act.Number < 1:
			v.add(apath+".number", act.Line, "missing or invalid action number %d (want 1 or more)", act.Number)
		case act.Number > MaxActionNumber:
			v.add(apath+".number", act.Line, "action number %d is too large (want at most %d)", act.Number, MaxActionNumber)
		case dup:
			v.add(apath+".number", act.Line, "duplicate action number %d (also %s.actions[%d])", act.Number, path, first)
		default:
			numbers[act.Number] = i
		}
		v.action(apath, act, d)
		for j := range act.SubActions {
			sub := &act.SubActions[j]
			spath := fmt.Sprintf("%s.subActions[%d]", apath, j)
			if sub.Number != 0 {
				v.add(spath+".number", sub.Line, "sub-actions have no number (got %d)", sub.Number)
			}
			if len(sub.SubActions) > 0 {
				v.add(spath+".subActions", sub.Line, "sub-actions cannot have sub-actions")
			}
			v.action(spath, sub, d)
		}
	}
}

// action checks what actions and sub-actions have in common.
func (v *validator) action(path string, a *Action, d *Department) {
	v.required(path+".text", a.Line, a.Text)
	v.roleRef(path+".responsible", a.Line, a.Responsible, d, true)
	if msg := a.Deadline.validate(); msg != "" {
		v.add(path+".deadline", a.Line, "%s", msg)
	}
	if a.Scope != "" && !slices.Contains(Scopes, a.Scope) {
		v.add(path+".scope", a.Line, "unknown scope %q (want %s, %s or %s)", a.Scope, ScopeOnce, ScopeEachUnit, ScopeEachPerson)
	}
}

// Swedish says err to the person who imports the file: how many problems
// and on which lines. The problems themselves, in English with their
// fields, are the error's detail, for whoever edits the file.
//
// A Word document is told by the places of its problems ("Dokumentet har
// ett fel (tabell 2, rad 4, kolumn Klart när): …"), with the problem in
// Swedish where the reader has words for it.
func Swedish(err error) string {
	switch {
	case errors.Is(err, ErrNotDocx):
		return "Filen går inte att läsa som ett Word-dokument (.docx) och lästes inte in. Spara den som .docx i Word eller LibreOffice (inte som den äldre .doc) och försök igen."
	case errors.Is(err, ErrNoPlanTable):
		return "Dokumentet har ingen plantabell och lästes inte in. Planen ska stå i en tabell med kolumnerna Område, Åtgärd/aktivitet, Ansvarig och Klart när."
	case errors.Is(err, ErrNoTable):
		return "Filen har ingen tabell med kolumnerna Område, Åtgärd/aktivitet, Ansvarig och Klart när? och lästes inte in."
	}
	if problems := flatten(err); slices.ContainsFunc(problems, func(e *FieldError) bool { return e.Place != nil }) {
		return swedishDocument(problems)
	}
	var lines []int
	count := 0
	for _, e := range flatten(err) {
		count++
		if e.Line > 0 && !slices.Contains(lines, e.Line) {
			lines = append(lines, e.Line)
		}
	}
	slices.Sort(lines)
	problems := "ett fel"
	if count > 1 {
		problems = fmt.Sprintf("%d fel", count)
	}
	switch len(lines) {
	case 0:
		return "Planfilen har " + problems + " och lästes inte in. Kontrollera att det är en planfil i YAML, sparad som UTF-8."
	case 1:
		return fmt.Sprintf("Planfilen har %s, på rad %d, och lästes inte in. Rätta raden och försök igen.", problems, lines[0])
	}
	words := make([]string, len(lines))
	for i, l := range lines {
		words[i] = fmt.Sprint(l)
	}
	if len(words) > 10 {
		words = append(words[:10], "fler")
	}
	list := strings.Join(words[:len(words)-1], ", ") + " och " + words[len(words)-1]
	return fmt.Sprintf("Planfilen har %s, på raderna %s, och lästes inte in. Rätta raderna och försök igen.", problems, list)
}

// flatten lists the problems in err: one, or each of Errors.
func flatten(err error) []*FieldError {
	var es Errors
	if errors.As(err, &es) {
		return es
	}
	var e *FieldError
	if errors.As(err, &e) {
		return []*FieldError{e}
	}
	if err == nil {
		return nil
	}
	return []*FieldError{{Msg: err.Error()}}
}

// swedishDocument says the problems of a Word document: each place, and
// the problem where it has Swedish words; five at most.
func swedishDocument(problems []*FieldError) string {
	var parts []string
	for i, e := range problems {
		if i == 5 {
			parts = append(parts, fmt.Sprintf("och %d till", len(problems)-i))
			break
		}
		var s []string
		if e.Place != nil {
			s = append(s, e.Place.Swedish())
		}
		if e.Say != "" {
			s = append(s, e.Say)
		}
		if len(s) > 0 {
			parts = append(parts, strings.Join(s, ": "))
		}
	}
	const end = " Inget lästes in: rätta dokumentet och försök igen."
	if e := problems[0]; len(problems) == 1 && e.Place != nil {
		s := "Dokumentet har ett fel (" + e.Place.Swedish() + ")"
		if e.Say != "" {
			s += ": " + e.Say
		}
		return s + "." + end
	}
	return fmt.Sprintf("Dokumentet har %d fel: %s.%s", len(problems), strings.Join(parts, "; "), end)
}
