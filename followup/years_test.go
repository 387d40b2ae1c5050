package followup

import "testing"

func TestDatesAreBoundToTheYearsAPlanCanSpeakOf(t *testing.T) {
	tests := []struct {
		name  string
		check func(string) error
		in    string
		ok    bool
	}{
		{"a date of the plan is accepted", CheckDate, "2024-02-20", true},
		{"the first day of the first year is accepted", CheckDate, "2000-01-01", true},
		{"the last day of the last year is accepted", CheckDate, "2100-12-31", true},
		{"a date in the year 9999 is refused", CheckDate, "9999-01-20", false},
		{"a date before 2000 is refused", CheckDate, "1999-12-31", false},
		{"a day that does not exist is refused", CheckDate, "2025-02-30", false},
		{"a month of the plan is accepted", CheckMonth, "2024-12", true},
		{"a month in the year 9999 is refused", CheckMonth, "9999-12", false},
		{"a month with a two-digit year is refused", CheckMonth, "24-12", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.check(tt.in); (err == nil) != tt.ok {
				t.Errorf("%q: %v, want ok %v", tt.in, err, tt.ok)
			}
		})
	}
}
