package progress

import (
	"cmp"
	"context"
	"fmt"
	"github.com/handlingsplan/handlingsplan/lifecycle"
	"slices"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect/sql"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/area"
	"github.com/handlingsplan/handlingsplan/ent/boardmeeting"
	"github.com/handlingsplan/handlingsplan/ent/evidence"
	"github.com/handlingsplan/handlingsplan/ent/operation"
	"github.com/handlingsplan/handlingsplan/ent/predicate"
	"github.com/handlingsplan/handlingsplan/ent/privacy"
	"github.com/handlingsplan/handlingsplan/ent/role"
	"github.com/handlingsplan/handlingsplan/ent/signoff"
	"github.com/handlingsplan/handlingsplan/ent/studyvisitslot"
	"github.com/handlingsplan/handlingsplan/ent/unit"
	"github.com/handlingsplan/handlingsplan/ent/workshop"
	"github.com/handlingsplan/handlingsplan/ent/workshopregistration"
	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/report"
)

// EvidencePath is where the app serves an evidence file (package evidence);
// the board report links to it, made absolute with the site's address.
func EvidencePath(id int) string { return "/evidence/" + strconv.Itoa(id) }

// addBoardReading fills in what a board reads besides the plan's table:
// the plan's head, the comments and evidence of the sign-offs done by the
// report's day, and the board visits, study visits and workshops of the
// follow-up period that day is in. The plan status must be loaded by Plan
// (live sign-offs with their signers). Eleven statements, whatever the size
// of the plan and the number of visits: the head's roles, the units, the
// operations, the evidence files' names, the report-backs signed off, the
// meetings and their visits, the study visit times and their bookings, the
// workshops and their registrations.
func addBoardReading(ctx context.Context, client *ent.Client, ps *PlanStatus, r *report.Report) error {
	p := ps.Plan
	dept := p.DepartmentID
	day := ps.AsOf.In(followup.Location()).Format(time.DateOnly)

	head, err := planHead(ctx, client, p)
	if err != nil {
		return err
	}
	r.Head = head

	units, err := client.Unit.Query().Where(unit.DepartmentID(dept)).Select(unit.FieldID, unit.FieldName).All(ctx)
	if err != nil {
		return err
	}
	unitName := make(map[int]string, len(units))
	for _, u := range units {
		unitName[u.ID] = u.Name
	}
	if r.Notes, err = notes(ctx, client, ps, day, unitName); err != nil {
		return err
	}

	period, ok := followup.PeriodAt(Rules(p).Cadence, ps.AsOf)
	if !ok {
		return nil
	}
	ops, err := client.Operation.Query().Where(operation.DepartmentID(dept)).Select(operation.FieldID, operation.FieldName).All(ctx)
	if err != nil {
		return err
	}
	opName := make(map[int]string, len(ops))
	for _, o := range ops {
		opName[o.ID] = o.Name
	}
	where := func(opID int, unitID *int) string {
		if unitID != nil && unitName[*unitID] != "" {
			return opName[opID] + " (" + unitName[*unitID] + ")"
		}
		return opName[opID]
	}
	// The report-backs signed off by the day: after board visits and study visits.
	done, err := client.SignOff.Query().
		Where(signoff.DepartmentID(dept), signoff.WithdrawnAtIsNil(), signoff.DoneOnLTE(day),
			signoff.HasActionWith(action.ReportBackOfIDNotNil())).
		Select(signoff.FieldActionID).All(ctx)
	if err != nil {
		return err
	}
	reported := make(map[int]bool, len(done))
	for _, s := range done {
		reported[s.ActionID] = true
	}
	isReported := func(id *int) bool { return id != nil && reported[*id] }
	held := func(on *string) bool { return on != nil && *on <= day }

	first, last := period.Start.Format(time.DateOnly), period.End.In(followup.Location()).AddDate(0, 0, -1).Format(time.DateOnly)
	acts := &report.Activities{Period: fmt.Sprintf("%s (%s)", period.Label, daySpan(first, last))}

	// Board visits: one operation visits each meeting of the board.
	meetings, err := client.BoardMeeting.Query().
		Where(boardmeeting.DepartmentID(dept), boardmeeting.DateGTE(first), boardmeeting.DateLTE(last)).
		WithVisit().Order(ent.Asc(boardmeeting.FieldDate), ent.Asc(boardmeeting.FieldID)).All(ctx)
	if err != nil {
		return err
	}
	visits := report.ActivityGroup{Title: "Nämndbesök", Empty: "Inga sammanträden under perioden."}
	var withVisit, visitsHeld, visitsReported int
	for _, m := range meetings {
		it := report.ActivityItem{Date: m.Date}
		v := m.Edges.Visit
		switch {
		case v == nil:
			it.What = "Ingen verksamhet bokad"
			it.State = "Inget besök"
			if m.Date > day {
				it.State = "Planerat"
			}
		case held(v.HeldOn):
			it.What = where(v.OperationID, v.UnitID)
			it.State = "Genomfört"
			if v.ReportBackID != nil {
				it.State = "Genomfört, inte återrapporterat"
				if isReported(v.ReportBackID) {
					it.State = "Genomfört, återrapporterat"
					visitsReported++
				}
			}
			visitsHeld++
		case m.Date > day:
			it.What = where(v.OperationID, v.UnitID)
			it.State = "Planerat"
		default:
			it.What = where(v.OperationID, v.UnitID)
			it.State = "Inte registrerat som genomfört"
		}
		if v != nil {
			withVisit++
		}
		visits.Items = append(visits.Items, it)
	}
	visits.Facts = []report.Fact{{Label: "Sammanträden", Value: len(meetings)}, {Label: "Med besök", Value: withVisit},
		{Label: "Genomförda", Value: visitsHeld}, {Label: "Återrapporterade", Value: visitsReported}}

	// Study visits: board members visit the operations.
	slots, err := client.StudyVisitSlot.Query().
		Where(studyvisitslot.DepartmentID(dept), studyvisitslot.StartsAtGTE(period.Start), studyvisitslot.StartsAtLT(period.End)).
		WithBookings().Order(ent.Asc(studyvisitslot.FieldStartsAt), ent.Asc(studyvisitslot.FieldID)).All(ctx)
	if err != nil {
		return err
	}
	study := report.ActivityGroup{Title: "Studiebesök", Empty: "Inga studiebesök under perioden."}
	var seats, booked, studyHeld, studyReported int
	for _, s := range slots {
		var h, rep int
		for _, b := range s.Edges.Bookings {
			if held(b.HeldOn) {
				h++
			}
			if isReported(b.ReportBackID) {
				rep++
			}
		}
		seats += s.Size
		booked += len(s.Edges.Bookings)
		studyHeld += h
		studyReported += rep
		study.Items = append(study.Items, report.ActivityItem{
			Date:  s.StartsAt.In(followup.Location()).Format("2006-01-02 15:04"),
			What:  where(s.OperationID, s.UnitID),
			State: fmt.Sprintf("Bokade platser: %d av %d · Genomförda: %d · Återrapporterade: %d", len(s.Edges.Bookings), s.Size, h, rep),
		})
	}
	study.Facts = []report.Fact{{Label: "Tider", Value: len(slots)}, {Label: "Platser", Value: seats}, {Label: "Bokade", Value: booked},
		{Label: "Genomförda", Value: studyHeld}, {Label: "Återrapporterade", Value: studyReported}}

	// Workshops: the plan's workshops with employees.
	workshops, err := client.Workshop.Query().
		Where(workshop.DepartmentID(dept), workshop.DateGTE(first), workshop.DateLTE(last)).
		Order(ent.Asc(workshop.FieldDate), ent.Asc(workshop.FieldID)).All(ctx)
	if err != nil {
		return err
	}
	// Who registered is the organisers' list (rule.FilterWorkshopRegistrations);
	// how many did is for everyone who reads the report, so the counts are
	// read past that filter, for these workshops only.
	var counts []struct {
		WorkshopID int    `json:"workshop_id"`
		State      string `json:"state"`
		Count      int    `json:"count"`
	}
	if err := client.WorkshopRegistration.Query().
		Where(workshopregistration.WorkshopIDIn(workshopIDs(workshops)...), workshopregistration.StateNEQ(workshopregistration.StateCancelled)).
		GroupBy(workshopregistration.FieldWorkshopID, workshopregistration.FieldState).
		Aggregate(ent.Count()).
		Scan(privacy.DecisionContext(ctx, privacy.Allow), &counts); err != nil {
		return err
	}
	registrations, seatedAt := map[int]int{}, map[int]int{}
	for _, c := range counts {
		registrations[c.WorkshopID] += c.Count
		if c.State == string(workshopregistration.StateSeated) {
			seatedAt[c.WorkshopID] += c.Count
		}
	}
	ws := report.ActivityGroup{Title: "Workshops", Empty: "Inga workshops under perioden."}
	var registered, seated int
	for _, w := range workshops {
		in, all := seatedAt[w.ID], registrations[w.ID]
		registered += all
		seated += in
		state := fmt.Sprintf("Platser: %d · Anmälda: %d · Fick plats: %d", w.Capacity, all, in)
		if w.AllocatedAt == nil {
			state = fmt.Sprintf("Platser: %d · Anmälda: %d · Platserna är inte fördelade ännu", w.Capacity, all)
		}
		what := w.Topic
		if w.Place != "" {
			what += ", " + w.Place
		}
		ws.Items = append(ws.Items, report.ActivityItem{Date: w.Date, What: what, State: state})
	}
	ws.Facts = []report.Fact{{Label: "Workshops", Value: len(workshops)}, {Label: "Anmälda", Value: registered}, {Label: "Fick plats", Value: seated}}

	acts.Groups = []report.ActivityGroup{visits, study, ws}
	r.Activities = acts
	return nil
}

