#!/usr/bin/env bash
# How fast are the reading commands on a large vault, next to `check` and to `cat` (issue 14)?
#
#   bench/reading.sh                 # vaults of 1,000 and 10,000 notes
#   bench/reading.sh 1000 10000 100000
#   ROUNDS=3 bench/reading.sh 10000  # three hyperfine runs per size, each figure their median
#
# For each size it generates a synthetic vault (examples/gen_vault.rs, deterministic: a third of
# the notes typed), then times in ONE hyperfine run (one warm-up, then several runs each):
#   cat       find VAULT -name '*.md' -print0 | xargs -0 cat > /dev/null
#   heads     gen_vault --read-heads VAULT: the walk, then each note's metadata and first KiB on
#             all cores, nothing parsed: the floor of a first run of the commands below
#   stats     gen_vault --stat-notes VAULT: the walk, then each note's metadata on all cores, no
#             file opened: the floor of a "+cache" run below
#   check     repair-coach check --vault VAULT (exit 65 expected: the vault has bad notes on purpose),
#             the cache emptied before each run; "check+cache" a later run on the unchanged vault,
#             which prints the report the first kept
#   start     repair-coach --vault VAULT start < /dev/null: the vault loaded and the first question
#             asked (then stdin ends and it stops, saving nothing)
#   skills    repair-coach --vault VAULT skills
#   show      repair-coach --vault VAULT show NAME (a core skill of the vault)
#   show-meta the same for a supporting skill, whose page lists the skills drawing on it
#   mistakes  repair-coach --vault VAULT mistakes
# each of the last five twice: a first run (the metadata cache emptied before each run, so every
# note's head is read from its file and the cache written), and "+cache" (a later run on the
# unchanged vault, heads from the cache), and each command's peak memory (/usr/bin/time -v, the
# median of five runs) against the vault's markdown bytes.
# With ROUNDS above 1, each size is timed in that many hyperfine runs, one after the other; every
# ratio is taken within one run, and the table gives the median of the runs' ratios and their
# range, so that a burst of load on a shared machine moves one run and not the figure.
# Targets: start, skills, show, mistakes <= 0.3x check and peak RSS <= 0.3x the markdown;
# check <= 1.0x cat at 10,000 notes and its peak RSS < 1.0x the markdown; with the cache, check
# and start faster than cat.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
rounds=${ROUNDS:-1}
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)

command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

cargo build --release --locked --quiet --bin repair-coach --example gen_vault
bin=$PWD/target/release/repair-coach
gen=$PWD/target/release/examples/gen_vault

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A private home, so that no config, vault or journal of the person running this is used.
export HOME=$work/home XDG_CONFIG_HOME=$work/home/config XDG_DATA_HOME=$work/home/data XDG_CACHE_HOME=$work/home/cache
mkdir -p "$HOME"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

