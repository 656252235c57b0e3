#!/usr/bin/env bash
# Runs every signpost benchmark and prints one table: ns/response, responses/s, and the ratio to
# the hand-written C++ yardsticks measured in the same run. From a clean clone:
#
#   bash bench/run.sh            # about 5 minutes on 2 cores
#
# It builds signpost in Release (build-bench/, yardsticks with -march=native), generates the
# seed-38 data (bench/seed38.hpp, 1,000,000 responses), checks the checksum, runs the Google
# Benchmark figures of the C++ API, times `signpost batch` end to end (CSV and NDJSON, 1 and 2
# threads), runs the Python comparison (bench/python/, when present and its packages are
# installed) and the peer engines (bench/peers/, when node and npm are). Timings are the best of
# several runs; run it on an otherwise idle machine (the load is printed before and after).
#
# The missing-answer workloads: the same responses with BLANKS percent of the cells left blank
# (seed38::blank, deterministic), through run_batch, `signpost batch` CSV -> CSV and evaluate_frame
# (against a NaN-aware NumPy scorer), each divided by the complete data of the same run.
#
# Environment: BUILD_DIR (build-bench), ROWS (1000000), NDJSON_ROWS (200000), PEER_ROWS (20000),
# REPEAT (5 runs of each command), BLANKS ("2 10 30"), BENCH_FILTER (a --benchmark_filter for the
# C++ figures), SKIP_PEERS=1, SKIP_PYTHON=1.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD_DIR:-build-bench}
ROWS=${ROWS:-1000000}
NDJSON_ROWS=${NDJSON_ROWS:-200000}
PEER_ROWS=${PEER_ROWS:-20000}
REPEAT=${REPEAT:-5}
BLANKS=${BLANKS:-2 10 30}
DATA=$BUILD/data
PY=/usr/bin/python3  # Debian's Python (with its numpy/pandas packages), not a pyenv one
mkdir -p "$DATA"

say() { echo "run.sh: $*" >&2; }

# ---- build --------------------------------------------------------------------------------------------
python_ok=0
if [ -z "${SKIP_PYTHON:-}" ] && [ -f bench/python/bench_frame.py ] && [ -x "$PY" ] &&
   "$PY" -c 'import numpy, pandas' 2>/dev/null; then
  python_ok=1
fi
say "building in $BUILD (Release)"
cmake_args=(-S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DSIGNPOST_BUILD_TESTS=OFF -DSIGNPOST_BUILD_BENCH=ON
            -DSIGNPOST_BENCH_NATIVE=ON)
if [ $python_ok = 1 ]; then
  if ! cmake "${cmake_args[@]}" -DSIGNPOST_BUILD_PYTHON=ON >/dev/null 2>"$DATA/cmake.log" ||
     ! cmake --build "$BUILD" -j"$(nproc)" >"$DATA/build.log" 2>&1; then
    say "the Python module does not build here (see $DATA/build.log); going on without it"
    python_ok=0
  fi
fi
if [ $python_ok = 0 ]; then
  cmake "${cmake_args[@]}" -DSIGNPOST_BUILD_PYTHON=OFF >/dev/null 2>"$DATA/cmake.log"
  cmake --build "$BUILD" -j"$(nproc)" --target signpost signpost_bench seed38_gen >"$DATA/build.log" 2>&1 ||
    { cat "$DATA/build.log" >&2; exit 1; }
fi
[ -x "$BUILD/signpost_bench" ] || { say "signpost_bench was not built: install libbenchmark-dev"; exit 1; }
SP=$BUILD/signpost

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')

# ---- data ---------------------------------------------------------------------------------------------
say "generating $ROWS responses (CSV) and $NDJSON_ROWS (NDJSON)"
"$BUILD/seed38_gen" --rows "$ROWS" --format csv --id >"$DATA/seed38.csv"
"$BUILD/seed38_gen" --rows "$NDJSON_ROWS" --format ndjson --id >"$DATA/seed38.ndjson"
want=$("$BUILD/seed38_gen" --rows "$ROWS" --format check | awk '{print $2}')
for p in $BLANKS; do
  "$BUILD/seed38_gen" --rows "$ROWS" --format csv --id --blank "$(awk -v p="$p" 'BEGIN { print p / 100 }')" >"$DATA/seed38_b$p.csv"
