#!/usr/bin/env bash
# The cluster demonstration (issue 28), all on this machine, loopback only: a throw-away
# PostgreSQL, three Kring nodes (each under a supervisor that restarts it a second after it
# dies, as systemd's Restart=always would) and HAProxy in front (room code in the URL,
# consistent hashing, health checks, redispatch, long tunnel timeouts). kring-load plays a quiz
# in many rooms through HAProxy, kill -9s room owners mid-quiz one after the other, then
# kill -STOPs an owner past its lease and kill -CONTs it; it reports per kill the recovery
# time, and checks the shared database: acknowledged actions lost, duplicates, sequence gaps
# (all must be 0) and the paused owner's appends refused (must be > 0).
#
#   load-tests/cluster.sh                   # the full run (release build)
#   load-tests/cluster.sh --small --debug   # CI's small form, with the debug binaries
#   load-tests/cluster.sh --json FILE       # also writes the report as JSON
#
# Installs Debian's postgresql and haproxy when missing (apt-get, as root or with sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

small=0 profile=release json= keep=0
while [ $# -gt 0 ]; do
    case "$1" in
        --small) small=1 ;;
        --debug) profile=debug ;;
        --json) json="$(realpath -m "$2")"; shift ;;
        --keep) keep=1 ;;    # keep the nodes' logs (printed path)
        --inner) break ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

if [ "${1:-}" != --inner ]; then
    install=()
    command -v haproxy >/dev/null 2>&1 || install+=(haproxy)
    ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || install+=(postgresql)
    if [ ${#install[@]} -gt 0 ]; then
        echo "installing ${install[*]}" >&2
        if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq "${install[@]}" >/dev/null
        else sudo apt-get update -qq && sudo apt-get install -y -qq "${install[@]}" >/dev/null; fi
    fi
    if [ "$profile" = release ]; then
        cargo build --release --locked -p kring-server -p kring-load
    else
        cargo build --locked -p kring-server -p kring-load
    fi
    args=()
    [ "$small" = 1 ] && args+=(--small)
    [ "$profile" = debug ] && args+=(--debug)
    [ -n "$json" ] && args+=(--json "$json")
    [ "$keep" = 1 ] && args+=(--keep)
    # PostgreSQL for the length of the run; this script again inside it.
    exec scripts/with-postgres.sh "$0" "${args[@]}" --inner
fi

if [ "$small" = 1 ]; then
    rooms=4 clients=40 questions=8 kills=2 lease_ms=1500
else
    rooms=20 clients=300 questions=20 kills=5 lease_ms=3000
fi
bin="target/$profile"
run="$(mktemp -d /tmp/kring-cluster.XXXXXX)"
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
proxy_port="$(free_port)"
# The nodes reach PostgreSQL over its socket directory; the URL in key=value form.
db="host=127.0.0.1 port=$PG_PORT user=kring dbname=postgres"

pids=()
cleanup() {
    touch "$run/stop"
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for f in "$run"/*.pid; do
        [ -e "$f" ] || continue
        kill -CONT "$(cat "$f")" 2>/dev/null || true
        kill "$(cat "$f")" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    if [ "$keep" = 1 ]; then echo "logs kept in $run" >&2; else rm -rf "$run"; fi
}
trap cleanup EXIT

# supervise NODE PORT: runs a node, and runs it again a second after it dies.
supervise() {
    local node="$1" port="$2"
    while [ ! -e "$run/stop" ]; do
        NO_COLOR=1 RUST_LOG="${RUST_LOG:-info}" "$bin/kring" --addr "127.0.0.1:$port" --database-url "$db" --node-id "$node" \
            --lease-ms "$lease_ms" --public-url "http://127.0.0.1:$proxy_port" \
            --trust-forwarded-for \
            --join-burst-per-addr 100000 --join-rate-per-addr 10000 \
            --join-burst-per-room 100000 --join-rate-per-room 10000 \
            --create-burst-per-addr 10000 --create-per-hour-per-addr 100000 \
            >>"$run/$node.log" 2>&1 &
        echo $! >"$run/$node.pid"
        wait $! 2>/dev/null || true
        [ -e "$run/stop" ] && break
        echo "$(date +%T.%N) supervisor: $node exited; restarting in 1 s" >>"$run/$node.log"
        sleep 1
    done
}

servers=
for n in 1 2 3; do
    port="$(free_port)"
    supervise "n$n" "$port" &
    pids+=($!)
    servers+="    server n$n 127.0.0.1:$port check"$'\n'
done

cat >"$run/haproxy.cfg" <<EOF
global
    # Two file descriptors a connection: within this machine's open-file limit.
    maxconn 8000

defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    # WebSockets: once upgraded, a connection is a tunnel that lasts a lesson.
    timeout tunnel 2h
    timeout client-fin 5s
    timeout http-request 10s
    option redispatch
    retries 3

frontend kring
    bind 127.0.0.1:$proxy_port
    # The room code: ?room=CODE on pages and sockets, /api/rooms/CODE/... on the API.
    http-request set-var(txn.room) url_param(room),upper
    http-request set-var(txn.room) path,field(4,/),upper if { path_beg /api/rooms/ }
    http-request set-header X-Kring-Room %[var(txn.room)]
    option forwardfor
    default_backend nodes

backend nodes
    # Every request of a room to one node; a request without a room (creating a room, the
    # pages' assets) to any. A node leaving the ring moves only its own rooms.
    balance hdr(X-Kring-Room)
    hash-type consistent
    option httpchk GET /healthz
    http-check expect status 200
    default-server inter 500ms fastinter 250ms downinter 500ms fall 2 rise 2 on-marked-down shutdown-sessions
$servers
EOF
haproxy -c -q -f "$run/haproxy.cfg"
haproxy -db -f "$run/haproxy.cfg" >"$run/haproxy.log" 2>&1 &
pids+=($!)

# Every node up behind the proxy.
for _ in $(seq 300); do
    up=0
    for n in 1 2 3; do grep -q "kring listening" "$run/n$n.log" 2>/dev/null && up=$((up + 1)); done
    [ "$up" = 3 ] && curl -sf "http://127.0.0.1:$proxy_port/healthz" >/dev/null && break
    sleep 0.1
done
if [ "$up" != 3 ] || ! curl -sf "http://127.0.0.1:$proxy_port/healthz" >/dev/null; then
    tail -n 20 "$run"/n*.log "$run/haproxy.log" >&2
    echo "the nodes or HAProxy did not start" >&2
    exit 1
fi
sleep 1.5 # HAProxy's health checks see every node up (rise 2)

echo "cluster: PostgreSQL on port $PG_PORT, nodes n1-n3, HAProxy on port $proxy_port; lease $lease_ms ms"
started=$(date +%s)
status=0
"$bin/kring-load" --scenario cluster-quiz --url "http://127.0.0.1:$proxy_port" \
    --database-url "$db" --pid-dir "$run" --kills "$kills" --stop-owner --lease-ms "$lease_ms" \
    --clients "$clients" --rooms "$rooms" --questions "$questions" --timeout-secs 180 \
    ${json:+--json "$json"} || status=$?
echo "cluster run took $(($(date +%s) - started)) s"
if [ "$status" != 0 ]; then
    echo "--- last lines of the nodes' logs" >&2
    tail -n 15 "$run"/n*.log >&2
fi
exit "$status"