table=()
for n in "${sizes[@]}"; do
    vault="$work/vault-$n"
    "$gen" "$vault" "$n" 42 >/dev/null
    md_bytes=$(find "$vault" -name '*.md' -not -path '*/.*/*' -printf '%s\n' | awk '{ s += $1 } END { print s }')
    # A core skill of the vault, by name, for `show`.
    typed=$(grep -rl --include='*.md' '^fileClass: core_skill' "$vault" | grep -v '/\.' | head -1 || true)
    name=$(basename "$typed" .md)
    # And a supporting skill, whose page lists the skills that draw on it.
    meta=$(grep -rl --include='*.md' '^fileClass: meta_skill' "$vault" | grep -v '/\.' | head -1 || true)
    meta=$(basename "$meta" .md)
    echo
    echo "== $n notes, $((md_bytes / 1024)) KiB of markdown =="
    runs=10
    [ "$n" -ge 100000 ] && runs=3
    # Settled notes (the cache leaves out a file written in the last two seconds), then a run
    # that builds the cache.
    sleep 3
    "$bin" --vault "$vault" skills >/dev/null
    empty="rm -rf '$XDG_CACHE_HOME'"
    for round in $(seq 1 "$rounds"); do
        hyperfine -i --warmup 1 --runs "$runs" --style basic --export-csv "$work/times-$n-$round.csv" \
            --prepare true --prepare "$empty" --prepare true --prepare "$empty" --prepare "$empty" \
            --prepare "$empty" --prepare "$empty" --prepare "$empty" --prepare true --prepare true \
            --prepare true --prepare true --prepare true --prepare true --prepare true \
            -n cat "find '$vault' -name '*.md' -print0 | xargs -0 cat > /dev/null" \
            -n check "$bin check --vault '$vault'" \
            -n check+cache "$bin check --vault '$vault'" \
            -n start "$bin --vault '$vault' start < /dev/null" \
            -n skills "$bin --vault '$vault' skills" \
            -n show "$bin --vault '$vault' show '$name'" \
            -n show-meta "$bin --vault '$vault' show '$meta'" \
            -n mistakes "$bin --vault '$vault' mistakes" \
            -n start+cache "$bin --vault '$vault' start < /dev/null" \
            -n skills+cache "$bin --vault '$vault' skills" \
            -n show+cache "$bin --vault '$vault' show '$name'" \
            -n show-meta+cache "$bin --vault '$vault' show '$meta'" \
            -n mistakes+cache "$bin --vault '$vault' mistakes" \
            -n heads "$gen --read-heads '$vault'" \
            -n stats "$gen --stat-notes '$vault'"
    done
    # One figure of each run for a command: its mean, or its mean over the mean of `over`.
    per_run() {
        for csv in "$work"/times-"$n"-*.csv; do
            awk -F, -v name="$1" -v over="${2:-}" '
                $1 == name { s = $2 } over != "" && $1 == over { b = $2 }
                END { if (over == "") print s; else print s / b }' "$csv"
        done
    }
    median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
    range() { sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.2f-%.2f", lo, hi }'; }
    peak() { # KiB of peak RSS of one run of the command
        /usr/bin/time -v -o "$work/rss.txt" "$@" >/dev/null 2>&1 < /dev/null || true
        awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/rss.txt"
    }
    prepare() { # the cache as the timed runs of the command found it
        case $1 in
            # The report of the last check, kept.
            check+cache) "$bin" --vault "$vault" check >/dev/null || true ;;
            # A cache with the lines `skills` lists (the other commands cache none).
            *+cache) "$bin" --vault "$vault" skills >/dev/null ;;
            *) rm -rf "$XDG_CACHE_HOME" ;;
        esac
    }
    for cmd in check check+cache start skills show show-meta mistakes start+cache skills+cache show+cache show-meta+cache mistakes+cache; do
        # Peak RSS moves by a few hundred KiB from run to run: the median of five.
        rss=$(for _ in 1 2 3 4 5; do
            prepare "$cmd"
            case ${cmd%+cache} in
                check) peak "$bin" check --vault "$vault" ;;
                show) peak "$bin" --vault "$vault" show "$name" ;;
                show-meta) peak "$bin" --vault "$vault" show "$meta" ;;
                *) peak "$bin" --vault "$vault" "${cmd%+cache}" ;;
            esac
        done | median)
        table+=("$(printf '| %7d | %-15s | %8.1f ms | %5.2fx | %-9s | %5.2fx | %-9s | %7d KiB | %5sx |' \
            "$n" "$cmd" "$(per_run "$cmd" | median | awk '{ print $1 * 1000 }')" \
            "$(per_run "$cmd" check | median)" "$(per_run "$cmd" check | range)" \
            "$(per_run "$cmd" cat | median)" "$(per_run "$cmd" cat | range)" \
            "$rss" "$(ratio $((rss * 1024)) "$md_bytes")")")
    done
    for floor in heads stats; do
        table+=("$(printf '| %7d | %-15s | %8.1f ms | %5.2fx | %-9s | %5.2fx | %-9s |             |           |' \
            "$n" "$floor" "$(per_run "$floor" | median | awk '{ print $1 * 1000 }')" \
            "$(per_run "$floor" check | median)" "$(per_run "$floor" check | range)" \
            "$(per_run "$floor" cat | median)" "$(per_run "$floor" cat | range)")")
    done
    table+=("$(printf '| %7d | %-15s | %8.1f ms |        |           |  1.00x |           |             |           |' \
        "$n" cat "$(per_run cat | median | awk '{ print $1 * 1000 }')")")
done

echo
echo "== summary ($(nproc) cores; $rounds hyperfine run(s) per size; ratios within a run: median, range) =="
echo "|   notes | command         |    mean    | /check | range     |   /cat | range     | peak RSS    | /markdown |"
echo "|---------|-----------------|------------|--------|-----------|--------|-----------|-------------|-----------|"
printf '%s\n' "${table[@]}"
