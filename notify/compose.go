package notify

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/handlingsplan/handlingsplan/auth"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/progress"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// weekKey is a digest's occasion: the ISO week, "2026-W49".
func weekKey(t time.Time) string {
	y, w := t.In(followup.Location()).ISOWeek()
	return fmt.Sprintf("%d-W%02d", y, w)
}

// reminderKey is a reminder's occasion: the action and the deadline it
// reminds of, so a moved deadline or the next period is a new occasion.
func reminderKey(action int, due time.Time) string {
	return strconv.Itoa(action) + "@" + due.In(followup.Location()).Format(time.DateOnly)
}

// itemsFor returns what the person answers for in the department as of
// asOf, read as the person would read Mitt ansvar: through their own
// viewer, so the privacy rules give them nothing they could not open.
func itemsFor(ctx context.Context, client *ent.Client, user, dept int, asOf time.Time, statuses ...followup.Status) ([]progress.Item, error) {
	v, err := auth.LoadViewer(ctx, client, user)
	if err != nil {
		return nil, err
	}
	if !v.Member(dept) {
		return nil, nil
	}
	// Only this department's membership: a digest is the department's.
	v.Departments = map[int]viewer.Membership{dept: v.Departments[dept]}
	items, err := progress.MyActions(viewer.NewContext(ctx, v), client, asOf, progress.Filter{Statuses: statuses})
	if err != nil {
		return nil, err
	}
	out := items[:0]
	for _, it := range items {
		if it.Action.DepartmentID == dept {
			out = append(out, it)
		}
	}
	return out, nil
}

// reminderDue reports whether an item gets a reminder as of asOf: it has a
// deadline or a period end within days, is not done, and has not passed.
func reminderDue(it *progress.Item, days int, asOf time.Time) bool {
	if it.Result.Due == nil {
		return false
	}
	switch it.Result.Status {
	case followup.Done, followup.Logged, followup.Overdue:
		return false
	}
	due := *it.Result.Due
	from := startOfDay(due).AddDate(0, 0, -days)
	return !asOf.Before(from) && asOf.Before(due)
}

// startOfDay is the Stockholm midnight that starts t's day (DST-safe: by
// the calendar, not by 24-hour steps).
func startOfDay(t time.Time) time.Time {
	t = t.In(followup.Location())
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, followup.Location())
}

// composed is a mail ready to send, or why there is none.
type composed struct {
	msg    *Message
	status string // StatusSent when msg is set; else StatusEmpty or StatusSkipped
	why    string
}

// compose writes the mail of a job as of asOf.
func (s *Service) compose(ctx context.Context, a SendArgs, asOf time.Time) (composed, error) {
	sys := rule.SystemContext(ctx, "notify")
	u, err := s.db.Client.User.Get(sys, a.UserID)
	if ent.IsNotFound(err) {
		return composed{status: StatusSkipped, why: "no such person"}, nil
	}
	if err != nil {
		return composed{}, err
	}
	if strings.TrimSpace(u.Email) == "" {
		return composed{status: StatusSkipped, why: "no e-mail address"}, nil
	}
	prefs, err := LoadPrefs(ctx, s.db.SQL, a.UserID)
	if err != nil {
		return composed{}, err
	}
	if !prefs.Wants(a.Mail) {
		return composed{status: StatusSkipped, why: "turned off"}, nil
	}
	dept, err := s.db.Client.Department.Get(sys, a.DepartmentID)
	if err != nil {
		return composed{}, err
	}
	site := s.cfg.site()
	data := mailData{Name: firstName(u.Name), Department: dept.Name, SiteURL: site,
		SettingsURL: site + SettingsPath, KindWord: kindWords[a.Mail]}
	switch a.Mail {
	case KindDigest:
		if prefs.Digest == DigestBiweekly {
			var w int
			fmt.Sscanf(a.Occasion[strings.IndexByte(a.Occasion, 'W')+1:], "%d", &w)
			if w%2 == 1 {
				return composed{status: StatusSkipped, why: "every other week"}, nil
			}
		}
		items, err := itemsFor(ctx, s.db.Client, a.UserID, a.DepartmentID, asOf, followup.Overdue, followup.Missed, followup.DueSoon)
		if err != nil {
			return composed{}, err
		}
		if len(items) == 0 {
			return composed{status: StatusEmpty, why: "nothing due"}, nil
		}
		data.Sections = digestSections(site, items)
		data.Subject = digestSubject(data.Sections)
	case KindReminder:
		items, err := itemsFor(ctx, s.db.Client, a.UserID, a.DepartmentID, asOf)
		if err != nil {
			return composed{}, err
		}
		var hit *progress.Item
		for i := range items {
			if it := &items[i]; it.Action.ID == a.ActionID && it.Result.Due != nil && reminderKey(it.Action.ID, *it.Result.Due) == a.Occasion {
				hit = it
			}
		}
		if hit == nil || hit.Result.Status == followup.Done || hit.Result.Status == followup.Logged {
			return composed{status: StatusSkipped, why: "no longer due"}, nil
		}
		data.Item = lineOf(site, hit)
		due := hit.Result.Due.Add(-time.Nanosecond)
		if hit.Result.Kind == followup.KindContinuous {
			data.Lead = "Perioden slutar " + followup.LongDate(due) + " och du har inte signerat den ännu."
		} else {
			data.Lead = "Sista dag är " + followup.LongDate(due) + " och du har inte signerat ännu."
		}
		data.Subject = "Påminnelse: " + shorten(hit.Action.Text, 60)
	case KindEvent:
		if a.Event == nil {
			return composed{status: StatusSkipped, why: "no event"}, nil
		}
		data.Subject, data.Lead = a.Event.Subject, a.Event.Lead
		data.Item = line{Text: a.Event.Item, Plan: a.Event.Plan, URL: site + a.Event.Path}
	default:
		return composed{status: StatusSkipped, why: "unknown kind"}, nil
	}
	key, err := s.key(ctx)
	if err != nil {
		return composed{}, err
	}
	data.UnsubscribeURL = site + UnsubscribePath + "?t=" + signToken(key, a.UserID, a.Mail)
	text, html, err := render(a.Mail, data)
	if err != nil {
		return composed{}, err
	}
	host := "handlingsplan"
	if i := strings.Index(site, "://"); i >= 0 {
		host = strings.Trim(site[i+3:], "/")
	}
	return composed{status: StatusSent, msg: &Message{
		To: u.Email, Subject: data.Subject, Text: text, HTML: html,
		MessageID:   fmt.Sprintf("%s.%d.%s@%s", a.Mail, a.UserID, strings.NewReplacer("@", ".", ":", ".").Replace(a.Occasion), host),
		Unsubscribe: data.UnsubscribeURL,
	}}, nil
}

func digestSubject(sections []section) string {
	n := 0
	for _, s := range sections {
		n += len(s.Lines)
	}
	if n == 1 {
		return "Veckans handlingsplan: 1 sak att göra"
	}
	return fmt.Sprintf("Veckans handlingsplan: %d saker att göra", n)
}

func firstName(name string) string {
	if f, _, ok := strings.Cut(strings.TrimSpace(name), " "); ok {
		return f
	}
	return strings.TrimSpace(name)
}

func shorten(s string, n int) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) <= n {
		return string(r)
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
