package planfile

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

func TestParseDeadline(t *testing.T) {
	month := func(m string) Deadline { return Deadline{Kind: DeadlineMonth, Month: m} }
	tests := []struct {
		name, in string
		want     Deadline
	}{
		{"a canonical month is read as is", "2024-12", month("2024-12")},
		{"a Swedish month and year become a month", "December 2024", month("2024-12")},
		{"Swedish month names ignore case and extra spaces", "  maj   2026 ", month("2026-05")},
		{"every Swedish month name is known", "Januari 2025", month("2025-01")},
		{"mars is March", "mars 2025", month("2025-03")},
		{"augusti is August", "AUGUSTI 2025", month("2025-08")},
		{"Fortlöpande is continuous", "Fortlöpande", Deadline{Kind: DeadlineContinuous}},
		{"continuous is continuous", "continuous", Deadline{Kind: DeadlineContinuous}},
		{"Vid behov is when-needed", "vid  Behov", Deadline{Kind: DeadlineWhenNeeded}},
		{"when-needed is when-needed", "when-needed", Deadline{Kind: DeadlineWhenNeeded}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDeadline(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("ParseDeadline(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}

	for _, in := range []string{"Snart", "", "2024-13", "2024-1", "Decembre 2024", "December", "december 24"} {
		name := "rejects " + strconv.Quote(in)
		t.Run(name, func(t *testing.T) {
			if d, err := ParseDeadline(in); err == nil {
				t.Errorf("ParseDeadline(%q) = %v, want an error", in, d)
			}
		})
	}
}

func TestDeadlineSpellings(t *testing.T) {
	tests := []struct {
		d                  Deadline
		canonical, swedish string
	}{
		{Deadline{Kind: DeadlineMonth, Month: "2024-06"}, "2024-06", "Juni 2024"},
		{Deadline{Kind: DeadlineContinuous}, "continuous", "Fortlöpande"},
		{Deadline{Kind: DeadlineWhenNeeded}, "when-needed", "Vid behov"},
	}
	for _, tt := range tests {
		t.Run(tt.canonical+" reads back from both spellings", func(t *testing.T) {
			if got := tt.d.String(); got != tt.canonical {
				t.Errorf("String() = %q", got)
			}
			if got := tt.d.Swedish(); got != tt.swedish {
				t.Errorf("Swedish() = %q", got)
			}
			for _, s := range []string{tt.canonical, tt.swedish} {
				if got, err := ParseDeadline(s); err != nil || got != tt.d {
					t.Errorf("ParseDeadline(%q) = %v, %v", s, got, err)
				}
			}
		})
	}
	t.Run("JSON uses the canonical string too", func(t *testing.T) {
		data, err := json.Marshal(Action{Text: "x", Responsible: "R", Deadline: Deadline{Kind: DeadlineMonth, Month: "2024-12"}})
		if err != nil || !strings.Contains(string(data), `"deadline":"2024-12"`) {
			t.Fatalf("got %s, %v", data, err)
		}
		var a Action
		if err := json.Unmarshal([]byte(`{"deadline":"Vid behov"}`), &a); err != nil || a.Deadline.Kind != DeadlineWhenNeeded {
			t.Errorf("got %v, %v", a.Deadline, err)
		}
	})
}
