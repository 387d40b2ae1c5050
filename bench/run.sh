#!/usr/bin/env bash
# Load test of the handlingsplan binary on SQLite and PostgreSQL: builds the
# binary, fills each database with the synthetic department, serves it
# (serve --dev, so the load tool can log in through the development
# provider), and sweeps the load tool over a few concurrency levels. Prints
# a markdown summary at the end. See bench/README.md for what the numbers
# mean.
#
# Settings (environment):
#   BENCH_DURATION   measured time per concurrency level   (default 10s)
#   BENCH_WARMUP     unmeasured warm-up before each level   (default 2s)
#   BENCH_SWEEP      concurrency levels                     (default 1,2,8,16)
#   BENCH_PLANS      plans in the synthetic department      (default 100)
#   BENCH_GO_PLANS   plans the Go benchmark imports         (default BENCH_PLANS; 3 is quicker)
#   BENCH_QUERIES    what to measure, each in turn on the same server
#                    (default "plan-tree bollebygd-tree my-actions me"):
#                    plan-tree (the synthetic 200-action plans), bollebygd-tree
#                    (the same query, the Bollebygd plan), my-actions (Mitt
#                    ansvar of the Förvaltningschef), me (the ceiling: login
#                    and GraphQL), plan-header, plan-status
#   BENCH_DATABASES  which databases to run                 (default "sqlite postgres")
#   BENCH_POSTGRES   PostgreSQL server, without a database  (default postgres://postgres@127.0.0.1:5432)
#   BENCH_POSTGRAPHILE 1: on PostgreSQL, also serve the same database with
#                    PostGraphile v4 (bench/postgraphile/, npm ci on first
#                    use), check both answer the first plan's tree alike, and
#                    sweep it too; 0: skip   (default 1 when plan-tree is measured)
#   BENCH_QUIET_WAIT seconds to wait, before each measurement, for other
#                    work on the machine to calm down       (default 120)
#
# Everything lives in a temporary folder and a temporary PostgreSQL
# database (hp_bench_<random>), both removed on exit.
set -euo pipefail

duration=${BENCH_DURATION:-10s}
warmup=${BENCH_WARMUP:-2s}
sweep=${BENCH_SWEEP:-1,2,8,16}
plans=${BENCH_PLANS:-100}
go_plans=${BENCH_GO_PLANS:-$plans}
queries=${BENCH_QUERIES:-plan-tree bollebygd-tree my-actions me}
databases=${BENCH_DATABASES:-sqlite postgres}
pg_server=${BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}
pg_admin="$pg_server/postgres?sslmode=disable"
postgraphile=${BENCH_POSTGRAPHILE:-$([[ " $queries " == *" plan-tree "* ]] && echo 1 || echo 0)}

cd "$(dirname "$0")/.."
work=$(mktemp -d "${TMPDIR:-/tmp}/hp-bench.XXXXXX")
server_pid=""
pg_db=""
pgl_pid=""

