// Package frontend holds the web app served at "/". For now it is a small
// Swedish page that shows the plans; the SPA replaces it (see docs/).
package frontend

import (
	"embed"
	"io/fs"
)

//go:embed static
var static embed.FS

// Files returns the web app's files, rooted at its index.html.
func Files() fs.FS {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // the embedded folder is fixed at compile time
	}
	return sub
}
