package graph

import (
	"context"
	"time"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/notify"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// administersForMail lets a department's administrators at its mail
// settings and log: another department is not found, a member who does
// not administer it is refused.
func administersForMail(ctx context.Context, dept int) error {
	v := viewer.FromContext(ctx)
	switch {
	case v == nil:
		return fault.ErrUnauthenticated.Sv("Du är inte inloggad längre. Ladda om sidan och logga in igen.")
	case !v.Member(dept):
		return fault.NoSuch("departmentID", "department").Sv("Förvaltningen finns inte, eller så har du ingen roll där.")
	case !v.Administers(dept):
		return fault.ErrForbidden.Sv("Bara förvaltningens administratörer ändrar utskicken.")
	}
	return nil
}

func (r *Resolver) notificationPrefs(ctx context.Context, client *ent.Client, userID int) (*NotificationPrefs, error) {
	p, err := notify.LoadPrefs(ctx, client, userID)
	if err != nil {
		return nil, err
	}
	u, err := client.User.Get(rule.SystemContext(ctx, "notify"), userID)
	if err != nil {
		return nil, err
	}
	return &NotificationPrefs{Digest: DigestFrequency(p.Digest), Reminders: p.Reminders, Events: p.Events,
		Email: u.Email, EmailEnabled: r.mailOn}, nil
}

func settingsOut(s notify.Settings) *NotificationSettings {
	wd := int(s.DigestWeekday)
	if wd == int(time.Sunday) {
		wd = 7
	}
	return &NotificationSettings{DigestWeekday: wd, DigestHour: s.DigestHour, ReminderDays: s.ReminderDays}
}
