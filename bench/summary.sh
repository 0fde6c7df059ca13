#!/usr/bin/env bash
# How fast is `repair-coach journal summary` next to merely reading the same journal notes?
#
#   bench/summary.sh             # journals of 1,000 and 10,000 notes
#   bench/summary.sh 2000 20000  # other sizes
#
# For each size it generates a journal (examples/gen_journal.rs, deterministic: sessions,
# check-ins and debriefs as the commands write them), then times in one hyperfine run:
#   cat       every journal note's bytes to /dev/null
#   summary   repair-coach journal summary (text, plain)
#   json      repair-coach journal summary --json
# and prints each as a ratio to cat, and the time per note, so that linearity shows across sizes.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)

command -v hyperfine >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }

cargo build --release --quiet --bin repair-coach --example gen_journal
bin=target/release/repair-coach
gen=target/release/examples/gen_journal

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
per_note_us() { awk -v s="$1" -v n="$2" 'BEGIN { printf "%.1f", s * 1e6 / n }'; }

summary=()
for n in "${sizes[@]}"; do
    journal="$work/journal-$n"
    "$gen" "$journal" "$n" >/dev/null
    echo
    echo "== $n journal notes, $(du -sk "$journal" | cut -f1) KiB =="
    csv="$work/times-$n.csv"
    hyperfine --warmup 3 --min-runs 10 --style basic --export-csv "$csv" \
        -n cat "find '$journal' -name '*.md' -print0 | xargs -0 cat > /dev/null" \
        -n summary "$bin --journal '$journal' --plain journal summary > /dev/null" \
        -n json "$bin --journal '$journal' journal summary --json > /dev/null"
    mean() { awk -F, -v name="$1" '$1 == name { print $2 }' "$csv"; }
    cat_s=$(mean cat)
    summary_s=$(mean summary)
    json_s=$(mean json)
    summary+=("$(printf '%6d notes: summary %7.1f ms (%s us/note, %sx cat) | json %7.1f ms (%sx cat) | cat %7.1f ms' \
        "$n" "$(awk -v s="$summary_s" 'BEGIN { print s * 1000 }')" "$(per_note_us "$summary_s" "$n")" \
        "$(ratio "$summary_s" "$cat_s")" \
        "$(awk -v s="$json_s" 'BEGIN { print s * 1000 }')" "$(ratio "$json_s" "$cat_s")" \
        "$(awk -v s="$cat_s" 'BEGIN { print s * 1000 }')")")
done

echo
echo "== summary ($(nproc) cores) =="
printf '%s\n' "${summary[@]}"
