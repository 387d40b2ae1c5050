// Package signoff records that actions were done ("kontroll utförd"),
// exactly once per action and slot: once for a month action, once per
// follow-up period for a continuous action, once per occurrence for a
// when-needed action. A client's idempotency key makes a retry over a
// flaky network return the first sign-off instead of signing twice.
package signoff

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/handlingsplan/handlingsplan/database/rowlock"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/area"
	"github.com/handlingsplan/handlingsplan/ent/plan"
	"github.com/handlingsplan/handlingsplan/ent/signoff"
	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/notify/outbox"
	"github.com/handlingsplan/handlingsplan/progress"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// Input is a sign-off as a client asks for it.
type Input struct {
	ActionID       int
	DoneOn         string // YYYY-MM-DD; empty means today (Europe/Stockholm)
	Period         string // continuous actions: the period key; empty means the period of DoneOn
	Comment        string
	EvidenceLink   string
	EvidenceID     *int
	IdempotencyKey string
	UnitID         *int // each-unit duties: the unit signed for; empty means the signer's only one
}

// Sign records a sign-off with client, which must be bound to a
// transaction (the GraphQL mutation's). Another live sign-off of the same slot is a CONFLICT that
// names it; the same idempotency key returns the sign-off it made.
func Sign(ctx context.Context, client *ent.Client, in Input, now time.Time) (*ent.SignOff, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, errLoggedOut
	}
	in.IdempotencyKey = strings.TrimSpace(in.IdempotencyKey)
	if in.IdempotencyKey == "" || len(in.IdempotencyKey) > 200 {
		return nil, fault.Invalid("idempotencyKey", "a key of 1 to 200 characters is required").
			Sv("Appen skickade ingen giltig nyckel med markeringen. Ladda om sidan och försök igen.")
	}
	if prev, err := client.SignOff.Query().
		Where(signoff.SignerID(v.UserID), signoff.IdempotencyKey(in.IdempotencyKey)).
		Only(ctx); err == nil {
		if prev.ActionID != in.ActionID {
			return nil, fault.Invalid("idempotencyKey", "this key was used for another action").
				Sv("Appen skickade samma nyckel för en annan åtgärd. Ladda om sidan och försök igen.")
		}
		return prev, nil // a retry
	} else if !ent.IsNotFound(err) {
		return nil, err
	}

	a, err := client.Action.Query().Where(action.ID(in.ActionID)).
		WithArea(func(q *ent.AreaQuery) { q.WithPlan() }).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, errNoAction
	}
	if err != nil {
		return nil, err
	}
	if err := inForce(a.Edges.Area.Edges.Plan); err != nil {
		return nil, err
	}
	today := now.In(followup.Location())
	doneOn := today.Format(time.DateOnly)
	if in.DoneOn != "" {
		d, err := time.ParseInLocation(time.DateOnly, in.DoneOn, followup.Location())
		if err != nil {
			return nil, fault.Invalid("doneOn", "%q is not a date in the form YYYY-MM-DD", in.DoneOn).
				Sv("Ange dagen det gjordes, till exempel %s.", today.Format(time.DateOnly))
		}
		if d.After(today) {
			return nil, fault.Invalid("doneOn", "%s is in the future", in.DoneOn).
				Sv("%s har inte varit än. Ange dagen det gjordes, senast i dag.", followup.DayLabel(in.DoneOn))
		}
		doneOn = in.DoneOn
	}
	if since := planSince(a.Edges.Area.Edges.Plan); since != "" && doneOn < since {
		return nil, fault.Invalid("doneOn", "%s is before the plan existed (%s): work done before it cannot be signed off in it", doneOn, since).
			Sv("Planen gällde inte %s. Ange en dag från och med %s, då planen började gälla.", followup.DayLabel(doneOn), followup.DayLabel(since))
	}
	if link := strings.TrimSpace(in.EvidenceLink); link != "" {
		// The link is shown to everyone in the department: only web addresses, never javascript: and the like.
		if u, err := url.Parse(link); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, fault.Invalid("evidenceLink", "%q is not a web address (https://…)", link).
				Sv("Länken måste vara en webbadress som börjar med https://.")
		}
	}
	if in.EvidenceID != nil {
		ev, err := client.Evidence.Get(ctx, *in.EvidenceID)
		if err != nil || ev.DepartmentID != a.DepartmentID {
			return nil, fault.NoSuch("evidenceID", "file; upload it to /evidence first").
				Sv("Filen finns inte. Ladda upp den igen.")
		}
	}
	sh, err := shareOf(ctx, client, v, a, in.UnitID)
	if err != nil {
		return nil, err
	}
	slot, period, err := slotOf(a, in, doneOn)
	if err != nil {
		return nil, err
	}
	if existing, err := live(ctx, client, a.ID, slot, sh.key); err != nil || existing != nil {
		if err != nil {
			return nil, err
		}
		// The same key may have committed since the check above.
		return afterRace(ctx, client, v.UserID, a.ID, slot, sh.key, in.IdempotencyKey)
	}
	// A concurrent sign-off of the same share can still win between the
	// check above and the insert; the unique index refuses the loser. The
	// savepoint keeps the transaction usable to say who won.
	if _, err := client.ExecContext(ctx, "SAVEPOINT sign_off"); err != nil {
		return nil, err
	}
	create := client.SignOff.Create().
		SetActionID(a.ID).SetDepartmentID(a.DepartmentID).SetSlot(slot).SetShare(sh.key).SetNillableUnitID(sh.unit).SetPeriod(period).
		SetDoneOn(doneOn).SetComment(strings.TrimSpace(in.Comment)).SetEvidenceLink(strings.TrimSpace(in.EvidenceLink)).
		SetNillableEvidenceID(in.EvidenceID).SetSignerID(v.UserID).SetOnBehalf(sh.onBehalf).
		SetIdempotencyKey(in.IdempotencyKey).SetCreatedAt(now)
	s, err := create.Save(ctx)
	if !ent.IsConstraintError(err) {
		return s, err
	}
	if _, err := client.ExecContext(ctx, "ROLLBACK TO SAVEPOINT sign_off"); err != nil {
		return nil, err
	}
	return afterRace(ctx, client, v.UserID, a.ID, slot, sh.key, in.IdempotencyKey)
}