// daySpan says the days from first to last, the year once when it is the
// same: "1 juli–31 december 2024", "1 december 2024–31 januari 2025".
func daySpan(first, last string) string {
	from, to := followup.DayLabel(first), followup.DayLabel(last)
	if len(first) >= 4 && len(last) >= 4 && first[:4] == last[:4] {
		from = strings.TrimSuffix(from, " "+first[:4])
	}
	return from + "–" + to
}

// planHead is the plan's head as the document writes it, its roles by name.
func planHead(ctx context.Context, client *ent.Client, p *ent.Plan) (report.Head, error) {
	h := report.Head{Date: p.Date, AdoptedBy: p.AdoptedBy, AdoptedAt: p.AdoptedAt, AdoptedParagraph: p.AdoptedParagraph}
	for _, rev := range p.Revisions {
		r := report.Revision{Date: rev.Date, Note: rev.Note}
		for _, c := range rev.Changes {
			r.Changes = append(r.Changes, lifecycle.ChangeLabel(c))
		}
		h.Revisions = append(h.Revisions, r)
	}
	ids := []int{p.OwnerID}
	if p.ApprovedByID != nil {
		ids = append(ids, *p.ApprovedByID)
	}
	roles, err := client.Role.Query().Where(role.IDIn(ids...)).Select(role.FieldID, role.FieldName).All(ctx)
	if err != nil {
		return h, err
	}
	for _, r := range roles {
		if r.ID == p.OwnerID {
			h.Owner = r.Name
		}
		if p.ApprovedByID != nil && r.ID == *p.ApprovedByID {
			h.ApprovedBy = r.Name
		}
	}
	return h, nil
}

