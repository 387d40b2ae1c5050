package graph_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent/auditrecord"
	"github.com/handlingsplan/handlingsplan/ent/department"
	"github.com/handlingsplan/handlingsplan/graph"
	"github.com/handlingsplan/handlingsplan/notify"
	"github.com/handlingsplan/handlingsplan/plans/planstest"
	"github.com/handlingsplan/handlingsplan/rule"
)

// Each person chooses their own mails; the choice is audited, and two
// changes at once leave one whole choice.
func TestMyNotificationPrefs(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		planstest.ImportBollebygd(t, db.Client, bollebygd)
		v := authtest.User(t, db.Client, bollebygd, "Enhetschef")
		a := newAPI(t, db, v, graph.MailEnabled())
		var got struct {
			MyNotificationPrefs struct {
				Digest       string
				Reminders    bool
				Events       bool
				EmailEnabled bool
			}
		}
		if errs := a.do(`{ myNotificationPrefs { digest reminders events emailEnabled email } }`, nil, &got); errs != nil {
			t.Fatal(errs)
		}
		if p := got.MyNotificationPrefs; p.Digest != "weekly" || !p.Reminders || !p.Events || !p.EmailEnabled {
			t.Fatalf("defaults: %+v", p)
		}
		set := `mutation($d: DigestFrequency!, $r: Boolean!) { setMyNotificationPrefs(input: {digest: $d, reminders: $r, events: true}) { digest reminders } }`
		var wg sync.WaitGroup
		for i := range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				d := []string{"biweekly", "off"}[i%2]
				if errs := a.do(set, map[string]any{"d": d, "r": i%2 == 0}, nil); errs != nil {
					t.Error(errs)
				}
			}()
		}
		wg.Wait()
		p, err := notify.LoadPrefs(context.Background(), db.SQL, v.UserID)
		if err != nil {
			t.Fatal(err)
		}
		if (p.Digest == "biweekly") != p.Reminders || !p.Events {
			t.Errorf("concurrent choices mixed: %+v", p)
		}
		if errs := a.do(set, map[string]any{"d": "daily", "r": true}, nil); code(errs) != "GRAPHQL_VALIDATION_FAILED" && code(errs) != "BAD_USER_INPUT" {
			t.Errorf("an unknown frequency: %+v", errs)
		}
		n := db.Client.AuditRecord.Query().Where(auditrecord.EntityType("NotificationPrefs"), auditrecord.EntityID(v.UserID)).
			CountX(rule.SystemContext(context.Background(), "test"))
		if n != 6 {
			t.Errorf("%d audit records of the choices, want 6", n)
		}
	})
}