var (
	errLoggedOut = fault.ErrUnauthenticated.Sv("Du är inte inloggad längre. Ladda om sidan och logga in igen.")
	errNoAction  = fault.NoSuch("actionID", "action").Sv("Åtgärden finns inte, eller hör till en annan förvaltning.")
)

// MaySign reports whether the viewer may sign off the action with id, or
// their part of it, as Sign and the sign-off's privacy rule decide: a
// holder of its responsible role (its assignee, when it has one) with a
// part in it, or a holder of the plan's owner role on the responsible's
// behalf. One who answers for several units may (they name the unit).
func MaySign(ctx context.Context, client *ent.Client, id int) (bool, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return false, nil
	}
	a, err := client.Action.Query().Where(action.ID(id)).WithArea(func(q *ent.AreaQuery) { q.WithPlan() }).Only(ctx)
	if err != nil {
		return false, err
	}
	if inForce(a.Edges.Area.Edges.Plan) != nil {
		return false, nil
	}
	if a.Scope == action.ScopeOnce {
		return rule.Answers(v, a) || v.HoldsRole(a.DepartmentID, a.Edges.Area.Edges.Plan.OwnerID), nil
	}
	_, err = shareOf(ctx, client, v, a, nil)
	if f, ok := fault.As(err); ok && (f.Code == fault.Forbidden || f.Code == fault.BadUserInput) {
		return f.Code == fault.BadUserInput, nil // several units to choose from is fine
	}
	return err == nil, err
}

// share is the part of an action a sign-off completes.
type share struct {
	key      string // "", "unit:<id>" or "person:<id>": see ent/schema SignOff.share
	unit     *int   // the unit signed for, or the signer's own unit when they have one
	onBehalf bool   // the plan owner signs for someone who answers for it
}

