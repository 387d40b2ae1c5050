package report

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func withYearWheel(r *Report) *Report {
	r.YearWheel = &YearWheel{
		Year:   2024,
		Months: []string{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"},
		Kinds: []WheelKind{{"deadline", "Sista dag för åtgärd"}, {"period_end", "Uppföljningsperiod slutar"}, {"board_meeting", "Nämndsammanträde"},
			{"study_visit", "Studiebesök"}, {"workshop", "Workshop"}, {"workplace_meeting", "APT"}},
		Marks: []WheelMark{
			{Date: "2024-06-30", Kind: 1, Label: "VT 2024 slutar: följ upp 12 fortlöpande åtgärder", URL: "/uppfoljning?plan=1"},
			{Date: "2024-09-10", Kind: 5, Label: "APT på Hemsjukvården", URL: "/besok"},
			{Date: "2024-09-20", Kind: 2, Label: "Nämndsammanträde – besök av Hemtjänsten", URL: "/besok#namndbesok"},
			{Date: "2024-10-08", Kind: 3, Label: "Studiebesök hos LSS-boendet, kl. 09:30", URL: "/besok#studiebesok"},
			{Date: "2024-10-15", Kind: 4, Label: "Workshop: Tillit i vardagen", URL: "/workshops"},
			{Date: "2024-12-31", Kind: 0, Label: "Sista dag: Verksamheterna återrapporterar", URL: "/atgard/7"},
		},
		Today: "2024-10-01",
	}
	return r
}

// TestThePDFDrawsTheYearWheel: the wheel has a page of its own with its
// legend and counts, and the same marks follow month by month, each
// opening its page in the web app once the links are resolved.
func TestThePDFDrawsTheYearWheel(t *testing.T) {
	r := withYearWheel(bollebygd())
	r.ResolveLinks("https://handlingsplan.bollebygd.se")
	pages, b := pdfPages(t, r)
	if os.Getenv("WRITE_PDF") != "" {
		_ = os.WriteFile(os.Getenv("WRITE_PDF"), b, 0o644)
	}
	wheel := -1
	for i, p := range pages {
		if strings.Contains(p, "Årshjul 2024 ") && strings.Contains(p, "Förklaring") {
			wheel = i
		}
	}
	if wheel < 0 {
		t.Fatal("no page holds the year wheel")
	}
	for _, want := range []string{"januari", "december", "Nämndsammanträde: 1", "APT: 1", "Linjen: rapportens dag, 1 oktober 2024"} {
		if !strings.Contains(pages[wheel], want) {
			t.Errorf("the wheel's page lacks %q: %s", want, pages[wheel])
		}
	}
	table := strings.Join(pages[wheel+1:], " ")
	for _, want := range []string{"Årshjul 2024 månad för månad", "september", "20 september 2024", "besök av Hemtjänsten", "Studiebesök hos LSS-boendet, kl. 09:30"} {
		if !strings.Contains(table, want) {
			t.Errorf("the month-by-month table lacks %q: %s", want, table)
		}
	}
	if !bytes.Contains(b, []byte("(https://handlingsplan.bollebygd.se/atgard/7)")) {
		t.Error("a deadline does not open its action")
	}
}

func TestAReportWithoutAYearWheelHasNoWheelPage(t *testing.T) {
	pages, _ := pdfPages(t, bollebygd())
	if strings.Contains(strings.Join(pages, " "), "Årshjul") {
		t.Error("a report without a wheel prints one")
	}
}
