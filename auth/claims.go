package auth

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"

	"gopkg.in/yaml.v3"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/department"
	"github.com/handlingsplan/handlingsplan/ent/groupmapping"
	"github.com/handlingsplan/handlingsplan/ent/operationarea"
	"github.com/handlingsplan/handlingsplan/ent/role"
	"github.com/handlingsplan/handlingsplan/ent/roleassignment"
)

// ClaimMapping turns the values of one claim of the ID token (Entra ID and
// ADFS send "groups" or "roles") into role assignments. It is read from a
// YAML file, see docs/auth.md. The file is the starting point: a
// department whose administrators have mapped groups in the app (the
// GroupMapping rows) is mapped by those alone, and the file's lines for it
// are not read.
type ClaimMapping struct {
	Claim    string        `yaml:"claim"` // default "groups"
	Mappings []ClaimToRole `yaml:"mappings"`
	// MunicipalityAdministrators are claim values that make a user a
	// municipality administrator, who creates departments.
	MunicipalityAdministrators []string `yaml:"municipalityAdministrators"`
}

// ClaimToRole maps one claim value to a role in a department, optionally
// for one operation area.
type ClaimToRole struct {
	Value         string `yaml:"value"`
	Department    string `yaml:"department"` // slug
	Role          string `yaml:"role"`
	OperationArea string `yaml:"operationArea,omitempty"` // code, e.g. ÄO
}

// LoadClaimMapping reads a claim mapping file.
func LoadClaimMapping(path string) (*ClaimMapping, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseClaimMapping(f)
}

// ParseClaimMapping reads a claim mapping from YAML.
func ParseClaimMapping(r io.Reader) (*ClaimMapping, error) {
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	var m ClaimMapping
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("claim mapping: %w", err)
	}
	if m.Claim == "" {
		m.Claim = "groups"
	}
	for i, c := range m.Mappings {
		if c.Value == "" || c.Department == "" || c.Role == "" {
			return nil, fmt.Errorf("claim mapping: mappings[%d]: value, department and role are required", i)
		}
	}
	return &m, nil
}

// ForDepartment returns the file's lines for the department with the slug.
func (m *ClaimMapping) ForDepartment(slug string) []ClaimToRole {
	if m == nil {
		return nil
	}
	var out []ClaimToRole
	for _, c := range m.Mappings {
		if c.Department == slug {
			out = append(out, c)
		}
	}
	return out
}

// ClaimName is the claim read, "groups" unless the file says otherwise.
func (m *ClaimMapping) ClaimName() string {
	if m == nil || m.Claim == "" {
		return "groups"
	}
	return m.Claim
}

// municipalityAdmin reports whether a claim value makes a municipality
// administrator.
func (m *ClaimMapping) municipalityAdmin(values []string) bool {
	return m != nil && slices.ContainsFunc(values, func(v string) bool {
		return slices.Contains(m.MunicipalityAdministrators, v)
	})
}

// present reports whether the claims carry the mapped claim at all.
func (m *ClaimMapping) present(claims map[string]any) bool {
	_, ok := claims[m.ClaimName()]
	return ok
}