stop_server() {
  if [[ -n $server_pid ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}

drop_pg_db() {
  if [[ -n $pg_db ]]; then
    psql "$pg_admin" -qc "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null ||
      echo "warning: could not drop database $pg_db" >&2
    pg_db=""
  fi
}

stop_postgraphile() {
  if [[ -n $pgl_pid ]]; then
    kill "$pgl_pid" 2>/dev/null || true
    wait "$pgl_pid" 2>/dev/null || true
    pgl_pid=""
  fi
}

# start_postgraphile DB serves PostgreSQL database DB with PostGraphile v4
# on a free port, sets pgl_url and pgl_pid, and waits until it answers.
start_postgraphile() {
  if [[ ! -x bench/postgraphile/node_modules/.bin/postgraphile ]]; then
    log "PostGraphile: npm ci in bench/postgraphile"
    (cd bench/postgraphile && npm ci --no-audit --no-fund --loglevel=error)
  fi
  local port
  port=$(free_port)
  log "PostGraphile on 127.0.0.1:$port"
  # exec: the pid is node's own, for the load tool's CPU figures.
  (cd bench/postgraphile && exec node_modules/.bin/postgraphile -c "$pg_server/$1" --schema public \
    --host 127.0.0.1 --port "$port" --simple-collections only --disable-query-log) \
    >"$work/postgraphile.log" 2>&1 &
  pgl_pid=$!
  pgl_url="http://127.0.0.1:$port/graphql"
  for _ in $(seq 300); do
    curl -fsS -H 'Content-Type: application/json' -d '{"query":"{__typename}"}' "$pgl_url" >/dev/null 2>&1 && return
    kill -0 "$pgl_pid" 2>/dev/null || { cat "$work/postgraphile.log" >&2; exit 1; }
    sleep 0.2
  done
  cat "$work/postgraphile.log" >&2
  exit 1
}

cleanup() {
  stop_postgraphile
  stop_server
  drop_pg_db
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '\n== %s\n' "$*" >&2; }

# value FILE KEY prints KEY's value from a KEY=VALUE file (see load --summary).
value() { grep -m1 "^$2=" "$1" | cut -d= -f2- || echo "-"; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

mib() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }

# busy_percent prints how busy all cores were over the next second.
busy_percent() {
  local a b
  a=$(head -1 /proc/stat)
  sleep 1
  b=$(head -1 /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN {
    n = split(a, x); split(b, y)
    for (i = 2; i <= 9; i++) { d = y[i] - x[i]; total += d; if (i != 5 && i != 6) busy += d }
    printf "%d", total ? 100 * busy / total : 0 }'
}

# wait_quiet waits, up to BENCH_QUIET_WAIT seconds, until other work on the
# machine (builds, tests) leaves the cores mostly idle: on a shared machine
# it otherwise takes the CPU the server is being measured for.
wait_quiet() {
  local deadline=$((SECONDS + ${BENCH_QUIET_WAIT:-120})) busy
  while busy=$(busy_percent) && ((busy > 20)); do
    if ((SECONDS >= deadline)); then
      echo "warning: the machine is still ${busy}% busy with other work; measuring anyway" >&2
      return
    fi
    echo "machine ${busy}% busy with other work; waiting" >&2
    sleep 4
  done
}

# pg_stat DB COLUMN prints a counter of pg_stat_database for database DB,
# e.g. sessions (connections accepted; PostgreSQL 14 and later) or
# xact_commit, or "-".
pg_stat() {
  psql "$pg_admin" -Atc "SELECT $2 FROM pg_stat_database WHERE datname = '$1'" 2>/dev/null || echo "-"
}

log "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(go version)"

log "build"
go build -o "$work/handlingsplan.built" ./cmd/handlingsplan
# Serve a copy, as an installation (a package, a container layer, cp) puts
# it in place: the file the linker has just written comes into the page
# cache differently, and a server started from it holds more of its pages
# resident (3–4 MiB more on 2026-12-02, up to 16 MiB earlier; README,
# "Issue 18 in one run"), which no installed server does.
cp "$work/handlingsplan.built" "$work/handlingsplan"
go build -o "$work/gen" ./bench/cmd/gen
go build -o "$work/load" ./bench/cmd/load
binary_bytes=$(stat -c %s "$work/handlingsplan")
echo "handlingsplan: $binary_bytes bytes ($(mib $((binary_bytes / 1024))) MiB)"

log "SQL statements per plan-tree request, computed and cached (go test -bench 'BenchmarkPlanTree(Cached)?', $go_plans plans)"
go test -c -o "$work/bench.test" ./bench/
wait_quiet
"$work/bench.test" -test.run '^$' -test.bench '^BenchmarkPlanTree(Cached)?$' -test.benchtime 20x -test.timeout 20m \
  -plans "$go_plans" | tee "$work/gobench.txt"
log "sign-offs at 8 clients, in-process (go test -bench BenchmarkSignOffs)"
wait_quiet
"$work/bench.test" -test.run '^$' -test.bench '^BenchmarkSignOffs$' -test.benchtime "${BENCH_SIGNOFF_TIME:-3s}" -test.timeout 20m \
  -plans "$go_plans" | tee "$work/signoffs.txt"
# bench_field DIALECT UNIT [BENCHMARK] prints the value before UNIT on the
# line of BENCHMARK (default BenchmarkPlanTree).
bench_field() {
  awk -v d="${3:-BenchmarkPlanTree}/$1-" -v unit="$2" \
    'index($1, d) == 1 { for (i = 2; i <= NF; i++) if ($i == unit) { print $(i - 1); exit } }' "$work/gobench.txt"
}

declare -A label=([sqlite]=SQLite [postgres]=PostgreSQL)
declare -A bench_name=([sqlite]=sqlite3 [postgres]=postgres)

for db in $databases; do
  case $db in
  sqlite) url="$work/bench.db" ;;
  postgres)
    pg_db="hp_bench_$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
    psql "$pg_admin" -qc "CREATE DATABASE $pg_db" >/dev/null
    url="$pg_server/$pg_db?sslmode=disable"
    ;;
  *) echo "unknown database $db (want sqlite or postgres)" >&2; exit 2 ;;
  esac

  log "${label[$db]}: generate $plans plans"
  "$work/gen" --db "$url" --plans "$plans" | tee "$work/$db.gen"

  port=$(free_port)
  log "${label[$db]}: serve --dev on 127.0.0.1:$port"
  # --dev: without a real OpenID provider, the development one is the only
  # way to log in; the load tool logs in through it as a Förvaltningschef,
  # and every request then pays for its session lookup as in production.
  # The server logs a line per request; keep it, it is part of the cost.
  # --max-in-flight: the one logged-in user stands for many people here; the
  # default (6 requests of one user at once) would answer 429 at 8 clients.
  "$work/handlingsplan" serve --dev --addr "127.0.0.1:$port" --db "$url" --max-in-flight 1024 >"$work/$db.server.out" 2>"$work/$db.server.log" &
  server_pid=$!
  for _ in $(seq 100); do
    curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/$db.server.log" >&2; exit 1; }
    sleep 0.1
  done
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null
  sleep 1 # let start-up garbage be collected before reading the idle size
  idle_kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$server_pid/status")
  echo "idle RSS: $(mib "$idle_kb") MiB"

  peak_kb=""
  for q in $queries; do
    args=(--query "$q")
    if [[ $q == bollebygd-tree ]]; then args=(--query plan-tree --plan-dnr SN2024/10); fi
    same_tree=()
    if [[ $db == postgres && $postgraphile == 1 && $q == plan-tree ]]; then
      start_postgraphile "$pg_db"
      same_tree=(--same-tree-as "$pgl_url")
    fi
    log "${label[$db]}: load, $q, clients $sweep, $duration each"
    sessions_before=$([[ $db == postgres ]] && pg_stat "$pg_db" sessions || echo "-")
    xacts_before=$([[ $db == postgres ]] && pg_stat "$pg_db" xact_commit || echo "-")
    "$work/load" --url "http://127.0.0.1:$port/graphql" "${args[@]}" --login Förvaltningschef \
      --duration "$duration" --warmup "$warmup" --sweep "$sweep" \
      --server-pid "$server_pid" --summary "$work/$db.$q.summary" --wait-quiet "${BENCH_QUIET_WAIT:-120}s" "${same_tree[@]}"
    if [[ $q == plan-tree ]]; then peak_kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$server_pid/status"); fi
    sleep 1 # PostgreSQL publishes its counters at most once a second
    sessions_after=$([[ $db == postgres ]] && pg_stat "$pg_db" sessions || echo "-")
    xacts_after=$([[ $db == postgres ]] && pg_stat "$pg_db" xact_commit || echo "-")
    new_sessions="-" stmts_per_request="-"
    if [[ $sessions_before =~ ^[0-9]+$ && $sessions_after =~ ^[0-9]+$ ]]; then
      new_sessions=$((sessions_after - sessions_before))
      echo "PostgreSQL connections opened during the load: $new_sessions"
    fi
    # Every statement outside a transaction commits on its own, so commits
    # per HTTP request approximate the statements a request costs on the
    # wire, the session lookup included.
    if [[ $xacts_before =~ ^[0-9]+$ && $xacts_after =~ ^[0-9]+$ ]]; then
      stmts_per_request=$(awk -v x=$((xacts_after - xacts_before)) -v n="$(value "$work/$db.$q.summary" all_requests)" \
        'BEGIN { if (n > 0) printf "%.1f", x / n; else print "-" }')
      echo "PostgreSQL commits per HTTP request: $stmts_per_request"
    fi
    { echo "new_sessions=$new_sessions"; echo "wire_stmts=$stmts_per_request"; } >>"$work/$db.$q.summary"
    if [[ -n $pgl_pid ]]; then
      log "PostGraphile: load, the same plan tree, clients $sweep, $duration each"
      "$work/load" --url "$pgl_url" --query postgraphile-plan-tree \
        --duration "$duration" --warmup "$warmup" --sweep "$sweep" \
        --server-pid "$pgl_pid" --summary "$work/postgraphile.summary" --wait-quiet "${BENCH_QUIET_WAIT:-120}s"
      stop_postgraphile
    fi
  done
  all_kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$server_pid/status")
  {
    echo "idle_rss_mib=$(mib "$idle_kb")"
    echo "peak_rss_mib=$(mib "${peak_kb:-$all_kb}")"
    echo "peak_rss_all_mib=$(mib "$all_kb")"
    echo "import=$(grep -o 'import and analyze [^ ]*' "$work/$db.gen" | cut -d' ' -f4)"
    echo "stmts=$(bench_field "${bench_name[$db]}" stmts/op)"
    echo "handler_ms=$(bench_field "${bench_name[$db]}" ns/op | awk '{ printf "%.1f", $1 / 1e6 }')"
    echo "cached_stmts=$(bench_field "${bench_name[$db]}" stmts/op BenchmarkPlanTreeCached)"
    echo "cached_handler_ms=$(bench_field "${bench_name[$db]}" ns/op BenchmarkPlanTreeCached | awk '{ printf "%.2f", $1 / 1e6 }')"
  } >"$work/$db.summary"
  stop_server
  if [[ $db == postgres ]]; then drop_pg_db; fi
