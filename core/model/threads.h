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
    std::string blas;     // e.g. "OpenBLAS 0.3.21 ... Haswell MAX_THREADS=64", or "unknown"
};

// threads <= 0: one per available core. Sets both pools to the same count
// (OpenBLAS is called from one torch thread at a time for our shapes).
ThreadSetup configureThreads(int threads = 0);
// Sets the two pools independently (for measuring alternatives).
ThreadSetup configureThreads(int torchThreads, int blasThreads);
ThreadSetup currentThreads();

} // namespace sa
