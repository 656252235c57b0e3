#!/usr/bin/env bash
# Builds tests/consumer from a clean temporary directory both ways: against the engine installed
# (cmake --install --component engine) from this build into a temporary prefix, and with
# add_subdirectory of the source. Cost: the add_subdirectory build compiles the engine once more
# (about 2.5 CPU-minutes without ccache, so 1-2 minutes on 2 idle cores; seconds with a warm
# ccache); the installed way only compiles main.cpp and links.
# Usage: run.sh SOURCE_DIR BUILD_DIR [COMPILER_LAUNCHER]
set -euo pipefail
src=$1 build=$2 launcher=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$src/tests/consumer" "$tmp/app"
extra=()
[ -n "$launcher" ] && extra+=(-DCMAKE_CXX_COMPILER_LAUNCHER="$launcher")

cmake --install "$build" --prefix "$tmp/prefix" --component engine >/dev/null
test -f "$tmp/prefix/include/signpost/engine/signpost.hpp"
cmake -S "$tmp/app" -B "$tmp/installed" -DCMAKE_PREFIX_PATH="$tmp/prefix" -DCMAKE_BUILD_TYPE=Release "${extra[@]}" >/dev/null
cmake --build "$tmp/installed" -j2 >/dev/null
"$tmp/installed/app" >/dev/null
echo "consumer: find_package(signpost) on an installed copy: ok"

# No build type given: the engine is still optimised; only the engine is built.
cmake -S "$tmp/app" -B "$tmp/sub" -DSIGNPOST_SOURCE="$src" "${extra[@]}" >/dev/null
cmake --build "$tmp/sub" -j2 >/dev/null
"$tmp/sub/app" >/dev/null
if [ -e "$tmp/sub/signpost/signpost" ] || [ -d "$tmp/sub/signpost/python" ]; then
  echo "consumer: add_subdirectory built more than the engine" >&2
  exit 1
fi
grep -q -- "-O2" "$tmp/sub/signpost/engine/CMakeFiles/signpost_engine.dir/flags.make"
echo "consumer: add_subdirectory(signpost): ok"
