package graph_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
)

// TestTextsHaveLimits: the texts of issue 17 (a comment of a million
// characters, a 1 MB title, a registry number of 900,000 characters) are
// refused as BAD_USER_INPUT naming the field and the limit, and a text of
// exactly the limit is kept, counted in characters: 200 å are 400 bytes.
func TestTextsHaveLimits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		target := actionByText(t, db, reportBackAtAPT)
		createPlan := func(title, dnr string) []gqlError {
			return f.api.do(`mutation($dept: ID!, $owner: ID!, $title: String!, $dnr: String!) {
				createPlan(departmentID: $dept, input: {title: $title, registryNumber: $dnr, ownerID: $owner}) { id }
			}`, map[string]any{"dept": f.dept, "owner": f.chefer, "title": title, "dnr": dnr}, nil)
		}
		keys := 0
		signOff := func(comment string) []gqlError {
			keys++
			return f.api.do(signOffMutation, map[string]any{"in": map[string]any{
				"actionID": target, "idempotencyKey": "limit-" + strconv.Itoa(keys), "comment": comment,
			}}, nil)
		}
		refusals := []struct {
			name, field string
			limit       int
			errs        []gqlError
		}{
			{"a 1 MB title", "title", 200, createPlan(strings.Repeat("x", 1_000_000), "SN2025/1")},
			{"a title of 201 characters", "title", 200, createPlan(strings.Repeat("å", 201), "SN2025/2")},
			{"a registry number of 900,000 characters", "registryNumber", 50, createPlan("Plan", strings.Repeat("9", 900_000))},
			{"a registry number of 51 characters", "registryNumber", 50, createPlan("Plan", strings.Repeat("ä", 51))},
			{"a comment of a million characters", "comment", 4000, signOff(strings.Repeat("c", 1_000_000))},
			{"a comment of 4,001 characters", "comment", 4000, signOff(strings.Repeat("ö", 4001))},
		}
		for _, r := range refusals {
			if len(r.errs) != 1 {
				t.Errorf("%s: errors %+v, want one refusal", r.name, r.errs)
				continue
			}
			e := r.errs[0]
			limit, _ := e.Extensions["maxLength"].(float64)
			if e.Extensions["code"] != "BAD_USER_INPUT" || e.Extensions["field"] != r.field || int(limit) != r.limit ||
				!strings.HasPrefix(e.detail(), r.field+": at most ") || !strings.Contains(e.detail(), " "+strconv.Itoa(r.limit)+" characters") ||
				!strings.HasPrefix(e.Message, "Texten är för lång: högst "+thousands(r.limit)+" tecken") {
				t.Errorf("%s: %q %v, want BAD_USER_INPUT on %s with the limit %d", r.name, e.Message, e.Extensions, r.field, r.limit)
			}
		}

		if errs := createPlan(strings.Repeat("å", 200), strings.Repeat("ä", 50)); len(errs) > 0 {
			t.Errorf("a title of 200 and a registry number of 50 characters: %+v", errs)
		}
		if errs := signOff(strings.Repeat("ö", 4000)); len(errs) > 0 {
			t.Errorf("a comment of 4,000 characters: %+v", errs)
		}
	})
}

// thousands writes n as a Swedish reader expects it: 4\u00a0000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if len(s) > 3 {
		s = s[:len(s)-3] + "\u00a0" + s[len(s)-3:]
	}
	return s
}
