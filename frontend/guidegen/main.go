// Command guidegen renders the Swedish start guide, docs/kom-igang.md, into
// frontend/public/kom-igang.html: a plain page the server shows at
// /kom-igang (the footer's "Kom igång"), so the guide is read in the app
// without GitHub and without a markdown library in the app's bundle. Vite
// copies public/ into dist/. Run by `go generate ./frontend`.
package main

import (
	"log"
	"os"
)

func main() {
	src, err := os.ReadFile("../docs/kom-igang.md")
	if err != nil {
		log.Fatal(err)
	}
	page, err := Render(src)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("public/kom-igang.html", page, 0o644); err != nil {
		log.Fatal(err)
	}
}
