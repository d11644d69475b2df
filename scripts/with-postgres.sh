#!/usr/bin/env bash
# Runs a command beside a throw-away PostgreSQL server: initdb into a temporary directory, a
# free port on loopback, its socket in that directory; the command gets
# KRING_TEST_DATABASE_URL (and PG_BIN, PG_PORT, PG_DIR); the server and its files go when the
# command ends. Installs Debian's postgresql when missing. As root the server runs as the
# `postgres` user (initdb refuses root).
#
#   scripts/with-postgres.sh cargo test -p kring-server --test store
set -euo pipefail

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
if [ -z "$(pg_bin)" ]; then
    echo "installing Debian's postgresql" >&2
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
    else sudo apt-get update -qq && sudo apt-get install -y -qq postgresql >/dev/null; fi
fi
PG_BIN="$(pg_bin)"
PG_DIR="$(mktemp -d /tmp/kring-pg.XXXXXX)"
PG_PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"

stop() {
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
}
trap stop EXIT

as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U kring --auth=trust -E UTF8 --no-instructions >/dev/null
# fsync and synchronous_commit stay on (the defaults): acknowledged means on disk.
as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -s \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=200" start

export PG_BIN PG_DIR PG_PORT
export KRING_TEST_DATABASE_URL="host=127.0.0.1 port=$PG_PORT user=kring dbname=postgres"
"$@"
