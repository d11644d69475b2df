#!/usr/bin/env bash
# The same kring-load scenario against one Kring node on its embedded SQLite and one on
# PostgreSQL (a throw-away server on this machine, scripts/with-postgres.sh): what cluster
# mode's store costs. Release build; reports land in OUT (default: a new directory in /tmp).
#
#   load-tests/store-compare.sh                       # quiz-burst 1000, classrooms 10 x 30
#   COMPARE_RUNS="quiz-burst:2000:1" load-tests/store-compare.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" != --inner ]; then
    cargo build --release --locked -p kring-server -p kring-load
    exec scripts/with-postgres.sh "$0" --inner
fi

out="${OUT:-$(mktemp -d /tmp/kring-compare.XXXXXX)}"
runs="${COMPARE_RUNS:-quiz-burst:1000:1 classrooms:300:10}"
db="host=127.0.0.1 port=$PG_PORT user=kring dbname=postgres"
limits=(--join-burst-per-addr 100000 --join-rate-per-addr 10000 --join-burst-per-room 100000
    --join-rate-per-room 10000 --create-burst-per-addr 10000 --create-per-hour-per-addr 100000)

server=
stop_server() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    server=
}
trap stop_server EXIT

for store in sqlite postgres; do
    for run in $runs; do
        IFS=: read -r scenario clients rooms <<<"$run"
        if [ "$store" = sqlite ]; then
            args=(--data-dir "$(mktemp -d /tmp/kring-compare-data.XXXXXX)")
        else
            # A fresh schema per run, so each starts empty.
            schema="compare_$RANDOM$RANDOM"
            "$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U kring -d postgres -c "CREATE SCHEMA $schema"
            args=(--database-url "$db options='-c search_path=$schema'")
        fi
        NO_COLOR=1 RUST_LOG=warn target/release/kring --addr 127.0.0.1:0 "${args[@]}" "${limits[@]}" \
            >"$out/server.out" 2>"$out/server-$store-$scenario.err" &
        server=$!
        url=
        for _ in $(seq 150); do
            url="$(grep -o 'http://[0-9.:]*' "$out/server.out" | head -1 || true)"
            [ -n "$url" ] && break
            sleep 0.1
        done
        [ -n "$url" ] || { cat "$out/server-$store-$scenario.err" >&2; exit 1; }
        echo "== $store: $scenario, $clients phones in $rooms rooms"
        target/release/kring-load --url "$url" --scenario "$scenario" --clients "$clients" \
            --rooms "$rooms" --server-pid "$server" --timeout-secs 120 \
            --json "$out/$store-$scenario-$clients.json" | tail -n 25
        stop_server
    done
done
echo "reports in $out"
