// Package lifecycle moves a plan through its life and keeps its revisions.
//
// A plan is a draft (utkast) until a body adopts it (fastställd), and may
// be archived (arkiverad) and reopened. Only an adopted plan is followed
// up: it reaches Mitt ansvar, reminders and the board's report. Every
// change to an adopted plan's text or structure is kept as a revision:
// Track compares the plan before and after an edit or an import (Diff) and
// adds what changed to the revision of the day, which the editor gives a
// note (Note). A revised plan stays adopted; "Reviderad" in its head is the
// day of its latest revision.
//
// The transitions are conditional updates (UPDATE … WHERE status = …), so
// of two requests at once exactly one moves the plan and the other is told
// CONFLICT; Track and Note lock the plan's row first, so two editors at
// once both have their changes kept.
package lifecycle

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/handlingsplan/handlingsplan/database/rowlock"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/plan"
	"github.com/handlingsplan/handlingsplan/ent/schema/schematype"
	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/followup"
)

// Adoption is who adopted a plan, on which day, and the minutes' paragraph.
type Adoption struct {
	By        string // e.g. Socialnämnden
	At        string // YYYY-MM-DD
	Paragraph string // e.g. § 12, or § xx before the minutes number it
}

// Adopt records that a draft was adopted. A plan that is not a draft (any
// more) is a CONFLICT.
func Adopt(ctx context.Context, client *ent.Client, id int, a Adoption) (*ent.Plan, error) {
	a.By, a.Paragraph = strings.TrimSpace(a.By), strings.TrimSpace(a.Paragraph)
	switch {
	case a.By == "":
		return nil, fault.Invalid("adoptedBy", "who adopted the plan is required").Sv("Skriv vem som fastställde planen, t.ex. Socialnämnden.")
	case followup.CheckDate(a.At) != nil:
		return nil, fault.Invalid("adoptedAt", "%v", followup.CheckDate(a.At)).Sv("Skriv dagen planen fastställdes, ÅÅÅÅ-MM-DD.")
	case a.Paragraph == "":
		return nil, fault.Invalid("paragraph", "the minutes' paragraph is required").Sv("Skriv protokollets paragraf, t.ex. § 12 (eller § xx om den inte har ett nummer än).")
	}
	p, err := client.Plan.UpdateOneID(id).Where(plan.StatusEQ(plan.StatusDraft)).
		SetStatus(plan.StatusAdopted).SetAdoptedBy(a.By).SetAdoptedAt(a.At).SetAdoptedParagraph(a.Paragraph).
		Save(ctx)
	return moved(ctx, client, id, p, err)
}

// Archive takes a draft or an adopted plan out of use: it is read-only,
// out of every list, and nobody signs off on it.
func Archive(ctx context.Context, client *ent.Client, id int) (*ent.Plan, error) {
	p, err := client.Plan.UpdateOneID(id).Where(plan.StatusNEQ(plan.StatusArchived)).
		SetStatus(plan.StatusArchived).Save(ctx)
	return moved(ctx, client, id, p, err)
}

// Reopen brings an archived plan back as it was: adopted when it had been
// adopted, a draft otherwise.
func Reopen(ctx context.Context, client *ent.Client, id int) (*ent.Plan, error) {
	p, err := client.Plan.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	to := plan.StatusDraft
	if p.AdoptedAt != "" {
		to = plan.StatusAdopted
	}
	p, err = client.Plan.UpdateOneID(id).Where(plan.StatusEQ(plan.StatusArchived)).SetStatus(to).Save(ctx)
	return moved(ctx, client, id, p, err)
}

// moved answers a conditional transition: a plan that matched no row
// exists in another state (CONFLICT, saying which) or not at all.
func moved(ctx context.Context, client *ent.Client, id int, p *ent.Plan, err error) (*ent.Plan, error) {
	if !ent.IsNotFound(err) {
		return p, err
	}
	now, gerr := client.Plan.Get(ctx, id)
	if gerr != nil {
		return nil, gerr
	}
	return nil, fault.Conflictf("the plan is %s", now.Status).Sv("Planen är redan %s.", strings.ToLower(StatusLabel(now.Status)))
}

// Track runs change, an edit or an import of the plan, and when the plan is
// adopted records what it changed in the revision of day (YYYY-MM-DD). It
// locks the plan's row first, so concurrent edits are recorded one after
// the other. A plan the viewer cannot see is left to change to refuse.
func Track(ctx context.Context, client *ent.Client, planID int, day string, change func() error) error {
	return track(ctx, client, planID, day, 0, change)
}

// TrackMove is Track for an edit that moves one area or action (its id,
// movedID) among its siblings: of two that swapped places, it is the one
// the revision says moved.
func TrackMove(ctx context.Context, client *ent.Client, planID int, day string, movedID int, change func() error) error {
	return track(ctx, client, planID, day, movedID, change)
}

