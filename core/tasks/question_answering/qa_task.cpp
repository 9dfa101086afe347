#include "tasks/question_answering/qa_task.h"

#include "error.h"
#include "tasks/batch_order.h"
#include "tasks/question_answering/squad_metric.h"
#include "text/unicode.h"

#include <algorithm>
#include <map>
#include <memory>

namespace sa {

namespace {

// Whether context[start:start + len(text)] (code points) is the text.
bool answerPointsAtItsText(const SquadExample& e) {
    if (e.answers.empty()) return true;
    const auto& a = e.answers.front();
    const auto context = unicode::decodeUtf8(e.context);
    const auto text = unicode::decodeUtf8(a.text);
    return a.start >= 0 && static_cast<std::size_t>(a.start) + text.size() <= context.size() &&
           context.compare(static_cast<std::size_t>(a.start), text.size(), text) == 0;
}

std::vector<SquadExample> withoutMismatchedAnswers(std::vector<SquadExample> examples, int64_t& dropped) {
    const auto before = examples.size();
    examples.erase(std::remove_if(examples.begin(), examples.end(),
                                  [](const SquadExample& e) { return !answerPointsAtItsText(e); }),
                   examples.end());
    dropped = static_cast<int64_t>(before - examples.size());
    return examples;
}

// UTF-8 byte offset of code point `index` in `text` (its size past the end).
int64_t byteOffset(const std::string& text, int64_t index) {
    int64_t points = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue; // continuation byte
        if (points++ == index) return static_cast<int64_t>(i);
    }
    return static_cast<int64_t>(text.size());
}

} // namespace

QuestionAnsweringTask::QuestionAnsweringTask(const Tokenizer& tokenizer, std::vector<SquadExample> train,
                                             std::vector<SquadExample> eval, QaTaskOptions options)
    : tokenizer_(tokenizer), options_(options), eval_(std::move(eval)), trainFeatures_(tokenizer, {}, options.features),
      evalFeatures_(tokenizer, eval_, options.features) {
    if (options_.batchSize < 1 || options_.evalBatchSize < 1) throw Error("batch sizes must be at least 1");
    int64_t dropped = 0;
    train_ = withoutMismatchedAnswers(std::move(train), dropped);
    if (dropped > 0)
        notes_.push_back(std::to_string(dropped) +
                         " training questions left out: their first answer_start does not point at the answer text");
    if (train_.empty()) throw Error("question answering: the training set is empty");
    trainFeatures_ = QaFeatures(tokenizer, train_, options_.features);
}

TaskSizes QuestionAnsweringTask::sizes() const {
    return {static_cast<int64_t>(train_.size()), static_cast<int64_t>(trainFeatures_.features().size()),
            static_cast<int64_t>(eval_.size()), static_cast<int64_t>(evalFeatures_.features().size())};
}

Batch QuestionAnsweringTask::collate(const QaFeatures& features, const std::vector<int64_t>& rows) const {
    const auto n = static_cast<int64_t>(rows.size());
    const int64_t length = options_.features.maxSeqLength;
    auto ids = torch::empty({n, length}, torch::kInt64);
    auto mask = torch::empty({n, length}, torch::kInt64);
    auto types = torch::empty({n, length}, torch::kInt64);
    auto starts = torch::empty({n}, torch::kInt64);
    auto ends = torch::empty({n}, torch::kInt64);
    for (int64_t i = 0; i < n; ++i) {
        const auto f = static_cast<std::size_t>(rows[static_cast<std::size_t>(i)]);
        const auto e = features.encode(f);
        std::copy(e.inputIds.begin(), e.inputIds.end(), ids[i].data_ptr<int64_t>());
        std::copy(e.attentionMask.begin(), e.attentionMask.end(), mask[i].data_ptr<int64_t>());
        std::copy(e.tokenTypeIds.begin(), e.tokenTypeIds.end(), types[i].data_ptr<int64_t>());
        starts[i] = features.features()[f].startPosition;
        ends[i] = features.features()[f].endPosition;
    }
    Batch b;
    b.input_ids = ids;
    b.attention_mask = mask;
    if (tokenizer_.returnsTokenTypeIds()) b.token_type_ids = types;
    b.start_positions = starts;
    b.end_positions = ends;
    return b;
}

int64_t QuestionAnsweringTask::trainBatchesPerEpoch() const {
    return batchCount(static_cast<int64_t>(trainFeatures_.features().size()), options_.batchSize);
}

Batch QuestionAnsweringTask::trainBatch(int epoch, int64_t index) const {
    if (cachedEpoch_ != epoch) {
        cachedBatches_ = epochBatchRows(static_cast<int64_t>(trainFeatures_.features().size()), options_.batchSize,
                                        options_.seed, epoch);
        cachedEpoch_ = epoch;
    }
    return collate(trainFeatures_, cachedBatches_.at(static_cast<std::size_t>(index)));
}

