#!/usr/bin/env bash
# Web app tests: unit tests (Vitest), the committed dist matches a fresh
# build, the first-load size budget, and the end-to-end test in Debian's
# Chromium (installed here with apt-get when missing; never a downloaded
# browser build).
set -euo pipefail
cd "$(dirname "$0")/../frontend"

if [ ! -x /usr/bin/chromium ]; then
  echo "installing Debian's chromium"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get -qq update
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get -qq install -y --no-install-recommends chromium >/dev/null
fi

# Exactly what the lock file names. The lock lists every platform's optional
# packages (rollup's, esbuild's); if it ever lost them, `npm ci` would refuse
# it: regenerate it with `npm install --package-lock-only` without a
# node_modules folder (npm's own install drops other platforms otherwise).
npm ci --no-audit --no-fund --loglevel=error
npx tsc --noEmit -p .
npx vitest run

# The committed build must be what the sources build to.
fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
npx vite build --logLevel warn --outDir "$fresh" --emptyOutDir
if ! diff -r dist "$fresh" >/dev/null; then
  echo "frontend/dist is stale; run 'make frontend' and commit the result:" >&2
  diff -rq dist "$fresh" >&2 || true
  exit 1
fi
echo "frontend/dist matches a fresh build"

node scripts/size.mjs
node e2e/e2e.mjs
