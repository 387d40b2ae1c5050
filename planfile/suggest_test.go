package planfile

import (
	"reflect"
	"testing"
)

func TestClosestRolesSuggestWhatATypoMeant(t *testing.T) {
	d := Department{Roles: []Role{
		{Name: "Förvaltningschef"},
		{Name: "Enhetschef", Aliases: []string{"Enhetschefer"}},
		{Name: "Verksamhetschef"},
		{Name: "Utvecklingschef"},
		{Name: "Ledamot"},
	}}
	tests := []struct {
		name, typed string
		want        []string
	}{
		{"a missing letter finds the role", "Förvaltningchef", []string{"Förvaltningschef"}},
		{"case does not count", "FÖRVALTNINGSCHEFF", []string{"Förvaltningschef"}},
		{"an alias counts for its role", "Enhetchefer", []string{"Enhetschef"}},
		{"the nearest come first", "Enhetschefen", []string{"Enhetschef"}},
		{"an unrelated name gets no suggestion", "Kommundirektör", nil},
		{"three edits are too many for a short name", "Lidamöq", nil},
		{"two edits in a short name are still close", "Ledamöt", []string{"Ledamot"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := d.closestRoles(tt.typed); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("closestRoles(%q) = %q, want %q", tt.typed, got, tt.want)
			}
		})
	}
	t.Run("at most three suggestions, nearest first", func(t *testing.T) {
		d := Department{Roles: []Role{{Name: "Chefx"}, {Name: "Chef"}, {Name: "Chefxy"}, {Name: "Chefxyz"}, {Name: "Cxefxyz"}}}
		if got, want := d.closestRoles("Chef"), []string{"Chef", "Chefx", "Chefxy"}; !reflect.DeepEqual(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	t.Run("the words of the suggestion", func(t *testing.T) {
		for names, want := range map[*[]string]string{
			{}:              "",
			{"A"}:           `; did you mean "A"?`,
			{"A", "B", "C"}: `; did you mean "A", "B" or "C"?`,
		} {
			if got := didYouMean(*names); got != want {
				t.Errorf("didYouMean(%q) = %q, want %q", *names, got, want)
			}
		}
	})
}