// A department's mail hours and its failed mails are its administrators':
// another department's are not found, a member who does not administer is
// refused.
func TestNotificationSettingsAndLog(t *testing.T) {
	db := dbtest.Open(t, dialect.SQLite, nil)
	planstest.ImportBollebygd(t, db.Client, bollebygd)
	planstest.ImportBollebygd(t, db.Client, otherDept)
	ctx := rule.SystemContext(context.Background(), "test")
	own := db.Client.Department.Query().Where(department.Slug(bollebygd)).OnlyIDX(ctx)
	other := db.Client.Department.Query().Where(department.Slug(otherDept)).OnlyIDX(ctx)
	admin := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Systemförvaltare"))
	member := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Enhetschef"))

	var got struct {
		SetNotificationSettings struct{ DigestWeekday, DigestHour, ReminderDays int }
	}
	set := `mutation($d: ID!, $w: Int!) { setNotificationSettings(departmentID: $d, input: {digestWeekday: $w, digestHour: 15, reminderDays: 3}) { digestWeekday digestHour reminderDays } }`
	if errs := admin.do(set, map[string]any{"d": own, "w": 7}, &got); errs != nil {
		t.Fatal(errs)
	}
	if s := got.SetNotificationSettings; s.DigestWeekday != 7 || s.DigestHour != 15 || s.ReminderDays != 3 {
		t.Errorf("settings %+v", s)
	}
	if s, _ := notify.LoadSettings(ctx, db.SQL, own); s.DigestWeekday != 0 || s.DigestHour != 15 {
		t.Errorf("stored %+v, want Sunday 15", s)
	}
	if errs := admin.do(set, map[string]any{"d": own, "w": 8}, nil); code(errs) != "BAD_USER_INPUT" || errs[0].Extensions["field"] != "digestWeekday" {
		t.Errorf("weekday 8: %+v", errs)
	}
	if errs := admin.do(set, map[string]any{"d": other, "w": 1}, nil); code(errs) != "NOT_FOUND" {
		t.Errorf("another department: %+v", errs)
	}
	if errs := member.do(set, map[string]any{"d": own, "w": 1}, nil); code(errs) != "FORBIDDEN" {
		t.Errorf("a member: %+v", errs)
	}

	// A failed mail of each department: each administrator sees only theirs.
	for _, d := range []int{own, other} {
		if _, err := db.SQL.Exec(`INSERT INTO notification_log (user_id, kind, occasion, department_id, status, subject, detail, attempts, at)
			VALUES ($1, 'digest', '2026-W49', $2, 'failed', 'Veckans handlingsplan', '451 try again later', 10, '2026-12-07T06:00:00Z')`, d*10+1, d); err != nil {
			t.Fatal(err)
		}
	}
	var log struct {
		NotificationLog []struct {
			Kind, Status, Detail string
			Attempts             int
		}
	}
	q := `query($d: ID!) { notificationLog(departmentID: $d) { kind status detail attempts at user { name } } }`
	if errs := admin.do(q, map[string]any{"d": own}, &log); errs != nil {
		t.Fatal(errs)
	}
	if len(log.NotificationLog) != 1 || log.NotificationLog[0].Detail != "451 try again later" || log.NotificationLog[0].Attempts != 10 {
		t.Errorf("log %+v", log.NotificationLog)
	}
	if errs := admin.do(q, map[string]any{"d": other}, nil); code(errs) != "NOT_FOUND" {
		t.Errorf("another department's log: %+v", errs)
	}
	if errs := member.do(q, map[string]any{"d": own}, nil); code(errs) != "FORBIDDEN" {
		t.Errorf("a member's look at the log: %+v", errs)
	}
}

// A sign-off withdrawn by someone else records one mail to its signer in
// the withdrawal's transaction, however many try at once; one withdrawn by
// the signer records none.
func TestWithdrawnByAnotherIsMailedOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		seedBollebygd(t, db)
		elinV := authtest.User(t, db.Client, bollebygd, "Enhetschef")
		elin := newAPI(t, db, elinV)
		owner := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Förvaltningschef"))
		target := actionByText(t, db, reportBackAtAPT)
		var first, second signedOff
		elin.mustDo(signOffMutation, map[string]any{"in": map[string]any{"actionID": target, "doneOn": "2024-11-02", "idempotencyKey": "a"}}, &first)
		codes := atOnce(6, func(i int) []gqlError {
			return owner.do(`mutation($id: ID!) { withdrawSignOff(id: $id, reason: "Fel datum") { id } }`, map[string]any{"id": first.SignOff.ID}, nil)
		})
		wantTally(t, codes, map[string]int{"ok": 1, "CONFLICT": 5})
		elin.mustDo(signOffMutation, map[string]any{"in": map[string]any{"actionID": target, "doneOn": "2024-11-03", "idempotencyKey": "b"}}, &second)
		elin.mustDo(`mutation($id: ID!) { withdrawSignOff(id: $id, reason: "Fel") { id } }`, map[string]any{"id": second.SignOff.ID}, nil)

		rows, err := db.SQL.Query(`SELECT user_id, occasion, subject, lead_text, path FROM notification_outbox`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var got []string
		for rows.Next() {
			var user int
			var occ, subject, lead, path string
			if err := rows.Scan(&user, &occ, &subject, &lead, &path); err != nil {
				t.Fatal(err)
			}
			if user != elinV.UserID || occ != "withdrawn:"+first.SignOff.ID || path != fmt.Sprint("/atgard/", target) {
				t.Errorf("outbox row %d %s %s", user, occ, path)
			}
			got = append(got, subject+" / "+lead)
		}
		if len(got) != 1 {
			t.Fatalf("outbox: %q, want one mail to Elin", got)
		}
		if want := "Skälet: Fel datum"; !strings.Contains(got[0], want) {
			t.Errorf("mail %q lacks %q", got[0], want)
		}
	})
}