// values returns the claim's values from the token's claims: a string or a
// list of strings.
func (m *ClaimMapping) values(claims map[string]any) []string {
	switch v := claims[m.ClaimName()].(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// wanted is a role assignment a claim gives.
type wanted struct {
	department, role int
	operationArea    *int
	inApp            bool // from a group mapping in the database
}

// databaseMappings returns what the group mappings in the database give for
// the claim values, and which of the departments the file would give roles
// in map their groups in the app instead.
func databaseMappings(ctx context.Context, c *ent.Client, values []string, fromFile []wanted) ([]wanted, []int, error) {
	var out []wanted
	if len(values) > 0 {
		rows, err := c.GroupMapping.Query().Where(groupmapping.ValueIn(values...)).
			Order(groupmapping.ByID()).All(ctx)
		if err != nil {
			return nil, nil, err
		}
		for _, r := range rows {
			out = append(out, wanted{department: r.DepartmentID, role: r.RoleID, operationArea: r.OperationAreaID, inApp: true})
		}
	}
	var fileDepts []int
	for _, w := range fromFile {
		fileDepts = append(fileDepts, w.department)
	}
	if len(fileDepts) == 0 {
		return out, nil, nil
	}
	inApp, err := c.GroupMapping.Query().Where(groupmapping.DepartmentIDIn(fileDepts...)).
		Unique(true).Select(groupmapping.FieldDepartmentID).Ints(ctx)
	return out, inApp, err
}

// syncClaimAssignments makes the user's claim-sourced role assignments
// equal to what the claims map to: through the department's group mappings
// in the database where it has any, else through the file's lines for it.
// Assignments made by administrators are left alone. It writes only what
// changed. Claim values that map to an unknown department, role or
// operation area are skipped and returned, so the caller can log them.
func (m *ClaimMapping) syncClaimAssignments(ctx context.Context, c *ent.Client, userID int, claims map[string]any) (unknown []string, err error) {
	values := m.values(claims)
	var fromFile []wanted
	if m != nil {
		for _, v := range values {
			for _, mapping := range m.Mappings {
				if mapping.Value != v {
					continue
				}
				w, err := resolveMapping(ctx, c, mapping)
				if ent.IsNotFound(err) {
					unknown = append(unknown, fmt.Sprintf("%s → %s/%s", v, mapping.Department, mapping.Role))
					continue
				}
				if err != nil {
					return nil, err
				}
				fromFile = append(fromFile, w)
			}
		}
	}
	fromDB, mappedInApp, err := databaseMappings(ctx, c, values, fromFile)
	if err != nil {
		return nil, err
	}
	var want []wanted
	for _, w := range append(fromDB, fromFile...) {
		if slices.Contains(mappedInApp, w.department) && !w.inApp {
			continue // the department maps its groups in the app
		}
		// One assignment per role: the first mapping of a role wins.
		if !slices.ContainsFunc(want, func(x wanted) bool { return x.role == w.role }) {
			want = append(want, w)
		}
	}
	have, err := c.RoleAssignment.Query().
		Where(roleassignment.UserID(userID), roleassignment.SourceEQ(roleassignment.SourceClaim)).
		All(ctx)
	if err != nil {
		return nil, err
	}
	same := func(a *ent.RoleAssignment, w wanted) bool {
		return a.RoleID == w.role && ptrEqual(a.OperationAreaID, w.operationArea)
	}
	for _, a := range have {
		if !slices.ContainsFunc(want, func(w wanted) bool { return same(a, w) }) {
			if err := c.RoleAssignment.DeleteOne(a).Exec(ctx); err != nil {
				return nil, err
			}
		}
	}
	for _, w := range want {
		if slices.ContainsFunc(have, func(a *ent.RoleAssignment) bool { return same(a, w) }) {
			continue
		}
		// A changed operation area was deleted above, so this never
		// collides with the one assignment per role and source.
		err := c.RoleAssignment.Create().SetUserID(userID).SetRoleID(w.role).SetDepartmentID(w.department).
			SetNillableOperationAreaID(w.operationArea).SetSource(roleassignment.SourceClaim).Exec(ctx)
		if err != nil {
			return nil, err
		}
	}
	return unknown, nil
}

func resolveMapping(ctx context.Context, c *ent.Client, m ClaimToRole) (wanted, error) {
	r, err := c.Role.Query().
		Where(role.HasDepartmentWith(department.Slug(m.Department)), role.Name(m.Role)).
		Only(ctx)
	if err != nil {
		return wanted{}, err
	}
	w := wanted{department: r.DepartmentID, role: r.ID}
	if m.OperationArea != "" {
		id, err := c.OperationArea.Query().
			Where(operationarea.DepartmentID(r.DepartmentID), operationarea.Code(m.OperationArea)).
			OnlyID(ctx)
		if err != nil {
			return wanted{}, err
		}
		w.operationArea = &id
	}
	return w, nil
}

func ptrEqual(a, b *int) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
