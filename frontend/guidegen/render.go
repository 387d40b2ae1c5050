package main

import (
	"bytes"

	"github.com/yuin/goldmark"
)

const head = `<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kom igång – Handlingsplan</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/kom-igang.css">
</head>
<body>
<header><p><a href="/">Handlingsplan</a></p></header>
<main id="innehall">
`

const foot = `</main>
<footer><p><a href="/">Till Mitt ansvar</a></p></footer>
</body>
</html>
`

// Render turns the guide's markdown into the whole page. The markdown is
// ours, so raw HTML in it stays escaped (goldmark's default).
func Render(md []byte) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(head)
	if err := goldmark.New().Convert(md, &b); err != nil {
		return nil, err
	}
	b.WriteString(foot)
	return b.Bytes(), nil
}
