package synth

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/area"
	entdepartment "github.com/handlingsplan/handlingsplan/ent/department"
	"github.com/handlingsplan/handlingsplan/ent/operation"
	"github.com/handlingsplan/handlingsplan/ent/operationarea"
	"github.com/handlingsplan/handlingsplan/ent/plan"
	"github.com/handlingsplan/handlingsplan/ent/role"
	"github.com/handlingsplan/handlingsplan/ent/roleassignment"
	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/progress"
)

// Staff is the people of the synthetic department, for shared duties
// (action scope each_unit and each_person): operations (one per operation
// area), Units units spread over them, each with a manager who holds
// Enhetschef for it, and Employees employees who hold Medarbetare, spread
// over the units.
//
// With Shared, half of one plan's actions become shared duties: the
// top-level actions of its odd areas (1st, 3rd, …) are done by each unit,
// with Enhetschef responsible, and the sub-actions of its even areas by
// each person, with Medarbetare responsible. Most units and employees have
// signed some of them, each their own share. Without Shared the same
// actions get the same responsible roles but stay duties done once, and
// each of their slots that anyone signed has one sign-off: the same
// department as the app saw it before shared duties, to compare with.
type Staff struct {
	Units, Employees int
	Shared           bool
	Seed             int64
	// AsOf is the day the sign-offs are made up to (today, usually).
	AsOf time.Time
}

// Issuer is the identity provider the synthetic people are recorded under.
// Nobody logs in there: the load tool is given sessions (see cmd/gen).
const Issuer = "https://idp.synteby.example"

// People is what Populate created.
type People struct {
	Operations []int
	Units      []int // by name: Enhet 01, Enhet 02, …
	Managers   []int // Managers[i] manages Units[i]
	Employees  []int // Employees[i] works at Units[i%len(Units)]
	UnitDuties []int // the plan's actions shared by unit (done once without Shared)
	// PersonDuties are the plan's sub-actions shared by person.
	PersonDuties []int
	SignOffs     int
}

// Holding is when the synthetic people got their roles: before every
// synthetic plan started, so they count for every deadline and period.
var Holding = time.Date(2022, 12, 1, 8, 0, 0, 0, time.UTC)

// bulk is how many rows one INSERT carries: well within SQLite's and
// PostgreSQL's limits on bind parameters for the widest row (a sign-off).
const bulk = 1000

