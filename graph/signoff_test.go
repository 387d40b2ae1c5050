package graph_test

import (
	"context"
	"entgo.io/ent/dialect"
	"fmt"
	"sync"
	"testing"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/signoff"
	"github.com/handlingsplan/handlingsplan/planstore"
	"github.com/handlingsplan/handlingsplan/rule"
)

const signOffMutation = `mutation($in: SignOffInput!) { signOff(input: $in) { id doneOn period onBehalf signer { name } } }`

type signedOff struct {
	SignOff struct {
		ID, DoneOn, Period string
		OnBehalf           bool
	}
}

// actionByText finds an action of the seeded plan.
func actionByText(t *testing.T, db *database.DB, prefix string) int {
	t.Helper()
	id, err := db.Client.Action.Query().Where(action.TextHasPrefix(prefix)).
		OnlyID(rule.SystemContext(context.Background(), "test"))
	if err != nil {
		t.Fatalf("action %q: %v", prefix, err)
	}
	return id
}

const (
	reportBackAtAPT = "Verksamheterna återrapporterar"   // sub-action, Enhetschef, December 2024
	raiseMinutes    = "Enhetschefer ska lyfta protokoll" // sub-action, Enhetschef, continuous
	unitRoutines    = "Säkerställ att alla enhetens rutiner"
)

func TestSignOffRights(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		seedBollebygd(t, db)
		target := actionByText(t, db, reportBackAtAPT)
		tests := []struct {
			who, code string
			onBehalf  bool
		}{
			{"Enhetschef", "", false},           // the responsible role
			{"Förvaltningschef", "", true},      // the plan owner, on the role's behalf
			{"Medarbetare", "FORBIDDEN", false}, // someone else in the department
			{"Systemförvaltare", "FORBIDDEN", false},
		}
		for i, tt := range tests {
			t.Run(tt.who, func(t *testing.T) {
				a := newAPI(t, db, authtest.User(t, db.Client, bollebygd, tt.who))
				var got signedOff
				errs := a.do(signOffMutation, map[string]any{"in": map[string]any{
					"actionID": target, "doneOn": "2024-11-0" + fmt.Sprint(i+1), "idempotencyKey": "k-" + tt.who}}, &got)
				code := ""
				if len(errs) > 0 {
					code, _ = errs[0].Extensions["code"].(string)
				}
				if code != tt.code {
					t.Fatalf("code = %q, want %q (%+v)", code, tt.code, errs)
				}
				if code == "" {
					if got.SignOff.OnBehalf != tt.onBehalf {
						t.Errorf("onBehalf = %v, want %v", got.SignOff.OnBehalf, tt.onBehalf)
					}
					// Make room for the next signer.
					a.mustDo(`mutation($id: ID!) { withdrawSignOff(id: $id, reason: "test") { id } }`, map[string]any{"id": got.SignOff.ID}, nil)
				}
			})
		}
		t.Run("nobody from another department", func(t *testing.T) {
			w := newWorld(t)
			a := newAPI(t, w.db, authtest.User(t, w.db.Client, otherDept, "Enhetschef"))
			errs := a.do(signOffMutation, map[string]any{"in": map[string]any{"actionID": w.action["own"], "idempotencyKey": "x"}}, nil)
			if len(errs) == 0 || errs[0].Extensions["code"] != "NOT_FOUND" || errs[0].Extensions["field"] != "actionID" {
				t.Errorf("errors = %+v, want the action not to exist for them", errs)
			}
		})
	})
}

