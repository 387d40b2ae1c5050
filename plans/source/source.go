// Package source holds the adopted document the shipped Bollebygd plan
// comes from, as a PDF-to-markdown converter wrote it, and the slips that
// converter is known to make in it. Tests use it to prove that importing
// the markdown gives the shipped plan; the binary never imports it.
package source

import (
	"bytes"
	_ "embed"
	"fmt"
)

// BollebygdMarkdown is the plan as markdown tables with HTML cells, verbatim
// from the converter (slips included).
//
//go:embed handlingsplan-tillitsfull-dialog.md
var BollebygdMarkdown []byte

// BollebygdText is the same PDF as plain extracted text, columns
// interleaved: the second witness of what the document says.
//
//go:embed handlingsplan-tillitsfull-dialog.pdf.txt
var BollebygdText []byte

// A Slip is text the converter got wrong, and what the document says.
type Slip struct{ Converted, Document string }

// BollebygdSlips are the converter's slips in BollebygdMarkdown. The shipped
// plan file carries the document's text.
var BollebygdSlips = []Slip{
	{"mellanmännsliga", "mellanmänskliga"},
	{"vår dtagaren", "vårdtagaren"},
	{"samt tal och", "samtal och"},
}

// CorrectedBollebygdMarkdown is BollebygdMarkdown with every slip mended.
// A slip that no longer occurs is an error, so the list stays true.
func CorrectedBollebygdMarkdown() ([]byte, error) {
	md := BollebygdMarkdown
	for _, s := range BollebygdSlips {
		if n := bytes.Count(md, []byte(s.Converted)); n != 1 {
			return nil, fmt.Errorf("slip %q occurs %d times in the markdown, want once", s.Converted, n)
		}
		md = bytes.Replace(md, []byte(s.Converted), []byte(s.Document), 1)
	}
	return md, nil
}