std::vector<Batch> QuestionAnsweringTask::scoringBatches(int count, uint64_t seed) const {
    std::vector<Batch> out;
    for (const auto& rows :
         scoringBatchRows(static_cast<int64_t>(trainFeatures_.features().size()), options_.batchSize, seed, count))
        out.push_back(collate(trainFeatures_, rows));
    return out;
}

std::vector<QaFeatureSpans> QuestionAnsweringTask::evalSpans() const {
    std::vector<QaFeatureSpans> spans;
    spans.reserve(evalFeatures_.features().size());
    for (std::size_t f = 0; f < evalFeatures_.features().size(); ++f) {
        const auto e = evalFeatures_.encode(f);
        QaFeatureSpans s;
        s.example = evalFeatures_.features()[f].example;
        s.begin.assign(e.offsets.size(), -1);
        s.end.assign(e.offsets.size(), -1);
        for (std::size_t i = 0; i < e.offsets.size(); ++i)
            if (e.sequenceIds[i] == 1) {
                s.begin[i] = e.offsets[i].begin;
                s.end[i] = e.offsets[i].end;
            }
        spans.push_back(std::move(s));
    }
    return spans;
}

TaskEvaluation QuestionAnsweringTask::evaluate(LanguageModelImpl& model, const EvalContext& context) const {
    TaskEvaluation result;
    const auto featureCount = static_cast<int64_t>(evalFeatures_.features().size());
    const int64_t length = options_.features.maxSeqLength;
    std::vector<float> startLogits, endLogits;
    startLogits.reserve(static_cast<std::size_t>(featureCount * length));
    endLogits.reserve(static_cast<std::size_t>(featureCount * length));
    auto append = [](std::vector<float>& to, const torch::Tensor& logits) {
        const auto cpu = logits.to(torch::kCPU, torch::kFloat32).contiguous();
        to.insert(to.end(), cpu.data_ptr<float>(), cpu.data_ptr<float>() + cpu.numel());
    };
    const bool complete = runEvaluationBatches(
        model, context, batchCount(featureCount, options_.evalBatchSize), featureCount,
        [&](int64_t i) { return collate(evalFeatures_, consecutiveRows(featureCount, options_.evalBatchSize, i)); },
        [&](const Batch&, const ModelOutput& out) {
            append(startLogits, out.start_logits);
            append(endLogits, out.end_logits);
        },
        result);
    if (!complete || eval_.empty()) return result;

    std::vector<std::string> contexts, ids;
    contexts.reserve(eval_.size());
    ids.reserve(eval_.size());
    for (const auto& e : eval_) {
        contexts.push_back(e.context);
        ids.push_back(e.id);
    }
    const auto answers = postprocessQaPredictions(contexts, evalSpans(), startLogits.data(), endLogits.data(), length,
                                                  options_.postprocess);
    std::map<std::string, std::string> predictions;
    for (std::size_t i = 0; i < eval_.size(); ++i)
        predictions[eval_[i].id] = answers[i].front().text;
    const auto score = evaluateSquad(eval_, predictions);
    result.examples = static_cast<int64_t>(eval_.size());
    result.metrics = {{{"exact_match", score.exactMatch}, {"f1", score.f1}}, "f1"};
    result.samples = samples(answers);
    // The files utils_qa.py writes (json.dump(..., indent=4) + "\n").
    result.artifacts.push_back(
        {"predictions.json", std::make_shared<const std::string>(qaPredictionsJson(ids, answers) + "\n"), true});
    result.artifacts.push_back(
        {"nbest_predictions.json", std::make_shared<const std::string>(qaNbestJson(ids, answers) + "\n"), false});
    return result;
}

std::vector<PredictionSample> QuestionAnsweringTask::samples(const std::vector<std::vector<QaAnswer>>& answers) const {
    std::vector<PredictionSample> out;
    for (std::size_t i = 0; i < eval_.size() && static_cast<int64_t>(i) < kSamples; ++i) {
        const auto& e = eval_[i];
        const auto& best = answers[i].front();
        PredictionSample s;
        s.id = e.id;
        s.input = e.question;
        s.context = e.context;
        s.prediction = best.text;
        if (best.begin >= 0) {
            s.predictionBegin = byteOffset(e.context, best.begin);
            s.predictionEnd = byteOffset(e.context, best.end);
        }
        std::vector<std::string> golds;
        for (const auto& a : e.answers) {
            golds.push_back(a.text);
            const auto begin = byteOffset(e.context, a.start);
            s.referenceSpans.emplace_back(begin, begin + static_cast<int64_t>(a.text.size()));
        }
        s.references = golds;
        const auto score = scoreSquadAnswer(best.text, golds);
        s.exactMatch = score.exactMatch;
        s.f1 = score.f1;
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace sa
