package fault

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
