package notify

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/rule"
)

// Preview writes to w what would be sent as of asOf, without sending or
// storing anything: each department's digest of that week and the
// reminders due that day, for every member (or only the one whose address
// is to). Mails already sent for the occasion are named, not repeated.
// The unsubscribe links in a preview are placeholders.
func Preview(ctx context.Context, db *database.DB, cfg Config, asOf time.Time, to string, w io.Writer) error {
	s, err := New(db, cfg, nil, slog.New(slog.DiscardHandler), Options{Now: func() time.Time { return asOf }})
	if err != nil {
		return err
	}
	s.keyVal = []byte("preview") // nothing is written, not even the key
	sys := rule.SystemContext(ctx, "notify")
	depts, err := db.Client.Department.Query().All(sys)
	if err != nil {
		return err
	}
	count := 0
	for _, d := range depts {
		set, err := LoadSettings(ctx, db.SQL, d.ID)
		if err != nil {
			return err
		}
		users, err := members(ctx, db.Client, d.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "# %s: digest %s %02d:00, reminders %d days ahead\n", d.Name, swedishWeekday[set.DigestWeekday], set.DigestHour, set.ReminderDays)
		for _, u := range users {
			person, err := db.Client.User.Get(sys, u)
			if err != nil {
				return err
			}
			if to != "" && !strings.EqualFold(person.Email, to) {
				continue
			}
			jobs := []SendArgs{{UserID: u, DepartmentID: d.ID, Mail: KindDigest, Occasion: weekKey(asOf)}}
			rem, err := s.reminders(ctx, u, d.ID, asOf)
			if err != nil {
				return err
			}
			for _, r := range rem {
				jobs = append(jobs, r.Args.(SendArgs))
			}
			for _, a := range jobs {
				done, err := logged(ctx, db.SQL, a.UserID, a.Mail, a.Occasion)
				if err != nil {
					return err
				}
				if done {
					fmt.Fprintf(w, "\n## %s <%s>: %s %s already handled\n", person.Name, person.Email, a.Mail, a.Occasion)
					continue
				}
				c, err := s.compose(ctx, a, asOf)
				if err != nil {
					return err
				}
				if c.msg == nil {
					if to != "" {
						fmt.Fprintf(w, "\n## %s <%s>: no %s (%s)\n", person.Name, person.Email, a.Mail, c.why)
					}
					continue
				}
				count++
				fmt.Fprintf(w, "\n## To: %s <%s>\nSubject: %s\nKind: %s, occasion %s\n\n%s", person.Name, c.msg.To, c.msg.Subject, a.Mail, a.Occasion, c.msg.Text)
			}
		}
	}
	fmt.Fprintf(w, "\n%d mails would be sent as of %s.\n", count, asOf.In(time.Local).Format("2006-01-02 15:04 MST"))
	return nil
}

var swedishWeekday = map[time.Weekday]string{
	time.Monday: "måndagar", time.Tuesday: "tisdagar", time.Wednesday: "onsdagar", time.Thursday: "torsdagar",
	time.Friday: "fredagar", time.Saturday: "lördagar", time.Sunday: "söndagar",
}
