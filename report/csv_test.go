package report

import (
	"bytes"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestWriteCSVGolden pins the whole file, byte for byte; run
// `go test ./report/ -run CSVGolden -update` after an intended change and
// read the diff.
func TestWriteCSVGolden(t *testing.T) {
	for name, r := range map[string]*Report{"bollebygd": bollebygd(), "awkward": awkward()} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteCSV(&buf, r); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", name+".csv.golden")
			if *update {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("CSV differs from %s (run with -update to accept):\n%s", path, buf.String())
			}
			var again bytes.Buffer
			if err := WriteCSV(&again, r); err != nil || !bytes.Equal(again.Bytes(), buf.Bytes()) {
				t.Errorf("second rendering differs (err %v)", err)
			}
		})
	}
}

// readCSV checks the encoding a Swedish Excel needs and parses the records.
func readCSV(t *testing.T, r *Report) [][]string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteCSV(&buf, r); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("no UTF-8 byte order mark: % x", b[:3])
	}
	if n, crlf := bytes.Count(b, []byte("\n")), bytes.Count(b, []byte("\r\n")); n != crlf {
		t.Errorf("%d line feeds, only %d of them after CR", n, crlf)
	}
	cr := csv.NewReader(bytes.NewReader(b[3:]))
	cr.Comma = ';'
	cr.FieldsPerRecord = -1
	records, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return records
}

func TestWriteCSVLayout(t *testing.T) {
	records := readCSV(t, bollebygd())
	wantStart := [][]string{
		{"Handlingsplan tillitsfull dialog Socialförvaltning"},
		{"Dnr", "SN2024/10"},
		{"Läge per", "15 oktober 2024"},
		{"Förvaltning", "Socialförvaltningen"},
		{"Kommun", "Bollebygds kommun"},
		{"Planens datum", "2024-01-24"},
		{"Fastställd", "Socialnämnden 2024-02-20 § xx"},
		{"Fastställd av", "Förvaltningschef"},
		{"Dokumentansvarig", "Förvaltningschef"},
		{"Utskriven", "2024-10-15 07:30"},
		planHeader,
	}
	for i, want := range wantStart {
		if strings.Join(records[i], "|") != strings.Join(want, "|") {
			t.Errorf("record %d = %q, want %q", i, records[i], want)
		}
	}

	rows := records[len(wantStart) : len(wantStart)+9]
	for _, row := range rows {
		if len(row) != len(planHeader) || row[0] == "" || row[1] == "" {
			t.Errorf("row without its area: %q", row)
		}
	}
	if got := rows[1]; got[0] != "1. Skapa ett närmare band mellan politik och verksamhet." ||
		got[2] != "– Verksamheterna återrapporterar på nästkommande APT om deras besök hos nämnden." ||
		got[3] != "Enhetschef" || got[4] != "December 2024" || got[5] != "2024-09-24 (Elin Enhetschef)" || got[6] != "Klar" {
		t.Errorf("sub-action row = %q", got)
	}
	if got := rows[4][5]; got != "VT 2024: 2024-05-03; HT 2024: missad" {
		t.Errorf("check with periods = %q", got)
	}
	if got := rows[3][5]; got != "" {
		t.Errorf("empty check = %q", got)
	}
	if got := rows[8][1]; got != "Detta syftar även till ett kunskap/inspirationsutbyte mellan verksamheterna. Samtidigt som vi kan marknadsföras som en socialförvaltning och inte flera olika instanser.\nIdag har några enheter egna plattformar medan andra har inget alls." {
		t.Errorf("purpose with note = %q", got)
	}

	rest := records[len(wantStart)+9:]
	want := []string{
		"Sammanfattning per område",
		"Område|Totalt|Klara|Försenade|Andel klara",
		"1. Skapa ett närmare band mellan politik och verksamhet.|4|1|0|25,0 %",
		"3. Skapa ett närmare band mellan verksamhet och styrningen i Socialförvaltning.|4|0|2|0,0 %",
		"5. Utveckla struktur och arbetssättet där vi synliggör allt bra som verksamheterna gör.|1|1|0|100,0 %",
		"Totalt|9|2|2|22,2 %",
		"Försenade",
		"Område|Åtgärd/aktivitet|Ansvarig|Klart när|Status",
		"3. Skapa ett närmare band mellan verksamhet och styrningen i Socialförvaltning.|1. Två gånger per termin kommer Förvaltningschefen hålla workshop med medarbetare. Ämnet kommer vara förutbestämt utifrån aktuella frågor. Medarbetarna anmäler intresse att delta.|Förvaltningschef|Fortlöpande|Missad period",
		"3. Skapa ett närmare band mellan verksamhet och styrningen i Socialförvaltning.|3. Verksamhetsområdena ska se om det går att genomföra liknande träffar så som när resultatet för tillit presenterade för medarbetarna eller liknande träffar som IFO har ett par gånger om året.|Verksamhetschef|Juni 2024|Försenad",
		"Besök och workshops, HT 2024 (1 juli–31 december 2024)",
		"Nämndbesök",
		"Sammanträden|4", "Med besök|3", "Genomförda|2", "Återrapporterade|1",
		"Datum|Vad|Läge",
		"2024-08-20|Hemtjänsten (Hemsjukvården)|Genomfört, återrapporterat",
		"2024-09-17|Gruppbostäder LSS|Genomfört, inte återrapporterat",
		"2024-10-22|Myndighetsutövning IFO|Planerat",
		"2024-11-19|Ingen verksamhet|Planerat",
		"Studiebesök",
		"Tider|2", "Platser|6", "Bokade|4", "Genomförda|1", "Återrapporterade|0",
		"Datum|Vad|Läge",
		"2024-09-05 13:00|Gruppbostäder LSS|3 av 3 platser bokade, 1 genomfört, 0 återrapporterade",
		"2024-11-07 09:30|Öppenvården IFO|1 av 3 platser bokade",
		"Workshops",
		"Workshops|0",
		"Inga workshops under perioden.",
		"Kommentarer och underlag",
		"Område|Åtgärd/aktivitet|Utfört|Av|Kommentar|Underlag",
		"1. Skapa ett närmare band mellan politik och verksamhet.|– Verksamheterna återrapporterar på nästkommande APT om deras besök hos nämnden.|2024-09-24|Elin Enhetschef för Hemsjukvården|Återrapporterat på APT, se protokollet.|protokoll-apt.pdf (/evidence/12)",
		"3. Skapa ett närmare band mellan verksamhet och styrningen i Socialförvaltning.|1. Två gånger per termin kommer Förvaltningschefen hålla workshop med medarbetare. Ämnet kommer vara förutbestämt utifrån aktuella frågor. Medarbetarna anmäler intresse att delta.|2024-05-03 (VT 2024)|Frida Förvaltningschef|Två workshops, i mars och i maj.|https://intranat.bollebygd.se/workshops-vt-2024",
	}
	if len(rest) != len(want) {
		t.Fatalf("after the rows: %d records, want %d: %q", len(rest), len(want), rest)
	}
	for i := range want {
		if got := strings.Join(rest[i], "|"); got != want[i] {
			t.Errorf("record %q, want %q", got, want[i])
		}
	}
}

