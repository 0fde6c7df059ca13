#!/usr/bin/env bash
# How long does the worst note under the frontmatter caps (issue 9.1: 32 KiB, 16 levels) take?
#
#   bench/frontmatter.sh
#
# Writes vaults of one note each, then times in one hyperfine run, against `--version` (the
# process's own start-up, the baseline):
#   deep    frontmatter of 32 KiB, every line nested 15 levels deep in flow lists `x: [[[...1...]]]`
#   wide    one flow list 15 levels deep holding 32 KiB of items
#   refused the audit's note (80,000 `[`), refused by the caps before the parser sees it
# with `show NOTE` (loads the vault, parses the note, prints it). Target: each under 10 ms, that is
# the loaded note adds under 10 ms to `--version`.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
cargo build --release --locked --quiet --bin repair-coach
bin=target/release/repair-coach
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir "$work/deep" "$work/wide" "$work/refused"
python3 - "$work" <<'PY'
import sys
work = sys.argv[1]
cap = 32 * 1024 - 16
nested = ": " + "[" * 14 + "1" + "]" * 14 + "\n"
deep, i = "", 0
while len(deep) + len(nested) + 8 < cap:
    deep, i = deep + f"k{i}" + nested, i + 1
open(f"{work}/deep/Worst.md", "w").write(f"---\n{deep}---\nBody.\n")
items = ", ".join(str(i) for i in range(12000))
wide = "x: " + "[" * 15 + items[: cap - 140] .rsplit(",", 1)[0] + "]" * 15 + "\n"
open(f"{work}/wide/Worst.md", "w").write(f"---\n{wide}---\nBody.\n")
open(f"{work}/refused/Worst.md", "w").write("---\nx: " + "[" * 80000 + "\n---\n")
PY
wc -c "$work"/*/Worst.md
csv="$work/times.csv"
hyperfine -N -i --warmup 5 --min-runs 30 --style basic --export-csv "$csv" \
    -n version "$bin --version" \
    -n deep "$bin --vault $work/deep show Worst" \
    -n wide "$bin --vault $work/wide show Worst" \
    -n refused "$bin --vault $work/refused show Worst"
mean() { awk -F, -v name="$1" '$1 == name { print $2 }' "$csv"; }
base=$(mean version)
echo
echo "== worst notes under the caps (one run, $(nproc) cores) =="
for name in deep wide refused; do
    awk -v n="$name" -v s="$(mean "$name")" -v b="$base" \
        'BEGIN { printf "%-8s %6.2f ms  (%5.1fx --version, note adds %5.2f ms; target < 10 ms)\n", n, s * 1000, s / b, (s - b) * 1000 }'
done
