#!/usr/bin/env bash
# Packaging checks of `make test`: what can be checked on a machine without
# Docker (docs/operations.md, "Packaging").
#
#  1. The static binary builds the way the Dockerfile builds it (the same
#     script, packaging/build-static.sh), is static, and works: it imports a
#     plan into SQLite, backs it up, restores it, and serves, and its
#     `healthcheck` (the image's HEALTHCHECK) finds it healthy.
#  2. The systemd units pass `systemd-analyze verify` with no warning, and
#     `systemd-analyze security` rates each at most 2.0 ("OK"), with
#     ExecStart pointing at the binary just built.
#
# The Dockerfile and compose.yaml themselves are checked by the Go test in
# packaging/ (go test ./packaging), which runs everywhere.
#
# This script installs nothing. Where systemd-analyze is missing it says
# so and skips check 2, except under CI=true, where a missing tool fails
# the run: .ci/run installs Debian's systemd package before `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

bin=bin/handlingsplan-static
echo "packaging: building $bin with packaging/build-static.sh (as the Dockerfile does)"
start=$(date +%s)
packaging/build-static.sh "$bin"
echo "packaging: built in $(( $(date +%s) - start ))s"
if readelf -l "$bin" | grep -q 'INTERP'; then
  echo "packaging: $bin is dynamically linked; the distroless image has no C library" >&2
  readelf -d "$bin" | grep NEEDED >&2 || true
  exit 1
fi
"$bin" version

db="$work/data/handlingsplan.db"
"$bin" import --db "$db" plans/*.yaml >/dev/null
"$bin" backup --db "$db" -o "$work/backup.tar.gz" 2>"$work/backup.log" || { cat "$work/backup.log" >&2; exit 1; }
"$bin" restore --db "$work/restored/handlingsplan.db" "$work/backup.tar.gz" 2>"$work/restore.log" || { cat "$work/restore.log" >&2; exit 1; }
if "$bin" restore --db "$db" "$work/backup.tar.gz" 2>/dev/null; then
  echo "packaging: restore overwrote a database" >&2
  exit 1
fi
echo "packaging: the static binary backs up and restores SQLite"

# A free port, from the server's own log line ("serving", addr).
"$bin" serve --dev --addr 127.0.0.1:0 --db "$work/restored/handlingsplan.db" >"$work/serve.log" 2>&1 &
server=$!
healthy=
for _ in $(seq 1 60); do
  port=$(sed -n 's/.*"msg":"serving".*"addr":"http:\/\/127\.0\.0\.1:\([0-9]*\)".*/\1/p' "$work/serve.log")
  if [ -n "$port" ] && HANDLINGSPLAN_ADDR="0.0.0.0:$port" "$bin" healthcheck --timeout 1s >/dev/null 2>&1; then
    healthy=1
    break
  fi
  kill -0 "$server" 2>/dev/null || break
  sleep 0.5
done
if [ -z "$healthy" ]; then
  echo "packaging: the static binary's server never answered its healthcheck:" >&2
  cat "$work/serve.log" >&2
  exit 1
fi
kill "$server"; wait "$server" 2>/dev/null || true; server=
echo "packaging: the static binary serves, and 'handlingsplan healthcheck' finds it healthy"

analyze=${SYSTEMD_ANALYZE:-systemd-analyze}   # another path only to try this script's answer without it
if ! command -v "$analyze" >/dev/null; then
  if [ "${CI:-}" = true ]; then
    echo "packaging: systemd-analyze is missing, so the systemd units cannot be checked (apt-get install systemd; .ci/run does)" >&2
    exit 1
  fi
  echo "packaging: NOT CHECKED: the systemd units (systemd-analyze is missing: apt-get install systemd)"
  exit 0
fi
mkdir "$work/units"
for f in packaging/systemd/*; do
  sed "s#/usr/local/bin/handlingsplan#$root/$bin#g" "$f" >"$work/units/$(basename "$f")"
done
if ! out=$("$analyze" verify "$work"/units/* 2>&1) || [ -n "$out" ]; then
  echo "packaging: systemd-analyze verify complains about packaging/systemd:" >&2
  echo "$out" >&2
  exit 1
fi
for unit in "$work"/units/*.service; do
  if ! "$analyze" security --offline=true --threshold=20 "$unit" >"$work/security.log" 2>&1; then
    echo "packaging: $(basename "$unit") is exposed more than 2.0:" >&2
    grep -v '^  ✓' "$work/security.log" >&2
    exit 1
  fi
  echo "packaging: $(basename "$unit"): $(grep 'Overall exposure' "$work/security.log" | sed 's/.*: //')"
done
echo "packaging: the systemd units pass systemd-analyze verify"