// shareOf decides which share of action a a sign-off by v completes. A duty done
// once has one share. Each unit: the unit named (or v's only one), which
// v must answer for (manage, or hold the role for), unless v holds the
// plan's owner role and signs on the unit's behalf. Each person: v's own,
// while v holds the role; nobody signs for another person.
func shareOf(ctx context.Context, client *ent.Client, v *viewer.Viewer, a *ent.Action, unitID *int) (share, error) {
	owner := v.HoldsRole(a.DepartmentID, a.Edges.Area.Edges.Plan.OwnerID)
	cov, err := progress.LoadCoverageOf(ctx, client, v.UserID, a.DepartmentID)
	if err != nil {
		return share{}, err
	}
	if unitID != nil && cov.Unit(a.DepartmentID, *unitID) == nil {
		return share{}, fault.NoSuch("unitID", "unit").Sv("Enheten finns inte, eller hör till en annan förvaltning.") // another department's, or none
	}
	switch a.Scope {
	case action.ScopeEachUnit:
		mine := cov.SharesOf(a, v.UserID)
		if len(mine) == 0 && !owner {
			return share{}, fault.ErrForbidden.Sv("Ingen av dina enheter har den här åtgärden, så du kan inte markera den som utförd.")
		}
		if unitID == nil {
			if len(mine) != 1 {
				return share{}, fault.Invalid("unitID", "choose the unit you sign for").Sv("Välj vilken enhet du markerar för.")
			}
			return share{key: mine[0].Key, unit: &mine[0].UnitID}, nil
		}
		if i := slices.IndexFunc(mine, func(s progress.ShareOf) bool { return s.UnitID == *unitID }); i >= 0 {
			return share{key: mine[i].Key, unit: unitID}, nil
		}
		if !owner {
			return share{}, fault.ErrForbidden.Sv("Du kan bara markera för dina egna enheter.")
		}
		return share{key: progress.UnitShare(*unitID), unit: unitID, onBehalf: true}, nil
	case action.ScopeEachPerson:
		if len(cov.SharesOf(a, v.UserID)) == 0 {
			return share{}, fault.ErrForbidden.Sv("Var och en med den ansvariga rollen markerar sin egen del, och du har inte rollen.")
		}
		return share{key: progress.PersonShare(v.UserID), unit: soleUnit(cov.UnitsOf(v.UserID))}, nil
	}
	// The plan owner may sign for the responsible role; that is recorded.
	onBehalf := !rule.Answers(v, a) && owner
	return share{unit: soleUnit(cov.UnitsOf(v.UserID)), onBehalf: onBehalf}, nil
}

// soleUnit is the signer's unit when they have exactly one, so that a duty
// later shared by unit still counts their sign-off for it.
func soleUnit(units []int) *int {
	if len(units) != 1 {
		return nil
	}
	return &units[0]
}

// planSince is the first day of a plan: its date, or the day it was
// adopted when that is earlier or the only one given; empty when the plan
// has neither.
func planSince(p *ent.Plan) string {
	since := p.Date
	if p.AdoptedAt != "" && (since == "" || p.AdoptedAt < since) {
		since = p.AdoptedAt
	}
	return since
}

// afterRace explains why a slot is taken: by this key (a retry, which gets
// the first sign-off back) or by another sign-off (a CONFLICT naming it).
func afterRace(ctx context.Context, client *ent.Client, signer, actionID int, slot, share, key string) (*ent.SignOff, error) {
	if prev, err := client.SignOff.Query().
		Where(signoff.SignerID(signer), signoff.IdempotencyKey(key)).Only(ctx); err == nil {
		return prev, nil
	}
	existing, err := live(ctx, client, actionID, slot, share)
	if err != nil {
		return nil, err
	}
	if existing == nil {
		return nil, fault.Conflictf("signed off by someone else at the same moment").
			Sv("Någon annan markerade den som utförd i samma stund.")
	}
	return nil, conflict(existing)
}

// slotOf says what a sign-off of a completes.
func slotOf(a *ent.Action, in Input, doneOn string) (slot, period string, err error) {
	switch a.DeadlineKind {
	case action.DeadlineKindMonth, action.DeadlineKindDate:
		return "once", "", nil
	case action.DeadlineKindWhenNeeded:
		return "occurrence:" + in.IdempotencyKey, "", nil
	}
	cadence, err := followup.ParseCadence(string(a.Edges.Area.Edges.Plan.FollowUpCadence))
	if err != nil {
		return "", "", err
	}
	day, _ := time.ParseInLocation(time.DateOnly, doneOn, followup.Location())
	if in.Period != "" {
		p, err := followup.PeriodByKey(cadence, in.Period)
		if err != nil {
			return "", "", fault.Invalid("period", "%q is not a follow-up period of this plan", in.Period).
				Sv("Perioden %s finns inte i den här planens uppföljning.", in.Period)
		}
		// A sign-off counts for its period only when done within it.
		if !p.Contains(day) {
			last := p.End.In(followup.Location()).AddDate(0, 0, -1)
			return "", "", fault.Invalid("doneOn",
				"%s is not within %s (%s to %s): sign off %s with a day within it, or leave out the period to sign off the period %s is in",
				doneOn, p.Label, p.Start.In(followup.Location()).Format(time.DateOnly), last.Format(time.DateOnly), p.Label, doneOn).
				Sv("%s ligger inte inom %s (%s–%s). Ange en dag inom perioden.",
					followup.DayLabel(doneOn), p.Label, followup.LongDate(p.Start), followup.LongDate(last))
		}
		return p.Key, p.Key, nil
	}
	// Every day is in a period of every cadence (July in the autumn term's).
	p, ok := followup.PeriodAt(cadence, day)
	if !ok {
		return "", "", fmt.Errorf("signoff: no %s period contains %s", cadence, doneOn)
	}
	return p.Key, p.Key, nil
}

