package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/handlingsplan/handlingsplan/notify"
)

// mailFlags are the SMTP relay's settings (docs/notifications.md). The
// password comes from a file or the environment, never from a flag.
type mailFlags struct {
	host, tls, username, passwordFile, from, siteURL *string
	port                                             *int
	timeout                                          *time.Duration
}

func addMailFlags(fs *flag.FlagSet) mailFlags {
	port, _ := strconv.Atoi(envOr("HANDLINGSPLAN_SMTP_PORT", "587"))
	timeout, err := time.ParseDuration(envOr("HANDLINGSPLAN_SMTP_TIMEOUT", "30s"))
	if err != nil {
		timeout = 30 * time.Second
	}
	return mailFlags{
		host:         fs.String("smtp-host", os.Getenv("HANDLINGSPLAN_SMTP_HOST"), "the SMTP relay that sends e-mail; no e-mail when empty (env HANDLINGSPLAN_SMTP_HOST)"),
		port:         fs.Int("smtp-port", port, "the relay's port: 587 for starttls, 465 for tls (env HANDLINGSPLAN_SMTP_PORT)"),
		tls:          fs.String("smtp-tls", envOr("HANDLINGSPLAN_SMTP_TLS", string(notify.StartTLS)), "starttls, tls (implicit, port 465) or none (env HANDLINGSPLAN_SMTP_TLS)"),
		username:     fs.String("smtp-username", os.Getenv("HANDLINGSPLAN_SMTP_USERNAME"), "login at the relay; none when empty (env HANDLINGSPLAN_SMTP_USERNAME)"),
		passwordFile: fs.String("smtp-password-file", os.Getenv("HANDLINGSPLAN_SMTP_PASSWORD_FILE"), "file holding the relay's password; or set HANDLINGSPLAN_SMTP_PASSWORD"),
		from:         fs.String("mail-from", os.Getenv("HANDLINGSPLAN_MAIL_FROM"), `the mails' sender, e.g. "Handlingsplan <noreply@kommun.se>" (env HANDLINGSPLAN_MAIL_FROM)`),
		timeout:      fs.Duration("smtp-timeout", timeout, "how long one mail may take at the relay (connect, each answer) before it is given up and retried later (env HANDLINGSPLAN_SMTP_TIMEOUT)"),
		siteURL:      fs.String("site-url", os.Getenv("HANDLINGSPLAN_SITE_URL"), "the site's public https:// address for the mails' links; default the origin of --oidc-redirect-url (env HANDLINGSPLAN_SITE_URL)"),
	}
}

// config returns the relay's settings; site is the fallback site address.
func (f mailFlags) config(site string) (notify.Config, error) {
	cfg := notify.Config{Host: *f.host, Port: *f.port, TLS: notify.TLS(strings.ToLower(*f.tls)),
		Username: *f.username, From: *f.from, SiteURL: *f.siteURL, Timeout: *f.timeout}
	if cfg.SiteURL == "" {
		cfg.SiteURL = site
	}
	if !cfg.Enabled() {
		return cfg, nil
	}
	cfg.Password = os.Getenv("HANDLINGSPLAN_SMTP_PASSWORD")
	if *f.passwordFile != "" {
		data, err := os.ReadFile(*f.passwordFile)
		if err != nil {
			return cfg, fmt.Errorf("smtp password: %w", err)
		}
		cfg.Password = strings.TrimSpace(string(data))
	}
	return cfg, cfg.Validate()
}