done

log "summary"
header="| | "
rule="|---|"
for db in $databases; do header+="${label[$db]} | "; rule+="--:|"; done
# row TITLE FILE KEY...: one cell per database, the values of KEYs in
# $work/$db.FILE joined by " / "
row() {
  local title=$1 file=$2 line cell key
  shift 2
  line="| $title |"
  for db in $databases; do
    cell=""
    for key in "$@"; do cell+="${cell:+ / }$(value "$work/$db.$file" "$key")"; done
    line+=" $cell |"
  done
  echo "$line"
}
# ratio A B prints A ÷ B with two decimals, or "-".
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f×", a / b; else print "-" }'; }
# at KEY prints the level-8 key when the sweep has 8 clients, else the best level's.
at() { if [[ ",$sweep," == *",8,"* ]]; then echo "level_8_$1"; else echo "best_$1"; fi; }
at_label=$([[ ",$sweep," == *",8,"* ]] && echo "8 clients" || echo "saturation")

echo
echo "$plans plans, $duration per level, clients $sweep, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
echo "${header% }"
echo "$rule"
for q in $queries; do
  row "**$q**: req/s at saturation" "$q.summary" best_rps
  row "$q: p50 / p99 at $at_label, ms" "$q.summary" "$(at p50_ms)" "$(at p99_ms)"
  row "$q: CPU per request at $at_label, ms, server / PostgreSQL" "$q.summary" "$(at server_cpu_ms)" "$(at postgres_cpu_ms)"
  if [[ $q != me && " $queries " == *" me "* ]]; then
    line="| $q: share of me's req/s |"
    for db in $databases; do
      line+=" $(ratio "$(value "$work/$db.$q.summary" best_rps)" "$(value "$work/$db.me.summary" best_rps)") |"
    done
    echo "$line"
  fi
  row "$q: PostgreSQL commits per HTTP request (login session included)" "$q.summary" wire_stmts
  row "$q: errors" "$q.summary" errors
