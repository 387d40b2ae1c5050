// Package schemadiff holds how ent's Atlas integration compares schemas
// here, shared by the command that writes a migration and the test that
// finds none missing.
package schemadiff

import (
	"strings"

	"ariga.io/atlas/sql/postgres"
	atlas "ariga.io/atlas/sql/schema"
	"ariga.io/atlas/sql/sqlite"
	"entgo.io/ent/dialect/sql/schema"
)

// Options: tables that are not ent types (written by hand in the
// migrations) are never dropped, nor are columns or indexes (a drop is a
// contracting change, written by hand a release after the code stopped
// using what it drops); and a partial index whose predicate PostgreSQL
// merely spells its own way is not changed.
func Options() []schema.MigrateOption {
	return []schema.MigrateOption{
		schema.WithSkipChanges(schema.DropTable | schema.DropColumn | schema.DropIndex),
		schema.WithDiffHook(ignoreRespelledPredicates),
	}
}

// ignoreRespelledPredicates drops index changes whose only difference is
// the predicate's spelling: PostgreSQL stores `issuer = ”` as
// `((issuer)::text = ”::text)`.
func ignoreRespelledPredicates(next schema.Differ) schema.Differ {
	return schema.DiffFunc(func(current, desired *atlas.Schema) ([]atlas.Change, error) {
		changes, err := next.Diff(current, desired)
		if err != nil {
			return nil, err
		}
		kept := changes[:0]
		for _, c := range changes {
			if mt, ok := c.(*atlas.ModifyTable); ok {
				inner := mt.Changes[:0]
				for _, ic := range mt.Changes {
					if mi, ok := ic.(*atlas.ModifyIndex); ok && respelled(mi) {
						continue
					}
					inner = append(inner, ic)
				}
				if mt.Changes = inner; len(inner) == 0 {
					continue
				}
			}
			kept = append(kept, c)
		}
		return kept, nil
	})
}

func respelled(mi *atlas.ModifyIndex) bool {
	if mi.From.Unique != mi.To.Unique || len(mi.From.Parts) != len(mi.To.Parts) {
		return false
	}
	for i := range mi.From.Parts {
		f, t := mi.From.Parts[i], mi.To.Parts[i]
		if (f.C == nil) != (t.C == nil) || f.C != nil && f.C.Name != t.C.Name || f.Desc != t.Desc {
			return false
		}
	}
	return normalize(predicate(mi.From)) == normalize(predicate(mi.To))
}

func predicate(idx *atlas.Index) string {
	for _, a := range idx.Attrs {
		switch p := a.(type) {
		case *postgres.IndexPredicate:
			return p.P
		case *sqlite.IndexPredicate:
			return p.P
		}
	}
	return ""
}

// normalize removes what PostgreSQL adds when it stores a predicate:
// parentheses, casts to text, spacing.
func normalize(p string) string {
	p = strings.ReplaceAll(p, "::text", "")
	return strings.Map(func(r rune) rune {
		switch r {
		case '(', ')', ' ', '\t', '\n':
			return -1
		}
		return r
	}, p)
}
