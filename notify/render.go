package notify

import (
	"bytes"
	"embed"
	htmltemplate "html/template"
	"strconv"
	"strings"
	texttemplate "text/template"

	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/progress"
)

//go:embed templates/*.tmpl
var templateFS embed.FS

var (
	htmlTemplates = map[Kind]*htmltemplate.Template{
		KindDigest:   htmltemplate.Must(htmltemplate.ParseFS(templateFS, "templates/layout.html.tmpl", "templates/digest.html.tmpl")),
		KindReminder: htmltemplate.Must(htmltemplate.ParseFS(templateFS, "templates/layout.html.tmpl", "templates/reminder.html.tmpl")),
		KindEvent:    htmltemplate.Must(htmltemplate.ParseFS(templateFS, "templates/layout.html.tmpl", "templates/event.html.tmpl")),
	}
	textTemplates = map[Kind]*texttemplate.Template{
		KindDigest:   texttemplate.Must(texttemplate.ParseFS(templateFS, "templates/digest.txt.tmpl")),
		KindReminder: texttemplate.Must(texttemplate.ParseFS(templateFS, "templates/reminder.txt.tmpl")),
		KindEvent:    texttemplate.Must(texttemplate.ParseFS(templateFS, "templates/event.txt.tmpl")),
	}
)

// mailData is what a template reads.
type mailData struct {
	Subject, Name, Department string
	Sections                  []section // digest
	Lead                      string    // reminder
	Item                      line      // reminder
	SiteURL, SettingsURL      string
	UnsubscribeURL, KindWord  string
}

type section struct {
	Heading string
	Lines   []line
}

type line struct {
	Text, Plan, Status, Due, Units, URL string
}

// kindWords name a kind in "avsluta …".
var kindWords = map[Kind]string{
	KindDigest:   "veckobreven",
	KindReminder: "påminnelserna",
	KindEvent:    "händelsebreven",
}

// lineOf says an item of Mitt ansvar as the mail lists it; the words are
// the server's own (status labels, due labels), as the app shows them.
func lineOf(site string, it *progress.Item) line {
	l := line{
		Text:   it.Action.Text,
		Plan:   it.Plan.Title,
		Status: it.Result.Status.Label(),
		Due:    progress.DueLabel(it),
		URL:    site + "/atgard/" + strconv.Itoa(it.Action.ID),
	}
	if it.Action.Number != nil {
		l.Text = strconv.Itoa(*it.Action.Number) + ". " + l.Text
	}
	var units []string
	for _, u := range it.Units {
		if u != nil {
			units = append(units, u.Name)
		}
	}
	l.Units = strings.Join(units, ", ")
	return l
}

// digestSections groups a person's items: overdue, missed, due soon.
func digestSections(site string, items []progress.Item) []section {
	heads := []struct {
		status  followup.Status
		heading string
	}{
		{followup.Overdue, "Försenat"},
		{followup.Missed, "Missade perioder"},
		{followup.DueSoon, "Snart dags"},
	}
	var out []section
	for _, h := range heads {
		s := section{Heading: h.heading}
		for i := range items {
			if items[i].Result.Status == h.status {
				s.Lines = append(s.Lines, lineOf(site, &items[i]))
			}
		}
		if len(s.Lines) > 0 {
			out = append(out, s)
		}
	}
	return out
}

func render(k Kind, d mailData) (text, html string, err error) {
	var t, h bytes.Buffer
	if err := textTemplates[k].Execute(&t, d); err != nil {
		return "", "", err
	}
	if err := htmlTemplates[k].ExecuteTemplate(&h, htmlName(k), d); err != nil {
		return "", "", err
	}
	return t.String(), h.String(), nil
}

func htmlName(k Kind) string { return string(k) + ".html.tmpl" }
