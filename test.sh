#!/usr/bin/env bash
# Kring's one test command: installs what the tests need (Debian chromium, the web client's npm
# packages from its lockfile) and runs every check and test. CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")"

step() { printf '\n==> %s\n' "$*"; }

step "installing test dependencies"
if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null
    else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi
fi
(cd web-client && npm ci --no-audit --no-fund --loglevel=error)
# The comparison peers' packages: ws, and Bun as the `bun` npm package (a binary per platform).
(cd load-tests/peers && npm ci --no-audit --no-fund --loglevel=error)

step "formatting and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Rust tests (unit, property, server over real sockets, restart and kill -9 recovery)"
cargo build --workspace --locked
cargo test --workspace --locked --no-fail-fast

step "PostgreSQL: the store's conformance suite and cluster mode over real sockets (a throw-away server)"
scripts/with-postgres.sh cargo test -p kring-server --locked --test store --test cluster

step "generated TypeScript is up to date"
if [ -n "$(git status --porcelain -- web-client/gen)" ]; then
    git status --porcelain -- web-client/gen
    echo "web-client/gen is stale: run 'cargo test -p kring-protocol' and commit the result" >&2
    exit 1
fi

step "vendored Preact is the lockfile's (web-client/js/vendor/preact.js)"
if ! cmp -s web-client/js/vendor/preact.js web-client/node_modules/preact/dist/preact.mjs; then
    echo "web-client/js/vendor/preact.js differs from node_modules/preact/dist/preact.mjs: copy it over and commit" >&2
    exit 1
fi

step "vendored d3-cloud is the lockfile's (web-client/js/vendor/d3.layout.cloud.js)"
if ! cmp -s web-client/js/vendor/d3.layout.cloud.js web-client/node_modules/d3-cloud/build/d3.layout.cloud.js; then
    echo "web-client/js/vendor/d3.layout.cloud.js differs from node_modules/d3-cloud/build/d3.layout.cloud.js: copy it over and commit" >&2
    exit 1
fi

step "the kind template: scripts/new-kind.sh into a temporary copy builds and passes its tests"
scripts/test-new-kind.sh

step "TypeScript check of the web client"
(cd web-client && npx tsc --noEmit -p .)

step "browser tests (playwright-core + Debian chromium against the real server)"
(cd web-client && KRING_BIN=../target/debug/kring CHROMIUM="$(command -v chromium)" node --test tests/)

step "comparison peers: their core, and kring-load's quiz against the Bun and Node peers"
node --test load-tests/peers/test/

step "load smoke: nothing lost under load (behaviour only, no timing asserted)"
load-tests/smoke.sh

step "cluster: three nodes on PostgreSQL behind HAProxy, owners killed and paused mid-quiz (nothing lost)"
load-tests/cluster.sh --small --debug

step "all tests passed"
