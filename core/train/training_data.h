// What the trainer needs from a dataset: training batches addressed by
// (epoch, index) so that a resumed run sees exactly the batches the
// interrupted one would have, scoring batches for pruning, evaluation
// batches and the task's metrics.
#pragma once

#include "model/language_model.h"
#include "train/training_events.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sa {

struct EvalMetrics {
    MetricValues values;
    std::string mainName; // greater is better
};

class TrainingData {
public:
    virtual ~TrainingData() = default;

    virtual int64_t trainBatchesPerEpoch() const = 0;
    // Deterministic in (epoch, index): the epoch's order comes from the seed.
    virtual Batch trainBatch(int epoch, int64_t index) const = 0;
    // `count` training batches for pruning, drawn with their own generator.
    virtual std::vector<Batch> scoringBatches(int count, uint64_t seed) const = 0;

    virtual int64_t evalBatchCount() const { return 0; }
    virtual Batch evalBatch(int64_t /*index*/) const { return {}; }
    // logits [examples, labels] (or [examples, 1] for regression), labels [examples].
    virtual EvalMetrics metrics(const torch::Tensor& /*logits*/, const torch::Tensor& /*labels*/) const { return {}; }
};

// Fixed batches in a fixed order (tests, benchmarks): batch i of every epoch
// is batches[i]; scoring uses the first `count` (or the given ones).
class FixedBatches : public TrainingData {
public:
    explicit FixedBatches(std::vector<Batch> train, std::vector<Batch> scoring = {})
        : train_(std::move(train)), scoring_(std::move(scoring)) {}
    int64_t trainBatchesPerEpoch() const override { return static_cast<int64_t>(train_.size()); }
    Batch trainBatch(int, int64_t index) const override { return train_.at(static_cast<std::size_t>(index)); }
    std::vector<Batch> scoringBatches(int count, uint64_t) const override {
        const auto& from = scoring_.empty() ? train_ : scoring_;
        return {from.begin(), from.begin() + std::min<std::ptrdiff_t>(count, static_cast<std::ptrdiff_t>(from.size()))};
    }

private:
    std::vector<Batch> train_, scoring_;
};

} // namespace sa
