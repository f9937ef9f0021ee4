#!/usr/bin/env bash
# Import throughput on the real corpus (release build), and database size against the
# raw input: `bench/import.sh [FOLDER...]` (default: the CT.gov v2 and legacy XML folders).
set -euo pipefail
cd "$(dirname "$0")/.."
folders=("$@")
[ ${#folders[@]} -gt 0 ] || folders=(../shared/corpus/ctgov-v2 ../shared/corpus/ctgov-xml)
cargo build --release -q -p trialdex
db=$(mktemp -d)
trap 'rm -rf "$db"' EXIT
raw=$(du -cb "${folders[@]}" | tail -1 | cut -f1)
start=$(date +%s.%N)
./target/release/trialdex import --db "$db" "${folders[@]}" 2>&1 | grep -E '^imported'
end=$(date +%s.%N)
start2=$(date +%s.%N)
./target/release/trialdex import --db "$db" "${folders[@]}" 2>&1 | grep -E '^imported' | sed 's/^/re-import: /'
end2=$(date +%s.%N)
size=$(du -cb "$db" | tail -1 | cut -f1)
awk -v raw="$raw" -v size="$size" -v t1="$(echo "$end - $start" | bc)" -v t2="$(echo "$end2 - $start2" | bc)" 'BEGIN {
  printf "raw input %.1f MB, database %.1f MB (%.2fx); first import %.1fs, re-import %.1fs\n", raw/1e6, size/1e6, size/raw, t1, t2 }'