// Populate adds s's people to the synthetic department (which must have
// been imported) and makes half of the plan planID shared, as Staff
// describes, in a few hundred statements. ctx must carry the system's
// authority (rule.SystemContext). It is not idempotent: run it once on a
// department without operations.
func Populate(ctx context.Context, client *ent.Client, planID int, s Staff) (*People, error) {
	if s.Units < 1 || s.Employees < 0 {
		return nil, fmt.Errorf("synth: at least one unit, and no negative number of employees")
	}
	dept, err := client.Department.Query().Where(entdepartment.Slug(Slug)).OnlyID(ctx)
	if err != nil {
		return nil, fmt.Errorf("synth: the department %s: %w", Slug, err)
	}
	if n, err := client.Operation.Query().Where(operation.DepartmentID(dept)).Count(ctx); err != nil || n > 0 {
		return nil, fmt.Errorf("synth: the department must have no operations yet (%d, %v)", n, err)
	}
	roleID := func(name string) (int, error) {
		return client.Role.Query().Where(role.DepartmentID(dept), role.Name(name)).OnlyID(ctx)
	}
	chef, err := roleID("Enhetschef")
	if err != nil {
		return nil, err
	}
	staff, err := roleID("Medarbetare")
	if err != nil {
		return nil, err
	}
	rnd := rand.New(rand.NewPCG(uint64(s.Seed), 0x5eed))
	p := &People{}

	// Operations, one per operation area, and the units round-robin.
	areas, err := client.OperationArea.Query().Where(operationarea.DepartmentID(dept)).
		Order(ent.Asc(operationarea.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, a := range areas {
		op, err := client.Operation.Create().SetName(a.Name).SetOperationAreaID(a.ID).SetDepartmentID(dept).Save(ctx)
		if err != nil {
			return nil, err
		}
		p.Operations = append(p.Operations, op.ID)
	}
	if len(p.Operations) == 0 {
		return nil, fmt.Errorf("synth: the department has no operation areas")
	}

	// Managers first, then their units, then the employees.
	managers := make([]*ent.UserCreate, s.Units)
	for i := range managers {
		managers[i] = client.User.Create().SetIssuer(Issuer).SetSubject(fmt.Sprintf("synth-enhetschef-%02d", i+1)).
			SetName(personName(rnd) + " (enhetschef)").SetEmail(fmt.Sprintf("enhetschef%02d@synteby.example", i+1))
	}
	if p.Managers, err = createUsers(ctx, client, managers); err != nil {
		return nil, err
	}
	width := len(fmt.Sprint(s.Units))
	units := make([]*ent.UnitCreate, s.Units)
	for i := range units {
		units[i] = client.Unit.Create().SetName(fmt.Sprintf("Enhet %0*d", max(width, 2), i+1)).
			SetOperationID(p.Operations[i%len(p.Operations)]).SetManagerID(p.Managers[i]).SetDepartmentID(dept)
	}
	for chunk := range slices.Chunk(units, bulk) {
		created, err := client.Unit.CreateBulk(chunk...).Save(ctx)
		if err != nil {
			return nil, err
		}
		for _, u := range created {
			p.Units = append(p.Units, u.ID)
		}
	}
	employees := make([]*ent.UserCreate, s.Employees)
	for i := range employees {
		employees[i] = client.User.Create().SetIssuer(Issuer).SetSubject(fmt.Sprintf("synth-medarbetare-%04d", i+1)).
			SetName(personName(rnd)).SetEmail(fmt.Sprintf("medarbetare%04d@synteby.example", i+1))
	}
	if p.Employees, err = createUsers(ctx, client, employees); err != nil {
		return nil, err
	}
	holds := make([]*ent.RoleAssignmentCreate, 0, s.Units+s.Employees)
	hold := func(user, role, unit int) *ent.RoleAssignmentCreate {
		return client.RoleAssignment.Create().SetUserID(user).SetRoleID(role).SetDepartmentID(dept).
			SetUnitID(unit).SetSource(roleassignment.SourceAdmin).SetCreatedAt(Holding).SetUpdatedAt(Holding)
	}
	for i, m := range p.Managers {
		holds = append(holds, hold(m, chef, p.Units[i]))
	}
	for i, e := range p.Employees {
		holds = append(holds, hold(e, staff, p.Units[i%len(p.Units)]))
	}
	for chunk := range slices.Chunk(holds, bulk) {
		if err := client.RoleAssignment.CreateBulk(chunk...).Exec(ctx); err != nil {
			return nil, err
		}
	}

	// The plan's shared duties.
	pl, err := client.Plan.Query().Where(plan.ID(planID)).Only(ctx)
	if err != nil {
		return nil, err
	}
	planAreas, err := client.Area.Query().Where(area.PlanID(planID)).Order(ent.Asc(area.FieldPosition)).
		WithActions().All(ctx)
	if err != nil {
		return nil, err
	}
	var unitDuties, personDuties []*ent.Action
	for i, ar := range planAreas {
		acts := slices.SortedFunc(slices.Values(ar.Edges.Actions), func(a, b *ent.Action) int { return a.ID - b.ID })
		for _, a := range acts {
			switch {
			case i%2 == 0 && a.ParentID == nil:
				unitDuties = append(unitDuties, a)
			case i%2 == 1 && a.ParentID != nil:
				personDuties = append(personDuties, a)
			}
		}
	}
	ids := func(as []*ent.Action) []int {
		out := make([]int, len(as))
		for i, a := range as {
			out[i] = a.ID
		}
		return out
	}
	p.UnitDuties, p.PersonDuties = ids(unitDuties), ids(personDuties)
	unitScope, personScope := action.ScopeOnce, action.ScopeOnce
	if s.Shared {
		unitScope, personScope = action.ScopeEachUnit, action.ScopeEachPerson
	}
	// One by one: the audit trail refuses bulk updates.
	for _, a := range unitDuties {
		if err := client.Action.UpdateOne(a).SetResponsibleID(chef).SetScope(unitScope).Exec(ctx); err != nil {
			return nil, err
		}
	}
	for _, a := range personDuties {
		if err := client.Action.UpdateOne(a).SetResponsibleID(staff).SetScope(personScope).Exec(ctx); err != nil {
			return nil, err
		}
	}

	// Sign-offs: each share signs each slot with some chance.
	rules := progress.Rules(pl)
	asOf := s.AsOf
	if asOf.IsZero() {
		asOf = time.Now()
	}
	var signOffs []*ent.SignOffCreate
	type share struct {
		key          string
		signer, unit int
	}
	sign := func(a *ent.Action, shares []share) {
		for _, sl := range slotsOf(a, rules, asOf, rnd) {
			first := true
			for _, sh := range shares {
				if rnd.IntN(100) >= sl.chance {
					continue
				}
				c := client.SignOff.Create().SetActionID(a.ID).SetDepartmentID(dept).SetSlot(sl.key).
					SetPeriod(sl.period).SetDoneOn(sl.day(rnd)).SetSignerID(sh.signer).
					SetIdempotencyKey(fmt.Sprintf("synth-%d-%s", a.ID, sl.key)).SetCreatedAt(asOf)
				if s.Shared {
					c.SetShare(sh.key).SetUnitID(sh.unit)
				} else if !first {
					continue // before shared duties: one sign-off per slot
				}
				first = false
				signOffs = append(signOffs, c)
			}
		}
	}
	unitShares := make([]share, len(p.Units))
	for i, u := range p.Units {
		unitShares[i] = share{key: fmt.Sprintf("unit:%d", u), signer: p.Managers[i], unit: u}
	}
	personShares := make([]share, len(p.Employees))
	for i, e := range p.Employees {
		personShares[i] = share{key: fmt.Sprintf("person:%d", e), signer: e, unit: p.Units[i%len(p.Units)]}
	}
	for _, a := range unitDuties {
		sign(a, unitShares)
	}
	for _, a := range personDuties {
		sign(a, personShares)
	}
	for chunk := range slices.Chunk(signOffs, bulk) {
		if err := client.SignOff.CreateBulk(chunk...).Exec(ctx); err != nil {
			return nil, err
		}
	}
	p.SignOffs = len(signOffs)
	return p, nil
}

func createUsers(ctx context.Context, client *ent.Client, users []*ent.UserCreate) ([]int, error) {
	var ids []int
	for chunk := range slices.Chunk(users, bulk) {
		created, err := client.User.CreateBulk(chunk...).Save(ctx)
		if err != nil {
			return nil, err
		}
		for _, u := range created {
			ids = append(ids, u.ID)
		}
	}
	return ids, nil
}

// slot is something a share can sign: a month deadline once, a period of
// a continuous duty, an occurrence of a when-needed one; chance is the
// percentage of shares that have signed it.
type slot struct {
	key, period string
	from, to    time.Time // the sign-off is done on a day in [from, to)
	chance      int
}

func (s slot) day(rnd *rand.Rand) string {
	days := max(1, int(s.to.Sub(s.from).Hours()/24))
	return s.from.AddDate(0, 0, rnd.IntN(days)).In(followup.Location()).Format(time.DateOnly)
}

// slotsOf lists what may have been signed of a by asOf: a month deadline
// (by most shares once it has passed, by some before), every period of a
// continuous duty since the plan started (most of the past ones, some of
// the current one), one occurrence of a when-needed duty (by a few).
func slotsOf(a *ent.Action, r followup.Rules, asOf time.Time, rnd *rand.Rand) []slot {
	today := time.Date(asOf.Year(), asOf.Month(), asOf.Day(), 0, 0, 0, 0, followup.Location())
	start := r.Start
	if start.IsZero() || !start.Before(today) {
		start = today.AddDate(-1, 0, 0)
	}
	switch a.DeadlineKind {
	case action.DeadlineKindMonth, action.DeadlineKindDate:
		d := followup.Deadline{Kind: followup.Kind(a.DeadlineKind)}
		if a.DueMonth != nil {
			d.Month = *a.DueMonth
		}
		if a.DueDate != nil {
			d.Date = *a.DueDate
		}
		due, ok := d.Due()
		if !ok {
			return nil
		}
		s := slot{key: "once", from: due.AddDate(0, -2, 0), to: due, chance: 75}
		if !due.Before(today) {
			s.to, s.chance = today, 20
		}
		if !s.from.Before(s.to) {
			s.from = s.to.AddDate(0, 0, -1)
		}
		return []slot{s}
	case action.DeadlineKindContinuous:
		var out []slot
		for _, p := range followup.Periods(r.Cadence, start, today.AddDate(0, 0, 1)) {
			s := slot{key: p.Key, period: p.Key, from: p.Start, to: p.End, chance: 65}
			if !p.End.Before(today) {
				s.to, s.chance = today, 30
			}
			if p.Start.Before(start) {
				s.from = start
			}
			if s.from.Before(s.to) {
				out = append(out, s)
			}
		}
		return out
	default: // when needed
		return []slot{{key: fmt.Sprintf("occurrence:synth-%d", rnd.Uint32()), from: today.AddDate(0, -6, 0), to: today, chance: 20}}
	}
}

var (
	firstNames = []string{"Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Emma", "Kerstin", "Ingrid", "Malin",
		"Johanna", "Sofia", "Linnea", "Elin", "Ida", "Lars", "Mikael", "Anders", "Johan", "Per", "Erik",
		"Karl", "Peter", "Fredrik", "Daniel", "Ahmed", "Fatima", "Mohammed", "Amina", "Aleksander", "Noor"}
	lastNames = []string{"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
		"Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson",
		"Lindberg", "Lindqvist", "Berg", "Holm", "Sandberg", "Ali", "Hassan", "Nieminen", "Virtanen", "Kowalski"}
)

func personName(rnd *rand.Rand) string {
	return firstNames[rnd.IntN(len(firstNames))] + " " + lastNames[rnd.IntN(len(lastNames))]
}
