#include "tasks/classification/classification_task.h"

#include "error.h"
#include "tasks/batch_order.h"
#include "tasks/classification/glue_metrics.h"

#include <algorithm>

namespace sa {

ClassificationTask::ClassificationTask(const Tokenizer& tokenizer, GlueTask task, const std::vector<GlueExample>& train,
                                       const std::vector<GlueExample>& eval, BatchingOptions options)
    : tokenizer_(tokenizer), task_(task), regression_(glueTaskInfo(task).isRegression()), options_(options) {
    if (options_.batchSize < 1 || options_.evalBatchSize < 1) throw Error("batch sizes must be at least 1");
    if (train.empty()) throw Error(glueTaskName(task) + ": the training set is empty");
    train_.reserve(train.size());
    for (const auto& e : train)
        train_.push_back(tokenize(e));
    eval_.reserve(eval.size());
    for (const auto& e : eval)
        eval_.push_back(tokenize(e));
    sampleSource_.assign(eval.begin(),
                         eval.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(eval.size(), kSamples)));
}

ClassificationTask::Example ClassificationTask::tokenize(const GlueExample& e) const {
    const auto encoding = tokenizer_.encode(e.text, e.textPair.empty() ? nullptr : &e.textPair, options_.maxLength);
    Example x;
    x.ids = encoding.input_ids;
    x.types = encoding.token_type_ids;
    x.label = regression_ ? e.score : static_cast<double>(e.label);
    return x;
}

Batch ClassificationTask::collate(const std::vector<Example>& from, const std::vector<int64_t>& rows) const {
    int64_t length = 0;
    for (const auto r : rows)
        length = std::max<int64_t>(length, static_cast<int64_t>(from[static_cast<std::size_t>(r)].ids.size()));
    if (options_.padding == Padding::Max) length = std::max(length, options_.maxLength);
    const auto n = static_cast<int64_t>(rows.size());
    auto ids = torch::full({n, length}, tokenizer_.padId(), torch::kInt64);
    auto mask = torch::zeros({n, length}, torch::kInt64);
    auto types = torch::zeros({n, length}, torch::kInt64);
    auto labels = torch::empty({n}, regression_ ? torch::kFloat32 : torch::kInt64);
    auto idsA = ids.accessor<int64_t, 2>(), maskA = mask.accessor<int64_t, 2>(), typesA = types.accessor<int64_t, 2>();
    for (int64_t i = 0; i < n; ++i) {
        const auto& x = from[static_cast<std::size_t>(rows[static_cast<std::size_t>(i)])];
        for (std::size_t j = 0; j < x.ids.size(); ++j) {
            idsA[i][static_cast<int64_t>(j)] = x.ids[j];
            maskA[i][static_cast<int64_t>(j)] = 1;
            typesA[i][static_cast<int64_t>(j)] = x.types[j];
        }
        if (regression_)
            labels[i] = x.label;
        else
            labels[i] = static_cast<int64_t>(x.label);
    }
    Batch b;
    b.input_ids = ids;
    b.attention_mask = mask;
    if (tokenizer_.returnsTokenTypeIds()) b.token_type_ids = types;
    b.labels = labels;
    return b;
}

const std::vector<std::vector<int64_t>>& ClassificationTask::epochBatches(int epoch) const {
    if (cachedEpoch_ == epoch) return cachedBatches_;
    if (options_.groupByLength) {
        std::vector<int64_t> lengths;
        lengths.reserve(train_.size());
        for (const auto& x : train_)
            lengths.push_back(static_cast<int64_t>(x.ids.size()));
        cachedBatches_ = lengthGroupedBatchRows(lengths, options_.batchSize, options_.seed, epoch);
    } else {
        cachedBatches_ = epochBatchRows(trainExamples(), options_.batchSize, options_.seed, epoch);
    }
    cachedEpoch_ = epoch;
    return cachedBatches_;
}

int64_t ClassificationTask::trainBatchesPerEpoch() const {
    return batchCount(trainExamples(), options_.batchSize);
}

Batch ClassificationTask::trainBatch(int epoch, int64_t index) const {
    return collate(train_, epochBatches(epoch).at(static_cast<std::size_t>(index)));
}

