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
		name, code, field, message string
		err                        error
	}{
		{"a fault keeps its code and field", "BAD_USER_INPUT", "dueMonth", "a month deadline needs dueMonth (YYYY-MM)",
			fmt.Errorf("save: %w", fault.Invalid("dueMonth", "a month deadline needs dueMonth (YYYY-MM)"))},
		{"a conflict", "CONFLICT", "", "already taken", fault.Conflictf("already taken")},
		{"anything else is internal and says nothing", "INTERNAL", "", "internal error",
			errors.New("pq: password authentication failed for user secret")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			got := presentError(slog.New(slog.NewJSONHandler(&logs, nil)))(context.Background(), tt.err)
			if got.Extensions["code"] != tt.code || got.Message != tt.message {
				t.Errorf("got %q %v, want %q %s", got.Message, got.Extensions["code"], tt.message, tt.code)
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
