// A few persistent threads for work LibTorch and the BLAS do not split for
// us (a decoding step's skinny products, fewRowsLinear): starting a thread
// per product would cost more than a small product takes.
#pragma once

#include <functional>

namespace sa {

// How many threads the matrix products of this process use: what
// configureThreads gave the BLAS (one per core until it is called).
int matrixThreads();
void setMatrixThreads(int threads);

// Runs part(0) … part(parts − 1), part 0 on the calling thread and the
// others on helper threads, and returns when all are done. Calls from
// several threads take turns. An exception in a part is rethrown here.
void runParts(int parts, const std::function<void(int)>& part);

} // namespace sa
