// What the trainer needs from a task family (classification, question
// answering, summarization), and the one interface each family implements:
// training batches addressed by (epoch, index) so that a resumed run sees
// exactly the batches the interrupted one would have, scoring batches for
// pruning, and an evaluation of the model that returns the family's metrics,
// a few sample predictions for the GUI and the files the run folder keeps.
// The trainer never asks which family it is training.
#pragma once

#include "model/language_model.h"
#include "train/training_events.h"

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace sa {

struct EvalMetrics {
    MetricValues values;
    std::string mainName; // greater is better
};

// Where and how an evaluation runs. `progress` is called after every batch
// with the rows done (examples, or QA features) and the total; it returns
// false when the run is to stop, and the evaluation then ends early.
struct EvalContext {
    torch::Device device = torch::kCPU;
    std::function<bool(int64_t done, int64_t total)> progress;
};

struct TaskEvaluation {
    bool complete = true;                                   // false: stopped early; nothing else is meaningful
    double loss = std::numeric_limits<double>::quiet_NaN(); // mean over rows with targets
    int64_t examples = 0;                                   // what the metrics average over
    int64_t positions = 0;                                  // token positions run (padding included)
    EvalMetrics metrics;
    std::vector<PredictionSample> samples;
    std::vector<EvalArtifact> artifacts;
};

// How much data a task holds: examples as read, rows as batched (the same
// for classification; QA: questions and their windows).
struct TaskSizes {
    int64_t trainExamples = 0, trainRows = 0;
    int64_t evalExamples = 0, evalRows = 0;
};

class Task {
public:
    virtual ~Task() = default;

    virtual TaskSizes sizes() const = 0;
    virtual int64_t trainBatchesPerEpoch() const = 0;
    // Deterministic in (epoch, index): the epoch's order comes from the seed.
    virtual Batch trainBatch(int epoch, int64_t index) const = 0;
    // `count` training batches for pruning, drawn with their own generator.
    virtual std::vector<Batch> scoringBatches(int count, uint64_t seed) const = 0;
    // What one row of a batch is, for progress ("examples"; QA: "features").
    virtual std::string rowUnit() const { return "examples"; }

    virtual bool hasEvaluation() const { return false; }
    // The model is in eval mode with gradients off (the trainer sees to it).
    virtual TaskEvaluation evaluate(LanguageModelImpl& /*model*/, const EvalContext& /*context*/) const { return {}; }
};

// Fixed batches in a fixed order (tests, benchmarks): batch i of every epoch
// is batches[i]; scoring uses the first `count` (or the given ones); no
// evaluation.
class FixedBatches : public Task {
public:
    explicit FixedBatches(std::vector<Batch> train, std::vector<Batch> scoring = {})
        : train_(std::move(train)), scoring_(std::move(scoring)) {}
    TaskSizes sizes() const override {
        int64_t rows = 0;
        for (const auto& b : train_)
            rows += b.input_ids.size(0);
        return {rows, rows, 0, 0};
    }
    int64_t trainBatchesPerEpoch() const override { return static_cast<int64_t>(train_.size()); }
    Batch trainBatch(int, int64_t index) const override { return train_.at(static_cast<std::size_t>(index)); }
    std::vector<Batch> scoringBatches(int count, uint64_t) const override {
        const auto& from = scoring_.empty() ? train_ : scoring_;
        return {from.begin(), from.begin() + std::min<std::ptrdiff_t>(count, static_cast<std::ptrdiff_t>(from.size()))};
    }

private:
    std::vector<Batch> train_, scoring_;
};

// The evaluation loop the families share: `batches` batches (from
// `batchAt`) through the model on context.device, each output handed to
// `take` with its batch; loss (weighted by rows), rows and positions
// accumulated into `result`; progress and stop as EvalContext says. Returns
// false (and sets result.complete = false) when stopped.
bool runEvaluationBatches(LanguageModelImpl& model, const EvalContext& context, int64_t batches, int64_t totalRows,
                          const std::function<Batch(int64_t)>& batchAt,
                          const std::function<void(const Batch&, const ModelOutput&)>& take, TaskEvaluation& result);

} // namespace sa
