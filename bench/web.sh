#!/usr/bin/env bash
# Search page weight and server time (issue #7): `trialdex serve` (release build) on a
# database, each page asked for 3 times untimed, then ROUNDS times; prints bytes and
# p50/p99/max of curl's time to the last byte on loopback (the server's rendering plus
# a local transfer).
#
#   bench/web.sh [DB]          # default /tmp/trialdex-bench-500000 (bench/search.sh builds it)
#   ROUNDS=100 bench/web.sh /tmp/trialdex-bench-corpus
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:-/tmp/trialdex-bench-500000}
rounds=${ROUNDS:-50}
port=${PORT:-8097}
[ -f "$db/trialdex.sqlite" ] || { echo "no trialdex database in $db (bench/search.sh 500000 builds one)" >&2; exit 1; }
cargo build --release -q -p trialdex
target=${CARGO_TARGET_DIR:-target}
"$target/release/trialdex" serve --db "$db" --listen "127.0.0.1:$port" 2>/tmp/trialdex-web-bench.log &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/api/v2/version" && break; sleep 0.5; done

# A study the database holds: the best match for "cancer".
study=$(curl -s "http://127.0.0.1:$port/api/trialdex/v1/search?q=cancer&pageSize=1" | grep -o '"registryId":"[^"]*"' | head -1 | cut -d'"' -f4)
pages=(
  "/"
  "/?cond=cancer"
  "/?cond=breast%20cancer&status=RECRUITING"
  "/?q=diabetes&phase=PHASE3&country=United%20States"
  "/?cond=heart%20failure&page=5"
  "/?q=%E5%86%8D%E7%94%9F%E9%9A%9C%E7%A2%8D%E6%80%A7%E8%B4%AB%E8%A1%80"
  "/study/$study"
  "/study/$study/history"
  "/stats?cond=cancer"
)
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores); $db; $rounds rounds"
printf '| page | bytes | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|\n'
for page in "${pages[@]}"; do
  url="http://127.0.0.1:$port$page"
  for _ in 1 2 3; do curl -s -o /dev/null "$url"; done
  bytes=$(curl -s -o /dev/null -w '%{size_download}' "$url")
  times=$(for _ in $(seq "$rounds"); do curl -s -o /dev/null -w '%{time_total}\n' "$url"; done | sort -n)
  pick() { echo "$times" | awk -v q="$1" '{ a[NR] = $1 } END { i = int(q * NR + 0.999); if (i < 1) i = 1; if (i > NR) i = NR; printf "%.1f", a[i] * 1000 }'; }
  printf '| `%s` | %s | %s | %s | %s |\n' "$page" "$bytes" "$(pick 0.5)" "$(pick 0.99)" "$(pick 1)"
done