func TestASignOffCountsOnceAndRetriesAreIdempotent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		seedBollebygd(t, db)
		target := actionByText(t, db, reportBackAtAPT)
		a := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Enhetschef"))
		sign := func(key, doneOn string) (signedOff, []gqlError) {
			var got signedOff
			errs := a.do(signOffMutation, map[string]any{"in": map[string]any{"actionID": target, "doneOn": doneOn, "idempotencyKey": key}}, &got)
			return got, errs
		}
		first, errs := sign("key-1", "2024-11-20")
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		retry, errs := sign("key-1", "2024-11-20")
		if len(errs) > 0 || retry.SignOff.ID != first.SignOff.ID {
			t.Errorf("a retry with the same key = %+v %+v, want the first sign-off", retry, errs)
		}
		_, errs = sign("key-2", "2024-11-21")
		if len(errs) != 1 || errs[0].Extensions["code"] != "CONFLICT" || fmt.Sprint(errs[0].Extensions["signOffID"]) != first.SignOff.ID {
			t.Errorf("a second sign-off = %+v, want CONFLICT naming the first", errs)
		}

		var withdrawn struct {
			WithdrawSignOff struct{ WithdrawReason string }
		}
		a.mustDo(`mutation($id: ID!) { withdrawSignOff(id: $id, reason: "Fel åtgärd") { withdrawReason } }`, map[string]any{"id": first.SignOff.ID}, &withdrawn)
		if errs := a.do(`mutation($id: ID!) { withdrawSignOff(id: $id, reason: "igen") { id } }`, map[string]any{"id": first.SignOff.ID}, nil); len(errs) == 0 {
			t.Error("a withdrawn sign-off was withdrawn again")
		}
		if errs := a.do(`mutation($id: ID!) { withdrawSignOff(id: $id, reason: " ") { id } }`, map[string]any{"id": first.SignOff.ID}, nil); len(errs) == 0 || errs[0].Extensions["field"] != "reason" {
			t.Errorf("a withdrawal without reason = %+v", errs)
		}
		again, errs := sign("key-3", "2024-11-22")
		if len(errs) > 0 || again.SignOff.ID == first.SignOff.ID {
			t.Errorf("signing again after a withdrawal = %+v %+v", again, errs)
		}
		ctx := rule.SystemContext(context.Background(), "test")
		if n := db.Client.SignOff.Query().Where(signoff.ActionID(target)).CountX(ctx); n != 2 {
			t.Errorf("sign-offs stored = %d, want the withdrawn one and the new one", n)
		}
	})
}

// TestEvidenceLinksAreWebAddresses: the link is shown to the whole
// department as a link, so only http(s) addresses are stored.
func TestEvidenceLinksAreWebAddresses(t *testing.T) {
	db := dbtest.Open(t, dialect.SQLite, nil)
	seedBollebygd(t, db)
	target := actionByText(t, db, reportBackAtAPT)
	a := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Enhetschef"))
	for _, link := range []string{"javascript:alert(1)", "data:text/html,hej", "intranätet/protokoll", "https://"} {
		errs := a.do(signOffMutation, map[string]any{"in": map[string]any{"actionID": target, "evidenceLink": link, "idempotencyKey": link}}, nil)
		if len(errs) != 1 || errs[0].Extensions["code"] != "BAD_USER_INPUT" || errs[0].Extensions["field"] != "evidenceLink" {
			t.Errorf("evidenceLink %q = %+v, want BAD_USER_INPUT on evidenceLink", link, errs)
		}
	}
	ctx := rule.SystemContext(context.Background(), "test")
	if n := db.Client.SignOff.Query().Where(signoff.ActionID(target)).CountX(ctx); n != 0 {
		t.Fatalf("%d sign-offs stored from refused links", n)
	}
	var got struct{ SignOff struct{ ID string } }
	a.mustDo(signOffMutation, map[string]any{"in": map[string]any{"actionID": target, "evidenceLink": " https://intranat.bollebygd.se/apt/2024-11 ", "idempotencyKey": "ok"}}, &got)
	link := db.Client.SignOff.Query().Where(signoff.ActionID(target)).OnlyX(ctx).EvidenceLink
	if link != "https://intranat.bollebygd.se/apt/2024-11" {
		t.Errorf("stored link = %q", link)
	}
}

