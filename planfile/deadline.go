package planfile

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/handlingsplan/handlingsplan/followup"
)

// swedishMonths are the month names plans use in "Klart när?" ("December 2024").
var swedishMonths = [12]string{
	"januari", "februari", "mars", "april", "maj", "juni",
	"juli", "augusti", "september", "oktober", "november", "december",
}

var (
	monthPattern        = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])$`)
	swedishMonthPattern = regexp.MustCompile(`^([a-zåäö]+) (\d{4})$`)
)

// ParseDeadline reads a deadline in its canonical spelling ("2024-12",
// "continuous", "when-needed") or in the Swedish one plans are written in
// ("December 2024", "Fortlöpande", "Vid behov"). Case and runs of spaces do
// not matter, so text copied from a PDF can be passed as is.
func ParseDeadline(s string) (Deadline, error) {
	t := strings.ToLower(strings.Join(strings.Fields(s), " "))
	switch t {
	case "":
		return Deadline{}, fmt.Errorf("missing deadline")
	case string(DeadlineContinuous), "fortlöpande":
		return Deadline{Kind: DeadlineContinuous}, nil
	case string(DeadlineWhenNeeded), "vid behov":
		return Deadline{Kind: DeadlineWhenNeeded}, nil
	}
	if monthPattern.MatchString(t) {
		return Deadline{Kind: DeadlineMonth, Month: t}, nil
	}
	if m := swedishMonthPattern.FindStringSubmatch(t); m != nil {
		for i, name := range swedishMonths {
			if name == m[1] {
				return Deadline{Kind: DeadlineMonth, Month: fmt.Sprintf("%s-%02d", m[2], i+1)}, nil
			}
		}
	}
	return Deadline{}, fmt.Errorf(`unknown deadline %q (want "YYYY-MM", a Swedish month and year such as "December 2024", "continuous"/"Fortlöpande" or "when-needed"/"Vid behov")`, s)
}

// String returns the canonical spelling used in plan files: "2024-12",
// "continuous" or "when-needed"; "" for the zero Deadline.
func (d Deadline) String() string {
	if d.Kind == DeadlineMonth {
		return d.Month
	}
	return string(d.Kind)
}

// Swedish returns the deadline as the plan itself writes it: "December 2024",
// "Fortlöpande" or "Vid behov". A malformed month is returned unchanged.
func (d Deadline) Swedish() string {
	switch d.Kind {
	case DeadlineContinuous:
		return "Fortlöpande"
	case DeadlineWhenNeeded:
		return "Vid behov"
	case DeadlineMonth:
		if !monthPattern.MatchString(d.Month) {
			return d.Month
		}
		m, _ := strconv.Atoi(d.Month[5:])
		name := swedishMonths[m-1]
		return strings.ToUpper(name[:1]) + name[1:] + " " + d.Month[:4]
	}
	return ""
}

// validate reports what is wrong with a deadline, or "" when nothing is.
func (d Deadline) validate() string {
	switch d.Kind {
	case "":
		return "missing deadline"
	case DeadlineMonth:
		if !monthPattern.MatchString(d.Month) {
			return fmt.Sprintf("invalid month %q (want YYYY-MM)", d.Month)
		}
		if year, _ := strconv.Atoi(d.Month[:4]); !followup.InYears(year) {
			return fmt.Sprintf("invalid month %q (want a year from %d to %d)", d.Month, followup.FirstYear, followup.LastYear)
		}
	case DeadlineContinuous, DeadlineWhenNeeded:
		if d.Month != "" {
			return fmt.Sprintf("a %s deadline has no month (got %q)", d.Kind, d.Month)
		}
	default:
		return fmt.Sprintf("unknown deadline kind %q", d.Kind)
	}
	return ""
}

// MarshalText makes a Deadline one string in JSON and other text formats too.
func (d Deadline) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText accepts every spelling ParseDeadline does.
func (d *Deadline) UnmarshalText(text []byte) error {
	v, err := ParseDeadline(string(text))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalYAML writes the canonical spelling.
func (d Deadline) MarshalYAML() (any, error) { return d.String(), nil }

// UnmarshalYAML accepts every spelling ParseDeadline does. A bad deadline is
// reported as a *yaml.TypeError so that decoding goes on and the reader gets
// every problem of the file at once, each with its line.
func (d *Deadline) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return typeError(n, "a deadline is one string such as \"2024-12\", \"continuous\" or \"when-needed\"")
	}
	v, err := ParseDeadline(n.Value)
	if err != nil {
		return typeError(n, err.Error())
	}
	*d = v
	return nil
}
