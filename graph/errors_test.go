package graph

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/handlingsplan/handlingsplan/fault"
)

func TestErrorsGetStableCodesAndInternalsStayHidden(t *testing.T) {
	tests := []struct {
		name, code, field, message, detail string
		err                                error
	}{
		{"a fault keeps its code, field and Swedish words", "BAD_USER_INPUT", "dueMonth",
			"Ange månaden (ÅÅÅÅ-MM) för en åtgärd som ska vara klar en viss månad.", "a month deadline needs dueMonth (YYYY-MM)",
			fmt.Errorf("save: %w", fault.Invalid("dueMonth", "a month deadline needs dueMonth (YYYY-MM)").
				Sv("Ange månaden (ÅÅÅÅ-MM) för en åtgärd som ska vara klar en viss månad."))},
		{"a fault without Swedish words says its code's", "CONFLICT", "", "Det krockar med något som redan finns.", "already taken",
			fault.Conflictf("already taken")},
		{"anything else is internal and says nothing", "INTERNAL", "", "Något gick fel hos servern. Försök igen om en stund.", "internal error",
			errors.New("pq: password authentication failed for user secret")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			got := presentError(slog.New(slog.NewJSONHandler(&logs, nil)))(context.Background(), tt.err)
			if got.Extensions["code"] != tt.code || got.Message != tt.message || got.Extensions["detail"] != tt.detail {
				t.Errorf("got %q %v %q, want %q %s %q", got.Message, got.Extensions["code"], got.Extensions["detail"], tt.message, tt.code, tt.detail)
			}
			if field, _ := got.Extensions["field"].(string); field != tt.field {
				t.Errorf("field = %q, want %q", field, tt.field)
			}
			if logged := strings.Contains(logs.String(), tt.err.Error()); logged != (tt.code == "INTERNAL") {
				t.Errorf("logged = %v: only internal errors are logged, in full", logged)
			}
		})
	}
}

func TestAPanicInAResolverIsHiddenFromTheClient(t *testing.T) {
	var logs bytes.Buffer
	err := recoverPanic(slog.New(slog.NewJSONHandler(&logs, nil)))(context.Background(), "boom: secret detail")
	if f, ok := fault.As(err); !ok || f.Code != fault.Internal || strings.Contains(f.Message, "secret") {
		t.Errorf("recovered error = %v", err)
	}
	if !strings.Contains(logs.String(), "secret detail") || !strings.Contains(logs.String(), "stack") {
		t.Error("the panic was not logged with its stack")
	}
}
