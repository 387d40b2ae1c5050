package fault

// Errors of authorisation. Rows of another department are reported as not
// found, never as forbidden, so their existence does not leak.
var (
	ErrUnauthenticated = &Error{Code: Unauthenticated, Message: "log in first"}
	ErrForbidden       = &Error{Code: Forbidden, Message: "you may not do this"}
	ErrNotFound        = &Error{Code: NotFound, Message: "not found"}
)
