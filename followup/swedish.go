package followup

import (
	"fmt"
	"time"
)

// SwedishDate says a day (YYYY-MM-DD) as people write it in Swedish:
// "2 november 2024". Anything that is not such a day is returned as it is.
func SwedishDate(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return fmt.Sprintf("%d %s %d", t.Day(), swedishMonths[t.Month()-1], t.Year())
}

// SwedishDateTime says a moment in Stockholm's time: "2 november 2024
// kl. 09:15".
func SwedishDateTime(t time.Time) string {
	t = t.In(stockholm)
	return fmt.Sprintf("%s kl. %s", SwedishDate(t.Format(time.DateOnly)), t.Format("15:04"))
}
