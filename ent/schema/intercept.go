package schema

import (
	"context"
	"slices"

	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"

	gen "github.com/handlingsplan/handlingsplan/ent"
)

// Interceptors of Area: see alwaysSelect.
func (Area) Interceptors() []ent.Interceptor {
	return []ent.Interceptor{alwaysSelect("Area", func(q ent.Query, m func(*sql.Selector)) {
		q.(*gen.AreaQuery).Modify(m)
	}, "position")}
}

// Interceptors of Action: see alwaysSelect.
func (Action) Interceptors() []ent.Interceptor {
	return []ent.Interceptor{alwaysSelect("Action", func(q ent.Query, m func(*sql.Selector)) {
		q.(*gen.ActionQuery).Modify(m)
	}, "position", "parent_id", "report_back_of_id")}
}

// alwaysSelect makes entity queries of typ read columns even when the
// query selects only some columns. The GraphQL layer loads just the columns
// a request names, but it orders areas and actions by position, and tells
// actions from sub-actions by parent and from report-backs, so those must
// always be read.
//
// A query of typ's own carries its field list in its query context. An
// edge loaded eagerly under a parent query sees the parent's context
// instead; such loads always read entities, so the columns are added to the
// SQL selection directly.
func alwaysSelect(typ string, modify func(ent.Query, func(*sql.Selector)), columns ...string) ent.Interceptor {
	entityOps := []string{ent.OpQueryAll, ent.OpQueryOnly, ent.OpQueryFirst}
	return ent.InterceptFunc(func(next ent.Querier) ent.Querier {
		return ent.QuerierFunc(func(ctx context.Context, q ent.Query) (ent.Value, error) {
			qc := ent.QueryFromContext(ctx)
			switch {
			case qc == nil:
			case qc.Type == typ:
				if len(qc.Fields) > 0 && slices.Contains(entityOps, qc.Op) {
					for _, c := range columns {
						if !slices.Contains(qc.Fields, c) {
							qc.Fields = append(qc.Fields, c)
						}
					}
				}
			default:
				modify(q, func(s *sql.Selector) {
					for _, c := range columns {
						if !slices.Contains(s.SelectedColumns(), s.C(c)) {
							s.AppendSelect(s.C(c))
						}
					}
				})
			}
			return next.Query(ctx, q)
		})
	})
}
