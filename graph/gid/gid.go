// Package gid is the GraphQL ID scalar of the API: ent's global ids, which
// are integers, sent as strings. Anything that does not read as one is the
// client's mistake: a BAD_USER_INPUT fault, whose field the error presenter
// fills in from the argument's path (id, ids, actionID, …).
package gid

import (
	"encoding/json"
	"errors"
	"strconv"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"

	"github.com/handlingsplan/handlingsplan/fault"
)

// MarshalID writes an id as a string, as graphql.MarshalIntID does.
func MarshalID(id int) graphql.Marshaler { return graphql.MarshalIntID(id) }

// UnmarshalID reads an id sent as a string or, in a query's text, as an
// integer literal.
func UnmarshalID(v any) (int, error) {
	var s string
	switch v := v.(type) {
	case string:
		s = v
	case json.Number:
		s = string(v)
	case int:
		return v, nil
	case int64:
		if int64(int(v)) == v {
			return int(v), nil
		}
		s = strconv.FormatInt(v, 10)
	default:
		return 0, NotAnID(v)
	}
	id, err := strconv.Atoi(s)
	if err != nil {
		return 0, NotAnID(s)
	}
	return id, nil
}

// notAnID is a value sent as an id that is not one: a BAD_USER_INPUT
// fault, without a field until the presenter names the argument.
type notAnID struct{ fault *fault.Error }

// notAnIDSay is what a person is told: an id comes from a link or a choice
// in the app, so a broken one is an old or mistyped link.
const notAnIDSay = "Länken eller valet pekar inte på något. Gå tillbaka och välj igen."

func (e notAnID) Error() string { return e.fault.Error() }
func (e notAnID) Unwrap() error { return e.fault }

// NotAnID is the error for a value v sent as an id.
func NotAnID(v any) error {
	s, ok := v.(string)
	if !ok {
		return notAnID{&fault.Error{Code: fault.BadUserInput, Message: "an id is a string of digits", Say: notAnIDSay}}
	}
	if utf8.RuneCountInString(s) > 40 {
		s = string([]rune(s)[:40]) + "…"
	}
	return notAnID{&fault.Error{Code: fault.BadUserInput, Message: strconv.Quote(s) + " is not an id", Say: notAnIDSay}}
}

// IsNotAnID reports whether err is, or wraps, an id that is not one.
func IsNotAnID(err error) bool {
	var e notAnID
	return errors.As(err, &e)
}
