// Package planfile defines the plan file format: one YAML document that holds a
// whole plan together with the department catalogue (roles, operation areas)
// it refers to. It also reads the markdown-table form that PDF-to-markdown
// converters produce. The package knows nothing about the database; see
// package planstore for import and export.
package planfile

// Version is the current plan file format version.
const Version = 1

// File is one plan file.
type File struct {
	Version    int        `yaml:"version" json:"version"`
	Department Department `yaml:"department" json:"department"`
	Plan       Plan       `yaml:"plan" json:"plan"`
}

// Department identifies the tenant that owns the plan and lists the roles and
// operation areas the plan refers to. Importing merges them into the
// department's existing catalogue; nothing is removed.
type Department struct {
	Slug           string          `yaml:"slug" json:"slug"`
	Name           string          `yaml:"name" json:"name"`
	Municipality   string          `yaml:"municipality" json:"municipality"`
	OperationAreas []OperationArea `yaml:"operationAreas,omitempty" json:"operationAreas,omitempty"`
	Roles          []Role          `yaml:"roles,omitempty" json:"roles,omitempty"`
	Settings       *Settings       `yaml:"settings,omitempty" json:"settings,omitempty"`
}

// Settings are the department's values for the rules its plans state about
// visits and workshops. Importing sets them; a file without them leaves the
// department's as they are.
type Settings struct {
	// WorkshopMinimums is the minimum number of seats per operation area
	// code at every workshop (each workshop may set its own).
	WorkshopMinimums map[string]int `yaml:"workshopMinimums,omitempty" json:"workshopMinimums,omitempty"`
	// StudyVisitReportBackUntil is the last day (YYYY-MM-DD) a held study
	// visit creates a report-back.
	StudyVisitReportBackUntil string `yaml:"studyVisitReportBackUntil,omitempty" json:"studyVisitReportBackUntil,omitempty"`
}

// OperationArea is a verksamhetsområde, e.g. {Code: "ÄO", Name: "Äldreomsorg"}.
type OperationArea struct {
	Code string `yaml:"code" json:"code"`
	Name string `yaml:"name" json:"name"`
}

// RoleKind tells a single position from a group of positions.
type RoleKind string

const (
	RolePosition RoleKind = "position"
	RoleGroup    RoleKind = "group"
)

// Role is a position ("Enhetschef") or a group of positions ("Chefer").
// Aliases are other spellings used in plans, typically plurals
// ("Enhetschefer"); they resolve to this role. Permissions are what holders
// of the role may do in the department besides their own actions.
type Role struct {
	Name        string       `yaml:"name" json:"name"`
	Kind        RoleKind     `yaml:"kind,omitempty" json:"kind,omitempty"` // empty means position
	Aliases     []string     `yaml:"aliases,omitempty" json:"aliases,omitempty"`
	Members     []string     `yaml:"members,omitempty" json:"members,omitempty"` // groups only: names of positions
	Permissions []Permission `yaml:"permissions,omitempty" json:"permissions,omitempty"`
}

// Permission is a right a role gives in its department.
type Permission string

const (
	PermissionEditPlans  Permission = "edit-plans" // edit every plan of the department
	PermissionAdminister Permission = "administer" // manage users, role assignments and settings; read the audit trail
	PermissionBoard      Permission = "board"      // sit on the board: book study visits and report back on them
)

// PlanStatus is the life-cycle state of a plan.
type PlanStatus string

const (
	StatusDraft    PlanStatus = "draft"
	StatusAdopted  PlanStatus = "adopted"
	StatusArchived PlanStatus = "archived"
)

// Plan is the adopted document with its header, background and areas.
// Dates are ISO 8601 calendar dates ("2024-01-24").
type Plan struct {
	Title            string     `yaml:"title" json:"title"`
	RegistryNumber   string     `yaml:"registryNumber" json:"registryNumber"` // Dnr, e.g. "SN2024/10"; with the department it identifies the plan
	Date             string     `yaml:"date,omitempty" json:"date,omitempty"`
	AdoptedBy        string     `yaml:"adoptedBy,omitempty" json:"adoptedBy,omitempty"` // e.g. "Socialnämnden"
	AdoptedAt        string     `yaml:"adoptedAt,omitempty" json:"adoptedAt,omitempty"`
	AdoptedParagraph string     `yaml:"adoptedParagraph,omitempty" json:"adoptedParagraph,omitempty"` // e.g. "§ xx"
	ApprovedBy       string     `yaml:"approvedBy,omitempty" json:"approvedBy,omitempty"`             // role name
	Owner            string     `yaml:"owner" json:"owner"`                                           // role name (dokumentansvarig)
	Status           PlanStatus `yaml:"status,omitempty" json:"status,omitempty"`                     // empty means draft
	// FollowUpCadence is how often continuous actions are followed up:
	// month, quarter, term (the default when empty) or year.
	FollowUpCadence string `yaml:"followUpCadence,omitempty" json:"followUpCadence,omitempty"`
	// DueSoonDays is how many days before its deadline an action is due
	// soon; 0 means the default, 14.
	DueSoonDays         int        `yaml:"dueSoonDays,omitempty" json:"dueSoonDays,omitempty"`
	Revisions           []Revision `yaml:"revisions,omitempty" json:"revisions,omitempty"`
	Background          string     `yaml:"background,omitempty" json:"background,omitempty"`
	CompletedActivities []string   `yaml:"completedActivities,omitempty" json:"completedActivities,omitempty"`
	Areas               []Area     `yaml:"areas" json:"areas"`
}

