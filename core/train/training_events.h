// What a training run reports while it runs: plain structs, no LibTorch and
// no Qt, so the GUI can copy them into queued signals and the CLI into its
// progress bar and metrics.jsonl.
#pragma once

#include "sparsity/score_bins.h"

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace sa {

struct StepEvent {
    int64_t step = 0; // optimizer steps done, 1-based
    int64_t totalSteps = 0;
    int epoch = 0; // 0-based
    int epochs = 0;
    int64_t stepInEpoch = 0; // 1-based within the epoch
    int64_t stepsPerEpoch = 0;
    double loss = 0.0;
    double learningRate = 0.0;
    double gradNorm = 0.0; // before clipping
    double clipCoefficient = 1.0;
    int64_t tokens = 0;           // positions processed by this step (padding included)
    int64_t rows = 0;             // examples (QA: features) in this step's batch
    int64_t epochRows = 0;        // rows of a whole epoch
    std::string rowUnit;          // what a row is: "examples", "features"
    double seconds = 0.0;         // training time of the run so far, resumed sessions included
    double tokensPerSecond = 0.0; // over all of the run's steps

    // The training time left at the run's mean step time so far (resumed
    // sessions included); evaluation and pruning time are not in it. The
    // one ETA the CLI and the GUI show.
    double etaSeconds() const {
        return step > 0 ? seconds / static_cast<double>(step) * static_cast<double>(totalSteps - step) : 0.0;
    }
};

using MetricValues = std::vector<std::pair<std::string, double>>;

// One evaluated example as the GUI's Predictions view shows it: the input,
// what the references say and what the model said. Spans are UTF-8 byte
// offsets [begin, end) into `context`; -1 where the text is not in it.
struct PredictionSample {
    std::string id;
    std::string input;                   // QA: the question; classification: the sentence (pair joined)
    std::string context;                 // QA: the passage the answer comes from; empty otherwise
    std::vector<std::string> references; // gold answers or the gold label
    std::string prediction;
    int64_t predictionBegin = -1, predictionEnd = -1;
    std::vector<std::pair<int64_t, int64_t>> referenceSpans; // one per reference
    double exactMatch = 0.0;                                 // 1 when the prediction counts as right
    double f1 = 0.0;                                         // QA token F1 (= exactMatch elsewhere)
};

// A file an evaluation produces for the run folder (QA: predictions.json,
// nbest_predictions.json). The run folder keeps the best evaluation's copy
// under `fileName`, and with keepEveryEvaluation one per evaluation too.
struct EvalArtifact {
    std::string fileName;
    std::shared_ptr<const std::string> content; // shared: events are copied into queued signals
    bool keepEveryEvaluation = false;
};

// An AdapterFusion run's evaluation: at every fusion site, the attention
// probability each source adapter got, averaged over the evaluation set's
// real (non-padding) positions. Rows sum to 1.
struct FusionAttention {
    std::vector<std::string> sites;   // rows, bottom-up: "layer 0 ffn", "layer 1 attention", ...
    std::vector<std::string> sources; // columns: the source runs' task names ("sst-2", "rte"), in config order
    std::vector<double> values;       // sites × sources, row-major
    bool empty() const { return values.empty(); }
    double at(std::size_t site, std::size_t source) const { return values[site * sources.size() + source]; }
};

struct EvalEvent {
    int64_t step = 0;
    int epoch = 0;
    double loss = 0.0;
    MetricValues metrics;
    std::string mainMetric;
    double mainValue = 0.0;
    bool best = false; // the best main metric so far
    int64_t examples = 0;
    double seconds = 0.0; // evaluation wall time
    double tokensPerSecond = 0.0;
    // In memory only (not in checkpoints or summary.json):
    std::vector<PredictionSample> samples;
    std::vector<EvalArtifact> artifacts;
    FusionAttention fusion; // empty without fusion layers; also in metrics.jsonl ("fusion_attention")
};

// Progress within a long phase that is not a training step (evaluation):
// `done` of `total` rows, counted in `unit` ("examples", "features").
struct ProgressEvent {
    std::string phase; // "evaluating"
    int64_t done = 0, total = 0;
    std::string unit;
};

struct MaskTensor {
    std::string name; // official name of the mask buffer
    int64_t rows = 0, cols = 0;
    int64_t kept = 0;
    std::vector<uint8_t> values; // rows × cols, row-major, 1 = kept
};

// The scores of one pruning round, binned for the mask views; built by
// scoreSummary() (train/mask_event.h).
// The round's scores binned (sparsity/score_bins.h): |score| on log-spaced
// edges when every finite score is >= 0 (exact zeros then counted apart),
// the signed score on linear edges otherwise (GraSP, random); `total` is
// every prunable weight.
struct ScoreSummary : ScoreHistogram {
    bool available = false; // false where the scores are gone (masks read back from a run folder)
    std::string method;     // pruneMethodName(): "snip", "magnitude", ...
    // Global scope: the largest score (as float32) among the pruned weights,
    // so a weight was pruned iff its score <= threshold (with breakTies a
    // kept weight may tie it). NaN where no single threshold decided: local
    // scope, Erdős–Rényi (per-tensor densities), a round that pruned nothing.
    double threshold = std::numeric_limits<double>::quiet_NaN();
    int64_t atThreshold = 0; // scores equal to the threshold (as float32): the ties the <= rule prunes together
};

struct MaskEvent {
    int epoch = 0;
    int iteration = 0; // 0-based pruning round
    int iterations = 1;
    double density = 1.0; // the target fraction kept after this round
    int64_t kept = 0, total = 0;
    double seconds = 0.0; // scoring + masking time
    std::vector<MaskTensor> tensors;
    ScoreSummary scores;
    // What the user must hear about the round: an achieved density far from
    // the target, fully pruned tensors, each with its likely cause and fix
    // (train/mask_event.h maskWarnings).
    std::vector<std::string> warnings;

    double achievedDensity() const { return total > 0 ? static_cast<double>(kept) / static_cast<double>(total) : 1.0; }
};

struct FinishedEvent {
    bool stopped = false; // by a stop request; the run directory is resumable
    int64_t steps = 0;
    double seconds = 0.0; // wall time of the run (pruning and evaluation included), resumed sessions included
    bool hasEval = false;
    EvalEvent best, last;
};

// Called on the training thread; implementations that touch a GUI must
// queue. Default implementations ignore the event.
class TrainingObserver {
public:
    virtual ~TrainingObserver() = default;
    virtual void onStatus(const std::string& /*message*/) {}
    virtual void onMasks(const MaskEvent& /*event*/) {}
    virtual void onStep(const StepEvent& /*event*/) {}
    virtual void onProgress(const ProgressEvent& /*event*/) {}
    virtual void onEval(const EvalEvent& /*event*/) {}
    // A checkpoint of `step` is about to be written: records of the run up
    // to this step (metrics) must be flushed now.
    virtual void onCheckpoint(int64_t /*step*/) {}
    virtual void onFinished(const FinishedEvent& /*event*/) {}
};

} // namespace sa