done
row "SQL statements per plan-tree request (GraphQL handler)" summary stmts
row "plan-tree handler time, in-process, one at a time (go test), ms" summary handler_ms
row "the same from the tree cache (serve's): statements / ms" summary cached_stmts cached_handler_ms
row "idle RSS, MiB" summary idle_rss_mib
row "peak RSS under the plan-tree load / after every query, MiB" summary peak_rss_mib peak_rss_all_mib
row "import of the department, with ANALYZE" summary import
line="| binary size, MiB |"
for db in $databases; do line+=" $(mib $((binary_bytes / 1024))) |"; done
echo "$line"
if [[ -f $work/postgraphile.summary && -f $work/postgres.plan-tree.summary ]]; then
  echo
  echo "PostGraphile v4 on the same PostgreSQL database, the same plan tree:"
  echo
  echo "| | this server | PostGraphile | ratio |"
  echo "|---|--:|--:|--:|"
  for key in best_rps best_server_cpu_ms best_postgres_cpu_ms best_p50_ms best_p99_ms; do
    a=$(value "$work/postgres.plan-tree.summary" "$key") b=$(value "$work/postgraphile.summary" "$key")
    echo "| $key | $a | $b | $(ratio "$a" "$b") |"
  done
fi
echo
echo "Sign-offs, in-process over HTTP (go test -bench BenchmarkSignOffs):"
echo
grep '^BenchmarkSignOffs' "$work/signoffs.txt" | sed 's/^/    /'
