package lifecycle

import (
	"strings"

	"github.com/handlingsplan/handlingsplan/ent/plan"
	"github.com/handlingsplan/handlingsplan/ent/schema/schematype"
)

// StatusLabel says a plan's status as the app shows it.
func StatusLabel(s plan.Status) string {
	switch s {
	case plan.StatusDraft:
		return "Utkast"
	case plan.StatusAdopted:
		return "Fastställd"
	case plan.StatusArchived:
		return "Arkiverad"
	}
	return string(s)
}

// ChangeLabel says a change of a revision in Swedish, as Planen and the
// board's report list it, e.g. "Ny åtgärd 2.3: Utbildning för chefer".
func ChangeLabel(c schematype.Change) string {
	switch c.Item {
	case schematype.ItemPlan:
		if c.Before != "" || c.After != "" {
			return c.Text + " ändrad: " + c.Before + " → " + c.After
		}
		return c.Text + " ändrad"
	case schematype.ItemArea:
		switch c.Kind {
		case schematype.Added:
			return "Nytt område " + c.Place + ": " + c.Text
		case schematype.Removed:
			return "Område " + c.Place + " borttaget: " + c.Text
		case schematype.Reworded:
			if c.Before != "" {
				return "Område " + c.Place + " omformulerat: " + c.After + " (tidigare: " + c.Before + ")"
			}
			return "Område " + c.Place + " omformulerat: " + c.Text
		case schematype.Moved:
			return "Område flyttat från plats " + c.Before + " till " + c.After + ": " + c.Text
		}
	case schematype.ItemAction:
		switch c.Kind {
		case schematype.Added:
			return "Ny åtgärd " + c.Place + ": " + c.Text
		case schematype.Removed:
			return "Åtgärd " + c.Place + " borttagen: " + c.Text
		case schematype.Reworded:
			return "Åtgärd " + c.Place + " omformulerad: " + c.After + " (tidigare: " + c.Before + ")"
		case schematype.Moved:
			if withinPlace(c) {
				return "Åtgärd " + c.Place + " flyttad från plats " + c.Before + " till " + c.After + ": " + c.Text
			}
			return "Åtgärd flyttad från " + c.Before + " till " + c.After + ": " + c.Text
		case schematype.Changed:
			return "Åtgärd " + c.Place + " ändrad: " + c.Before + " → " + c.After + " (" + c.Text + ")"
		}
	case schematype.ItemSubAction:
		switch c.Kind {
		case schematype.Added:
			return "Ny underaktivitet till åtgärd " + c.Place + ": " + c.Text
		case schematype.Removed:
			return "Underaktivitet till åtgärd " + c.Place + " borttagen: " + c.Text
		case schematype.Reworded:
			return "Underaktivitet till åtgärd " + c.Place + " omformulerad: " + c.After + " (tidigare: " + c.Before + ")"
		case schematype.Moved:
			if withinPlace(c) {
				return "Underaktivitet till åtgärd " + c.Place + " flyttad från plats " + c.Before + " till " + c.After + ": " + c.Text
			}
			return "Underaktivitet flyttad från åtgärd " + c.Before + " till " + c.After + ": " + c.Text
		case schematype.Changed:
			return "Underaktivitet till åtgärd " + c.Place + " ändrad: " + c.Before + " → " + c.After + " (" + c.Text + ")"
		}
	}
	return c.Text
}

// withinPlace reports whether a move is among siblings at one place: its
// Before and After are ordinals (2, 1), not places (2.3, 3.1).
func withinPlace(c schematype.Change) bool {
	return !strings.Contains(c.Before, ".") && !strings.Contains(c.After, ".")
}
