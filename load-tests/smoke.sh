#!/usr/bin/env bash
# CI load smoke: the server and kring-load on loopback; asserts only behaviour
# (lost == 0 and acked == sent; kring-load exits non-zero otherwise), never timing.
# Then the same quiz burst against the comparison peers (Bun, Bun durable, Node), so that a
# protocol change that breaks a peer fails here.
set -euo pipefail
cd "$(dirname "$0")/.."
# Debug builds (already made by the test step): the smoke asserts behaviour, not speed.
cargo build --locked -p kring-server -p kring-load
# The peers' packages (ws, and Bun as the `bun` npm package) from their lockfile.
[ -x load-tests/peers/node_modules/.bin/bun ] ||
    (cd load-tests/peers && npm ci --no-audit --no-fund --loglevel=error)
data="$(mktemp -d)"
server=
stop_server() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    server=
}
trap 'stop_server; rm -rf "$data"' EXIT
# start NAME COMMAND...: starts a server in the background, sets $server and $url.
start() {
    local name="$1"
    shift
    "$@" > "$data/$name.out" 2> "$data/$name.err" &
    server=$!
    url=
    for _ in $(seq 150); do
        url="$(grep -o 'http://[0-9.:]*' "$data/$name.out" | head -1 || true)"
        [ -n "$url" ] && return 0
        kill -0 "$server" 2>/dev/null || break
        sleep 0.1
    done
    cat "$data/$name.err" >&2
    echo "$name did not start" >&2
    exit 1
}

# Every phone and room of every scenario comes from one address (loopback): the limits per
# address are raised as for an event hall, as bench.sh does (docs/SECURITY.md).
start kring target/debug/kring --addr 127.0.0.1:0 --data-dir "$data/kring" \
    --create-burst-per-addr 500 --join-burst-per-addr 5000 --join-burst-per-room 5000
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
# Classes of 30: every phone answers an open question; the server folds the answers into the
# word cloud as they come.
target/debug/kring-load --url "$url" --scenario open-question --clients 300 --rooms 10 --server-pid "$server"
# Classes of 30: every phone sorts 10 evaluation cards onto 4 sessions and moves one.
target/debug/kring-load --url "$url" --scenario card-sort --clients 300 --rooms 10 --server-pid "$server"
# Classes of 15: a check-in and a wall live, then each class's 7 absent phones come back
# (resume) and add their voice through the empty chair.
target/debug/kring-load --url "$url" --scenario empty-chair --clients 45 --rooms 3 --server-pid "$server"
# Classes of 30 watching a timer beside the activity while the teacher pauses and extends it.
target/debug/kring-load --url "$url" --scenario timer --clients 300 --rooms 10 --server-pid "$server"
# Classes of 10 running a session (check-in, three statements, check-in), the lead planning it,
# stepping through it and back; half of each class absent, answering the closing check-in
# through the empty chair afterwards.
target/debug/kring-load --url "$url" --scenario session --clients 100 --rooms 10 --server-pid "$server"
# A small school day: 10 classes of 30 run a whole period (quiz, teams, team names, wall,
# dot-vote, pitches), starting over 2 s, with short think times so that it is quick.
target/debug/kring-load --url "$url" --scenario school-day --clients 300 --rooms 10 \
    --think-secs 0.3 --ramp-secs 2 --timeout-secs 150 --server-pid "$server"
target/debug/kring-load --url "$url" --scenario we-did --clients 100 --rooms 10 --server-pid "$server"
# Classes of 10 watching the class timeline (its view carries every session) while the teacher steps it.
target/debug/kring-load --url "$url" --scenario timeline --clients 100 --rooms 10 --server-pid "$server"
stop_server

# The comparison peers: 200 phones answering a quiz in a burst, nothing lost.
bun=load-tests/peers/node_modules/.bin/bun
start bun "$bun" load-tests/peers/bun-server.js --port 0
target/debug/kring-load --url "$url" --target bun --scenario quiz-burst --clients 200 --server-pid "$server"
stop_server
start bun-durable "$bun" load-tests/peers/bun-server.js --port 0 --durable "$data/bun-durable.db"
target/debug/kring-load --url "$url" --target bun-durable --scenario quiz-burst --clients 200 --server-pid "$server"
stop_server
start node node load-tests/peers/node-server.js --port 0
target/debug/kring-load --url "$url" --target node --scenario quiz-burst --clients 200 --server-pid "$server"
stop_server
