#!/usr/bin/env bash
# An encrypted journal: how long `start` takes to its first prompt, beside `journal list`, which
# opens every note (each costs a second of scrypt on purpose), in the same hyperfine run.
#
#   bench/encrypted.sh        # a journal of 5 finished sessions
#   bench/encrypted.sh 9
#   BASE=<commit> bench/encrypted.sh   # also that commit's `start`, built in a worktree
#
# `start` opens only the newest entries, down to the latest finished session, and the newest is
# the one the passphrase was checked on, which the key keeps open. Writing the journal takes a
# while: every save is sealed with scrypt too.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-5}
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
cargo build --release --locked --quiet --bin repair-coach
bin=$PWD/target/release/repair-coach
# The toolchain stays found once HOME is a private one below (the base is built after).
export RUSTUP_HOME=${RUSTUP_HOME:-$HOME/.rustup} CARGO_HOME=${CARGO_HOME:-$HOME/.cargo}
work=$(mktemp -d)
trap 'git worktree remove --force "$work/base" 2>/dev/null || true; rm -rf "$work"' EXIT
export HOME=$work/home XDG_CONFIG_HOME=$work/home/config XDG_DATA_HOME=$work/home/data XDG_CACHE_HOME=$work/home/cache
mkdir -p "$XDG_CONFIG_HOME/repair-coach"
printf 'encrypt = true\npassphrase_command = "echo bench passphrase"\n' > "$XDG_CONFIG_HOME/repair-coach/config.toml"
for _ in $(seq "$n"); do
    printf '1\n1\n3\n2\nhurt\n\nI walked away\nyou matter\n\n2\n' | "$bin" start --plain >/dev/null
done
commands=("$bin start --plain" "$bin journal list")
names=(-n start -n "journal list")
if [ -n "${BASE:-}" ]; then
    git worktree add --quiet --detach "$work/base" "$BASE"
    (cd "$work/base" && cargo build --release --locked --quiet --bin repair-coach --target-dir "$work/target")
    commands+=("$work/target/release/repair-coach start --plain")
    names+=(-n "start at $BASE")
fi
NO_COLOR=1 hyperfine --warmup 1 --runs 5 --style basic "${names[@]}" "${commands[@]}"
