#!/usr/bin/env bash
# Starts a new activity kind from the template in docs/kind-template/ (a small working kind,
# "hand raise": phones raise or lower a hand, the projector counts them).
#
#   scripts/new-kind.sh word_count
#
# NAME is the kind's Rust module name, in snake_case. The script
#   - copies every layer of the template under the new name (protocol file, server folder and
#     socket test, pages folder, CSS file, load scenario), renaming HandRaise / handRaise /
#     hand_raise / hand-raise / handraise / "hand raise" to the new name's forms;
#   - adds the kind's line to each registry: protocol/src/lib.rs (`mod`, `pub use`, `kinds!`),
#     server/src/room/mod.rs (`pub mod`), server/src/room/activity.rs (`kinds!`),
#     web-client/js/activities/index.js (`KINDS`), load-tests/src/main.rs (`mod`,
#     `SCENARIOS`), and its run to load-tests/smoke.sh and bench.sh's activities;
#   - formats the Rust code.
# Then regenerate the TypeScript types (`cargo test -p kring-protocol`) and make the kind
# yours: docs/ARCHITECTURE.md, "Adding an activity kind", says what each file is for.
# scripts/test-new-kind.sh checks that what this makes builds and passes its tests.
set -euo pipefail
cd "$(dirname "$0")/.."

name="${1:-}"
if [[ ! "$name" =~ ^[a-z][a-z0-9]*(_[a-z0-9]+)*$ ]]; then
    echo "usage: scripts/new-kind.sh NAME   (NAME in snake_case, e.g. word_count)" >&2
    exit 2
fi
# word_count -> WordCount, wordCount, word-count, wordcount, "word count".
pascal="$(perl -pe 's/(?:^|_)([a-z0-9])/\U$1/g' <<<"$name")"
camel="$(perl -pe 's/_([a-z0-9])/\U$1/g' <<<"$name")"
kebab="${name//_/-}"
flat="${name//_/}"
words="${name//_/ }"
human="$(perl -pe 's/^([a-z])/\U$1/' <<<"$words")"

template=docs/kind-template
for taken in "protocol/src/$name.rs" "server/src/room/$name" "web-client/js/activities/$camel" "load-tests/src/$name.rs"; do
    if [ -e "$taken" ]; then
        echo "new-kind: $taken exists already: pick another name" >&2
        exit 1
    fi
done
if grep -q "^    $pascal {" protocol/src/lib.rs; then
    echo "new-kind: the protocol has a kind $pascal already" >&2
    exit 1
fi

# 1. The kind's own files, renamed.
rename() {
    NAME="$name" PASCAL="$pascal" CAMEL="$camel" KEBAB="$kebab" FLAT="$flat" WORDS="$words" HUMAN="$human" \
        perl -pe 's/HandRaise/$ENV{PASCAL}/g; s/handRaise/$ENV{CAMEL}/g; s/hand_raise/$ENV{NAME}/g;
                  s/hand-raise/$ENV{KEBAB}/g; s/handraise/$ENV{FLAT}/g; s/Hand raise/$ENV{HUMAN}/g;
                  s/hand raise/$ENV{WORDS}/g'
}
(cd "$template" && find . -type f ! -name README.md | sort) | while read -r file; do
    target="$(rename <<<"${file#./}")"
    mkdir -p "$(dirname "$target")"
    rename <"$template/$file" >"$target"
    echo "new-kind: created $target"
done

# 2. One line (or entry) per registry; rustfmt puts the `mod` lines in order afterwards.
# insert FILE ANCHOR TEXT: puts TEXT before the first line matching the regex ANCHOR.
insert() {
    local file="$1" anchor="$2" text="$3"
    grep -qE "$anchor" "$file" || { echo "new-kind: no line matching '$anchor' in $file" >&2; exit 1; }
    ANCHOR="$anchor" TEXT="$text" perl -i -pe 'if (!$done && /$ENV{ANCHOR}/) { print "$ENV{TEXT}\n"; $done = 1 }' "$file"
    echo "new-kind: registered in $file"
}
# close_block FILE OPENING TEXT: puts TEXT before the line that closes the block opened by the
# line OPENING (the first line after it that starts with `}` or `];`).
close_block() {
    local file="$1" opening="$2" text="$3"
    grep -qF "$opening" "$file" || { echo "new-kind: no '$opening' in $file" >&2; exit 1; }
    OPENING="$opening" TEXT="$text" perl -i -pe '
        $in = 1 if index($_, $ENV{OPENING}) == 0;
        if ($in && /^(\}|\];)/) { print "$ENV{TEXT}\n"; $in = 0 }' "$file"
    echo "new-kind: registered in $file"
}
insert protocol/src/lib.rs '^mod people;$' "mod $name;"
insert protocol/src/lib.rs '^pub use people::\*;$' "pub use $name::*;"
close_block protocol/src/lib.rs 'kinds! {' "    $pascal {
        spec: ${pascal}Spec = \"A $words.\",
        input: ${pascal}Input = \"Input to a $words.\",
        view: ${pascal}View = \"A $words.\",
        personal: ${pascal}Personal = \"Own state in a $words.\",
    }"
insert server/src/room/mod.rs '^pub mod kind;$' "pub mod $name;"
close_block server/src/room/activity.rs 'kinds! {' "    /// A $words.
    $pascal(super::$name::$pascal),"
close_block web-client/js/activities/index.js 'export const KINDS = {' "  $camel: {
    phone: () => import('./$camel/phone.js'),
    screen: () => import('./$camel/screen.js'),
    host: () => import('./$camel/host.js'),
    css: true,
  },"
insert load-tests/src/main.rs '^mod pitches;$' "mod $name;"
close_block load-tests/src/main.rs 'pub static SCENARIOS' "    Scenario::of::<$name::$pascal>(),"
insert load-tests/smoke.sh '^stop_server$' "target/debug/kring-load --url \"\$url\" --scenario $kebab --clients 100 --rooms 10 --server-pid \"\$server\""
# The first list of activities (classes at classroom pace), not the hall's bursts.
KEBAB="$kebab" perl -i -pe '$done = 1 if !$done && s/^(\s*for act in [a-z -]+)(; do)$/$1 $ENV{KEBAB}$2/' load-tests/bench.sh
if [ "$(grep -cE "for act in [a-z -]* $kebab; do" load-tests/bench.sh)" != 1 ]; then
    echo "new-kind: no list of activities in load-tests/bench.sh to add $kebab to" >&2
    exit 1
fi
echo "new-kind: registered in load-tests/bench.sh"

# 3. Formatting.
cargo fmt --all

cat <<EOF

new-kind: $pascal is in every registry. Next:
  cargo test -p kring-protocol    (regenerates web-client/gen: commit it)
  cargo test -p kring-server $name    (its unit and property tests)
  cargo test -p kring-server --test $name    (over real sockets)
  cd web-client && npx tsc --noEmit -p .
Then make it yours, layer by layer: docs/ARCHITECTURE.md, "Adding an activity kind".
EOF
