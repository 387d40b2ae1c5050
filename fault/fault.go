// Package fault defines the errors the API shows to clients, each with a
// stable code. Domain code returns them; the GraphQL error presenter turns
// them into `extensions.code` (and `extensions.field` for bad input).
package fault

import (
	"errors"
	"fmt"
)

// Code is a stable, documented error code.
type Code string

const (
	BadUserInput    Code = "BAD_USER_INPUT"
	NotFound        Code = "NOT_FOUND"
	Conflict        Code = "CONFLICT"
	Forbidden       Code = "FORBIDDEN"
	Unauthenticated Code = "UNAUTHENTICATED"
	Internal        Code = "INTERNAL"
)

// Error is an error meant for the client. Field names the input field at
// fault, in the API's spelling (e.g. "dueMonth"), when there is one.
type Error struct {
	Code    Code
	Field   string
	Message string
	Extra   map[string]any // more facts for the client, in extensions
}

func (e *Error) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Message
	}
	return e.Message
}

// Invalid reports bad input in one field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: BadUserInput, Field: field, Message: fmt.Sprintf(format, args...)}
}

// NotFoundf reports something that does not exist, or that the viewer may
// not know exists.
func NotFoundf(format string, args ...any) *Error {
	return &Error{Code: NotFound, Message: fmt.Sprintf(format, args...)}
}

// Conflictf reports a clash with existing data.
func Conflictf(format string, args ...any) *Error {
	return &Error{Code: Conflict, Message: fmt.Sprintf(format, args...)}
}

// As returns the *Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// NoSuch reports that the row an input field refers to does not exist for
// the viewer: there is none, or it is another department's. Both answer
// alike, so the answer never tells that another department's id exists.
func NoSuch(field, what string) *Error {
	return &Error{Code: NotFound, Field: field, Message: "no such " + what}
}
