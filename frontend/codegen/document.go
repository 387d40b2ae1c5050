package main

import (
	"sort"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/lexer"
)

// sourceText is an operations file as tokens, to give the text of each of
// its definitions without comments and with whitespace collapsed.
type sourceText struct {
	runes  []rune // token positions count runes
	tokens []lexer.Token
}

// lex reads the tokens of src, comments included.
func lex(src *ast.Source) (*sourceText, error) {
	st := &sourceText{runes: []rune(src.Input)}
	lx := lexer.New(src)
	for {
		tok, err := lx.ReadToken()
		if err != nil {
			return nil, err
		}
		if tok.Kind == lexer.EOF {
			return st, nil
		}
		st.tokens = append(st.tokens, tok)
	}
}

// definition returns the text of the operation or fragment starting at
// start: up to the brace closing its selection set, the first to close
// every bracket opened. Each run of whitespace and comments between tokens
// becomes a space, or ", " when it holds a comma.
func (st *sourceText) definition(start int) string {
	i := sort.Search(len(st.tokens), func(i int) bool { return st.tokens[i].Pos.Start >= start })
	var b strings.Builder
	sep := ""
	depth := 0
	for j, tok := range st.tokens[i:] {
		if j > 0 {
			gap := string(st.runes[st.tokens[i+j-1].Pos.End:tok.Pos.Start])
			switch {
			case strings.Contains(gap, ","):
				sep = ", "
			case gap != "" && sep == "":
				sep = " "
			}
		}
		if tok.Kind == lexer.Comment {
			if sep == "" {
				sep = " "
			}
			continue
		}
		b.WriteString(sep)
		sep = ""
		b.WriteString(string(st.runes[tok.Pos.Start:tok.Pos.End]))
		switch tok.Kind {
		case lexer.BraceL, lexer.ParenL, lexer.BracketL:
			depth++
		case lexer.BraceR, lexer.ParenR, lexer.BracketR:
			depth--
			if depth == 0 && tok.Kind == lexer.BraceR {
				return b.String()
			}
		}
	}
	return b.String()
}
