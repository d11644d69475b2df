#!/usr/bin/env bash
# Checks the kind template: runs scripts/new-kind.sh into a temporary copy of the working tree
# and checks that what it makes builds and passes its tests there: the TypeScript types are
# generated, clippy passes on every target (the new kind's socket test and load scenario
# included), the kind's unit and property tests and the load scenario's test pass, tsc passes
# and the pages' kind rules hold (web-client/tests/kinds.test.mjs).
#
# It shares this checkout's target directory (the copy's crates are built apart from this
# one's, the dependencies are not built again) and builds no binary there, so target/debug/kring
# stays this checkout's.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
copy="$(mktemp -d /tmp/kring-new-kind.XXXXXX)"
trap 'rm -rf "$copy"' EXIT
cd "$repo"
# The working tree as it is (committed or not), without ignored files.
git ls-files -z --cached --others --exclude-standard |
    tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C "$copy"
[ -d web-client/node_modules ] && ln -s "$repo/web-client/node_modules" "$copy/web-client/node_modules"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"

cd "$copy"
scripts/new-kind.sh sample_kind
cargo test --locked -p kring-protocol
cargo clippy --locked --workspace --all-targets -- -D warnings
cargo test --locked -p kring-server --lib sample_kind
cargo test --locked -p kring-load --bin kring-load sample_kind
if [ -d web-client/node_modules ]; then
    (cd web-client && npx tsc --noEmit -p . && node --test tests/kinds.test.mjs)
else
    echo "test-new-kind: web-client/node_modules missing (npm ci): tsc skipped" >&2
fi
# The registries got exactly one entry each.
[ "$(grep -c 'SampleKind {' protocol/src/lib.rs)" = 1 ]
[ "$(grep -c 'SampleKind(super::sample_kind::SampleKind)' server/src/room/activity.rs)" = 1 ]
[ "$(grep -c "sampleKind: {" web-client/js/activities/index.js)" = 1 ]
[ "$(grep -c 'sample_kind::SampleKind' load-tests/src/main.rs)" = 1 ]
grep -q -- '--scenario sample-kind' load-tests/smoke.sh
[ "$(grep -c 'sample-kind' load-tests/bench.sh)" = 1 ]
echo "test-new-kind: the template makes a kind that builds and passes its tests"
