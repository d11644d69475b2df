#!/usr/bin/env bash
# CI load smoke: the server and kring-load on loopback; asserts only behaviour
# (lost == 0 and acked == sent; kring-load exits non-zero otherwise), never timing.
set -euo pipefail
cd "$(dirname "$0")/.."
# Debug builds (already made by the test step): the smoke asserts behaviour, not speed.
cargo build --locked -p kring-server -p kring-load
data="$(mktemp -d)"
# Every phone and room of every scenario comes from one address (loopback): the limits per
# address are raised as for an event hall, as bench.sh does (docs/SECURITY.md).
target/debug/kring --addr 127.0.0.1:0 --data-dir "$data" \
    --create-burst-per-addr 500 --join-burst-per-addr 5000 --join-burst-per-room 5000 \
    > "$data/out.log" 2> "$data/err.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 100); do
    url="$(grep -o 'http://[0-9.:]*' "$data/out.log" | head -1 || true)"
    [ -n "$url" ] && break
    sleep 0.1
done
[ -n "$url" ] || { cat "$data/err.log" >&2; echo "the server did not start" >&2; exit 1; }
target/debug/kring-load --url "$url" --scenario quiz-burst --clients 200 --server-pid "$server"
target/debug/kring-load --url "$url" --scenario classrooms --clients 300 --rooms 10 --server-pid "$server"
target/debug/kring-load --url "$url" --scenario teams --clients 300 --rooms 10 --server-pid "$server"
target/debug/kring-load --url "$url" --scenario brainstorm --clients 300 --rooms 10 --server-pid "$server"
target/debug/kring-load --url "$url" --scenario dot-vote --clients 300 --rooms 10 --within-secs 1 --server-pid "$server"
target/debug/kring-load --url "$url" --scenario check-in --clients 300 --rooms 10 --server-pid "$server"
# Classes of 10: two teams pitch, each rated by the other team in a burst.
target/debug/kring-load --url "$url" --scenario pitches --clients 100 --rooms 10 --server-pid "$server"
# Classes of 10: three statements, every phone places its dot on each.
target/debug/kring-load --url "$url" --scenario statement-scale --clients 100 --rooms 10 --server-pid "$server"
