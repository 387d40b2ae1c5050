package planfile

import (
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"
)

// scanText finds the first character of a file that no plan text may hold
// and names its line and column: bytes that are not UTF-8, and runes that
// allowed refuses. The readers call it before anything else, so that such
// a file is refused where it goes wrong rather than stored (SQLite) or
// refused by the database (PostgreSQL takes no NUL and no invalid UTF-8).
func scanText(data []byte, allowed func(rune) bool) error {
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return lineError(line, "invalid UTF-8 at column %d (byte 0x%02X); save the file as UTF-8", col, data[i])
		case r == 0:
			return lineError(line, "NUL character at column %d; a plan holds no NUL", col)
		case !allowed(r):
			return lineError(line, "control character U+%04X at column %d; a plan file may not hold it", r, col)
		}
		i += size
		col++
		if r == '\n' {
			line, col = line+1, 1
		}
	}
	return nil
}

// yamlAllows is the set of characters YAML 1.2 allows in a document
// (c-printable). yaml.v3 refuses the others too, but without a line.
func yamlAllows(r rune) bool {
	switch {
	case r == '\t', r == '\n', r == '\r', r == 0x85:
		return true
	case r < 0x20, r == 0x7F:
		return false
	case r >= 0x80 && r < 0xA0:
		return false
	case r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
		return false
	}
	return true
}

// markdownAllows lets every valid character through but NUL: converters
// write form feeds and other controls between pages, which the reader
// treats as white space.
func markdownAllows(rune) bool { return true }

// textProblem says what is wrong with a text a database cannot store, or ""
// when nothing is. Files read by Parse and ParseMarkdown have been checked
// already; this catches texts that YAML escapes ("\0") or a caller put in.
func textProblem(s string) string {
	switch {
	case !utf8.ValidString(s):
		return "not valid UTF-8"
	case strings.ContainsRune(s, 0):
		return "holds a NUL character"
	}
	return ""
}

var (
	stringType   = reflect.TypeFor[string]()
	deadlineType = reflect.TypeFor[Deadline]()
)

// texts checks every text of v (a value of the plan file's types) with
// textProblem. path and line are v's; areas and actions carry their own
// line, which their texts inherit.
func (v *validator) texts(val reflect.Value, path string, line int) {
	switch val.Kind() {
	case reflect.String:
		// Named string types (scopes, rules, kinds) are checked against
		// their values, which say more.
		if val.Type() != stringType {
			return
		}
		if msg := textProblem(val.String()); msg != "" {
			v.add(path, line, "%s", msg)
		}
	case reflect.Pointer:
		if !val.IsNil() {
			v.texts(val.Elem(), path, line)
		}
	case reflect.Slice:
		for i := range val.Len() {
			v.texts(val.Index(i), fmt.Sprintf("%s[%d]", path, i), line)
		}
	case reflect.Map:
		for _, k := range val.MapKeys() {
			if k.Kind() == reflect.String && textProblem(k.String()) != "" {
				v.add(path, line, "a key %s", textProblem(k.String()))
			}
		}
	case reflect.Struct:
		if val.Type() == deadlineType {
			return // checked against its patterns
		}
		if l := val.FieldByName("Line"); l.IsValid() && l.Int() > 0 {
			line = int(l.Int())
		}
		for i := range val.NumField() {
			f := val.Type().Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if name == "-" || name == "" || !f.IsExported() {
				continue
			}
			if path != "" {
				name = path + "." + name
			}
			v.texts(val.Field(i), name, line)
		}
	}
}
