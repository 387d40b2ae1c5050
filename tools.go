//go:build tools

package handlingsplan

// ent/entc.go (build tag ignore, run by go generate) imports entgql's code
// generator; this keeps it required in go.mod without linking it into the
// server, which uses package entgql of this module instead.
import _ "entgo.io/contrib/entgql"