// Revision is one entry of the plan's "Reviderad" history.
type Revision struct {
	Date string `yaml:"date" json:"date"`
	Note string `yaml:"note,omitempty" json:"note,omitempty"`
}

// Area is an område: a goal with its purpose and an optional note.
type Area struct {
	Title   string   `yaml:"title" json:"title"`
	Purpose string   `yaml:"purpose,omitempty" json:"purpose,omitempty"`
	Note    string   `yaml:"note,omitempty" json:"note,omitempty"`
	Actions []Action `yaml:"actions" json:"actions"`

	Line int `yaml:"-" json:"-"` // source line, for error messages; 0 when unknown
}

// Action is a numbered åtgärd/aktivitet or, inside SubActions, one of its
// unnumbered sub-actions.
type Action struct {
	Number      int      `yaml:"number,omitempty" json:"number,omitempty"` // top-level actions only, unique within the area
	Text        string   `yaml:"text" json:"text"`
	Responsible string   `yaml:"responsible" json:"responsible"` // role name or alias
	Deadline    Deadline `yaml:"deadline" json:"deadline"`
	// Scope says who does it: once, each unit or each person (see Scope).
	// Empty means the file does not say, and InferScope decides from the
	// text and the role when the plan is imported.
	Scope Scope `yaml:"scope,omitempty" json:"scope,omitempty"`
	// Rule marks the action that states one of the plan's rules the
	// product follows up (see ActionRule); at most one action per rule.
	Rule       ActionRule `yaml:"rule,omitempty" json:"rule,omitempty"`
	SubActions []Action   `yaml:"subActions,omitempty" json:"subActions,omitempty"`

	Line int `yaml:"-" json:"-"`
}

// Scope is who does an action: one sign-off completes it, or every unit
// or every person it covers does their share.
type Scope string

const (
	// ScopeOnce: one sign-off completes it; the duty of a single post
	// (Förvaltningschef, Utvecklingschef, Ordförande).
	ScopeOnce Scope = "once"
	// ScopeEachUnit: every unit of the department does it ("Enhetschefer
	// ska lyfta protokoll … på sina APT", "alla enhetens rutiner"); the
	// unit's manager signs for the unit.
	ScopeEachUnit Scope = "each-unit"
	// ScopeEachPerson: every holder of the responsible role does it, each
	// for themselves ("varje nämndsledamot", "Varje enskild medarbetare").
	ScopeEachPerson Scope = "each-person"
)

// Scopes lists the scopes an action may have.
var Scopes = []Scope{ScopeOnce, ScopeEachUnit, ScopeEachPerson}

// ActionRule names a rule of the plan that an action states.
type ActionRule string

const (
	// RuleBoardVisitReportBack: a unit reports back on its visit to the
	// board at its next APT; the report-backs are created under this action,
	// for its responsible role.
	RuleBoardVisitReportBack ActionRule = "board-visit-report-back"
	// RuleStudyVisitReportBack: a board member reports back on a study
	// visit at the next board meeting.
	RuleStudyVisitReportBack ActionRule = "study-visit-report-back"
	// RuleWorkshops: the action's responsible role holds the workshops.
	RuleWorkshops ActionRule = "workshops"
)

// ActionRules lists the rules an action may state.
var ActionRules = []ActionRule{RuleBoardVisitReportBack, RuleStudyVisitReportBack, RuleWorkshops}

// DeadlineKind is what "Klart när?" means for an action.
type DeadlineKind string

const (
	DeadlineMonth      DeadlineKind = "month"       // done by the end of a month
	DeadlineContinuous DeadlineKind = "continuous"  // Fortlöpande: followed up period by period
	DeadlineWhenNeeded DeadlineKind = "when-needed" // Vid behov: logged each time it happens
)

// Deadline is a month ("2024-12") or one of the kinds without a date. In YAML
// it is a single string: "2024-12", "continuous" or "when-needed"; Swedish
// spellings ("December 2024", "Fortlöpande", "Vid behov") are accepted too.
type Deadline struct {
	Kind  DeadlineKind
	Month string // "YYYY-MM" when Kind is DeadlineMonth
}
