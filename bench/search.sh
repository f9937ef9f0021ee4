#!/usr/bin/env bash
# Search latency (issue #5): trialdex's index against SQLite FTS5 over the same text,
# on the real corpus and on generated records. Builds each database once (release
# binary) and keeps it in /tmp for later runs; then runs
# `cargo bench -p trialdex-index --bench search_latency` on each.
#
#   bench/search.sh                  # corpus, 100k and 500k
#   bench/search.sh corpus 100000    # some of them
#   TRIALDEX_BENCH_ROUNDS=50 bench/search.sh corpus
set -euo pipefail
cd "$(dirname "$0")/.."
sets=("$@")
[ ${#sets[@]} -gt 0 ] || sets=(corpus 100000 500000)
target=${CARGO_TARGET_DIR:-target}
cargo build --release -q -p trialdex
trialdex=$target/release/trialdex

for set in "${sets[@]}"; do
  db=/tmp/trialdex-bench-$set
  if [ ! -f "$db/trialdex.sqlite" ] || [ ! -f "$db/index/FORMAT" ]; then
    rm -rf "$db" "$db.partial"
    if [ "$set" = corpus ]; then
      inputs=(../shared/seeds ../shared/corpus/*/)
    else
      gen=/tmp/gen-$set
      if [ ! -d "$gen" ]; then
        "$trialdex" bench gen --count "$set" --out "$gen.partial"
        mv "$gen.partial" "$gen"
      fi
      inputs=("$gen")
    fi
    echo "building $db from ${inputs[*]}" >&2
    # Some corpus files are deliberately unreadable: exit status 1 means "some input failed".
    status=0
    /usr/bin/time -f "import: %e s, peak RSS %M KB" "$trialdex" import --db "$db.partial" "${inputs[@]}" \
      >"$db.import.log" 2>&1 || status=$?
    grep -E '^(imported|import:)' "$db.import.log" >&2 || true
    [ "$status" -le 1 ] || { echo "import into $db failed ($status), see $db.import.log" >&2; exit 1; }
    mv "$db.partial" "$db"
  fi
  echo
  echo "## $set ($db)"
  echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores)"
  TRIALDEX_BENCH_DB=$db cargo bench -q -p trialdex-index --bench search_latency
done
