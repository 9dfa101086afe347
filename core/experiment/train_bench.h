// `sparseadapter bench train` and `bench epoch`: the cost of SparseAdapter
// training with the core trainer — one optimizer step on a random-weight
// backbone, and one epoch of a real GLUE task padded as the reference pads
// (every batch to max_seq_length) and padded to each batch's longest row.
#pragma once

#include "model/forward_bench.h"
#include "model/language_model.h"
#include "train/training_events.h"

#include <functional>
#include <string>
#include <vector>

namespace sa {

// The benchmarks' model: a random-weight `geometry` backbone (dropout off,
// seed 0) with reference-style `adapter` adapters attached and frozen for
// adapter training; numLabels > 0 overrides the head's label count.
LanguageModel benchModel(const std::string& geometry, const std::string& adapter, int bottleneck,
                         int64_t numLabels = 0);

// Times every step from the trainer's own events.
struct StepTimes : TrainingObserver {
    std::vector<double> steps;
    double last = 0.0, lossSum = 0.0;
    int64_t positions = 0; // padding included
    std::function<void()> tick;
    void onStep(const StepEvent& e) override {
        steps.push_back(e.seconds - last);
        last = e.seconds;
        lossSum += e.loss;
        positions += e.tokens;
        if (tick) tick();
    }
};

struct TrainBenchOptions : BenchSetup {
    std::string adapter = "houlsby";
    int bottleneck = 64;
    double sparsity = 0.4; // SNIP, fraction removed
    bool profile = false;  // one more step under OpProfiler (model/op_profile.h)
    // Where to write the random model's parameters (safetensors, our names)
    // before training, so the reference can run on the very same weights
    // (tools/reference_train_bench.py --weights); empty: nowhere.
    std::string saveWeights;
};

// The reference's side of a benchmark gets our very model and data
// (tools/reference_train_bench.py --weights): the parameters under our
// names, then each batch's input_ids, attention_mask and labels as
// train.<i>.<field> (the order the trainer takes them) and
// scoring.<i>.<field> (what pruning scores on).
void saveBenchWeights(const std::string& path, LanguageModelImpl& model, const std::vector<Batch>& train,
                      const std::vector<Batch>& scoring);

// One JSON line: train_step_s_median, tokens_per_s_train, eval_tokens_per_s,
// peak_rss_mb, threads, ... With `profile`, "profile": the profiled step's
// wall and CPU time (cpu_busy = CPU seconds of all threads per wall second:
// spinning thread pools show there), its phases (forward, backward,
// optimizer), self time per opCategory and the top operators.
// `progress(done, total)` after every pass.
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
    // With one padding mode: the random model and the epoch's batches for
    // tools/reference_train_bench.py --epoch (saveBenchWeights); empty: nowhere.
    std::string saveWeights;
    std::string adapter = "houlsby";
    int bottleneck = 64;
    double sparsity = 0.4;
};

// One JSON line with, per padding mode, the epoch's wall time, steps,
// positions processed, mean training loss, and the speed-up of "longest".
std::string runEpochBench(const EpochBenchOptions& options, const std::function<void(int, int)>& progress = {});

} // namespace sa
