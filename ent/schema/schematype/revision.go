// Package schematype holds Go types stored in ent fields. It is separate
// from package schema so the generated code can import it.
package schematype

// Revision is one entry of a plan's revision history (Reviderad).
type Revision struct {
	Date string `json:"date"`
	Note string `json:"note,omitempty"`
}
