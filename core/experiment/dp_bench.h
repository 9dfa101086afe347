// `sparseadapter bench dp`: the step time of data-parallel adapter training
// against one process on the same global batch. The core trainer runs
// either way (SNIP-pruned adapters, dropout off, a random-weight backbone),
// so the data-parallel figure includes sharding, the gradient all-reduce
// and the ranks' agreement on stopping.
#pragma once

#include "model/forward_bench.h"

#include <string>
#include <vector>

namespace sa {

class Communicator;

struct DataParallelBenchOptions : BenchSetup {
    std::string adapter = "houlsby";
    int bottleneck = 64;
    double sparsity = 0.4; // SNIP, fraction removed
};

// One JSON line: mode ("one_process" or "data_parallel"), processes,
// rows_per_process, train_step_s_median, tokens_per_s_train, loss_mean,
// gradient_values, threads. With `ranks` every rank must call it; rank 0's
// line is the one that counts (each rank's time includes waiting for the
// slowest). Threads are the caller's to set.
std::string runDataParallelBench(const DataParallelBenchOptions& options, Communicator* ranks);

// The last line of `bench dp`, over rounds of both: the median one-process
// step time over the median data-parallel one (speed-up), that over the
// process count (efficiency), the same of each's best round, and how far
// the mean losses differ.
std::string compareDataParallelBench(const std::vector<std::string>& oneProcessLines,
                                     const std::vector<std::string>& dataParallelLines);

} // namespace sa
