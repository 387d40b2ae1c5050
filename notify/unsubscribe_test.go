package notify_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/notify"
)

// TestUnsubscribe: the link in a digest turns off digests, and only
// digests, for its reader, without a login; a changed link does nothing,
// and reading the page (GET) changes nothing.
func TestUnsubscribe(t *testing.T) {
	db := dbtest.Open(t, "sqlite3", nil)
	f := newFixture(t, db)
	now := at("2026-12-21 08:00")
	s := f.start(t, "a", now, notify.Options{})
	if err := s.Scan(context.Background(), now); err != nil {
		t.Fatal(err)
	}
	f.waitIdle(t)
	mails := f.relay.to(elinMail)
	if len(mails) != 1 {
		t.Fatalf("%d mails", len(mails))
	}
	link := strings.Trim(mails[0].Header.Get("List-Unsubscribe"), "<>")
	u, err := url.Parse(link)
	if err != nil || u.Path != notify.UnsubscribePath {
		t.Fatalf("link %q", link)
	}
	h := notify.UnsubscribeHandler(db, quietLogger())
	do := func(method, target string) *httptest.ResponseRecorder {
		var body *strings.Reader
		if method == http.MethodPost {
			body = strings.NewReader("List-Unsubscribe=One-Click")
		} else {
			body = strings.NewReader("")
		}
		r := httptest.NewRequest(method, target, body)
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	prefs := func() notify.Prefs {
		p, err := notify.LoadPrefs(context.Background(), db.SQL, f.elin)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	if w := do(http.MethodGet, u.RequestURI()); w.Code != 200 || !strings.Contains(w.Body.String(), "Avsluta veckobreven") {
		t.Fatalf("GET: %d %s", w.Code, w.Body)
	}
	if prefs() != notify.DefaultPrefs {
		t.Fatal("GET unsubscribed")
	}
	// Another person's id under Elin's signature, or another kind.
	tok := u.Query().Get("t")
	for _, bad := range []string{strings.Replace(tok, ".digest.", ".reminder.", 1), "1" + tok, tok[:len(tok)-2], ""} {
		if w := do(http.MethodPost, notify.UnsubscribePath+"?t="+url.QueryEscape(bad)); w.Code != http.StatusBadRequest {
			t.Errorf("token %q: %d", bad, w.Code)
		}
	}
	if prefs() != notify.DefaultPrefs {
		t.Fatal("a bad token unsubscribed")
	}
	if w := do(http.MethodPost, u.RequestURI()); w.Code != 200 || !strings.Contains(w.Body.String(), "Du får inte längre veckobreven") {
		t.Fatalf("POST: %d %s", w.Code, w.Body)
	}
	if p := prefs(); p.Digest != notify.DigestOff || !p.Reminders || !p.Events {
		t.Fatalf("after unsubscribing from digests: %+v", p)
	}
	if p, _ := notify.LoadPrefs(context.Background(), db.SQL, f.frida); p != notify.DefaultPrefs {
		t.Errorf("Frida's choices changed: %+v", p)
	}
	// Next week: Frida gets her digest, Elin none.
	next := now.AddDate(0, 0, 7)
	s.Stop(context.Background()) // its clock says last week
	s2 := f.start(t, "b", next, notify.Options{})
	if err := s2.Scan(context.Background(), next); err != nil {
		t.Fatal(err)
	}
	f.waitIdle(t)
	// Elin's reminders (the December deadline and the autumn term end
	// within a week) still come; her digest does not.
	digests, reminders := 0, 0
	for _, m := range f.relay.to(elinMail) {
		switch subj := decodeHeader(m.Header.Get("Subject")); {
		case strings.HasPrefix(subj, "Veckans"):
			digests++
		case strings.HasPrefix(subj, "Påminnelse"):
			reminders++
		}
	}
	if digests != 1 || reminders != 2 {
		t.Errorf("Elin has %d digests (want the one before) and %d reminders (want 2) after unsubscribing", digests, reminders)
	}
	if n := f.relay.count(fridaMail, "Veckans"); n != 2 {
		t.Errorf("Frida has %d digests, want 2", n)
	}
}
