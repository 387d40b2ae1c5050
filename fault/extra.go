package fault

import "fmt"

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
		Extra: map[string]any{"maxLength": limit}}
}