func TestWriteCSVAwkward(t *testing.T) {
	records := readCSV(t, awkward())
	if got := records[0][0]; got != `Plan "Tillit"; prov` {
		t.Errorf("title with quote and semicolon = %q", got)
	}
	find := func(prefix string) []string {
		for _, r := range records {
			if len(r) > 2 && strings.HasPrefix(r[2], prefix) {
				return r
			}
		}
		t.Fatalf("no row whose action starts with %q", prefix)
		return nil
	}
	if got := find("Inga åtgärder"); got[0] != "1. Område utan åtgärder" || got[3] != "" {
		t.Errorf("empty area row = %q", got)
	}
	if got := find("– Genomföra dialoger"); got[2] != `– Genomföra dialoger på APT om "Hur bemöter vi varandra"; se protokoll` ||
		got[5] != `2024-11-02 (Elin "Ellie" Enhetschef)` {
		t.Errorf("quotes and semicolons = %q", got)
	}
	if got := find("2. Rad ett"); got[2] != "2. Rad ett\nrad två\nrad tre" {
		t.Errorf("line breaks, tab and bell = %q", got[2])
	} else if got[5] != "'=SUMMA(A1:A9)" {
		t.Errorf("formula-like check = %q, want it defused", got[5])
	}
	if got := find("1. Varje enskild"); len(got[2]) < 1000 {
		t.Errorf("long text cut to %d bytes", len(got[2]))
	}
	for _, r := range records {
		if len(r) == 5 && r[0] == "9" && r[1] != "– Delåtgärd i ett område som inte finns" {
			t.Errorf("overdue item of an unknown area = %q", r)
		}
	}
}
