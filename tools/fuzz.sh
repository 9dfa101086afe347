#!/usr/bin/env bash
# Builds the libFuzzer harnesses of fuzz/ (build-fuzz/, clang, ASan + UBSan),
# seeds their corpora from the shared fixtures and data, runs each target for
# SECONDS and prints one JSON line per target:
#   {"target":..., "seconds":..., "executions":..., "execs_per_s":..., "crashes":N, "corpus":N}
# Exit status 1 when any target crashed (inputs in build-fuzz/artifacts/<target>/).
#
#   tools/fuzz.sh SECONDS [TARGET...]      (no TARGET: every fuzz_* target)
#
# Seeds come from $SPARSEADAPTER_FIXTURES and $SPARSEADAPTER_DATA, else
# ../shared/{fixtures,data} beside the repository; nothing is copied into the
# tree. The corpus (build-fuzz/corpus/<target>/) grows from run to run.
# SA_FUZZ_JOBS sets the build's parallelism (default 1: builds run niced
# beside other work). Installs nothing.
set -euo pipefail

usage() { echo "usage: tools/fuzz.sh SECONDS [TARGET...]" >&2; exit 2; }
[[ $# -ge 1 && $1 =~ ^[0-9]+$ && $1 -gt 0 ]] || usage
seconds=$1
shift

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$root/build-fuzz
fixtures=${SPARSEADAPTER_FIXTURES:-$root/../shared/fixtures}
data=${SPARSEADAPTER_DATA:-$root/../shared/data}

# The toolchain: clang and its libFuzzer runtime (a separate Debian package).
for tool in clang clang++ cmake ninja python3; do
    command -v "$tool" >/dev/null || { echo "fuzz.sh: '$tool' not found (Debian: clang-14 cmake ninja-build python3)" >&2; exit 2; }
done
runtime="$(clang++ -print-resource-dir)/lib/linux/libclang_rt.fuzzer-x86_64.a"
if [[ ! -f $runtime ]]; then
    echo "fuzz.sh: clang's libFuzzer runtime is missing ($runtime); install the Debian package libfuzzer-14-dev" >&2
    exit 2
fi

if [[ ! -f $build/build.ninja ]]; then
    CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DSPARSEADAPTER_FUZZ=ON \
        -DSPARSEADAPTER_BUILD_GUI=OFF -DSPARSEADAPTER_BUILD_TESTS=OFF >/dev/null
fi
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    mapfile -t targets < <(sed -n 's/^ *\(fuzz_[a-z_]*\)$/\1/p' "$root/fuzz/CMakeLists.txt")
fi
nice -n 19 ninja -C "$build" -j "${SA_FUZZ_JOBS:-1}" "${targets[@]}" >&2

# Seeds (regenerated each time; at most 1 MB each), added to the corpus.
seeds=$build/seeds
rm -rf "$seeds"
python3 "$root/tools/fuzz_seeds.py" "$fixtures" "$data" "$root/README.md" "$seeds" 1048576 2>/dev/null
[[ -d $fixtures && -d $data ]] || echo "fuzz.sh: no fixtures/data under $fixtures, $data: empty corpora" >&2

# Inputs past these lengths are cut: the binary formats need their fixtures
# whole (the safetensors fixtures reach ~130 kB), text formats only lines.
max_len_of() {
    case $1 in
        fuzz_safetensors) echo 262144 ;;
        fuzz_torch_bin | fuzz_bpe_files | fuzz_tokenizer_json | fuzz_vocab_txt) echo 131072 ;;
        *) echo 65536 ;;
    esac
}

# JSON readers get the number edge cases (fuzz/json.dict) as mutation tokens.
dict_of() {
    case $1 in
        fuzz_safetensors | fuzz_torch_bin | fuzz_vocab_txt | fuzz_glue_tsv) ;;
        *) echo "-dict=$root/fuzz/json.dict" ;;
    esac
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=0
for target in "${targets[@]}"; do
    corpus=$build/corpus/$target
    artifacts=$build/artifacts/$target
    log=$build/logs/$target.log
    mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
    [[ -d $seeds/$target ]] && cp -n "$seeds/$target"/* "$corpus"/ 2>/dev/null || true
    marker=$(mktemp)
    start=$(date +%s.%N)
    set +e
    nice -n 19 "$build/fuzz/$target" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len="$(max_len_of "$target")" $(dict_of "$target") -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1
    rc=$?
    set -e
    elapsed=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }')
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    [[ -n $executions ]] || executions=$(sed -n 's/^#\([0-9]*\).*/\1/p' "$log" | tail -1)
    executions=${executions:-0}
    crashes=$(find "$artifacts" -type f -newer "$marker" | wc -l)
    rm -f "$marker"
    # A failure that left no input behind still counts.
    [[ $rc -eq 0 || $crashes -gt 0 ]] || crashes=1
    [[ $crashes -eq 0 ]] || failed=1
    printf '{"target":"%s","seconds":%.0f,"executions":%d,"execs_per_s":%.0f,"crashes":%d,"corpus":%d}\n' \
        "$target" "$elapsed" "$executions" "$(awk -v n="$executions" -v t="$elapsed" 'BEGIN { print n / t }')" "$crashes" \
        "$(find "$corpus" -type f | wc -l)"
    [[ $crashes -eq 0 ]] || echo "fuzz.sh: $target crashed: see $log and $artifacts/" >&2
done
exit $failed
