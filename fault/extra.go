package fault

import (
	"fmt"
	"strconv"
)

// With returns a copy of e carrying extra facts for the client, shown in
// the error's extensions (e.g. the existing sign-off of a CONFLICT).
func (e *Error) With(key string, value any) *Error {
	c := *e
	c.Extra = map[string]any{}
	for k, v := range e.Extra {
		c.Extra[k] = v
	}
	c.Extra[key] = value
	return &c
}

// TooLong reports a text longer than its field allows, counted in
// characters. The schema's validators return it without the field's name,
// which the API adds (extensions.field), with the limit in
// extensions.maxLength so a client can say it in its own words.
func TooLong(limit, length int) *Error {
	return &Error{Code: BadUserInput, Message: fmt.Sprintf("at most %d characters, not %d", limit, length),
		Say:   fmt.Sprintf("Texten är för lång: högst %s tecken (nu %s).", thousands(limit), thousands(length)),
		Extra: map[string]any{"maxLength": limit}}
}

// thousands writes n with a space between thousands, as Swedish does:
// "4 000" (a no-break space, so the number stays on one line).
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "\u00a0" + s[i:]
	}
	return s
}
