#!/usr/bin/env bash
# An encrypted session answered at a person's pace: how long the tool keeps them waiting after
# each answer (bench/answer_wait.py), beside the same session in a plain journal.
#
#   bench/encrypted_answers.sh              # each answer 2 seconds after the question
#   PAUSE=4 bench/encrypted_answers.sh
#   BASE=<commit> bench/encrypted_answers.sh   # also that commit's encrypted session
#
# Each save is sealed with age's scrypt, about a second of work on purpose. Made ahead while the
# person reads and types, it should not be felt, unless they answer within that second.
set -euo pipefail
cd "$(dirname "$0")/.."
pause=${PAUSE:-2}
cargo build --release --locked --quiet --bin repair-coach
bin=$PWD/target/release/repair-coach
export RUSTUP_HOME=${RUSTUP_HOME:-$HOME/.rustup} CARGO_HOME=${CARGO_HOME:-$HOME/.cargo}
work=$(mktemp -d)
trap 'git worktree remove --force "$work/base" 2>/dev/null || true; rm -rf "$work"' EXIT
printf '1\n1\n3\n2\nhurt\n\nI walked away\nyou matter\n\n2\n' > "$work/answers"
mkdir -p "$work/encrypted/config/repair-coach" "$work/plain/config/repair-coach"
printf 'encrypt = true\npassphrase_command = "echo bench passphrase"\n' \
    > "$work/encrypted/config/repair-coach/config.toml"
session() { # name kind binary
    local home=$work/$2
    # A journal of its own each time: a session left behind would be offered back.
    rm -rf "$home/data"
    printf '%-24s ' "$1"
    env HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" \
        XDG_CACHE_HOME="$home/cache" python3 bench/answer_wait.py "$pause" "$work/answers" \
        "$3" start --plain | tail -1
}
if [ -n "${BASE:-}" ]; then
    git worktree add --quiet --detach "$work/base" "$BASE"
    (cd "$work/base" && cargo build --release --locked --quiet --bin repair-coach --target-dir "$work/target")
fi
for round in $(seq "${ROUNDS:-3}"); do
    echo "round $round (answers ${pause} s after each question)"
    session plain plain "$bin"
    session encrypted encrypted "$bin"
    if [ -n "${BASE:-}" ]; then
        session "encrypted at $BASE" encrypted "$work/target/release/repair-coach"
    fi
done
