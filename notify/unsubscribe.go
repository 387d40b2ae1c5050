package notify

import (
	"context"
	"html/template"
	"log/slog"
	"net/http"
	"sync"

	"github.com/handlingsplan/handlingsplan/audit"
	"github.com/handlingsplan/handlingsplan/auth"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/auditrecord"
	"github.com/handlingsplan/handlingsplan/rule"
)

var unsubscribePage = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} – Handlingsplan</title></head>
<body><main>
<h1>{{.Title}}</h1>
<p>{{.Text}}</p>
{{if .Ask}}<form method="post"><button type="submit">Avsluta {{.Word}}</button></form>{{end}}
<p><a href="{{.Settings}}">Mina utskick</a> – där väljer du vilka brev du vill ha.</p>
</main></body></html>
`))

type pageData struct {
	Title, Text, Word, Settings string
	Ask                         bool
}

// UnsubscribeHandler serves the one-click unsubscribe address of every
// mail (RFC 8058): a POST with the signed token turns that kind off for
// that person, without a login; a GET (a person following the link)
// shows a button that makes the POST, so a link scanner that only reads
// the page unsubscribes nobody.
func UnsubscribeHandler(db *database.DB, logger *slog.Logger) http.Handler {
	var (
		mu  sync.Mutex
		key []byte
	)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Referrer-Policy", "no-referrer")
		mu.Lock()
		if key == nil {
			k, err := secret(r.Context(), db.SQL)
			if err != nil {
				mu.Unlock()
				logger.ErrorContext(r.Context(), "unsubscribe key", "err", err)
				http.Error(w, "Något gick fel. Försök igen om en stund.", http.StatusInternalServerError)
				return
			}
			key = k
		}
		k := key
		mu.Unlock()
		user, kind, ok := readToken(k, r.URL.Query().Get("t"))
		if !ok {
			w.WriteHeader(http.StatusBadRequest)
			unsubscribePage.Execute(w, pageData{Title: "Länken fungerar inte",
				Text: "Länken är ofullständig eller ändrad. Öppna den igen från brevet, eller välj dina utskick i appen.", Settings: SettingsPath})
			return
		}
		word := kindWords[kind]
		if r.Method == http.MethodGet {
			unsubscribePage.Execute(w, pageData{Title: "Avsluta " + word, Word: word, Ask: true, Settings: SettingsPath,
				Text: "Vill du sluta få " + word + " från Handlingsplan? Andra brev du får påverkas inte."})
			return
		}
		if err := Unsubscribe(r.Context(), db, user, kind); err != nil {
			logger.ErrorContext(r.Context(), "unsubscribe", "user_id", user, "kind", kind, "err", err)
			http.Error(w, "Något gick fel. Försök igen om en stund.", http.StatusInternalServerError)
			return
		}
		logger.InfoContext(r.Context(), "unsubscribed", "user_id", user, "kind", kind)
		unsubscribePage.Execute(w, pageData{Title: "Klart", Settings: SettingsPath,
			Text: "Du får inte längre " + word + ". Du kan slå på dem igen under Mina utskick."})
	})
}

// Unsubscribe turns one kind off for a person, recorded in the audit
// trail of each department they belong to.
func Unsubscribe(ctx context.Context, db *database.DB, user int, k Kind) error {
	if err := turnOff(ctx, db.SQL, user, k); err != nil {
		return err
	}
	p, err := LoadPrefs(ctx, db.SQL, user)
	if err != nil {
		return err
	}
	return AuditPrefs(rule.SystemContext(ctx, "unsubscribe"), db.Client, user, p)
}

// AuditPrefs records a person's new choices in the audit trail of each of
// their departments.
func AuditPrefs(ctx context.Context, client *ent.Client, user int, p Prefs) error {
	v, err := auth.LoadViewer(ctx, client, user)
	if err != nil {
		return err
	}
	for _, d := range v.DepartmentIDs() {
		if err := audit.Write(ctx, client, audit.Entry{EntityType: "NotificationPrefs", EntityID: user,
			Operation: auditrecord.OperationUpdate, DepartmentID: d,
			After: map[string]any{"digest": p.Digest, "reminders": p.Reminders, "events": p.Events}}); err != nil {
			return err
		}
	}
	return nil
}
