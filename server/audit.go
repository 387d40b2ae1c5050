package server

import (
	"encoding/csv"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/handlingsplan/handlingsplan/audit"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/auditrecord"
	"github.com/handlingsplan/handlingsplan/ent/predicate"
	"github.com/handlingsplan/handlingsplan/followup"
)

// auditCSV serves the audit trail the viewer may read (the departments they
// administer) as CSV, newest first, filtered by the query parameters
// entityType, entityID, actorID, from and to (RFC 3339, or YYYY-MM-DD for
// midnight in Stockholm). The
// raw fields come first, as stored (at in UTC); two columns for people
// follow: the time in Stockholm and what happened as the log in the app
// says it (audit.Sentences).
func auditCSV(client *ent.Client, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := client.AuditRecord.Query().Order(ent.Desc(auditrecord.FieldAt), ent.Desc(auditrecord.FieldID))
		params := r.URL.Query()
		if v := params.Get("entityType"); v != "" {
			q.Where(auditrecord.EntityType(v))
		}
		for name, pred := range map[string]func(int) predicate.AuditRecord{
			"entityID": auditrecord.EntityID,
			"actorID":  auditrecord.ActorID,
		} {
			if v := params.Get(name); v != "" {
				id, err := strconv.Atoi(v)
				if err != nil {
					http.Error(w, name+" ska vara ett heltal.", http.StatusBadRequest)
					return
				}
				q.Where(pred(id))
			}
		}
		if from, ok, err := timeParam(params.Get("from")); err != nil {
			http.Error(w, "Skriv from som ÅÅÅÅ-MM-DD eller som en tid enligt RFC 3339.", http.StatusBadRequest)
			return
		} else if ok {
			q.Where(auditrecord.AtGTE(from))
		}
		if to, ok, err := timeParam(params.Get("to")); err != nil {
			http.Error(w, "Skriv to som ÅÅÅÅ-MM-DD eller som en tid enligt RFC 3339.", http.StatusBadRequest)
			return
		} else if ok {
			q.Where(auditrecord.AtLT(to))
		}
		records, err := q.All(r.Context())
		var said map[int]string
		if err == nil {
			said, err = audit.Sentences(r.Context(), client, records)
		}
		if err != nil {
			logger.ErrorContext(r.Context(), "audit export", "error", err.Error())
			http.Error(w, "Loggen kunde inte hämtas just nu. Försök igen om en stund.", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="granskningslogg.csv"`)
		out := csv.NewWriter(w)
		_ = out.Write([]string{"at", "department_id", "actor_id", "actor", "entity_type", "entity_id", "operation", "before", "after", "request_id", "tid", "händelse"})
		for _, rec := range records {
			_ = out.Write([]string{
				rec.At.UTC().Format(time.RFC3339Nano), optInt(rec.DepartmentID), optInt(rec.ActorID), rec.Actor,
				rec.EntityType, strconv.Itoa(rec.EntityID), string(rec.Operation), jsonText(rec.Before), jsonText(rec.After), rec.RequestID,
				rec.At.In(followup.Location()).Format("2006-01-02 15:04:05"), said[rec.ID],
			})
		}
		out.Flush()
	})
}

func timeParam(v string) (time.Time, bool, error) {
	if v == "" {
		return time.Time{}, false, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, true, nil
	}
	t, err := time.ParseInLocation(time.DateOnly, v, followup.Location()) // a day begins at midnight in Stockholm
	return t, err == nil, err
}

func optInt(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func jsonText(m map[string]any) string {
	if m == nil {
		return ""
	}
	b, _ := json.Marshal(m)
	return string(b)
}
