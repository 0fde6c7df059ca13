#!/usr/bin/env bash
# How fast is `repair-coach check` next to merely reading the same notes?
#
#   bench/check.sh              # vaults of 1,000 and 10,000 notes
#   bench/check.sh 500 2000     # other sizes
#
# For each size it generates a synthetic vault (examples/gen_vault.rs, deterministic), then times in
# one hyperfine run:
#   cat        find VAULT -name '*.md' -print0 | xargs -0 cat > /dev/null
#   read-only  gen_vault --read-only VAULT: walks the vault as the loader does and reads every
#              note's bytes on all cores, parsing nothing (the floor for any loader)
#   check      repair-coach --no-cache check --vault VAULT: every note read, no kept report used
#              (exit 65 is expected: the vault has dangling links and bad notes on purpose, so
#              hyperfine runs with -i)
# and measures check's peak memory with /usr/bin/time -v against the vault's markdown bytes.
# Targets (issue 3): check no slower than cat; peak RSS under 1.5x the markdown bytes.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)

need() { # command, apt package
    command -v "$1" >/dev/null 2>&1 && return
    echo "installing $2 ..." >&2
    apt-get update -qq && apt-get install -y -qq "$2" >/dev/null
}
need hyperfine hyperfine
[ -x /usr/bin/time ] || need /usr/bin/time time

cargo build --release --quiet --bin repair-coach --example gen_vault
bin=target/release/repair-coach
gen=target/release/examples/gen_vault

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

summary=()
for n in "${sizes[@]}"; do
    vault="$work/vault-$n"
    "$gen" "$vault" "$n" 42 >/dev/null
    md_bytes=$(find "$vault" -name '*.md' -not -path '*/.*/*' -printf '%s\n' | awk '{ s += $1 } END { print s }')
    echo
    echo "== $n notes, $((md_bytes / 1024)) KiB of markdown =="
    csv="$work/times-$n.csv"
    hyperfine -i --warmup 3 --min-runs 10 --style basic --export-csv "$csv" \
        -n cat "find '$vault' -name '*.md' -print0 | xargs -0 cat > /dev/null" \
        -n read-only "$gen --read-only '$vault'" \
        -n parse-only "$gen --parse-only '$vault'" \
        -n check "$bin --no-cache check --vault '$vault'"
    mean() { awk -F, -v name="$1" '$1 == name { print $2 }' "$csv"; }
    cat_s=$(mean cat)
    read_s=$(mean read-only)
    parse_s=$(mean parse-only)
    check_s=$(mean check)
    # time -v reports the child's peak RSS; it passes on check's exit code (65 is fine here).
    /usr/bin/time -v -o "$work/time-$n.txt" "$bin" --no-cache check --vault "$vault" >/dev/null 2>&1 || true
    rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time-$n.txt")
    rss_bytes=$((rss_kb * 1024))
    ms() { awk -v s="$1" 'BEGIN { print s * 1000 }'; }
    summary+=("$(printf '%6d notes: check %7.1f ms | cat %7.1f ms (check/cat %s) | read-only %7.1f ms (check/read-only %s) | parse-only %7.1f ms (check/parse-only %s, parse-only/cat %s) | peak RSS %d KiB = %sx the %d KiB of markdown' \
        "$n" "$(ms "$check_s")" \
        "$(ms "$cat_s")" "$(ratio "$check_s" "$cat_s")" \
        "$(ms "$read_s")" "$(ratio "$check_s" "$read_s")" \
        "$(ms "$parse_s")" "$(ratio "$check_s" "$parse_s")" "$(ratio "$parse_s" "$cat_s")" \
        "$rss_kb" "$(ratio "$rss_bytes" "$md_bytes")" "$((md_bytes / 1024))")")
done

echo
echo "== summary ($(nproc) cores) =="
printf '%s\n' "${summary[@]}"
