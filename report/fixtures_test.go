package report

import (
	"fmt"
	"strings"
	"time"
)

// bollebygd is three areas of the Bollebygd plan (SN2024/10) as of
// 15 October 2024, with sign-offs and statuses as the follow-up would have
// them then: done, due soon, logged, missed period, overdue, not started.
func bollebygd() *Report {
	stockholm := time.FixedZone("CEST", 2*60*60)
	return &Report{
		Title:          "Handlingsplan tillitsfull dialog Socialförvaltning",
		RegistryNumber: "SN2024/10",
		Department:     "Socialförvaltningen",
		Municipality:   "Bollebygds kommun",
		AsOf:           time.Date(2024, 10, 15, 0, 0, 0, 0, time.UTC),
		GeneratedAt:    time.Date(2024, 10, 15, 7, 30, 0, 0, stockholm),
		Head: Head{Date: "2024-01-24", AdoptedBy: "Socialnämnden", AdoptedAt: "2024-02-20", AdoptedParagraph: "§ xx",
			ApprovedBy: "Förvaltningschef", Owner: "Förvaltningschef"},
		Notes: []Note{
			{Area: 1, SubAction: true, Text: "Verksamheterna återrapporterar på nästkommande APT om deras besök hos nämnden.",
				DoneOn: "2024-09-24", Signer: "Elin Enhetschef", Unit: "Hemsjukvården", Comment: "Återrapporterat på APT, se protokollet.",
				Evidence: []Link{{Text: "protokoll-apt.pdf", URL: "/evidence/12"}}},
			{Area: 3, Number: "1", Text: "Två gånger per termin kommer Förvaltningschefen hålla workshop med medarbetare. Ämnet kommer vara förutbestämt utifrån aktuella frågor. Medarbetarna anmäler intresse att delta.",
				DoneOn: "2024-05-03", Period: "VT 2024", Signer: "Frida Förvaltningschef", Comment: "Två workshops, i mars och i maj.",
				Evidence: []Link{{Text: "https://intranat.bollebygd.se/workshops-vt-2024", URL: "https://intranat.bollebygd.se/workshops-vt-2024"}}},
		},
		Activities: &Activities{
			Period: "HT 2024 (1 juli–31 december 2024)",
			Groups: []ActivityGroup{
				{Title: "Nämndbesök", Facts: []Fact{{"Sammanträden", 4}, {"Med besök", 3}, {"Genomförda", 2}, {"Återrapporterade", 1}},
					Items: []ActivityItem{
						{Date: "2024-08-20", What: "Hemtjänsten (Hemsjukvården)", State: "Genomfört, återrapporterat"},
						{Date: "2024-09-17", What: "Gruppbostäder LSS", State: "Genomfört, inte återrapporterat"},
						{Date: "2024-10-22", What: "Myndighetsutövning IFO", State: "Planerat"},
						{Date: "2024-11-19", What: "Ingen verksamhet", State: "Planerat"},
					}},
				{Title: "Studiebesök", Facts: []Fact{{"Tider", 2}, {"Platser", 6}, {"Bokade", 4}, {"Genomförda", 1}, {"Återrapporterade", 0}},
					Items: []ActivityItem{
						{Date: "2024-09-05 13:00", What: "Gruppbostäder LSS", State: "3 av 3 platser bokade, 1 genomfört, 0 återrapporterade"},
						{Date: "2024-11-07 09:30", What: "Öppenvården IFO", State: "1 av 3 platser bokade"},
					}},
				{Title: "Workshops", Facts: []Fact{{"Workshops", 0}}, Empty: "Inga workshops under perioden."},
			},
		},
		Areas: []Area{
			{
				Number:  1,
				Title:   "Skapa ett närmare band mellan politik och verksamhet.",
				Purpose: "Syftar till att öka kunskap och förståelse för varandras olika uppdrag och ansvar.",
				Rows: []Row{
					{Number: "1", Text: "Verksamheterna besöker nämnden och presenterar sina verksamheter, förutsättningar och behov. En verksamhet per nämnd, start i september 2023 och färdigt december 2024.",
						Responsible: "Förvaltningschef", Deadline: "December 2024", Check: "8 gånger, senast 17 september 2024", Status: "Snart dags"},
					{SubAction: true, Text: "Verksamheterna återrapporterar på nästkommande APT om deras besök hos nämnden.",
						Responsible: "Enhetschef", Deadline: "December 2024", Check: "2024-09-24 (Elin Enhetschef)", Status: "Klar"},
					{Number: "2", Text: "Politiker gör studiebesök/prao i verksamheterna. Genomförs genom att förvaltningen planerar in strukturerade besök ut i verksamheterna.",
						Responsible: "Förvaltningschef", Deadline: "Maj 2026", Check: "3 gånger, senast 2024-10-01", Status: "Utförd"},
					{SubAction: true, Text: "Vid nästkommande nämndsmöte återrapporterar varje nämndsledamot vad de har sett och tagit till sig.",
						Responsible: "Ledamot", Deadline: "Maj 2026", Status: "Ej påbörjad"},
				},
				Summary: Summary{Total: 4, Done: 1, DueSoon: 1, NotStarted: 1},
			},
			{
				Number:  3,
				Title:   "Skapa ett närmare band mellan verksamhet och styrningen i Socialförvaltning.",
				Purpose: "Syftar även till att skapa en större förståelse för att Socialförvaltningen har många olika typer av verksamheter.",
				Rows: []Row{
					{Number: "1", Text: "Två gånger per termin kommer Förvaltningschefen hålla workshop med medarbetare. Ämnet kommer vara förutbestämt utifrån aktuella frågor. Medarbetarna anmäler intresse att delta.",
						Responsible: "Förvaltningschef", Deadline: "Fortlöpande", Check: "VT 2024: 2024-05-03; HT 2024: missad", Status: "Missad period"},
					{SubAction: true, Text: "En spridning över gränserna kommer prioriteras och fördelningen är enligt nedan: ÄO 2, LSS 1, HSV 1, IFO myndighet 1, IFO Verkställighet 1. I mån av plats kan det bli fler per område.",
						Responsible: "Verksamhetschef", Deadline: "Fortlöpande", Check: "VT 2024: 2024-05-03", Status: "Utförd"},
					{Number: "2", Text: "Vid planeringsdagar eller andra sammankomster så som APT kan verksamheterna bjuda in Verksamhetschef och/eller Förvaltningschef för att diskutera aktuella ämnen.",
						Responsible: "Enhetschef", Deadline: "Fortlöpande", Status: "Ej påbörjad"},
					{Number: "3", Text: "Verksamhetsområdena ska se om det går att genomföra liknande träffar så som när resultatet för tillit presenterade för medarbetarna eller liknande träffar som IFO har ett par gånger om året.",
						Responsible: "Verksamhetschef", Deadline: "Juni 2024", Status: "Försenad"},
				},
				Summary: Summary{Total: 4, Overdue: 2, NotStarted: 1},
			},
			{
				Number:  5,
				Title:   "Utveckla struktur och arbetssättet där vi synliggör allt bra som verksamheterna gör.",
				Purpose: "Detta syftar även till ett kunskap/inspirationsutbyte mellan verksamheterna. Samtidigt som vi kan marknadsföras som en socialförvaltning och inte flera olika instanser.",
				Note:    "Idag har några enheter egna plattformar medan andra har inget alls.",
				Rows: []Row{
					{Number: "1", Text: "Förvaltningen ska ta fram en gemensam hantering av sociala medier.",
						Responsible: "Utvecklingschef", Deadline: "December 2024", Check: "2024-10-02 (Ulla Utvecklingschef)", Status: "Klar"},
				},
				Summary: Summary{Total: 1, Done: 1},
			},
		},
		Overdue: []OverdueItem{
			{Area: 3, Number: "1", Text: "Två gånger per termin kommer Förvaltningschefen hålla workshop med medarbetare. Ämnet kommer vara förutbestämt utifrån aktuella frågor. Medarbetarna anmäler intresse att delta.",
				Responsible: "Förvaltningschef", Deadline: "Fortlöpande", Status: "Missad period"},
			{Area: 3, Number: "3", Text: "Verksamhetsområdena ska se om det går att genomföra liknande träffar så som när resultatet för tillit presenterade för medarbetarna eller liknande träffar som IFO har ett par gånger om året.",
				Responsible: "Verksamhetschef", Deadline: "Juni 2024", Status: "Försenad"},
		},
		Totals: Summary{Total: 9, Done: 2, Overdue: 2, DueSoon: 1, NotStarted: 2},
	}
}

