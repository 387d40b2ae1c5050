#!/bin/sh
# Builds the server as one static binary: the container image's build step
# (Dockerfile) and the packaging check of `make test` run this same file.
#
# mattn/go-sqlite3 is C, so cgo stays on and the C parts are linked
# statically against glibc (-linkmode external -extldflags -static). The
# tags keep glibc's dynamic loading out of the binary: netgo (Go's DNS
# resolver, not getaddrinfo), osusergo (no getpwnam) and
# sqlite_omit_load_extension (no dlopen). What is left runs on any Linux
# kernel of the same architecture, in a distroless or scratch image.
#
# Usage: packaging/build-static.sh [OUTPUT]   (default bin/handlingsplan-static)
# Needs Go and gcc with the C library's static archive (Debian: libc6-dev).
# VERSION sets what `handlingsplan version` says (default: git describe).
set -eu
cd "$(dirname "$0")/.."
out=${1:-bin/handlingsplan-static}
version=${VERSION:-$(git describe --always --dirty 2>/dev/null || echo dev)}
CGO_ENABLED=1 go build -trimpath -buildvcs=false \
  -tags 'netgo osusergo sqlite_omit_load_extension' \
  -ldflags "-s -w -X main.buildVersion=$version -linkmode external -extldflags -static" \
  -o "$out" ./cmd/handlingsplan
