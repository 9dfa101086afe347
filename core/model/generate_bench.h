// `sparseadapter bench generate`: beam-search generation on a random-weight
// BART of a named geometry with an FFN adapter, at fixed lengths
// (min_length = max_length, so every hypothesis decodes the same number of
// tokens and runs are comparable with the reference's generate), and a
// seq2seq training step with the adapter trainable.
#pragma once

#include "model/forward_bench.h"

#include <functional>
#include <string>

namespace sa {

struct GenerateBenchOptions : BenchSetup {
    GenerateBenchOptions() {
        geometry = "bart-large";
        batch = 2;
        seq = 256; // source length
        repeats = 3;
    }
    int beams = 6;
    int length = 31;      // min_length = max_length (start token included)
    int bottleneck = 64;  // the FFN adapter's
    bool useCache = true; // false: the whole prefix every step (for comparison)
    // A training step too (0: skip): batch × trainSource source and trainTarget target tokens.
    int trainBatch = 0, trainSource = 512, trainTarget = 64;
};

// One JSON line: geometry, batch, source_length, beams, new_tokens,
// generate_s_median, new_tokens_per_s, peak_rss_mb (after generation),
// [train_step_s_median, train_tokens_per_s, train_peak_rss_mb], threads,
// blas_threads.
std::string runGenerateBench(const GenerateBenchOptions& options, const std::function<void(int, int)>& progress = {});

} // namespace sa
