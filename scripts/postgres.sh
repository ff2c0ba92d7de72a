#!/usr/bin/env bash
# Start a throw-away PostgreSQL cluster for tests and benchmarks; source it:
#   source scripts/postgres.sh   -> exports DATABASE_URL, stops the server when the shell exits
set -euo pipefail
PG_PORT="${PG_PORT:-54329}"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
PG_DATA="$(mktemp -d /tmp/brobygger-pg.XXXXXX)"
as_postgres() {
  if [ "$(id -u)" = "0" ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}
[ "$(id -u)" = "0" ] && chown postgres "$PG_DATA"
as_postgres "$PG_BIN/initdb -D $PG_DATA -A trust -U postgres -E UTF8 --locale=C.UTF-8" >/dev/null
as_postgres "$PG_BIN/pg_ctl -D $PG_DATA -l $PG_DATA/server.log -w \
  -o \"-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300\" start" >/dev/null
stop_postgres() { as_postgres "$PG_BIN/pg_ctl -D $PG_DATA -m fast -w stop" >/dev/null 2>&1 || true; rm -rf "$PG_DATA"; }
trap stop_postgres EXIT
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres brobygger
export DATABASE_URL="postgresql://postgres@127.0.0.1:$PG_PORT/brobygger"
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') running: $DATABASE_URL"