done

# ---- C++ API (Google Benchmark) ----------------------------------------------------------------------
say "C++ API benchmarks"
"$BUILD/signpost_bench" --benchmark_filter="${BENCH_FILTER:-.}" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
  --benchmark_format=csv >"$DATA/cpp.csv" 2>"$DATA/cpp.log"
# name -> ns per item (median of the repetitions)
declare -A NS
while IFS=, read -r name ns; do NS[$name]=$ns; done < <(
  awk -F, 'NR > 1 && $1 ~ /_median"$/ {
             name = $1; gsub(/"/, "", name); sub(/_median$/, "", name)
             for (i = 1; i <= NF; ++i) if (hdr[i] == "items_per_second" && $i != "") printf "%s,%.6g\n", name, 1e9 / $i
           }
           NR == 1 { for (i = 1; i <= NF; ++i) hdr[i] = $i }' "$DATA/cpp.csv")

# ---- signpost batch, end to end ----------------------------------------------------------------------
best_of() {  # best wall time in seconds of REPEAT runs of a command
  local best=""
  for _ in $(seq "$REPEAT"); do
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null
    t1=$(date +%s.%N)
    best=$(awk -v a="$t0" -v b="$t1" -v best="$best" 'BEGIN { t = b - a; if (best == "" || t < best) best = t; printf "%.6f", best }')
  done
  echo "$best"
}
say "signpost batch: CSV -> CSV and NDJSON -> NDJSON"
declare -A CLI
for t in 1 2; do
  CLI[csv$t]=$(best_of "$SP" batch bench/seed38.signpost --input "$DATA/seed38.csv" --output "$DATA/out$t.csv" --threads $t)
  CLI[ndjson$t]=$(best_of "$SP" batch bench/seed38.signpost --input "$DATA/seed38.ndjson" --output "$DATA/out$t.ndjson" --threads $t)
  # The same into /dev/null: what signpost costs, without the file system (NDJSON results are ~5 KB each).
  CLI[csvnull$t]=$(best_of "$SP" batch bench/seed38.signpost --input "$DATA/seed38.csv" --output /dev/null --threads $t)
  CLI[ndjsonnull$t]=$(best_of "$SP" batch bench/seed38.signpost --input "$DATA/seed38.ndjson" --output /dev/null --threads $t)
done
for p in $BLANKS; do
  CLI[blank$p]=$(best_of "$SP" batch bench/seed38.signpost --input "$DATA/seed38_b$p.csv" --output "$DATA/out_b$p.csv" --threads 1)
done
cmp -s "$DATA/out1.csv" "$DATA/out2.csv" && cmp -s "$DATA/out1.ndjson" "$DATA/out2.ndjson" && same=yes || same=NO
# The checksum of the CSV output: columns 2..21 are 10 values (total is the 9th) and 10 guidance.
got=$(awk -F, 'NR > 1 { m = 0; for (b = 0; b < 10; ++b) if ($(12 + b) == "1") m += 2 ^ b; s = (s + m * 131 + $9) % 4294967296 }
               END { printf "%.0f", s }' "$DATA/out1.csv")

# ---- Python --------------------------------------------------------------------------------------------
python_out=""
if [ $python_ok = 1 ]; then
  say "Python evaluate_frame against NumPy"
  python_out=$(PYTHONPATH=$BUILD/python "$PY" bench/python/bench_frame.py bench/seed38.signpost --rows "$ROWS" \
                --blank 0 $BLANKS 2>&1 && PYTHONPATH=$BUILD/python "$PY" bench/python/bench_one.py \
                --cpp-us "$(awk -v ns="${NS["Json/evaluate_json/0"]:-0}" 'BEGIN { print ns / 1000 }')" 2>&1) ||
    python_out="(bench/python/bench_frame.py failed)
$python_out"
fi

# ---- peer engines ------------------------------------------------------------------------------------------
peer_out=""
if [ -z "${SKIP_PEERS:-}" ] && command -v node >/dev/null && command -v npm >/dev/null; then
  say "peer engines (npm install in bench/peers)"
  if (cd bench/peers && npm install --silent --no-audit --no-fund >/dev/null 2>&1); then
    "$BUILD/seed38_gen" --rows "$PEER_ROWS" --format csv >"$DATA/peers.csv"
    peer_want=$("$BUILD/seed38_gen" --rows "$PEER_ROWS" --format check | awk '{print $2}')
    peer_out=$(node bench/peers/seed38.js "$DATA/peers.csv" "$PEER_ROWS" 2>&1 | awk -v want="$peer_want" -F'"' '
      /ns_per_response/ {
        match($0, /"ns_per_response":[0-9.]+/); ns = substr($0, RSTART + 18, RLENGTH - 18)
        match($0, /"checksum":[0-9]+/); ck = substr($0, RSTART + 11, RLENGTH - 11)
        printf "%s %s|%s|%s\n", $4, $8, ns, (ck == want ? "checksum ok" : "checksum DIFFERS")
      }') || peer_out=""
  else
    say "npm install failed (no network?): skipping the peer engines"
  fi
fi

load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- the table -----------------------------------------------------------------------------------------------
plain=${NS["Yardstick/plain/1000000"]:-}
columnar=${NS["Yardstick/columnar/1000000/1/real_time"]:-}
plain_one=${NS["Row/yardstick_plain"]:-}
row() {  # label ns [yardstick for ratios: batch|one]
  awk -v label="$1" -v ns="$2" -v kind="${3:-batch}" -v plain="$plain" -v col="$columnar" -v one="$plain_one" 'BEGIN {
    if (ns == "") { printf "| %-64s | %12s | %13s | %9s | %9s |\n", label, "n/a", "", "", ""; exit }
    rate = 1e9 / ns
    if (ns >= 1000) t = sprintf("%.2f us", ns / 1000); else t = sprintf("%.2f ns", ns)
    if (kind == "one") { r1 = (one == "") ? "" : sprintf("%.2fx", ns / one); r2 = "" }
    else if (kind == "batch") { r1 = (plain == "") ? "" : sprintf("%.2fx", ns / plain); r2 = (col == "") ? "" : sprintf("%.2fx", ns / col) }
    else { r1 = ""; r2 = "" }
    printf "| %-64s | %12s | %13s | %9s | %9s |\n", label, t, sprintf("%.3g", rate), r1, r2
  }'
}
cli_ns() { awk -v s="$1" -v n="$2" 'BEGIN { printf "%.6g", s * 1e9 / n }'; }

{
  echo "signpost benchmarks: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $cpu"
  echo "compiler: $(c++ --version | head -1); kernels: $("$SP" --version) (AVX2 when the CPU has it)"
  echo "load average before: $load_before; after: $load_after"
  echo
  printf "| %-64s | %12s | %13s | %9s | %9s |\n" "seed-38, $ROWS responses unless noted" "time/resp." "responses/s" "vs plain" "vs col."
  echo "|------------------------------------------------------------------|-------------:|--------------:|----------:|----------:|"
  row "hand-written plain C++ (per response), 1 thread" "$plain"
  row "hand-written columnar C++, 1 thread" "$columnar"
  row "hand-written columnar C++, 2 threads" "${NS["Yardstick/columnar/1000000/2/real_time"]:-}"
  row "run_batch, byte columns, yardstick outputs, 1 thread" "${NS["Batch/u8/1000000/1/real_time"]:-}"
  row "run_batch, byte columns, yardstick outputs, 2 threads" "${NS["Batch/u8/1000000/2/real_time"]:-}"
  row "run_batch, 65,536 responses (in cache), 1 thread" "${NS["Batch/u8/65536/1/real_time"]:-}"
  row "  columnar C++, 65,536 responses (in cache), 1 thread" "${NS["Yardstick/columnar/65536/1/real_time"]:-}"
  for p in 0 $BLANKS; do
    row "run_batch, byte columns, $p% of cells blank (1000000), 1 thread" "${NS["Batch/u8_blank/1000000/1/$p/real_time"]:-}"
  done
  row "run_batch, double columns, every value as interval, 1 thread" "${NS["Batch/f64_full/1000000/1/real_time"]:-}"
  row "signpost batch CSV -> CSV file, 1 thread" "$(cli_ns "${CLI[csv1]}" "$ROWS")"
  for p in $BLANKS; do
    row "signpost batch CSV -> CSV file, $p% of cells blank, 1 thread" "$(cli_ns "${CLI[blank$p]}" "$ROWS")"
  done
  row "signpost batch CSV -> CSV file, 2 threads" "$(cli_ns "${CLI[csv2]}" "$ROWS")"
  row "signpost batch CSV -> /dev/null, 1 thread" "$(cli_ns "${CLI[csvnull1]}" "$ROWS")"
  row "signpost batch CSV -> /dev/null, 2 threads" "$(cli_ns "${CLI[csvnull2]}" "$ROWS")"
  row "signpost batch NDJSON -> NDJSON file ($NDJSON_ROWS), 1 thread" "$(cli_ns "${CLI[ndjson1]}" "$NDJSON_ROWS")" other
  row "signpost batch NDJSON -> NDJSON file ($NDJSON_ROWS), 2 threads" "$(cli_ns "${CLI[ndjson2]}" "$NDJSON_ROWS")" other
  row "signpost batch NDJSON -> /dev/null ($NDJSON_ROWS), 1 thread" "$(cli_ns "${CLI[ndjsonnull1]}" "$NDJSON_ROWS")" other
  row "signpost batch NDJSON -> /dev/null ($NDJSON_ROWS), 2 threads" "$(cli_ns "${CLI[ndjsonnull2]}" "$NDJSON_ROWS")" other
  printf "| %-64s | %12s | %13s | %9s | %9s |\n" "one response at a time" "" "" "vs plain" ""
  row "hand-written plain C++, one response per call" "$plain_one" one
  row "run: one response with the full trace (reports)" "${NS["Row/run"]:-}" one
  row "evaluate_json: JSON answers -> JSON result (self-check)" "${NS["Json/evaluate_json/0"]:-}" other
  row "evaluate_json: JSON answers -> JSON result (seed-38)" "${NS["Json/evaluate_json/1"]:-}" other
  row "evaluate_text + dump (JSON document), self-check" "${NS["Json/evaluate_text+dump/0"]:-}" other
  row "compile rules/self-check.signpost (parse + check + compile)" "${NS["Compile/0"]:-}" other
  if [ -n "$peer_out" ]; then
    while IFS='|' read -r name ns note; do row "$name ($PEER_ROWS; $note)" "$ns"; done <<<"$peer_out"
  fi
  echo
  echo "checksum of the CSV output: $got (seed38.md for 1,000,000 responses: 2313249980; this data: $want)"
  echo "outputs identical for 1 and 2 threads: $same"
  awk -v a="${CLI[csv1]}" -v b="${CLI[csv2]}" -v c="${CLI[ndjson1]}" -v d="${CLI[ndjson2]}" -v e="${CLI[csvnull1]}" \
      -v f="${CLI[csvnull2]}" -v g="${CLI[ndjsonnull1]}" -v h="${CLI[ndjsonnull2]}" 'BEGIN {
    printf "2 threads / 1 thread: CSV %.2fx (to /dev/null %.2fx), NDJSON %.2fx (to /dev/null %.2fx)\n", a / b, e / f, c / d, g / h }'
  for p in $BLANKS; do
    awk -v p="$p" -v b="${NS["Batch/u8_blank/1000000/1/$p/real_time"]:-}" -v b0="${NS["Batch/u8_blank/1000000/1/0/real_time"]:-}" \
        -v c="${CLI[blank$p]}" -v c0="${CLI[csv1]}" 'BEGIN {
      printf "%s%% blank / complete, 1 thread: run_batch %s, signpost batch CSV -> CSV %.2fx\n", p,
             (b == "" || b0 == "") ? "n/a" : sprintf("%.2fx", b / b0), c / c0 }'
  done
  echo "output sizes: CSV $(du -h "$DATA/out1.csv" | cut -f1), NDJSON $(du -h "$DATA/out1.ndjson" | cut -f1)"
  if [ -n "$python_out" ]; then
    echo
    echo "Python (bench/python/bench_frame.py, $ROWS rows; bench_one.py: one response, self-check,"
    echo "against the C++ evaluate_json of this run):"
    echo "$python_out" | sed 's/^/    /'
  fi
} | tee "$BUILD/results.md"
