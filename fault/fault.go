// Package fault defines the errors the API shows to clients, each with a
// stable code. Domain code returns them; the GraphQL error presenter turns
// them into `extensions.code` (and `extensions.field` for bad input).
//
// An error speaks two languages: Message is English, for logs and for
// `extensions.detail`; Say is the Swedish sentence a person reads, the
// GraphQL `message`. An error without Say is shown with its code's Swedish
// sentence (Sentence), so no English reaches a screen.
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

	// Codes of refusals before or around the resolvers.
	Timeout          Code = "TIMEOUT"
	TooManyRequests  Code = "TOO_MANY_REQUESTS"
	TooComplex       Code = "COMPLEXITY_LIMIT_EXCEEDED" // gqlgen's
	ParseFailed      Code = "GRAPHQL_PARSE_FAILED"      // gqlgen's
	ValidationFailed Code = "GRAPHQL_VALIDATION_FAILED" // gqlgen's
	UnknownQuery     Code = "PERSISTED_QUERY_NOT_FOUND" // gqlgen's
)

// Error is an error meant for the client. Field names the input field at
// fault, in the API's spelling (e.g. "dueMonth"), when there is one.
type Error struct {
	Code    Code
	Field   string
	Message string         // English, for logs and extensions.detail
	Say     string         // Swedish, for people; Sentence(Code) when empty
	Extra   map[string]any // more facts for the client, in extensions
}

// Sv returns a copy of e that says format (Swedish, for people).
func (e *Error) Sv(format string, args ...any) *Error {
	c := *e
	c.Say = fmt.Sprintf(format, args...)
	return &c
}

// Swedish is what a person is told: Say, or the code's sentence.
func (e *Error) Swedish() string {
	if e.Say != "" {
		return e.Say
	}
	return Sentence(e.Code)
}

// sentences say each code in plain Swedish, for errors that say nothing
// more precise.
var sentences = map[Code]string{
	Unauthenticated: "Du är inte inloggad längre. Ladda om sidan och logga in igen.",
	Forbidden:       "Du har inte behörighet att göra det här.",
	NotFound:        "Det finns inte, eller hör till en annan förvaltning.",
	Conflict:        "Det krockar med något som redan finns.",
	BadUserInput:    "Något av det ifyllda stämmer inte.",
	Internal:        "Något gick fel hos servern. Försök igen om en stund.",
	Timeout:         "Det tog för lång tid, så servern avbröt. Försök igen om en stund.",
	TooManyRequests: "Du har många frågor igång samtidigt. Vänta en sekund och försök igen.",
	TooComplex:      "Frågan är för stor för servern. Be om mindre åt gången.",
	// An app that no longer fits the server (a new version was installed).
	ParseFailed:      "Appen och servern förstår inte varandra. Ladda om sidan.",
	ValidationFailed: "Appen och servern förstår inte varandra. Ladda om sidan.",
	UnknownQuery:     "Appen och servern förstår inte varandra. Ladda om sidan.",
}

// JSON is e as one member of a GraphQL-over-HTTP answer's errors, for
// handlers that answer without GraphQL (uploads, limits in front of it).
func (e *Error) JSON() map[string]any {
	ext := map[string]any{"code": string(e.Code), "detail": e.Message}
	if e.Field != "" {
		ext["field"] = e.Field
	}
	for k, v := range e.Extra {
		ext[k] = v
	}
	return map[string]any{"message": e.Swedish(), "extensions": ext}
}

// Sentence is a code's Swedish sentence; an unknown code gets Internal's.
func Sentence(code Code) string {
	if s, ok := sentences[code]; ok {
		return s
	}
	return sentences[Internal]
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
	return &Error{Code: NotFound, Field: field, Message: "no such " + what,
		Say: "Det du valde finns inte längre, eller hör till en annan förvaltning. Ladda om sidan och välj igen."}
}
