package graph

import (
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"

	"github.com/handlingsplan/handlingsplan/audit"
	"github.com/handlingsplan/handlingsplan/ent"
)

// auditSummaries keeps, for one GraphQL operation, the sentences of the
// audit records it has said: the first record of a page asks for the whole
// page's at once (audit.Sentences), and its siblings find theirs here, so
// a page costs the same number of statements whatever its length.
type auditSummaries struct {
	mu   sync.Mutex
	said map[int]string
}

type auditSummariesKey struct{}

// withAuditSummaries gives an operation its own sentences.
func withAuditSummaries(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	return next(context.WithValue(ctx, auditSummariesKey{}, &auditSummaries{said: map[int]string{}}))
}

// auditSummary is the sentence of rec, said with the other records of the
// connection it was read in.
func auditSummary(ctx context.Context, client *ent.Client, rec *ent.AuditRecord) (string, error) {
	memo, _ := ctx.Value(auditSummariesKey{}).(*auditSummaries)
	if memo == nil {
		said, err := audit.Sentences(ctx, client, []*ent.AuditRecord{rec})
		return said[rec.ID], err
	}
	memo.mu.Lock() // siblings wait for the page's sentences rather than each read them
	defer memo.mu.Unlock()
	if s, ok := memo.said[rec.ID]; ok {
		return s, nil
	}
	page := append(siblingRecords(ctx), rec)
	said, err := audit.Sentences(ctx, client, page)
	if err != nil {
		return "", err
	}
	for id, s := range said {
		memo.said[id] = s
	}
	return said[rec.ID], nil
}

// siblingRecords are the records of the connection (auditLog, or a page
// of it) the field being resolved is under, found up its field contexts.
func siblingRecords(ctx context.Context) []*ent.AuditRecord {
	for fc := graphql.GetFieldContext(ctx); fc != nil; fc = fc.Parent {
		var edges []*ent.AuditRecordEdge
		switch res := fc.Result.(type) {
		case *ent.AuditRecordConnection:
			if res != nil {
				edges = res.Edges
			}
		case []*ent.AuditRecordEdge:
			edges = res
		default:
			continue
		}
		recs := make([]*ent.AuditRecord, 0, len(edges))
		for _, e := range edges {
			if e != nil && e.Node != nil {
				recs = append(recs, e.Node)
			}
		}
		return recs
	}
	return nil
}