// TestConcurrentSignOffsGiveExactlyOne signs the same action from many
// clients at the same moment, through the HTTP API.
func TestConcurrentSignOffsGiveExactlyOne(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		seedBollebygd(t, db)
		ctx := rule.SystemContext(context.Background(), "test")
		for _, sameKey := range []bool{false, true} {
			name := map[bool]string{false: "different people", true: "one client retrying"}[sameKey]
			t.Run(name, func(t *testing.T) {
				target := actionByText(t, db, map[bool]string{false: reportBackAtAPT, true: unitRoutines}[sameKey])
				const n = 8
				v := authtest.User(t, db.Client, bollebygd, "Enhetschef")
				apis := make([]*api, n)
				for i := range apis {
					if !sameKey {
						v = authtest.User(t, db.Client, bollebygd, "Enhetschef")
					}
					apis[i] = newAPI(t, db, v)
				}
				var wg sync.WaitGroup
				var mu sync.Mutex
				ids, conflicts, other := map[string]bool{}, 0, []gqlError{}
				start := make(chan struct{})
				for i := range n {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						key := fmt.Sprintf("key-%d", i)
						if sameKey {
							key = "same-key"
						}
						var got signedOff
						errs := apis[i].do(signOffMutation, map[string]any{"in": map[string]any{"actionID": target, "doneOn": "2024-12-01", "idempotencyKey": key}}, &got)
						mu.Lock()
						defer mu.Unlock()
						switch {
						case len(errs) == 0:
							ids[got.SignOff.ID] = true
						case errs[0].Extensions["code"] == "CONFLICT":
							conflicts++
						default:
							other = append(other, errs...)
						}
					}()
				}
				close(start)
				wg.Wait()
				if len(other) > 0 {
					t.Fatalf("unexpected errors: %+v", other)
				}
				stored := db.Client.SignOff.Query().Where(signoff.ActionID(target), signoff.WithdrawnAtIsNil()).CountX(ctx)
				if stored != 1 || len(ids) != 1 {
					t.Errorf("%d sign-offs stored, %d distinct answered; want exactly one", stored, len(ids))
				}
				if !sameKey && conflicts != n-1 {
					t.Errorf("conflicts = %d, want %d", conflicts, n-1)
				}
				if sameKey && conflicts != 0 {
					t.Errorf("a retrying client got %d conflicts, want its own sign-off back", conflicts)
				}
			})
		}
	})
}

func TestContinuousActionsAreSignedPerPeriod(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		seedBollebygd(t, db)
		target := actionByText(t, db, raiseMinutes)
		a := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Enhetschef"))
		sign := func(key, doneOn, period string) []gqlError {
			in := map[string]any{"actionID": target, "doneOn": doneOn, "idempotencyKey": key}
			if period != "" {
				in["period"] = period
			}
			return a.do(signOffMutation, map[string]any{"in": in}, nil)
		}
		if errs := sign("a", "2024-10-01", ""); len(errs) > 0 {
			t.Fatal(errs)
		}
		if errs := sign("b", "2024-11-01", ""); len(errs) == 0 || errs[0].Extensions["code"] != "CONFLICT" {
			t.Errorf("a second sign-off in HT 2024 = %+v, want CONFLICT", errs)
		}
		if errs := sign("c", "2024-05-02", "2024-VT"); len(errs) > 0 {
			t.Errorf("a late sign-off of VT 2024 = %+v", errs)
		}
		if errs := sign("d", "2024-10-02", "2024-VT"); len(errs) == 0 || errs[0].Extensions["field"] != "doneOn" {
			t.Errorf("a sign-off for VT done in HT = %+v, want doneOn refused", errs)
		}

		var status struct {
			PlanStatus struct {
				Actions []struct {
					Action   struct{ ID string }
					FollowUp struct {
						Status  string
						Missed  int
						Periods []struct{ Key, Status string }
					}
				}
			}
		}
		a.mustDo(`query($plan: ID!) { planStatus(planID: $plan, asOf: "2025-09-15") { actions { action { id } followUp { status missed periods { key status } } } } }`,
			map[string]any{"plan": planOf(t, db)}, &status)
		for _, it := range status.PlanStatus.Actions {
			if it.Action.ID != fmt.Sprint(target) {
				continue
			}
			f := it.FollowUp
			want := []struct{ Key, Status string }{{"2024-VT", "done"}, {"2024-HT", "done"}, {"2025-VT", "missed"}, {"2025-HT", "not_started"}}
			if fmt.Sprint(f.Periods) != fmt.Sprint(want) || f.Missed != 1 || f.Status != "missed" {
				t.Errorf("follow-up = %+v, want periods %v with VT 2025 missed, so the action is behind", f, want)
			}
			return
		}
		t.Error("the action is not in the plan's status")
	})
}

func planOf(t *testing.T, db *database.DB) int {
	t.Helper()
	return db.Client.Plan.Query().FirstIDX(rule.SystemContext(context.Background(), "test"))
}

