package main

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"
)

// The development provider's login page (package devoidc): one form with
// the login request id and a submit button per demo user.
var (
	formAction       = regexp.MustCompile(`<form[^>]*method="post"[^>]*action="([^"]+)"`)
	authRequestField = regexp.MustCompile(`name="authRequestID" value="([^"]+)"`)
	userButton       = regexp.MustCompile(`(?s)<button[^>]*name="sub" value="([^"]+)"[^>]*>(.*?)</button>`)
	tags             = regexp.MustCompile(`<[^>]+>`)
)

// devLogin logs in at the app through the development provider of
// "handlingsplan serve --dev", as the first demo user whose button (name
// and title, e.g. "Frida Förvaltningschef Förvaltningschef,
// Socialförvaltningen") contains who, and returns the cookie jar holding
// the session and the user's label. Every hop must stay on loopback.
func devLogin(ctx context.Context, transport http.RoundTripper, app *url.URL, who string) (http.CookieJar, string, error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, "", err
	}
	browser := &http.Client{
		Transport: transport,
		Jar:       jar,
		Timeout:   30 * time.Second,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 10 {
				return errors.New("too many redirects")
			}
			_, err := loopbackURL(req.URL.String())
			return err
		},
	}
	start := app.ResolveReference(&url.URL{Path: "/auth/login", RawQuery: "return=%2F"})
	page, pageURL, err := get(ctx, browser, start.String())
	if err != nil {
		return nil, "", fmt.Errorf("login page: %w", err)
	}
	id := authRequestField.FindStringSubmatch(page)
	if id == nil {
		return nil, "", fmt.Errorf("no development login page at %s; is the server running with --dev?", pageURL)
	}
	subject, label := "", ""
	var users []string
	for _, b := range userButton.FindAllStringSubmatch(page, -1) {
		text := strings.Join(strings.Fields(html.UnescapeString(tags.ReplaceAllString(b[2], " "))), " ")
		users = append(users, text)
		if subject == "" && strings.Contains(strings.ToLower(text), strings.ToLower(who)) {
			subject, label = html.UnescapeString(b[1]), text
		}
	}
	if subject == "" {
		return nil, "", fmt.Errorf("no demo user matches %q; there are: %s", who, strings.Join(users, "; "))
	}
	action := "/login"
	if m := formAction.FindStringSubmatch(page); m != nil {
		action = html.UnescapeString(m[1])
	}
	target, err := pageURL.Parse(action)
	if err != nil {
		return nil, "", err
	}
	form := url.Values{"authRequestID": {html.UnescapeString(id[1])}, "sub": {subject}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target.String(), strings.NewReader(form.Encode()))
	if err != nil {
		return nil, "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := browser.Do(req)
	if err != nil {
		return nil, "", fmt.Errorf("log in as %s: %w", label, err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	for _, c := range jar.Cookies(app) {
		if strings.HasSuffix(c.Name, "hp_session") {
			return jar, label, nil
		}
	}
	return nil, "", fmt.Errorf("log in as %s: no session cookie after the callback (HTTP %d at %s)", label, resp.StatusCode, resp.Request.URL)
}

// get returns the body of a GET and the URL it ended at after redirects.
func get(ctx context.Context, client *http.Client, target string) (string, *url.URL, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return "", nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return "", nil, fmt.Errorf("HTTP %d at %s", resp.StatusCode, resp.Request.URL)
	}
	return string(body), resp.Request.URL, nil
}

// sessionJar returns a cookie jar holding the session token named name in
// path, a file of "NAME TOKEN" lines written by bench/cmd/gen --sessions,
// as the session cookie of app (hp_session: the load tool speaks http).
func sessionJar(app *url.URL, path, name string) (http.CookieJar, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, line := range strings.Split(string(raw), "\n") {
		n, token, ok := strings.Cut(strings.TrimSpace(line), " ")
		if !ok {
			continue
		}
		if n != name {
			names = append(names, n)
			continue
		}
		jar, err := cookiejar.New(nil)
		if err != nil {
			return nil, err
		}
		jar.SetCookies(app, []*http.Cookie{{Name: "hp_session", Value: strings.TrimSpace(token), Path: "/"}})
		return jar, nil
	}
	return nil, fmt.Errorf("--session %q is not in %s (it has %s)", name, path, strings.Join(names, ", "))
}
