#!/usr/bin/env bash
# Lighthouse (mobile) scores of the web app's views Mitt ansvar (/) and
# Planen (/planen), logged in as a demo user. Builds the binary, serves
# `handlingsplan serve --dev` on a free loopback port with a fresh SQLite
# database (the Bollebygd plan), logs in through the development provider,
# runs Lighthouse in Debian's Chromium with its default mobile emulation and
# simulated throttling, and prints the scores and the audits that did not
# pass. Reports go to bench/lighthouse/out/ (or $LH_OUT). See bench/README.md.
#
# Settings (environment):
#   LH_RUNS=3                     Lighthouse runs per page; the median by performance is reported
#   LH_USER="Elin Enhetschef"     demo user to log in as (name or title, as on the dev login page)
#   LH_PAGES="mitt-ansvar=/ planen=/planen"   name=path pairs to measure
#   LH_OUT=bench/lighthouse/out   where the JSON and HTML reports and summary.md go
#   LH_REV=                       build this commit (git archive into the temporary folder) instead of the work tree
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
runs="${LH_RUNS:-3}"
user="${LH_USER:-Elin Enhetschef}"
pages="${LH_PAGES:-mitt-ansvar=/ planen=/planen}"
out="${LH_OUT:-$here/out}"
rev="${LH_REV:-}"
chrome_flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"

# Debian's Chromium, never a downloaded browser build.
if [ ! -x /usr/bin/chromium ]; then
  echo "lighthouse: installing Debian's chromium"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get -qq update
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get -qq install -y --no-install-recommends chromium >/dev/null
fi

# Lighthouse from this folder's own package.json and lock, kept out of
# frontend/ so that make test does not install it.
echo "lighthouse: npm ci in bench/lighthouse"
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error 2> >(grep -v 'Unknown user config\|EBADENGINE' >&2))
lighthouse="$here/node_modules/.bin/lighthouse"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/handlingsplan-lighthouse.XXXXXX")"
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

src="$repo"
revision="$(git -C "$repo" describe --always --dirty 2>/dev/null || echo unknown)"
if [ -n "$rev" ]; then
  revision="$(git -C "$repo" rev-parse --short "$rev^{commit}")"
  src="$tmp/src"
  mkdir -p "$src"
  git -C "$repo" archive "$revision" | tar -x -C "$src"
fi
if [ -n "$rev" ]; then what="commit $revision"; else what="the work tree ($revision)"; fi
echo "lighthouse: building the binary from $what"
(cd "$src" && go build -o "$tmp/handlingsplan" ./cmd/handlingsplan)

port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
base="http://127.0.0.1:$port"
"$tmp/handlingsplan" serve --dev --addr "127.0.0.1:$port" --db "$tmp/h.db" >"$tmp/server.log" 2>&1 &
server=$!
for i in $(seq 1 600); do
  if curl -fsS -o /dev/null "$base/readyz" 2>/dev/null; then break; fi
  if ! kill -0 "$server" 2>/dev/null || [ "$i" -eq 600 ]; then
    echo "lighthouse: the server did not become ready:" >&2
    cat "$tmp/server.log" >&2
    exit 1
  fi
  sleep 0.2
done
echo "lighthouse: serving $base"

# The session cookie (hp_session over http; __Host-hp_session only over
# https) goes to Lighthouse as an extra header, from a file so that it does
# not show in ps. The reports record it; it dies with the temporary database.
cookie="$(node "$here/login.mjs" "$base" "$user")"
printf '{"Cookie": "%s"}\n' "$cookie" >"$tmp/headers.json"

mkdir -p "$out"
rm -f "$out"/*.report.json "$out"/*.report.html "$out/summary.md"
args=()
for entry in $pages; do
  name="${entry%%=*}" path="${entry#*=}"
  files=""
  for run in $(seq 1 "$runs"); do
    echo "lighthouse: $name ($path), run $run of $runs"
    "$lighthouse" "$base$path" \
      --form-factor=mobile \
      --only-categories=performance,accessibility,best-practices \
      --chrome-path=/usr/bin/chromium \
      --chrome-flags="$chrome_flags" \
      --extra-headers="$tmp/headers.json" \
      --output=json --output=html \
      --output-path="$out/$name-$run" \
      --quiet
    files="${files:+$files,}$out/$name-$run.report.json"
  done
  args+=("$name ($path)=$files")
done

echo
LH_REVISION="$revision" node "$here/summary.mjs" "$out" "${args[@]}"
echo
echo "lighthouse: reports in $out"
