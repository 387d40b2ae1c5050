#!/usr/bin/env bash
# Regenerates ent and gqlgen code and frontend/src/gql.ts, and fails when that
# changes any file: the committed generated code must match the schema (and
# operations) it is generated from.
set -euo pipefail
cd "$(dirname "$0")/.."

snapshot() {
  { find ent graph -type f \( -name '*.go' -o -name '*.graphql' \); find frontend/src -maxdepth 1 -name gql.ts; } |
    LC_ALL=C sort | xargs sha256sum
}
before=$(snapshot)
go generate ./...
after=$(snapshot)
if [ "$before" != "$after" ]; then
  echo "Generated code is stale; run 'make generate' and commit the result. Changed:" >&2
  diff <(echo "$before") <(echo "$after") | grep '^[<>]' | awk '{print "  " $3}' | sort -u >&2
  exit 1
fi
echo "generated code is up to date"
