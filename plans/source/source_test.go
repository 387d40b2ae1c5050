package source

import (
	"bytes"
	"testing"
	"unicode"
)

func withoutSpace(b []byte) []byte {
	return bytes.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, b)
}

func TestEverySlipIsMendedToWhatThePDFSays(t *testing.T) {
	// The PDF's text breaks lines inside words ("vår\ndtagaren"), so the
	// comparison ignores white space.
	pdf := withoutSpace(BollebygdText)
	for _, s := range BollebygdSlips {
		if !bytes.Contains(pdf, withoutSpace([]byte(s.Document))) {
			t.Errorf("the PDF does not say %q", s.Document)
		}
	}
	md, err := CorrectedBollebygdMarkdown()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range BollebygdSlips {
		if bytes.Contains(md, []byte(s.Converted)) {
			t.Errorf("the corrected markdown still says %q", s.Converted)
		}
	}
}
