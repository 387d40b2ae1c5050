package authtest

import (
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// Browser is an HTTP client with a cookie jar that follows redirects, as a
// browser does.
func Browser(t testing.TB) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar}
}

var (
	authRequestField = regexp.MustCompile(`name="authRequestID" value="([^"]+)"`)
	userButton       = regexp.MustCompile(`(?s)<button[^>]*name="sub" value="([^"]+)"[^>]*>(.*?)</button>`)
	tags             = regexp.MustCompile(`<[^>]+>`)
)

// LoginWithDevProvider logs the browser in at the app on baseURL through
// the development provider's login page, as the demo user whose button
// starts with name. It returns the response the browser lands on.
func LoginWithDevProvider(t testing.TB, browser *http.Client, baseURL, returnTo, name string) *http.Response {
	t.Helper()
	resp, err := browser.Get(baseURL + "/auth/login?return=" + url.QueryEscape(returnTo))
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	id := authRequestField.FindSubmatch(page)
	if id == nil {
		t.Fatalf("no login page at %s (%d):\n%s", resp.Request.URL, resp.StatusCode, page)
	}
	var subject string
	for _, b := range userButton.FindAllSubmatch(page, -1) {
		label := strings.Join(strings.Fields(html.UnescapeString(tags.ReplaceAllString(string(b[2]), " "))), " ")
		if strings.HasPrefix(label, name) {
			subject = html.UnescapeString(string(b[1]))
		}
	}
	if subject == "" {
		t.Fatalf("no demo user %q on the login page", name)
	}
	loginURL := resp.Request.URL.ResolveReference(&url.URL{Path: "/login"})
	resp, err = browser.PostForm(loginURL.String(), url.Values{"authRequestID": {string(id[1])}, "sub": {subject}})
	if err != nil {
		t.Fatal(fmt.Errorf("choose %s: %w", name, err))
	}
	return resp
}
