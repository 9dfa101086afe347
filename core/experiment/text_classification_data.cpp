#include "experiment/text_classification_data.h"

#include "error.h"
#include "train/metrics.h"
#include "train/seeding.h"

#include <algorithm>
#include <numeric>
#include <random>

namespace sa {

namespace {

// Seeds for the epoch order and the scoring draw, apart from each other.
uint64_t mix(uint64_t seed, uint64_t salt) {
    return splitmix64Finalize(seed ^ (kGoldenGamma * (salt + 1)));
}

// Fisher–Yates with our own draw, so the order is the same on every
// standard library (std::shuffle's algorithm is unspecified).
void shuffle(std::vector<int64_t>& v, std::mt19937_64& rng) {
    for (std::size_t i = v.size(); i > 1; --i)
        std::swap(v[i - 1], v[rng() % i]);
}

std::vector<std::vector<int64_t>> chunk(const std::vector<int64_t>& order, int64_t size) {
    std::vector<std::vector<int64_t>> batches;
    for (std::size_t i = 0; i < order.size(); i += static_cast<std::size_t>(size))
        batches.emplace_back(
            order.begin() + static_cast<std::ptrdiff_t>(i),
            order.begin() + static_cast<std::ptrdiff_t>(std::min(order.size(), i + static_cast<std::size_t>(size))));
    return batches;
}

} // namespace

TextClassificationData::TextClassificationData(const Tokenizer& tokenizer, GlueTask task,
                                               const std::vector<GlueExample>& train,
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
}

TextClassificationData::Example TextClassificationData::tokenize(const GlueExample& e) const {
    const auto encoding = tokenizer_.encode(e.text, e.textPair.empty() ? nullptr : &e.textPair, options_.maxLength);
    Example x;
    x.ids = encoding.input_ids;
    x.types = encoding.token_type_ids;
    x.label = regression_ ? e.score : static_cast<double>(e.label);
    return x;
}

Batch TextClassificationData::collate(const std::vector<Example>& from, const std::vector<int64_t>& rows) const {
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

const std::vector<std::vector<int64_t>>& TextClassificationData::epochBatches(int epoch) const {
    if (cachedEpoch_ == epoch) return cachedBatches_;
    std::vector<int64_t> order(train_.size());
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 rng(mix(options_.seed, static_cast<uint64_t>(epoch)));
    shuffle(order, rng);
    if (options_.groupByLength) {
        // HF's LengthGroupedSampler idea: sort within megabatches of 50
        // batches by length (longest first), then shuffle the batch order.
        const auto mega = options_.batchSize * 50;
        for (std::size_t i = 0; i < order.size(); i += static_cast<std::size_t>(mega)) {
            const auto end =
                order.begin() + static_cast<std::ptrdiff_t>(std::min(order.size(), i + static_cast<std::size_t>(mega)));
            std::stable_sort(order.begin() + static_cast<std::ptrdiff_t>(i), end, [&](int64_t a, int64_t b) {
                return train_[static_cast<std::size_t>(a)].ids.size() > train_[static_cast<std::size_t>(b)].ids.size();
            });
        }
        cachedBatches_ = chunk(order, options_.batchSize);
        for (std::size_t i = cachedBatches_.size(); i > 1; --i)
            std::swap(cachedBatches_[i - 1], cachedBatches_[rng() % i]);
    } else {
        cachedBatches_ = chunk(order, options_.batchSize);
    }
    cachedEpoch_ = epoch;
    return cachedBatches_;
}

int64_t TextClassificationData::trainBatchesPerEpoch() const {
    return (trainExamples() + options_.batchSize - 1) / options_.batchSize;
}

Batch TextClassificationData::trainBatch(int epoch, int64_t index) const {
    return collate(train_, epochBatches(epoch).at(static_cast<std::size_t>(index)));
}

std::vector<Batch> TextClassificationData::scoringBatches(int count, uint64_t seed) const {
    std::vector<int64_t> order(train_.size());
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 rng(mix(seed, 0x5C0E));
    shuffle(order, rng);
    auto batches = chunk(order, options_.batchSize);
    batches.resize(std::min<std::size_t>(batches.size(), static_cast<std::size_t>(std::max(count, 0))));
    std::vector<Batch> out;
    for (const auto& rows : batches)
        out.push_back(collate(train_, rows));
    return out;
}

int64_t TextClassificationData::evalBatchCount() const {
    return (evalExamples() + options_.evalBatchSize - 1) / options_.evalBatchSize;
}

Batch TextClassificationData::evalBatch(int64_t index) const {
    std::vector<int64_t> rows;
    for (int64_t r = index * options_.evalBatchSize; r < std::min(evalExamples(), (index + 1) * options_.evalBatchSize);
         ++r)
        rows.push_back(r);
    return collate(eval_, rows);
}

EvalMetrics TextClassificationData::metrics(const torch::Tensor& logits, const torch::Tensor& labels) const {
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

int64_t TextClassificationData::epochPositions() const {
    int64_t total = 0;
    for (const auto& rows : epochBatches(0)) {
        int64_t length = options_.padding == Padding::Max ? options_.maxLength : 0;
        for (const auto r : rows)
            length = std::max<int64_t>(length, static_cast<int64_t>(train_[static_cast<std::size_t>(r)].ids.size()));
        total += length * static_cast<int64_t>(rows.size());
    }
    return total;
}

int64_t TextClassificationData::trainTokens() const {
    int64_t total = 0;
    for (const auto& x : train_)
        total += static_cast<int64_t>(x.ids.size());
    return total;
}

} // namespace sa