// awkward is a report built to break renderers: an empty area, empty checks,
// a very long text and word, quotes, semicolons, line breaks (both kinds),
// a tab, a control character, text that looks like a spreadsheet formula,
// and an emoji the PDF font cannot draw.
func awkward() *Report {
	long := strings.Repeat("Varje enskild medarbetare förbereder sig inför den röda tråden samt talar och reflekterar över medarbetarskapets fyra grunder. ", 12)
	return &Report{
		Title:          `Plan "Tillit"; prov`,
		RegistryNumber: "SN 2024/10 – ä",
		Department:     "Socialförvaltningen",
		AsOf:           time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC),
		GeneratedAt:    time.Date(2025, 1, 2, 8, 15, 0, 0, time.UTC),
		Head:           Head{AdoptedBy: "Socialnämnden", Revisions: []Revision{{Date: "2025-03-03", Note: "nytt område; se bilaga"}, {Date: "2025-09-01"}}},
		Notes: []Note{
			{Area: 2, Number: "2", Text: "Rad ett\r\nrad två", DoneOn: "2024-11-02", Signer: "Elin \"Ellie\" Enhetschef",
				Comment: "=HYPERLÄNK(\"https://example.com\")", Evidence: []Link{{Text: "javascript:alert(1)", URL: "javascript:alert(1)"}, {Text: "rapport 🙂.pdf", URL: "/evidence/7"}}},
		},
		Areas: []Area{
			{Number: 1, Title: "Område utan åtgärder", Purpose: "Syftar till att visa ett tomt område."},
			{
				Number:  2,
				Title:   "Stärka medarbetarskapet och de mellanmänskliga relationerna.",
				Purpose: "",
				Note:    "Vi vill vara en organisation där vi tar fram det bästa hos varandra.",
				Rows: []Row{
					{Number: "1", Text: long, Responsible: "Medarbetare", Deadline: "Fortlöpande", Status: "Ej påbörjad"},
					{SubAction: true, Text: `Genomföra dialoger på APT om "Hur bemöter vi varandra"; se protokoll`,
						Responsible: "Chefer", Deadline: "Vid behov", Check: "2024-11-02 (Elin \"Ellie\" Enhetschef)", Status: "Klar"},
					{Number: "2", Text: "Rad ett\r\nrad två\nrad\ttre\x07", Responsible: "Chefer", Deadline: "December 2024", Check: "=SUMMA(A1:A9)", Status: "Försenad"},
					{Number: "3", Text: "Ordet " + strings.Repeat("Socialförvaltningsövergripande", 6) + " är långt 🙂",
						Responsible: "Förvaltningschef", Deadline: "Juni 2024", Check: "@ordförande", Status: "Snart dags"},
				},
				Summary: Summary{Total: 4, Done: 1, Overdue: 1, DueSoon: 1, NotStarted: 1},
			},
		},
		Overdue: []OverdueItem{
			{Area: 2, Number: "2", Text: "Rad ett\r\nrad två", Responsible: "Chefer", Deadline: "December 2024", Status: "Försenad"},
			{Area: 9, Text: "Delåtgärd i ett område som inte finns", Responsible: "Ledamot", Deadline: "Maj 2026", Status: "Försenad"},
		},
		Totals: Summary{Total: 4, Done: 1, Overdue: 1, DueSoon: 1, NotStarted: 1},
	}
}