// notes are the live sign-offs done by day that carry a comment or
// evidence, in the plan's order, each action's in the order they were done.
func notes(ctx context.Context, client *ent.Client, ps *PlanStatus, day string, unitName map[int]string) ([]report.Note, error) {
	p := ps.Plan
	areaNumber := make(map[int]int, len(ps.Areas))
	for i, as := range ps.Areas {
		areaNumber[as.Area.ID] = i + 1
	}
	// The names of the plan's evidence files, without their content: one
	// statement, whose size does not grow with the plan.
	files, err := client.Evidence.Query().
		Where(evidence.DepartmentID(p.DepartmentID), evidenceOfPlan(p.ID)).
		Select(evidence.FieldID, evidence.FieldName).All(ctx)
	if err != nil {
		return nil, err
	}
	fileName := make(map[int]string, len(files))
	for _, f := range files {
		fileName[f.ID] = f.Name
	}
	cadence := Rules(p).Cadence
	var out []report.Note
	for _, it := range ps.Items {
		a := it.Action
		signOffs := slices.SortedFunc(slices.Values(a.Edges.SignOffs), func(x, y *ent.SignOff) int {
			return cmp.Or(cmp.Compare(x.DoneOn, y.DoneOn), cmp.Compare(x.ID, y.ID))
		})
		for _, s := range signOffs {
			if s.WithdrawnAt != nil || s.DoneOn > day || (s.Comment == "" && s.EvidenceLink == "" && s.EvidenceID == nil) {
				continue
			}
			n := report.Note{Area: areaNumber[a.AreaID], Text: a.Text, SubAction: a.ParentID != nil, DoneOn: s.DoneOn, Comment: s.Comment}
			if a.Number != nil {
				n.Number = strconv.Itoa(*a.Number)
			}
			if s.Period != "" {
				n.Period = s.Period
				if per, err := followup.PeriodByKey(cadence, s.Period); err == nil {
					n.Period = per.Label
				}
			}
			if u, err := s.Edges.SignerOrErr(); err == nil {
				n.Signer = u.Name
			}
			if a.Scope == action.ScopeEachUnit && s.UnitID != nil {
				n.Unit = unitName[*s.UnitID]
			}
			if s.EvidenceID != nil {
				name := fileName[*s.EvidenceID]
				if name == "" {
					name = "Fil"
				}
				n.Evidence = append(n.Evidence, report.Link{Text: name, URL: EvidencePath(*s.EvidenceID)})
			}
			if s.EvidenceLink != "" {
				n.Evidence = append(n.Evidence, report.Link{Text: s.EvidenceLink, URL: s.EvidenceLink})
			}
			out = append(out, n)
		}
	}
	return out, nil
}

// evidenceOfPlan keeps the evidence files that a live sign-off of an action
// of the plan names, by a subquery rather than a list of ids.
func evidenceOfPlan(planID int) predicate.Evidence {
	return func(s *sql.Selector) {
		so, ac, ar := sql.Table(signoff.Table), sql.Table(action.Table), sql.Table(area.Table)
		plansActions := sql.Select(ac.C(action.FieldID)).From(ac).
			Join(ar).On(ac.C(action.FieldAreaID), ar.C(area.FieldID)).
			Where(sql.EQ(ar.C(area.FieldPlanID), planID))
		named := sql.Select(so.C(signoff.FieldEvidenceID)).From(so).
			Where(sql.And(sql.NotNull(so.C(signoff.FieldEvidenceID)), sql.IsNull(so.C(signoff.FieldWithdrawnAt)),
				sql.In(so.C(signoff.FieldActionID), plansActions)))
		s.Where(sql.In(s.C(evidence.FieldID), named))
	}
}

func workshopIDs(ws []*ent.Workshop) []int {
	ids := make([]int, len(ws))
	for i, w := range ws {
		ids[i] = w.ID
	}
	return ids
}
