// Extractive question answering (SQuAD v1.1, run_qa_sparse.py) as the
// trainer sees it: training batches of windowed features with the official
// start/end labels, scoring batches for pruning, and an evaluation that runs
// every window of the evaluation questions, picks each question's answer as
// postprocess_qa_predictions does, and scores it with the official EM / F1
// (main metric F1). Its predictions.json and nbest_predictions.json go to
// the run folder; a few questions go to the GUI with their answers.
#pragma once

#include "tasks/question_answering/qa_features.h"
#include "tasks/question_answering/qa_postprocess.h"
#include "tasks/question_answering/squad_example.h"
#include "tasks/task.h"
#include "text/tokenizer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sa {

struct QaTaskOptions {
    QaFeatureOptions features;
    QaPostprocessOptions postprocess;
    int64_t batchSize = 32;
    int64_t evalBatchSize = 64;
    uint64_t seed = 42;
};

class QuestionAnsweringTask : public Task {
public:
    // Training questions whose first answer's answer_start does not point at
    // its text are left out (their labels would be wrong) and said so in
    // notes(); evaluation keeps them (the metric reads the texts only).
    QuestionAnsweringTask(const Tokenizer& tokenizer, std::vector<SquadExample> train, std::vector<SquadExample> eval,
                          QaTaskOptions options);

    TaskSizes sizes() const override;
    int64_t trainBatchesPerEpoch() const override;
    Batch trainBatch(int epoch, int64_t index) const override;
    std::vector<Batch> scoringBatches(int count, uint64_t seed) const override;
    std::string rowUnit() const override { return "features"; }
    bool hasEvaluation() const override { return !eval_.empty(); }
    TaskEvaluation evaluate(LanguageModelImpl& model, const EvalContext& context) const override;

    const std::vector<std::string>& notes() const { return notes_; }
    const QaFeatures& trainFeatures() const { return trainFeatures_; }
    const QaFeatures& evalFeatures() const { return evalFeatures_; }

    // Every evaluation feature as postprocessing sees it (validation offsets).
    std::vector<QaFeatureSpans> evalSpans() const;
    // A batch of `features` rows: ids, mask, token types (BERT) and the
    // training labels.
    Batch collate(const QaFeatures& features, const std::vector<int64_t>& rows) const;

    // Evaluation questions shown as predictions in the GUI.
    static constexpr int64_t kSamples = 8;

private:
    std::vector<PredictionSample> samples(const std::vector<std::vector<QaAnswer>>& answers) const;

    const Tokenizer& tokenizer_;
    QaTaskOptions options_;
    std::vector<SquadExample> train_, eval_;
    QaFeatures trainFeatures_, evalFeatures_;
    std::vector<std::string> notes_;
    mutable int cachedEpoch_ = -1;
    mutable std::vector<std::vector<int64_t>> cachedBatches_;
};

} // namespace sa
