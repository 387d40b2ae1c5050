// Package packaging holds what runs Handlingsplan outside a developer's
// machine: build-static.sh (the static binary), the systemd units, and,
// at the repository's root, the Dockerfile and compose.yaml. It has no
// code; its test checks those files (docs/operations.md, "Packaging").
package packaging
