// The CPU thread setup. LibTorch parallelises element-wise work over its
// intra-op pool, while matrix products go to the BLAS (OpenBLAS here), which
// has a pool of its own; running both at full width oversubscribes the cores.
// The choice made here was measured (README, "Thread setup").
#pragma once

#include <string>

namespace sa {

struct ThreadSetup {
    int torchThreads = 0; // intra-op threads
    int blasThreads = 0;  // -1: the BLAS offers no control (not OpenBLAS)
    std::string blas;     // e.g. "OpenBLAS 0.3.21 ... Haswell MAX_THREADS=64", "reference BLAS (…/blas/libblas.so.3)"
    bool referenceBlas = false; // the netlib reference implementation: correct, ~30x slower
};

// One line for the user when the active BLAS is the slow reference one
// (Debian's libblas3, which apt picks when nothing depends on a faster
// one), naming the package that fixes it; empty otherwise. The CLI prints
// it at start, the Studio shows it in its status bar.
std::string slowBlasNotice();

// The measured default (README, "Thread setup"): OpenBLAS gets `threads`
// (<= 0: one per core) and torch's intra-op pool one thread. Matrix
// products are ~80 % of a training step, and OpenBLAS runs them about twice
// as fast on 2 threads; two pools that both spin on the same cores cost more
// than element-wise work on one thread saves.
ThreadSetup configureThreads(int threads = 0);
// SPARSEADAPTER_THREADS, the threads a process may use (a sweep's executor
// gives each cell its share of the cores); 0 when unset. A value that is not
// a positive integer throws sa::Error naming the variable.
int requestedThreads();
// configureThreads for one of `ranks` data-parallel processes on this machine:
// each gets an equal share of the cores (at least one) for its BLAS, so the
// ranks together do not oversubscribe them; of requestedThreads() when set.
ThreadSetup configureThreadsForRanks(int ranks);
// Sets the two pools independently (for measuring alternatives).
ThreadSetup configureThreads(int torchThreads, int blasThreads);
ThreadSetup currentThreads();

// OpenBLAS 0.3.21 (Debian bookworm) does not recognise recent Xeons and falls
// back to its Prescott (SSE3) kernels, which run our matrix products about 4x
// slower than the AVX-512 ones (README, "Thread setup"). When the loaded BLAS
// reports Prescott on a CPU with AVX-512 (or AVX2), this restarts the process
// once, with OPENBLAS_CORETYPE=SkylakeX (or Haswell): OpenBLAS reads that
// variable only when it is loaded, before main(). Returns without doing
// anything when OPENBLAS_CORETYPE is already set, the BLAS is not OpenBLAS,
// or the restart fails. Call first thing in main().
void restartWithFasterBlasKernel(char** argv);

} // namespace sa
