// The CPU thread setup. LibTorch parallelises element-wise work over its
// intra-op pool (OpenMP, libgomp), while matrix products go to the BLAS
// (OpenBLAS here). OpenBLAS built on pthreads has a pool of its own, and two
// pools that spin on the same cores slow each other down; OpenBLAS built on
// OpenMP runs in libgomp's pool, the one LibTorch uses, so both can take
// every core. The choice made here was measured (README, "Thread setup");
// which build is loaded is decided at start-up (model/blas_choice.h).
#pragma once

#include <string>

namespace sa {

// How the loaded BLAS runs its threads (openblas_get_parallel()).
enum class BlasThreading { Unknown, Sequential, Pthreads, OpenMP };
const char* blasThreadingName(BlasThreading threading); // "unknown", "sequential", "pthreads", "openmp"

struct ThreadSetup {
    int torchThreads = 0; // intra-op threads
    int blasThreads = 0;  // -1: the BLAS offers no control (not OpenBLAS)
    BlasThreading threading = BlasThreading::Unknown;
    std::string blas; // e.g. "OpenBLAS 0.3.21 ... Haswell MAX_THREADS=64", "reference BLAS (…/blas/libblas.so.3)"
    bool referenceBlas = false; // the netlib reference implementation: correct, ~30x slower
};

// One line for the user when the active BLAS is the slow reference one
// (Debian's libblas3, which apt picks when nothing depends on a faster
// one), naming the package that fixes it; empty otherwise. The CLI prints
// it at start, the Studio shows it in its status bar.
std::string slowBlasNotice();

// The measured default (README, "Thread setup"): OpenBLAS gets `threads`
// (<= 0: one per core). Built on OpenMP, it shares libgomp's pool with
// LibTorch, which gets the same count. Built on pthreads, LibTorch gets one
// thread: matrix products are two thirds of a training step and run about
// twice as fast on 2 threads, and two pools spinning on the same cores cost
// more than element-wise work on one thread saves.
ThreadSetup configureThreads(int threads = 0);
// SPARSEADAPTER_THREADS, the threads a process may use (a sweep's executor
// gives each cell its share of the cores); 0 when unset. A value that is not
// a positive integer throws sa::Error naming the variable. Unset, "one per
// core" above means OMP_NUM_THREADS when that is a single positive integer
// (the user's, or CTest's for the tests: two processes whose OpenMP pools
// spin at full width on the same two cores crawl), else the core count.
int requestedThreads();
// configureThreads for one of `ranks` data-parallel processes on this machine:
// each gets an equal share of the cores (at least one) for its BLAS, so the
// ranks together do not oversubscribe them; of requestedThreads() when set.
ThreadSetup configureThreadsForRanks(int ranks);
// Sets the two pools independently (for measuring alternatives); <= 0 gives
// the default above. With the OpenMP build the two are one pool: the torch
// count (or else the BLAS count) sets both.
ThreadSetup configureThreads(int torchThreads, int blasThreads);
ThreadSetup currentThreads();

BlasThreading loadedBlasThreading();
// openblas_get_corename(), e.g. "SkylakeX"; empty when the BLAS is not OpenBLAS.
std::string blasCoreName();
// The file the process's sgemm_ comes from, links resolved. Debian's
// alternatives put every BLAS behind libblas.so.3; the folder tells which:
// …/blas/ is the reference, …/openblas-pthread/, …/openblas-openmp/.
std::string blasLibraryFile();

} // namespace sa
