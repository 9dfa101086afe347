// `sparseadapter bench forward`: forward and train-step timings of a
// random-weight backbone of a named geometry.
#pragma once

#include <functional>
#include <string>

namespace sa {

// What every timing benchmark on a random-weight backbone takes: the
// geometry, one batch shape, the passes, and the thread setup.
struct BenchSetup {
    std::string geometry = "roberta-base";
    int batch = 16;
    int seq = 128;
    int warmup = 1;
    int repeats = 5;
    int torchThreads = 0; // 0: the measured default for the loaded BLAS (sa::configureThreads)
    int blasThreads = 0;  // 0: one per core

    // Throws sa::Error naming `command` unless batch, seq (> 1) and repeats
    // are positive and warmup is not negative.
    void check(const std::string& command) const;
};

struct ForwardBenchOptions : BenchSetup {};

// Runs the benchmark and returns one JSON object (a single line) with
// geometry, batch, seq, forward_s_median, train_step_s_median,
// tokens_per_s_forward, tokens_per_s_train, peak_rss_mb, threads, ...
// `progress(done, total)` is called after every timed pass.
std::string runForwardBench(const ForwardBenchOptions& options, const std::function<void(int, int)>& progress = {});

} // namespace sa
