// Package notify sends e-mail: a weekly digest per person of what is
// overdue, missed and due soon of their own share, reminders before a
// deadline or the end of a follow-up period, through the municipality's
// SMTP relay. Jobs run on River (package database's job queue) in the
// app's own database, so a mail is sent once per person and occasion
// across replicas and restarts (docs/notifications.md).
package notify

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// TLS is how the connection to the relay is protected.
type TLS string

const (
	StartTLS    TLS = "starttls" // plain connection upgraded with STARTTLS, which must be offered (port 587)
	ImplicitTLS TLS = "tls"      // TLS from the first byte (port 465)
	NoTLS       TLS = "none"     // no encryption: only for a relay on the same host or a closed network
)

// Config is the relay and what the mails say about the site. Password is
// read from a file or the environment by the caller, never from a flag,
// and never logged (String leaves it out).
type Config struct {
	Host     string
	Port     int
	TLS      TLS
	Username string // empty: no login
	Password string
	From     string // "Handlingsplan <noreply@kommun.se>"
	SiteURL  string // https://handlingsplan.kommun.se, for links
	// Timeout bounds one mail at the relay: the connection, each answer
	// and the whole conversation. A relay that accepts and then stalls is
	// given up after it, and the job retried with backoff. Zero: 30 s.
	Timeout time.Duration
}

// Enabled reports whether a relay is configured.
func (c Config) Enabled() bool { return c.Host != "" }

// Validate checks a configured relay's settings.
func (c Config) Validate() error {
	if !c.Enabled() {
		return nil
	}
	var errs []error
	if c.Port <= 0 || c.Port > 65535 {
		errs = append(errs, fmt.Errorf("smtp port %d is not a port", c.Port))
	}
	switch c.TLS {
	case StartTLS, ImplicitTLS, NoTLS:
	default:
		errs = append(errs, fmt.Errorf("smtp tls %q: use starttls, tls or none", c.TLS))
	}
	if c.Timeout < 0 || c.Timeout > 10*time.Minute {
		errs = append(errs, fmt.Errorf("smtp timeout %s: give one between 1s and 10m", c.Timeout))
	}
	if c.From == "" {
		errs = append(errs, errors.New("smtp from address is missing"))
	}
	if c.Username != "" && c.Password == "" {
		errs = append(errs, errors.New("smtp username given without a password (file or environment)"))
	}
	if u, err := url.Parse(c.SiteURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		errs = append(errs, fmt.Errorf("site URL %q: the mails' links need the site's public https:// address", c.SiteURL))
	}
	return errors.Join(errs...)
}

// String describes the relay for the log, without the password.
func (c Config) String() string {
	if !c.Enabled() {
		return "off"
	}
	s := fmt.Sprintf("%s:%d tls=%s from=%s", c.Host, c.Port, c.TLS, c.From)
	if c.Username != "" {
		s += " user=" + c.Username
	}
	return s
}

func (c Config) site() string { return strings.TrimRight(c.SiteURL, "/") }
