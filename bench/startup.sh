#!/usr/bin/env bash
# Time to the first prompt of `repair-coach start` (shipped content), beside `repair-coach --version`
# in the same hyperfine run, and the ratio between them. hyperfine gives each command an empty stdin,
# so `start --plain` meets end-of-input at its first question, pauses with nothing saved, and exits:
# what is timed is start-up, loading and typing the notes, and drawing the first prompt.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
cargo build --release --quiet
bin=target/release/repair-coach
journal=$(mktemp -d)
trap 'rm -rf "$journal"' EXIT
out=$(mktemp)
NO_COLOR=1 hyperfine --warmup 20 --runs 200 -N --export-json "$out" \
  "$bin --version" \
  "$bin start --plain --journal $journal"
python3 - "$out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
base, start = r[0]["mean"], r[1]["mean"]
print(f"--version: {base*1e3:.2f} ms   start (to first prompt): {start*1e3:.2f} ms   ratio: {start/base:.2f}x")
PY