// live returns the live sign-off of a share of a slot, or nil.
func live(ctx context.Context, client *ent.Client, actionID int, slot, share string) (*ent.SignOff, error) {
	s, err := client.SignOff.Query().
		Where(signoff.ActionID(actionID), signoff.Slot(slot), signoff.Share(share), signoff.WithdrawnAtIsNil()).
		Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return s, err
}

func conflict(existing *ent.SignOff) error {
	return fault.Conflictf("already signed off on %s", existing.DoneOn).
		Sv("Den är redan markerad som utförd, den %s.", followup.DayLabel(existing.DoneOn)).
		With("signOffID", strconv.Itoa(existing.ID)).With("doneOn", existing.DoneOn)
}

// Withdraw marks a sign-off as withdrawn, with a reason; nothing is deleted.
func Withdraw(ctx context.Context, client *ent.Client, id int, reason string, now time.Time) (*ent.SignOff, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, errLoggedOut
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, fault.Invalid("reason", "say why the sign-off is withdrawn").Sv("Skriv varför du ångrar markeringen.")
	}
	// Locked, so that of concurrent withdrawals one is recorded and the
	// others see it.
	s, err := client.SignOff.Query().Where(signoff.ID(id)).Modify(rowlock.Lock).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, fault.NoSuch("id", "sign-off").Sv("Markeringen finns inte, eller hör till en annan förvaltning.")
	}
	if err != nil {
		return nil, err
	}
	p, err := client.Plan.Query().Where(plan.HasAreasWith(area.HasActionsWith(action.ID(s.ActionID)))).
		Select(plan.FieldStatus, plan.FieldTitle).Only(ctx)
	if err != nil {
		return nil, err
	}
	if p.Status == plan.StatusArchived {
		return nil, inForce(p)
	}
	if s.WithdrawnAt != nil {
		return nil, fault.Conflictf("the sign-off was already withdrawn on %s", s.WithdrawnAt.In(followup.Location()).Format(time.DateOnly)).
			Sv("Markeringen är redan ångrad, den %s.", followup.LongDate(*s.WithdrawnAt)).
			With("signOffID", strconv.Itoa(s.ID))
	}
	s, err = s.Update().SetWithdrawnAt(now).SetWithdrawnByID(v.UserID).SetWithdrawReason(reason).Save(ctx)
	if err != nil || s.SignerID == v.UserID {
		return s, err
	}
	// Someone else withdrew it: the signer gets a mail, recorded in this
	// transaction (package outbox), so it is sent once if this commits.
	a, err := client.Action.Query().Where(action.ID(s.ActionID)).Select(action.FieldText).Only(ctx)
	if err != nil {
		return nil, err
	}
	err = outbox.Add(ctx, client, outbox.Event{
		UserID: s.SignerID, DepartmentID: s.DepartmentID, Occasion: "withdrawn:" + strconv.Itoa(s.ID),
		Subject: "Din markering har ångrats",
		Lead:    fmt.Sprintf("%s ångrade din markering från %s. Skälet: %s", v.Name, followup.DayLabel(s.DoneOn), reason),
		Item:    a.Text, Plan: p.Title, Path: "/atgard/" + strconv.Itoa(s.ActionID),
	})
	return s, err
}

// inForce refuses a sign-off in a plan that is not adopted: a draft is not
// in force yet, and an archived plan is read-only.
func inForce(p *ent.Plan) error {
	switch p.Status {
	case plan.StatusDraft:
		return fault.Conflictf("the plan is a draft: nothing is signed off before it is adopted").
			Sv("Planen är ett utkast. Åtgärder markeras som utförda först när planen är fastställd.")
	case plan.StatusArchived:
		return fault.Conflictf("the plan is archived and read-only").
			Sv("Planen är arkiverad. Inget kan markeras som utfört i den.")
	}
	return nil
}
