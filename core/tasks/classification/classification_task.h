// A GLUE-style sentence (pair) classification or regression task as the
// trainer sees it: examples tokenized once, batches padded to their longest
// row (or to max_seq_length, as the reference pads), an epoch order drawn
// from the run's seed, optional length-grouped batches, and the task's
// official metrics, with a few predictions for the GUI.
#pragma once

#include "experiment/experiment_config.h"
#include "tasks/classification/glue_dataset.h"
#include "tasks/task.h"
#include "text/tokenizer.h"

#include <cstdint>
#include <vector>

namespace sa {

struct BatchingOptions {
    int64_t batchSize = 32;
    int64_t evalBatchSize = 64;
    int64_t maxLength = 128;
    Padding padding = Padding::Longest;
    bool groupByLength = false;
    uint64_t seed = 42;
};

class ClassificationTask : public Task {
public:
    ClassificationTask(const Tokenizer& tokenizer, GlueTask task, const std::vector<GlueExample>& train,
                       const std::vector<GlueExample>& eval, BatchingOptions options);

    TaskSizes sizes() const override { return {trainExamples(), trainExamples(), evalExamples(), evalExamples()}; }
    int64_t trainBatchesPerEpoch() const override;
    Batch trainBatch(int epoch, int64_t index) const override;
    std::vector<Batch> scoringBatches(int count, uint64_t seed) const override;
    bool hasEvaluation() const override { return !eval_.empty(); }
    TaskEvaluation evaluate(LanguageModelImpl& model, const EvalContext& context) const override;

    int64_t evalBatchCount() const;
    Batch evalBatch(int64_t index) const;
    // logits [examples, labels] (or [examples, 1] for regression), labels [examples].
    EvalMetrics metrics(const torch::Tensor& logits, const torch::Tensor& labels) const;

    int64_t trainExamples() const { return static_cast<int64_t>(train_.size()); }
    int64_t evalExamples() const { return static_cast<int64_t>(eval_.size()); }
    // Positions a full epoch processes (padding included) and real tokens.
    int64_t epochPositions() const;
    int64_t trainTokens() const;

    // Evaluation examples shown as predictions in the GUI.
    static constexpr int64_t kSamples = 8;

private:
    struct Example {
        std::vector<int64_t> ids, types;
        double label = 0;
    };
    Example tokenize(const GlueExample& e) const;
    Batch collate(const std::vector<Example>& from, const std::vector<int64_t>& rows) const;
    // The epoch's batches as row lists (cached for the current epoch).
    const std::vector<std::vector<int64_t>>& epochBatches(int epoch) const;
    std::vector<PredictionSample> samples(const torch::Tensor& logits) const;

    const Tokenizer& tokenizer_;
    GlueTask task_;
    bool regression_;
    BatchingOptions options_;
    std::vector<Example> train_, eval_;
    std::vector<GlueExample> sampleSource_; // the first kSamples evaluation examples, as read
    mutable int cachedEpoch_ = -1;
    mutable std::vector<std::vector<int64_t>> cachedBatches_;
};

} // namespace sa
