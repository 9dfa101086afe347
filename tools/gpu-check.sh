#!/usr/bin/env bash
# Builds core + CLI against the LibTorch inside the machine's PyTorch (e.g. a
# CUDA 2.x build, no Qt) and checks fixture parity on the GPU, then on CPU.
# Usage: tools/gpu-check.sh [FIXTURES_DIR]. nlohmann_json headers are taken
# from build-gpu-deps/include when the machine has none installed.
set -uo pipefail
cd "$(dirname "$0")/.."
fixtures=${1:-}
for f in "$fixtures" ../shared/fixtures shared/fixtures; do [ -n "$f" ] && [ -d "$f/models" ] && { fixtures=$f; break; }; done
py=python3
$py - <<'PY'
import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, "available", torch.cuda.is_available())
if torch.cuda.is_available(): print(torch.cuda.get_device_name(0))
PY
tp=$($py -c 'import torch,os;print(os.path.dirname(torch.__file__))')
abi=$($py -c 'import torch;print(int(torch._C._GLIBCXX_USE_CXX11_ABI))')
out=build-gpu; mkdir -p $out/obj
flags="-std=c++17 -O2 -fPIC -D_GLIBCXX_USE_CXX11_ABI=$abi -Icore -isystem $tp/include -isystem $tp/include/torch/csrc/api/include -isystem build-gpu-deps/include -Wall -Wextra"
srcs=$(sed -n 's#^ *\([a-z_]*/[a-z_]*\.cpp\)$#core/\1#p' core/CMakeLists.txt; ls app/cli/*.cpp)
start=$(date +%s)
printf '%s\n' $srcs | xargs -P "$(nproc)" -I{} sh -c "g++ $flags -c {} -o $out/obj/\$(echo {} | tr / _).o || echo 'COMPILE FAILED: {}'" 2>&1 | grep -E "error|FAILED|warning" | head -40
libs="-L$tp/lib -Wl,-rpath,$tp/lib -Wl,--no-as-needed -ltorch -ltorch_cpu -lc10"
[ -f "$tp/lib/libtorch_cuda.so" ] && libs="$libs -ltorch_cuda -lc10_cuda"
g++ $out/obj/*.o -o $out/sparseadapter $libs -lpthread -ldl || { echo "LINK FAILED"; exit 1; }
echo "built in $(( $(date +%s) - start )) s"
if [ -n "$fixtures" ]; then
    $out/sparseadapter verify "$fixtures" --device cuda --atol 1e-4 --rtol 1e-4
    $out/sparseadapter verify "$fixtures" --device cpu
    $out/sparseadapter prune "$fixtures/models/tiny-roberta" --adapter houlsby --bottleneck 8 --method grasp \
        --sparsity 0.4 --data "$fixtures/pruning/tiny-roberta-houlsby/batch.safetensors" \
        --adapter-weights "$fixtures/adapters/tiny-roberta/houlsby/adapter_params.safetensors" --out $out/masks.safetensors \
        | tail -2
    echo "prune rc=${PIPESTATUS[0]}"
else
    echo "no fixtures found"
fi
$out/sparseadapter bench forward --geometry roberta-base --batch 16 --seq 128 --repeats 3 2>/dev/null
