#!/usr/bin/env bash
# Load benchmark of `signpost serve`: wrk POSTs the shipped self-check's example answers to
# /v1/assessments/intimacy_self_check/evaluate at 64 connections, against 1 and then 2 server
# threads, and in the same run the same answers go through RuleSet::evaluate_json in-process
# (bench/serve/inprocess.cpp) on 1 and 2 threads, so the HTTP overhead is a ratio.
#
#   sudo apt-get install wrk        # Debian's wrk (only the benchmark needs it)
#   bash bench/serve/run.sh         # about 1 minute; figures in docs/performance.md
#
# wrk runs on the same machine (2 cores here) as the service, as a reverse proxy would. The
# access log is on (to /dev/null), as in a deployment. Environment: BUILD_DIR (build),
# DURATION (10 s per run), CONNECTIONS (64), ANSWERS (rules/examples/self-check-answers.json).
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD_DIR:-build}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
export ANSWERS=${ANSWERS:-rules/examples/self-check-answers.json}
RULES=rules/self-check.signpost
command -v wrk >/dev/null || { echo "run.sh: wrk is not installed (sudo apt-get install wrk)" >&2; exit 2; }
cmake --build "$BUILD" -j2 --target signpost serve_inprocess >/dev/null

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-34s %12s %10s %10s %8s\n' "run" "evals/s" "p50" "p99" "errors"
declare -A inproc
for t in 1 2; do
  inproc[$t]=$("$BUILD/serve_inprocess" "$RULES" "$ANSWERS" "$t" "$DURATION")
  printf '%-34s %12s %10s %10s %8s\n' "in-process evaluate_json, $t thread(s)" "${inproc[$t]}" "-" "-" "-"
done
for t in 1 2; do
  log=$(mktemp)
  "$BUILD/signpost" serve "$RULES" --listen 127.0.0.1:0 --threads "$t" 2>"$log" &
  pid=$!
  for _ in $(seq 50); do grep -q '"listening"' "$log" && break; sleep 0.1; done
  port=$(grep -o '"address":"127.0.0.1:[0-9]*' "$log" | grep -o '[0-9]*$')
  url="http://127.0.0.1:$port/v1/assessments/intimacy_self_check/evaluate"
  wrk -t2 -c8 -d2s -s bench/serve/post.lua "$url" >/dev/null  # warm up
  line=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/serve/post.lua "$url" | grep '^RESULT')
  kill -TERM "$pid"; wait "$pid" || true
  rm -f "$log"
  eval "$(echo "$line" | sed 's/^RESULT //')"  # requests= duration_us= errors= p50_us= p99_us=
  rate=$(awk -v r="$requests" -v d="$duration_us" 'BEGIN { printf "%.0f", r / (d / 1e6) }')
  ratio=$(awk -v a="$rate" -v b="${inproc[$t]}" 'BEGIN { printf "%.2f", a / b }')
  printf '%-34s %12s %8.2fms %8.2fms %8s   (%s of in-process)\n' "HTTP, $t server thread(s), c=$CONNECTIONS" "$rate" \
    "$(awk -v x="$p50_us" 'BEGIN { print x / 1000 }')" "$(awk -v x="$p99_us" 'BEGIN { print x / 1000 }')" "$errors" "$ratio"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
