# Shared by .ci/sanitize and .ci/fuzz-smoke (sourced): ccache when present, and the one Clang
# build both use, build-fuzz: ASan + UBSan + libFuzzer's coverage counters on everything (the
# engine, the command, the service, the tests and the fuzz targets), so the sanitizer suite and
# the fuzz smoke cost one build, not two.
if command -v ccache >/dev/null && [ "${CCACHE_DISABLE:-}" != 1 ]; then
  export CCACHE_BASEDIR="$PWD" CCACHE_DIR="${CCACHE_DIR:-$HOME/.ccache}"
  LAUNCHER=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
else
  LAUNCHER=()
fi
# No Python, benchmarks or WebAssembly: nothing sanitized would run in them.
LEAN=(-DSIGNPOST_BUILD_PYTHON=OFF -DSIGNPOST_BUILD_BENCH=OFF -DSIGNPOST_BUILD_WEB=OFF -DSIGNPOST_INSTALL=OFF)

# Sanitizer builds: -O1 (the sanitizers' own advice: fast enough to run, quicker to compile) and
# line tables only (enough for symbolised reports); about 15% less compile time than -O2 -g.
# Unity builds of the engine, the command and the service (CMake puts 8 files in one): half their
# compile time (the TSan build of the engine: 141 CPU-s against 274; the command 66 against 171),
# since each header is parsed and each template instantiated once per 8 files. So names in
# anonymous namespaces must differ between the files of one library (the tests are left out).
SAN_FLAGS=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only -DNDEBUG" -DCMAKE_UNITY_BUILD=ON)

# build_fuzz TARGET...: configures build-fuzz (always the same way) and builds the targets.
build_fuzz() {
  CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz "${SAN_FLAGS[@]}" -DSIGNPOST_FUZZ=ON \
    "${LEAN[@]}" "${LAUNCHER[@]}" >/dev/null
  cmake --build build-fuzz -j"$(nproc)" --target "$@"
}
