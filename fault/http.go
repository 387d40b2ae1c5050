package fault

import "net/http"

// WriteText answers a request a person made by opening a link (a file, a
// calendar feed, an export) with code's Swedish sentence, as plain text:
// the browser shows it as it is.
func WriteText(w http.ResponseWriter, status int, code Code) {
	http.Error(w, Sentence(code), status)
}