// large is a plan of n rows over eight areas, for page breaks.
func large(n int) *Report {
	r := bollebygd()
	r.Areas = nil
	r.Overdue = nil
	r.Notes = nil
	r.Activities = nil
	r.Totals = Summary{}
	for i := 0; i < n; i++ {
		if i%25 == 0 {
			k := len(r.Areas) + 1
			r.Areas = append(r.Areas, Area{Number: k, Title: fmt.Sprintf("Område %d: stärka ledarskapet hos förvaltningens samtliga chefer.", k),
				Purpose: "Syftar till att ge förutsättningar till mandat, tillit och handlingsutrymme."})
		}
		a := &r.Areas[len(r.Areas)-1]
		row := Row{Number: fmt.Sprint(actions(a.Rows) + 1), Text: fmt.Sprintf("Åtgärd %d: genomföra gemensamma utbildningsinsatser utifrån begreppet tillit med samtliga chefer inom Socialförvaltningen.", i+1),
			Responsible: "Förvaltningschef", Deadline: "December 2024", Status: "Ej påbörjad"}
		if len(a.Rows)%3 == 1 { // every third row a sub-action, never first in its area
			row = Row{SubAction: true, Text: "Ta fram fokusområden och planera för utbildningsinsatserna.", Responsible: "Verksamhetschef", Deadline: "Fortlöpande",
				Check: "VT 2024: 2024-05-03; HT 2024: missad", Status: "Missad period"}
			r.Overdue = append(r.Overdue, OverdueItem{Area: a.Number, Text: row.Text, Responsible: row.Responsible, Deadline: row.Deadline, Status: row.Status})
			a.Summary.Overdue++
		}
		a.Rows = append(a.Rows, row)
		a.Summary.Total++
	}
	for _, a := range r.Areas {
		r.Totals.Total += a.Summary.Total
		r.Totals.Overdue += a.Summary.Overdue
	}
	return r
}

func actions(rows []Row) int {
	n := 0
	for _, r := range rows {
		if !r.SubAction {
			n++
		}
	}
	return n
}

// tallRow is an area whose only action is longer than a page, so that the
// row itself must break over pages. Its sentences are numbered so that a test
// can see that none is lost.
func tallRow(sentences int) *Report {
	r := bollebygd()
	var text strings.Builder
	for i := 1; i <= sentences; i++ {
		fmt.Fprintf(&text, "Mening %d om förvaltningens gemensamma ledningssystem för kvalité. ", i)
	}
	r.Areas = []Area{{Number: 6, Title: "Tydliggör ramarna för varje enskild chef och medarbetare.",
		Rows:    []Row{{Number: "1", Text: text.String(), Responsible: "Förvaltningschef", Deadline: "December 2024", Status: "Försenad"}},
		Summary: Summary{Total: 1, Overdue: 1}}}
	r.Overdue = nil
	r.Notes = nil
	r.Activities = nil
	r.Totals = r.Areas[0].Summary
	return r
}
