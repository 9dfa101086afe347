#!/usr/bin/env bash
# Installs everything SparseAdapter Studio needs to build, test and run, from
# Debian/Ubuntu packages. Safe to run twice. Needs root (uses sudo if present).
set -euo pipefail

packages=(
    build-essential cmake ninja-build ccache pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    qt6-qpa-plugins libqt6svg6 libgl-dev fonts-dejavu-core
    libqcustomplot-dev libqcustomplot2.1-qt6 qt6-svg-dev
    libtorch-dev nlohmann-json3-dev
    # Data parallelism: LibTorch's c10d ProcessGroupGloo header includes
    # gloo's headers, which Debian ships apart.
    libgloo-dev
    # Without it LibTorch's matrix products fall back to the reference BLAS,
    # about 30x slower. The OpenMP build shares LibTorch's thread pool; the
    # programs load it at start (core/model/blas_choice.h), ~25 % faster
    # training on 2 cores than the pthreads build, which stays the system's.
    libopenblas0-pthread libopenblas0-openmp
    # Tests: the libFuzzer smoke run of fuzz/ (tools/fuzz.sh) needs clang and
    # its fuzzer runtime.
    clang libfuzzer-14-dev
    # Tests: test_slurm starts a real single-node Slurm (tools/local-slurm.sh).
    slurmctld slurmd slurm-client munge
)

if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
else
    echo "install-deps.sh: run as root, or install sudo" >&2
    exit 1
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps.sh: all ${#packages[@]} packages already installed"
else
    echo "install-deps.sh: installing ${missing[*]}"
    "${sudo[@]}" apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