// TestMyActionsCostsAConstantNumberOfStatements proves the first screen
// does not fan out: the same number of statements for the Bollebygd plan as
// for it and a plan ten times its size.
func TestMyActionsCostsAConstantNumberOfStatements(t *testing.T) {
	for _, dia := range dbtest.Dialects {
		t.Run(dia, func(t *testing.T) {
			wrap, counter := database.CountStatements()
			db := dbtest.Open(t, dia, wrap)
			seedBollebygd(t, db)
			v := authtest.User(t, db.Client, bollebygd, "Enhetschef", "Medarbetare", "Förvaltningschef")
			a := newAPI(t, db, v)
			const query = `{ myActions(asOf: "2024-12-15") { action { id text deadlineLabel responsible { name } } plan { title }
				followUp { status statusLabel due dueLabel lastSignedOn missed periods { key status statusLabel } } } }`
			cost := func() (int64, int) {
				var got struct {
					MyActions []struct{ Action struct{ ID string } }
				}
				counter.Reset()
				a.mustDo(query, nil, &got)
				return counter.Count(), len(got.MyActions)
			}
			small, n := cost()
			if _, err := planstore.Import(rule.SystemContext(context.Background(), "test"), db.Client, bigPlan(t, 40, 10)); err != nil {
				t.Fatal(err)
			}
			big, m := cost()
			if m <= n {
				t.Fatalf("the big plan added no actions (%d, %d)", n, m)
			}
			// Seven for the actions, four for whom shared duties cover
			// (progress.LoadCoverage).
			if small != big || small > 11 {
				t.Errorf("myActions costs %d statements for %d actions and %d for %d; want the same, at most 11", small, n, big, m)
			}
			t.Logf("myActions: %d statements for %d and for %d actions", small, n, m)
		})
	}
}

func TestPlanStatusCostsAConstantNumberOfStatements(t *testing.T) {
	wrap, counter := database.CountStatements()
	db := dbtest.Open(t, dbtest.Dialects[0], wrap)
	small := seedBollebygd(t, db)
	big, err := planstore.Import(rule.SystemContext(context.Background(), "test"), db.Client, bigPlan(t, 40, 10))
	if err != nil {
		t.Fatal(err)
	}
	a := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Förvaltningschef"))
	cost := func(id int) int64 {
		counter.Reset()
		a.mustDo(`query($id: ID!) { planStatus(planID: $id, asOf: "2024-12-15") {
			counts { total done overdue shareDone } areas { area { title } counts { total } } roles { role { name } counts { done } }
			overdue { action { text } } actions { action { text deadlineLabel responsible { name } } followUp { status statusLabel dueLabel lastSignedOn } } } }`, map[string]any{"id": id}, nil)
		return counter.Count()
	}
	if s, b := cost(small.PlanID), cost(big.PlanID); s != b || s > 9 {
		t.Errorf("planStatus costs %d statements for 8 areas and %d for 40; want the same, at most 9", s, b)
	}
}

func TestMyActionsCountsSubActionsDone(t *testing.T) {
	db := dbtest.Open(t, dbtest.Dialects[0], nil)
	seedBollebygd(t, db)
	fch := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Förvaltningschef"))
	parent := actionByText(t, db, "Verksamheterna besöker nämnden")
	counts := func() (done, total int) {
		var got struct {
			MyActions []struct {
				Action   struct{ ID string }
				FollowUp struct{ SubActionsDone, SubActionsTotal int }
			}
		}
		fch.mustDo(`{ myActions(asOf: "2024-12-15") { action { id } followUp { subActionsDone subActionsTotal } } }`, nil, &got)
		for _, it := range got.MyActions {
			if it.Action.ID == fmt.Sprint(parent) {
				return it.FollowUp.SubActionsDone, it.FollowUp.SubActionsTotal
			}
		}
		t.Fatal("the action is not among the Förvaltningschef's")
		return 0, 0
	}
	if done, total := counts(); done != 0 || total != 1 {
		t.Errorf("before: %d of %d sub-actions done, want 0 of 1", done, total)
	}
	elin := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Enhetschef"))
	elin.mustDo(signOffMutation, map[string]any{"in": map[string]any{
		"actionID": actionByText(t, db, reportBackAtAPT), "doneOn": "2024-12-02", "idempotencyKey": "sub"}}, nil)
	if done, total := counts(); done != 1 || total != 1 {
		t.Errorf("after the sub-action's sign-off: %d of %d done, want 1 of 1", done, total)
	}
}
