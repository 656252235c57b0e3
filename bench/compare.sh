#!/usr/bin/env bash
# Side by side: this checkout against an earlier commit, in one run, the two builds taking turns
# (so the machine's load falls on both alike). For a change that must not make signpost slower:
#
#   bash bench/compare.sh HEAD~1          # or any commit; ROUNDS=3 by default
#
# Per round and build: JSON answers -> JSON result (Google Benchmark, CPU time: the self-check,
# each commit's own rule file, and seed-38), `signpost batch` CSV -> CSV on the same 1,000,000-row
# seed-38 file (best of 3, wall) and, when both builds have the Python module, `evaluate_frame` on a
# 1,000,000-row DataFrame (bench/python/bench_frame.py of each commit, median of 3). The earlier
# commit is checked out with `git worktree` under $BASE_DIR (build-compare/ by default) and built
# there the way bench/run.sh builds (Release, build-bench/); this checkout's build-bench/ is
# (re)built first. Environment: ROUNDS (3), ROWS (1000000), BASE_DIR (build-compare).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 1 ] || { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
REV=$(git rev-parse --short "$1^{commit}")
ROUNDS=${ROUNDS:-3}
ROWS=${ROWS:-1000000}
BASE=${BASE_DIR:-build-compare}/$REV
PY=/usr/bin/python3
say() { echo "compare.sh: $*" >&2; }

configure_and_build() {  # DIR: a checkout; builds DIR/build-bench like bench/run.sh does
  local args=(-S "$1" -B "$1/build-bench" -DCMAKE_BUILD_TYPE=Release -DSIGNPOST_BUILD_TESTS=OFF
              -DSIGNPOST_BUILD_BENCH=ON -DSIGNPOST_BENCH_NATIVE=ON)
  command -v ccache >/dev/null && args+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  local targets=(signpost signpost_bench seed38_gen _signpost)
  if ! cmake "${args[@]}" -DSIGNPOST_BUILD_PYTHON=ON >/dev/null 2>&1; then
    cmake "${args[@]}" -DSIGNPOST_BUILD_PYTHON=OFF >/dev/null
    targets=(signpost signpost_bench seed38_gen)
  fi
  cmake --build "$1/build-bench" -j"$(nproc)" --target "${targets[@]}" >"$1/build-bench/compare-build.log" 2>&1 ||
    { tail -n 30 "$1/build-bench/compare-build.log" >&2; exit 1; }
}

if [ ! -d "$BASE" ]; then
  say "checking out $REV in $BASE"
  git worktree add --detach "$BASE" "$REV" >/dev/null
fi
say "building $REV in $BASE/build-bench and this checkout in build-bench (Release)"
configure_and_build "$BASE"
configure_and_build "$PWD"
DATA=build-bench/data
mkdir -p "$DATA"
[ -s "$DATA/seed38.csv" ] || build-bench/seed38_gen --rows "$ROWS" --format csv --id >"$DATA/seed38.csv"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

one_build() {  # DIR: prints one line of figures for the build in DIR/build-bench
  local dir=$1 b=$1/build-bench json best=999 t frame=""
  json=$("$b/signpost_bench" --benchmark_filter='Json/evaluate_json' --benchmark_min_time=1 --benchmark_format=csv 2>/dev/null |
         awk -F, '/evaluate_json/ { gsub(/"/, "", $8); printf "json %s %.2f us  ", $8, $4 }')
  for _ in 1 2 3; do
    /usr/bin/time -f %e -o "$OUT/t" "$b/signpost" batch bench/seed38.signpost --input "$DATA/seed38.csv" \
      --output "$OUT/out.csv" --threads 1 >/dev/null 2>&1
    t=$(cat "$OUT/t")
    best=$(awk -v a="$best" -v b="$t" 'BEGIN { print (b < a) ? b : a }')
  done
  if [ -d "$b/python" ] && [ -f "$dir/bench/python/bench_frame.py" ]; then
    frame=$(cd "$dir" && PYTHONPATH="$b/python" "$PY" bench/python/bench_frame.py bench/seed38.signpost --rows "$ROWS" \
              --threads 1 --repeat 3 2>/dev/null | awk '/threads=1:/ { for (i = 1; i <= NF; ++i) if ($i == "s") { print "evaluate_frame " $(i - 1) " s"; exit } }')
  fi
  echo "${json}batch CSV ${best} s  ${frame}"
}

echo "bench/compare.sh: $REV against $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with uncommitted changes)'), $ROUNDS rounds"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$ROUNDS"); do
  echo "round $round  before ($REV): $(one_build "$BASE")"
  echo "round $round  after  (this): $(one_build "$PWD")"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
