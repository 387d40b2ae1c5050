// Package plans holds the plan files that ship inside the binary, in the
// format of package planfile (see docs/plan-file.md). The server imports
// them at first start, so a fresh installation has a real plan to show.
package plans

import "embed"

// FS holds every *.yaml plan file of this directory.
//
//go:embed *.yaml
var FS embed.FS

// BollebygdFile is the name in FS of the action plan for trust-based dialogue
// (handlingsplan tillitsfull dialog) of Socialförvaltningen, Bollebygds
// kommun.
const BollebygdFile = "bollebygd-tillitsfull-dialog.yaml"

// Bollebygd returns the plan file BollebygdFile.
func Bollebygd() []byte {
	data, err := FS.ReadFile(BollebygdFile)
	if err != nil {
		// The file is embedded at build time; only a renamed file gets here,
		// and the package test catches that.
		panic("plans: " + err.Error())
	}
	return data
}
