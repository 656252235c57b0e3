#!/usr/bin/env bash
# Builds tests/consumer from a clean temporary directory both ways: against the engine installed
# (cmake --install --component engine) from this build into a temporary prefix, and with
# add_subdirectory of the source. Cost: seconds with a compiler launcher (ccache) after the main
# Release build, whose objects the add_subdirectory build reuses (without one, the engine once more:
# about 2.5 CPU-minutes); the installed way only compiles main.cpp and links.
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

# add_subdirectory, built as the README's build is (Release), so with a compiler launcher (ccache)
# every engine object comes from the cache the main build filled: seconds, not a second engine build.
cmake -S "$tmp/app" -B "$tmp/sub" -DSIGNPOST_SOURCE="$src" -DCMAKE_BUILD_TYPE=Release "${extra[@]}" >/dev/null
cmake --build "$tmp/sub" -j2 >/dev/null
"$tmp/sub/app" >/dev/null
if [ -e "$tmp/sub/signpost/signpost" ] || [ -d "$tmp/sub/signpost/python" ]; then
  echo "consumer: add_subdirectory built more than the engine" >&2
  exit 1
fi
echo "consumer: add_subdirectory(signpost): ok"

# No build type given: the engine is still optimised (configured only: the flags are the point).
cmake -S "$tmp/app" -B "$tmp/sub-default" -DSIGNPOST_SOURCE="$src" "${extra[@]}" >/dev/null
grep -q -- "-O2" "$tmp/sub-default/signpost/engine/CMakeFiles/signpost_engine.dir/flags.make"
echo "consumer: add_subdirectory(signpost) without a build type: the engine is compiled with -O2"
