#!/usr/bin/env bash
# The database tests need PostgreSQL at 127.0.0.1:5432 (or
# HANDLINGSPLAN_TEST_POSTGRES). This starts the machine's cluster when it is
# installed but stopped; when it cannot, it says how and stops `make test`
# before the Go tests, which would otherwise each fail for the same reason.
set -uo pipefail
# Another server named by the tests' variable is for the Go tests to check.
[ -n "${HANDLINGSPLAN_TEST_POSTGRES:-}" ] && exit 0
if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then
  exit 0
fi
if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
  echo "starting the local PostgreSQL cluster for the database tests" >&2
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 1; done
fi
cat >&2 <<'MSG'
PostgreSQL is not reachable at 127.0.0.1:5432, and the database tests need it.
Install and start it (Debian: apt-get install postgresql, then
pg_ctlcluster <version> main start), allow the user postgres to connect from
127.0.0.1 without a password (trust), or point HANDLINGSPLAN_TEST_POSTGRES at
a server where the user may create databases.
MSG
exit 1
