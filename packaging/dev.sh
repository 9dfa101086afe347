#!/usr/bin/env bash
# The README's two commands: install the dependencies, build, then either
#   run   start the GUI on the built-in demo (headless demo without a display)
#   test  run the whole test suite (CTest)
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-run}
case "$mode" in run | test) ;; *) echo "usage: packaging/dev.sh run|test" >&2; exit 2 ;; esac

packaging/install-deps.sh
# Cache hits across clones in other folders (CI) and for the precompiled
# LibTorch header.
export CCACHE_BASEDIR="$PWD"
export CCACHE_SLOPPINESS="pch_defines,time_macros,include_file_mtime,include_file_ctime"
cmake --preset default
cmake --build --preset default

if [ "$mode" = test ]; then
    ctest --preset default
    # Every reader of outside bytes under libFuzzer (ASan + UBSan) for a short
    # while from the fixture seeds; tools/fuzz.sh SECONDS runs them longer.
    exec env SA_FUZZ_JOBS="$(nproc)" tools/fuzz.sh 20
fi
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    exec build/app/studio/sparseadapter-studio
fi
echo "no display found: running the headless demo (sparseadapter run --demo, run folder under runs/)"
exec build/app/cli/sparseadapter run --demo
