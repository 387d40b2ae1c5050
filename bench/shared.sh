#!/usr/bin/env bash
# The shared-duty load test of issue 12: for each database and each server
# binary, generate the synthetic department with 40 units and 1,500
# employees (bench/cmd/gen --units), serve it with --dev, and measure an
# employee's and a unit manager's myActions and the Förvaltningschef's
# planStatus of the half-shared plan at 1 and 8 clients.
#
#   bench/shared.sh NAME=BINARY[:gen-flags] ...
#   e.g. bench/shared.sh duty=/tmp/hp/handlingsplan base=/tmp/hp/handlingsplan-46d09c5:--scopes=false
#
# Settings: SHARED_DIR (work folder, kept), SHARED_DATABASES (sqlite postgres),
# SHARED_PLANS (100), SHARED_DURATION (8s), SHARED_LEVELS (1,8), GEN and
# LOAD (built tools; default go run).
set -euo pipefail
dir=${SHARED_DIR:-$(mktemp -d)}
databases=${SHARED_DATABASES:-sqlite postgres}
plans=${SHARED_PLANS:-100}
duration=${SHARED_DURATION:-8s}
levels=${SHARED_LEVELS:-1,8}
gen=${GEN:-go run ./bench/cmd/gen}
load=${LOAD:-go run ./bench/cmd/load}
server=
pgdbs=()
cleanup() {
	[[ -n $server ]] && kill "$server" 2>/dev/null || true
	for d in "${pgdbs[@]}"; do psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $d" postgres || true; done
}
trap cleanup EXIT
for spec in "$@"; do
	name=${spec%%=*}; rest=${spec#*=}; bin=${rest%%:*}; flags=
	[[ $rest == *:* ]] && flags=${rest#*:}
	for db in $databases; do
		if [[ $db == sqlite ]]; then url=$dir/$name.db; rm -f "$url"*
		else d=hp_shared_${name}_$RANDOM; pgdbs+=("$d"); psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE $d" postgres
			url=postgres://postgres@127.0.0.1:5432/$d?sslmode=disable; fi
		out=$dir/$name-$db
		$gen --db "$url" --plans "$plans" --units 40 --employees 1500 --sessions "$out.sessions" $flags | tee "$out.gen"
		plan=$(sed -n 's/.*; plan \([0-9]*\):.*/\1/p' "$out.gen")
		port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
		"$bin" serve --dev --addr 127.0.0.1:$port --db "$url" >"$out.serve" 2>&1 &
		server=$!
		until curl -sf http://127.0.0.1:$port/readyz >/dev/null; do sleep 0.5; done
		for q in employee:my-actions manager:my-actions chief:plan-status; do
			who=${q%%:*}; query=${q#*:}
			if [[ $who == chief ]]; then auth=(--login Förvaltningschef --plan "$plan")
			else auth=(--session-file "$out.sessions" --session "$who"); fi
			echo "## $name $db $who $query (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
			$load --url http://127.0.0.1:$port/graphql --query "$query" "${auth[@]}" \
				--duration "$duration" --sweep "$levels" --server-pid $server
		done | tee "$out.load"
		kill $server; wait $server 2>/dev/null || true; server=
	done
done
