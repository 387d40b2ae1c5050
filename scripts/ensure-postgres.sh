#!/usr/bin/env bash
# The database tests need PostgreSQL at 127.0.0.1:5432 (or
# HANDLINGSPLAN_TEST_POSTGRES). This starts the machine's cluster when it is
# installed but stopped; when there is none, the tests fail and say so.
set -uo pipefail
if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then
  exit 0
fi
if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
  echo "starting the local PostgreSQL cluster for the database tests" >&2
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 1; done
fi
echo "WARNING: PostgreSQL is not reachable at 127.0.0.1:5432; the PostgreSQL tests will fail" >&2
exit 0