func track(ctx context.Context, client *ent.Client, planID int, day string, movedID int, change func() error) error {
	p, err := client.Plan.Query().Where(plan.ID(planID)).Modify(rowlock.Lock).Only(ctx)
	if ent.IsNotFound(err) {
		return change()
	}
	if err != nil {
		return err
	}
	if p.Status != plan.StatusAdopted {
		return change()
	}
	before, _, err := Load(ctx, client, planID)
	if err != nil {
		return err
	}
	if err := change(); err != nil {
		return err
	}
	after, p, err := Load(ctx, client, planID)
	if err != nil {
		return err
	}
	changes := diff(before, after, movedID)
	if len(changes) == 0 {
		return nil
	}
	return client.Plan.UpdateOneID(planID).SetRevisions(withChanges(p.Revisions, day, changes)).Exec(ctx)
}

// withChanges adds changes to the revision of day, a new last one when
// there is none.
func withChanges(revs []schematype.Revision, day string, changes []schematype.Change) []schematype.Revision {
	revs = slices.Clone(revs)
	for i := range revs {
		if revs[i].Date == day {
			revs[i].Changes = append(slices.Clone(revs[i].Changes), changes...)
			return revs
		}
	}
	revs = append(revs, schematype.Revision{Date: day, Changes: changes})
	slices.SortStableFunc(revs, func(a, b schematype.Revision) int { return cmp.Compare(a.Date, b.Date) })
	return revs
}

// MaxNote is the longest note of a revision, in characters.
const MaxNote = 2000

// Note sets the editor's note of the plan's revision of day: why the plan
// was revised, e.g. "Nya åtgärder efter nämndens beslut § 31".
func Note(ctx context.Context, client *ent.Client, planID int, day, note string) (*ent.Plan, error) {
	note = strings.TrimSpace(note)
	if len([]rune(note)) > MaxNote {
		return nil, fault.Invalid("note", "a note is at most %d characters", MaxNote).Sv("Anteckningen får vara högst %d tecken.", MaxNote)
	}
	p, err := client.Plan.Query().Where(plan.ID(planID)).Modify(rowlock.Lock).Only(ctx)
	if err != nil {
		return nil, err
	}
	revs := slices.Clone(p.Revisions)
	i := slices.IndexFunc(revs, func(r schematype.Revision) bool { return r.Date == day })
	if i < 0 {
		return nil, fault.Invalid("date", "the plan has no revision on %s", day).Sv("Planen har ingen revision den dagen.")
	}
	revs[i].Note = note
	return client.Plan.UpdateOneID(planID).SetRevisions(revs).Save(ctx)
}

// RevisedAt is "Reviderad": the day of the plan's latest revision, or "".
func RevisedAt(p *ent.Plan) string {
	if len(p.Revisions) == 0 {
		return ""
	}
	return p.Revisions[len(p.Revisions)-1].Date
}

// Load reads the plan's tree as Diff compares it, and the plan. Report-backs
// belong to visits, not to the plan's text, and are left out.
func Load(ctx context.Context, client *ent.Client, planID int) (Tree, *ent.Plan, error) {
	p, err := client.Plan.Query().Where(plan.ID(planID)).
		WithAreas(func(q *ent.AreaQuery) {
			q.WithActions(func(q *ent.ActionQuery) {
				q.Where(action.ReportBackOfIDIsNil()).WithResponsible()
			})
		}).Only(ctx)
	if err != nil {
		return Tree{}, nil, err
	}
	t := Tree{Title: p.Title, Background: p.Background, Completed: p.CompletedActivities}
	areas := slices.SortedFunc(slices.Values(p.Edges.Areas), func(a, b *ent.Area) int { return cmp.Compare(a.Position, b.Position) })
	for _, ar := range areas {
		a := Area{ID: ar.ID, Title: ar.Title, Purpose: ar.Purpose, Note: ar.Note}
		acts := slices.SortedFunc(slices.Values(ar.Edges.Actions), func(a, b *ent.Action) int {
			return cmp.Or(cmp.Compare(a.Position, b.Position), cmp.Compare(a.ID, b.ID))
		})
		subs := map[int][]Action{}
		for _, x := range acts {
			if x.ParentID != nil {
				subs[*x.ParentID] = append(subs[*x.ParentID], actionOf(x))
			}
		}
		for _, x := range acts {
			if x.ParentID == nil {
				top := actionOf(x)
				top.SubActions = subs[x.ID]
				a.Actions = append(a.Actions, top)
			}
		}
		t.Areas = append(t.Areas, a)
	}
	return t, p, nil
}

func actionOf(a *ent.Action) Action {
	// As progress.DeadlineLabel says it (progress depends on this package).
	d := followup.Deadline{Kind: followup.Kind(a.DeadlineKind)}
	if a.DueMonth != nil {
		d.Month = *a.DueMonth
	}
	if a.DueDate != nil {
		d.Date = *a.DueDate
	}
	out := Action{ID: a.ID, Text: a.Text, Deadline: d.Label()}
	if a.Number != nil {
		out.Number = *a.Number
	}
	if r := a.Edges.Responsible; r != nil {
		out.Responsible = r.Name
	}
	return out
}

// Today is the day of now in Sweden, YYYY-MM-DD: the day a revision is of.
func Today(now time.Time) string { return now.In(followup.Location()).Format(time.DateOnly) }
