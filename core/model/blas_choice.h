// How OpenBLAS runs in this process, chosen once at start-up, before any
// matrix product (README, "Thread setup"):
// * the kernel: OpenBLAS 0.3.21 (Debian bookworm) does not recognise recent
//   Xeons and falls back to its SSE3 "Prescott" kernels, about 4x slower
//   than the AVX-512 ones; OPENBLAS_CORETYPE=SkylakeX (or Haswell) fixes it;
// * the build: Debian ships OpenBLAS built on pthreads (the default) and on
//   OpenMP. LibTorch's element-wise work runs on libgomp's pool; the
//   pthreads build brings a second pool that spins on the same cores, the
//   OpenMP build runs in libgomp's, so one pool serves both (a training step
//   ~25 % faster on 2 cores, measured with `bench train`).
// OpenBLAS reads the kernel, and the dynamic loader picks the library, only
// when the process starts, so a change means restarting the program once,
// with OPENBLAS_CORETYPE and LD_LIBRARY_PATH set. What the user set wins.
#pragma once

#include "model/threads.h"

#include <functional>
#include <string>

namespace sa {

// What the choice depends on, read from the process (blasFacts) or made up
// by a test.
struct BlasFacts {
    std::string core;    // openblas_get_corename(); empty: not OpenBLAS
    std::string library; // the file sgemm_ came from (blasLibraryFile)
    BlasThreading threading = BlasThreading::Unknown;
    bool avx512 = false;           // F, BW, DQ, VL and CD, as OpenBLAS's SkylakeX kernels need
    bool avx2 = false;             // with FMA
    bool userKernel = false;       // OPENBLAS_CORETYPE was set before we looked
    std::string libraryPath;       // LD_LIBRARY_PATH
    bool alreadyRestarted = false; // SPARSEADAPTER_BLAS_CHOICE is set: never restart twice
};

struct BlasChoice {
    std::string kernel;     // OPENBLAS_CORETYPE to set; empty: keep
    std::string libraryDir; // folder to put first on LD_LIBRARY_PATH; empty: keep
    bool needsRestart() const { return !kernel.empty() || !libraryDir.empty(); }
};

BlasFacts blasFacts();
// `exists(path)` tells whether a file exists (a test passes its own).
BlasChoice chooseBlas(const BlasFacts& facts, const std::function<bool(const std::string&)>& exists);

// Call first thing in main() (the CLI, the Studio and every test do): when
// chooseBlas asks for a change, restarts the program with it, once. argv
// nullptr: the arguments are read from /proc/self/cmdline. Returns when
// nothing changes, off Linux, or when the restart fails.
void restartWithFasterBlas(char** argv);

// One line on what the start-up chose and why, for `bench` output, the
// About box and run metadata, e.g. "kernel SkylakeX (chosen: AVX-512 CPU
// unknown to this OpenBLAS), OpenMP build (chosen: one thread pool with
// LibTorch)".
std::string blasChoiceText();

} // namespace sa
