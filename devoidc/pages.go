package devoidc

import (
	"bytes"
	"html/template"
	"io"
	"net/http"

	"github.com/zitadel/oidc/v3/pkg/op"
)

const (
	loginPath      = "/login"
	stylesheetPath = "/login.css"
	loggedOutPath  = "/logged-out"
)

// registerPages adds the provider's own pages: the user picker that op sends
// the browser to during /authorize, and the page end_session falls back to.
func registerPages(mux *http.ServeMux, s *storage, provider *op.Provider) {
	mux.HandleFunc("GET "+loginPath, func(w http.ResponseWriter, r *http.Request) {
		id := r.FormValue("authRequestID")
		if _, err := s.AuthRequestByID(r.Context(), id); err != nil {
			writePage(w, http.StatusBadRequest, failedLogin)
			return
		}
		writePage(w, http.StatusOK, page{
			Heading:       "Logga in (utvecklingsläge)",
			Message:       "Det här är en inloggningstjänst för utveckling med påhittade demoanvändare. Välj vem du vill logga in som.",
			AuthRequestID: id,
			Users:         s.users,
		})
	})

	callbackURL := op.AuthCallbackURL(provider)
	// The interceptor puts the issuer into the context, for callbackURL.
	mux.Handle("POST "+loginPath, op.NewIssuerInterceptor(provider.IssuerFromRequest).HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {
			id := r.PostFormValue("authRequestID")
			if err := s.chooseUser(id, r.PostFormValue("sub")); err != nil {
				writePage(w, http.StatusBadRequest, failedLogin)
				return
			}
			// op's callback issues the code and redirects to the client.
			http.Redirect(w, r, callbackURL(r.Context(), id), http.StatusSeeOther)
		}))

	mux.HandleFunc("GET "+loggedOutPath, func(w http.ResponseWriter, r *http.Request) {
		writePage(w, http.StatusOK, page{
			Heading: "Utloggad (utvecklingsläge)",
			Message: "Du är utloggad från utvecklingsinloggningen.",
		})
	})

	mux.HandleFunc("GET "+stylesheetPath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		io.WriteString(w, stylesheet)
	})
}

type page struct {
	Heading, Message string
	AuthRequestID    string
	Users            []User // the picker; none on other pages
}

var failedLogin = page{
	Heading: "Inloggningen kunde inte slutföras",
	Message: "Inloggningsförsöket är okänt, redan avslutat eller för gammalt. Gå tillbaka till appen och logga in igen.",
}

func writePage(w http.ResponseWriter, status int, p page) {
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, p); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	// No scripts at all, styles only from the provider's stylesheet.
	// form-action is left open: browsers apply it to the redirects after the
	// form is posted, which end at the app.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	buf.WriteTo(w)
}

// Each user is one submit button, so a button's text (name, then title) is
// its accessible name.
var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Heading}}</title>
<link rel="stylesheet" href="` + stylesheetPath + `">
</head>
<body>
<main>
<h1>{{.Heading}}</h1>
<p>{{.Message}}</p>
{{- with .Users}}
<form method="post" action="` + loginPath + `">
<input type="hidden" name="authRequestID" value="{{$.AuthRequestID}}">
<ul>
{{- range .}}
<li><button type="submit" name="sub" value="{{.Subject}}"><span class="name">{{.Name}}</span> <span class="title">{{.Title}}</span></button></li>
{{- end}}
</ul>
</form>
{{- end}}
</main>
</body>
</html>
`))

const stylesheet = `body { font-family: system-ui, sans-serif; line-height: 1.5; max-width: 36rem; margin: 2rem auto; padding: 0 1rem; }
ul { list-style: none; margin: 0; padding: 0; }
li { margin: 0.5rem 0; }
button { display: block; width: 100%; min-height: 44px; padding: 0.5rem 1rem; font: inherit; text-align: left; cursor: pointer; }
.name { display: block; font-weight: bold; }
.title { display: block; }
`