std::vector<Batch> ClassificationTask::scoringBatches(int count, uint64_t seed) const {
    std::vector<Batch> out;
    for (const auto& rows : scoringBatchRows(trainExamples(), options_.batchSize, seed, count))
        out.push_back(collate(train_, rows));
    return out;
}

int64_t ClassificationTask::evalBatchCount() const {
    return batchCount(evalExamples(), options_.evalBatchSize);
}

Batch ClassificationTask::evalBatch(int64_t index) const {
    return collate(eval_, consecutiveRows(evalExamples(), options_.evalBatchSize, index));
}

TaskEvaluation ClassificationTask::evaluate(LanguageModelImpl& model, const EvalContext& context) const {
    TaskEvaluation result;
    std::vector<torch::Tensor> logits, labels;
    const bool complete = runEvaluationBatches(
        model, context, evalBatchCount(), evalExamples(), [this](int64_t i) { return evalBatch(i); },
        [&](const Batch& batch, const ModelOutput& out) {
            logits.push_back(out.logits.to(torch::kCPU));
            labels.push_back(batch.labels.to(torch::kCPU));
        },
        result);
    if (!complete || logits.empty()) return result;
    const auto all = torch::cat(logits);
    result.examples = evalExamples();
    result.metrics = metrics(all, torch::cat(labels));
    result.samples = samples(all);
    return result;
}

std::vector<PredictionSample> ClassificationTask::samples(const torch::Tensor& logits) const {
    const auto& info = glueTaskInfo(task_);
    auto labelText = [&](double value) {
        if (regression_) return std::to_string(value);
        const auto i = static_cast<std::size_t>(value);
        return i < info.labels.size() ? info.labels[i] : std::to_string(i);
    };
    std::vector<PredictionSample> out;
    for (std::size_t i = 0; i < sampleSource_.size(); ++i) {
        const auto& e = sampleSource_[i];
        PredictionSample s;
        s.id = std::to_string(e.line);
        s.input = e.textPair.empty() ? e.text : e.text + "\n" + e.textPair;
        const double gold = regression_ ? e.score : static_cast<double>(e.label);
        const auto row = logits[static_cast<int64_t>(i)];
        const double predicted = regression_ ? row[0].item<double>() : row.argmax().item<double>();
        s.references = {labelText(gold)};
        s.prediction = labelText(predicted);
        s.exactMatch = s.f1 = regression_ ? 0.0 : (gold == predicted ? 1.0 : 0.0);
        out.push_back(std::move(s));
    }
    return out;
}

EvalMetrics ClassificationTask::metrics(const torch::Tensor& logits, const torch::Tensor& labels) const {
    GlueMetrics m;
    if (regression_) {
        const auto p = logits.reshape({-1}).to(torch::kFloat64).contiguous();
        const auto y = labels.reshape({-1}).to(torch::kFloat64).contiguous();
        m = glueRegressionMetrics(std::vector<double>(p.data_ptr<double>(), p.data_ptr<double>() + p.numel()),
                                  std::vector<double>(y.data_ptr<double>(), y.data_ptr<double>() + y.numel()));
    } else {
        const auto p = logits.argmax(-1).to(torch::kInt64).contiguous();
        const auto y = labels.reshape({-1}).to(torch::kInt64).contiguous();
        m = glueMetrics(task_, std::vector<int64_t>(p.data_ptr<int64_t>(), p.data_ptr<int64_t>() + p.numel()),
                        std::vector<int64_t>(y.data_ptr<int64_t>(), y.data_ptr<int64_t>() + y.numel()));
    }
    return {m.values, m.mainName};
}

int64_t ClassificationTask::epochPositions() const {
    int64_t total = 0;
    for (const auto& rows : epochBatches(0)) {
        int64_t length = options_.padding == Padding::Max ? options_.maxLength : 0;
        for (const auto r : rows)
            length = std::max<int64_t>(length, static_cast<int64_t>(train_[static_cast<std::size_t>(r)].ids.size()));
        total += length * static_cast<int64_t>(rows.size());
    }
    return total;
}

int64_t ClassificationTask::trainTokens() const {
    int64_t total = 0;
    for (const auto& x : train_)
        total += static_cast<int64_t>(x.ids.size());
    return total;
}

} // namespace sa
