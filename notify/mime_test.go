package notify_test

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"strings"
)

func decodeHeader(s string) string {
	d, err := new(mime.WordDecoder).DecodeHeader(s)
	if err != nil {
		return s
	}
	return d
}

// decodeMIME returns every text part of a message, decoded, joined.
func decodeMIME(contentType, body string) string {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || !strings.HasPrefix(mt, "multipart/") {
		return body
	}
	var out strings.Builder
	r := multipart.NewReader(strings.NewReader(body), params["boundary"])
	for {
		p, err := r.NextRawPart()
		if err != nil {
			break
		}
		raw, _ := io.ReadAll(p)
		switch strings.ToLower(p.Header.Get("Content-Transfer-Encoding")) {
		case "quoted-printable":
			raw, _ = io.ReadAll(quotedprintable.NewReader(bytes.NewReader(raw)))
		case "base64":
			raw, _ = base64.StdEncoding.DecodeString(strings.ReplaceAll(strings.ReplaceAll(string(raw), "\r\n", ""), "\n", ""))
		}
		if strings.HasPrefix(p.Header.Get("Content-Type"), "multipart/") {
			out.WriteString(decodeMIME(p.Header.Get("Content-Type"), string(raw)))
		} else {
			out.Write(raw)
		}
		out.WriteString("\n")
	}
	return out.String()
}
