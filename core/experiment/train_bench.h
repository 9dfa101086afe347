// `sparseadapter bench train` and `bench epoch`: the cost of SparseAdapter
// training with the core trainer — one optimizer step on a random-weight
// backbone, and one epoch of a real GLUE task padded as the reference pads
// (every batch to max_seq_length) and padded to each batch's longest row.
#pragma once

#include "model/forward_bench.h"

#include <functional>
#include <string>

namespace sa {

struct TrainBenchOptions : BenchSetup {
    std::string adapter = "houlsby";
    int bottleneck = 64;
    double sparsity = 0.4; // SNIP, fraction removed
};

// One JSON line: train_step_s_median, tokens_per_s_train, eval_tokens_per_s,
// peak_rss_mb, threads, ... `progress(done, total)` after every pass.
std::string runTrainBench(const TrainBenchOptions& options, const std::function<void(int, int)>& progress = {});

struct EpochBenchOptions {
    std::string geometry = "roberta-base";
    std::string task = "RTE";
    std::string dataDir;          // the task's glue_data folder (train.tsv)
    std::string tokenizerDir;     // a checkpoint folder whose tokenizer matches the geometry's vocabulary
    std::string padding = "both"; // max | longest | both
    bool groupByLength = false;
    int batch = 16;
    int maxLength = 128;
    int64_t maxSteps = 0; // > 0: only the first N steps of the epoch (quick runs)
    std::string adapter = "houlsby";
    int bottleneck = 64;
    double sparsity = 0.4;
};

// One JSON line with, per padding mode, the epoch's wall time, steps,
// positions processed, mean training loss, and the speed-up of "longest".
std::string runEpochBench(const EpochBenchOptions& options, const std::function<void(int, int)>& progress = {});

} // namespace sa
