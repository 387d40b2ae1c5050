package report

import (
	"io"
	"sync"
	"testing"
	"time"
)

func TestFilename(t *testing.T) {
	asOf := time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		r    Report
		ext  string
		want string
	}{
		{"registry number", Report{RegistryNumber: "SN2024/10", AsOf: asOf}, "xlsx", "handlingsplan-SN2024-10-2024-12-31.xlsx"},
		{"dot and case in extension", Report{RegistryNumber: "SN2024/10", AsOf: asOf}, ".PDF", "handlingsplan-SN2024-10-2024-12-31.pdf"},
		{"åäö and spaces folded", Report{RegistryNumber: " ÄN 2024 / 7 – ö ", AsOf: asOf}, "csv", "handlingsplan-AN-2024-7-o-2024-12-31.csv"},
		{"title when no number", Report{Title: "Handlingsplan tillitsfull dialog Socialförvaltning", AsOf: asOf}, "csv",
			"handlingsplan-Handlingsplan-tillitsfull-dialog-Socialforvaltning-2024-12-31.csv"},
		{"no date", Report{RegistryNumber: "SN2024/10"}, "pdf", "handlingsplan-SN2024-10.pdf"},
		{"path characters dropped", Report{RegistryNumber: `../..\x"y`, AsOf: asOf}, "csv", "handlingsplan-x-y-2024-12-31.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Filename(&tt.r, tt.ext)
			if got != tt.want {
				t.Errorf("Filename = %q, want %q", got, tt.want)
			}
			for _, c := range got {
				if c > 127 || c == '/' || c == '\\' || c == '"' || c == ' ' {
					t.Errorf("Filename %q holds %q", got, c)
				}
			}
		})
	}
}

func TestPercentText(t *testing.T) {
	for _, tt := range []struct {
		s    Summary
		want string
	}{
		{Summary{Total: 4, Done: 1}, "25,0 %"},
		{Summary{Total: 3, Done: 2}, "66,7 %"},
		{Summary{Total: 9, Done: 9}, "100,0 %"},
		{Summary{Total: 5}, "0,0 %"},
		{Summary{}, ""},
	} {
		if got := percentText(tt.s); got != tt.want {
			t.Errorf("percentText(%+v) = %q, want %q", tt.s, got, tt.want)
		}
	}
}

func TestClean(t *testing.T) {
	got := clean("  Rad ett\r\nrad två\rrad\ttre\x07\x00 ")
	if want := "Rad ett\nrad två\nrad tre"; got != want {
		t.Errorf("clean = %q, want %q", got, want)
	}
}

func TestActionText(t *testing.T) {
	for _, tt := range []struct {
		number string
		sub    bool
		want   string
	}{
		{"2", false, "2. Göra"},
		{"", true, "– Göra"},
		{"", false, "Göra"},
	} {
		if got := actionText(tt.number, tt.sub, " Göra "); got != tt.want {
			t.Errorf("actionText(%q, %v) = %q, want %q", tt.number, tt.sub, got, tt.want)
		}
	}
}

// TestWriteConcurrently renders in parallel, as a server answering several
// downloads at once does; run with -race.
func TestWriteConcurrently(t *testing.T) {
	writers := map[string]func(io.Writer, *Report) error{"csv": WriteCSV, "xlsx": WriteXLSX, "pdf": WritePDF}
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		for name, write := range writers {
			wg.Go(func() {
				if err := write(io.Discard, bollebygd()); err != nil {
					t.Errorf("%s: %v", name, err)
				}
			})
		}
	}
	wg.Wait()
}
