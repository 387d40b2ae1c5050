package main

import (
	"bytes"
	"os"
	"testing"
)

// The page the app serves is the guide as it is now: an edit of
// docs/kom-igang.md needs `go generate ./frontend` and a Vite build.
func TestTheServedGuideIsUpToDate(t *testing.T) {
	src, err := os.ReadFile("../../docs/kom-igang.md")
	if err != nil {
		t.Fatal(err)
	}
	want, err := Render(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"../public/kom-igang.html", "../dist/kom-igang.html"} {
		got, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is not docs/kom-igang.md as rendered now; run go generate ./frontend and the Vite build", f)
		}
	}
}

func TestRawHTMLInTheGuideStaysEscaped(t *testing.T) {
	page, err := Render([]byte("# Rubrik\n\n<script>alert(1)</script>\n"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(page, []byte("<script>")) || !bytes.Contains(page, []byte("<h1>Rubrik</h1>")) {
		t.Errorf("rendered:\n%s", page)
	}
}
