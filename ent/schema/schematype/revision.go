// Package schematype holds Go types stored in ent fields. It is separate
// from package schema so the generated code can import it.
package schematype

// Revision is one entry of a plan's revision history (Reviderad): a day,
// the editor's note, and what changed in the adopted plan that day.
type Revision struct {
	Date    string   `json:"date"`
	Note    string   `json:"note,omitempty"`
	Changes []Change `json:"changes,omitempty"`
}

// Change is one change of an adopted plan, as package lifecycle finds it
// by comparing the plan before and after an edit or an import.
type Change struct {
	Kind ChangeKind `json:"kind"`
	Item ChangeItem `json:"item"`
	// Place is where the item is (where it was, when removed), as the plan
	// numbers it: "2" for an area, "2.3" for an action, "2.3" for a
	// sub-action of that action.
	Place string `json:"place,omitempty"`
	// Text is the item's text: the area's title, the action's text, or
	// the plan field's name (Titel, Bakgrund, …).
	Text string `json:"text"`
	// Before and After tell what changed: the old and new text (reworded),
	// place (moved: "2.3" → "2.1"; or, moved among the siblings at one
	// place, such as a sub-action among its action's, the ordinals "2" →
	// "1"), or responsible role and deadline (changed).
	Before string `json:"before,omitempty"`
	After  string `json:"after,omitempty"`
}

// ChangeKind is what happened to an item.
type ChangeKind string

const (
	Added    ChangeKind = "added"
	Removed  ChangeKind = "removed"
	Reworded ChangeKind = "reworded"
	Moved    ChangeKind = "moved"
	// Changed is a new responsible role or deadline, the text unchanged.
	Changed ChangeKind = "changed"
)

// ChangeItem is what kind of thing changed.
type ChangeItem string

const (
	ItemPlan      ChangeItem = "plan" // its title, background or completed activities
	ItemArea      ChangeItem = "area"
	ItemAction    ChangeItem = "action"
	ItemSubAction ChangeItem = "sub_action"
)
