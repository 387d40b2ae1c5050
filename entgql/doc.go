// Package entgql is the run-time half of entgo.io/contrib/entgql (v0.7.0,
// Apache License 2.0, see LICENSE): the schema annotations, the Relay
// cursor and page types, the Transactioner and ErrNodeNotFound, copied
// unchanged but for the annotation helpers only the code generator needs.
//
// The upstream package is also entc's extension: it imports ent's and
// gqlgen's code generators (entc/gen, entc/load, golang.org/x/tools,
// go/types) and parses its templates when the package is initialised.
// Linked into the server, that was 5.7 MB of binary, about 2 MB of heap
// kept from start-up and 4 MB of the binary's pages resident at idle
// (bench/README.md, "Issue 18: idle memory"). So the schema and the
// generated code use this package, and only ent/entc.go, which runs the
// generator, imports the upstream one; it rewrites the import in the code
// it generates. The annotations reach the generator as JSON under the
// same name ("EntGQL"), so both packages read the same schema.
package entgql
