#include "tasks/summarization/summarization_task.h"

#include "error.h"
#include "model/bart.h"
#include "tasks/batch_order.h"
#include "tasks/summarization/rouge.h"
#include "tasks/summarization/sentence_splitter.h"
#include "text/unicode.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <memory>

namespace sa {
namespace {

std::vector<Seq2SeqFeature> featuresOf(const Tokenizer& tokenizer, const std::vector<SummarizationExample>& examples,
                                       int64_t maxSource, int64_t maxTarget) {
    std::vector<Seq2SeqFeature> out;
    out.reserve(examples.size());
    for (const auto& e : examples)
        out.push_back(encodeSeq2Seq(tokenizer, e.document, e.summary, maxSource, maxTarget));
    return out;
}

// The first characters of a source for the Samples view, cut at a word.
std::string excerpt(const std::string& text, std::size_t limit = 600) {
    if (text.size() <= limit) return text;
    auto cut = text.rfind(' ', limit);
    if (cut == std::string::npos || cut < limit / 2) cut = unicode::utf8CutBefore(text, limit);
    return text.substr(0, cut) + " …";
}

// batch_decode(skip_special_tokens=True), then the official postprocessing's
// strip(): BART's first word would keep the space of its "Ġ".
std::string decodedText(const Tokenizer& tokenizer, const std::vector<int64_t>& ids) {
    return unicode::encodeUtf8(unicode::strip(unicode::decodeUtf8(tokenizer.decode(ids))));
}

nlohmann::json scoreJson(const RougeScore& s) {
    return {{"precision", s.precision}, {"recall", s.recall}, {"fmeasure", s.fmeasure}};
}

} // namespace

std::string rougeReadyText(const std::string& decoded) {
    return oneSentencePerLine(decoded);
}

std::vector<std::string> summarize(LanguageModelImpl& model, const Tokenizer& tokenizer,
                                   const std::vector<std::string>& sources, int64_t maxSourceLength,
                                   const GenerationOptions& options, int64_t batchSize, torch::Device device,
                                   const std::function<bool(int64_t, int64_t)>& progress,
                                   std::vector<int64_t>* tokenCounts) {
    auto* bart = dynamic_cast<BartModelImpl*>(&model);
    if (!bart || model.head() != TaskHead::ConditionalGeneration)
        throw Error("summarization needs a BART checkpoint with its LM head (BartForConditionalGeneration)");
    const auto total = static_cast<int64_t>(sources.size());
    std::vector<std::string> out;
    for (int64_t b = 0; b < batchCount(total, batchSize); ++b) {
        std::vector<Seq2SeqFeature> features;
        const auto rows = consecutiveRows(total, batchSize, b);
        for (const auto r : rows)
            features.push_back(
                {tokenizer.encode(sources[static_cast<std::size_t>(r)], nullptr, maxSourceLength).input_ids, {}});
        std::vector<const Seq2SeqFeature*> pointers;
        for (const auto& f : features)
            pointers.push_back(&f);
        const auto batch = collateSeq2Seq(pointers, tokenizer.padId(), options.decoderStartTokenId).to(device);
        const auto done = static_cast<int64_t>(out.size());
        const auto generated = generate(*bart, batch.input_ids, batch.attention_mask, options,
                                        [&](int64_t, int64_t) { return !progress || progress(done, total); });
        if (!generated.sequences.defined()) return {};
        const auto sequences = generated.sequences.to(torch::kCPU).contiguous();
        for (int64_t i = 0; i < sequences.size(0); ++i) {
            const auto row = sequences[i];
            if (tokenCounts) tokenCounts->push_back(row.ne(options.padTokenId).sum().item<int64_t>());
            out.push_back(decodedText(
                tokenizer, std::vector<int64_t>(row.data_ptr<int64_t>(), row.data_ptr<int64_t>() + row.numel())));
        }
        if (progress && !progress(static_cast<int64_t>(out.size()), total)) return {};
    }
    return out;
}

SummarizationTask::SummarizationTask(const Tokenizer& tokenizer, std::vector<SummarizationExample> train,
                                     std::vector<SummarizationExample> eval, SummarizationTaskOptions options)
    : tokenizer_(tokenizer), options_(std::move(options)), train_(std::move(train)), eval_(std::move(eval)) {
    if (options_.batchSize < 1 || options_.evalBatchSize < 1) throw Error("batch sizes must be at least 1");
    if (train_.empty()) throw Error("summarization: the training set is empty");
    const auto specials = tokenizer.numSpecialTokensToAdd(false);
    for (const auto& [key, value] :
         {std::pair<const char*, int64_t>{"task.max_source_length", options_.maxSourceLength},
          {"task.max_target_length", options_.maxTargetLength},
          {"task.val_max_target_length", options_.valMaxTargetLength}})
        if (value <= specials)
            throw Error(std::string(key) + " " + std::to_string(value) + " leaves no room for text beside the " +
                        std::to_string(specials) + " special tokens");
    padId_ = tokenizer.padId();
    decoderStartId_ = options_.generation.decoderStartTokenId;
    trainFeatures_ = featuresOf(tokenizer, train_, options_.maxSourceLength, options_.maxTargetLength);
    evalFeatures_ = featuresOf(tokenizer, eval_, options_.maxSourceLength, options_.valMaxTargetLength);
}

TaskSizes SummarizationTask::sizes() const {
    const auto train = static_cast<int64_t>(train_.size()), eval = static_cast<int64_t>(eval_.size());
    return {train, train, eval, eval};
}

int64_t SummarizationTask::generatedExamples() const {
    const auto n = static_cast<int64_t>(eval_.size());
    return options_.evalExamples > 0 ? std::min(options_.evalExamples, n) : n;
}

Batch SummarizationTask::collate(const std::vector<Seq2SeqFeature>& features, const std::vector<int64_t>& rows) const {
    std::vector<const Seq2SeqFeature*> pointers;
    for (const auto r : rows)
        pointers.push_back(&features.at(static_cast<std::size_t>(r)));
    return collateSeq2Seq(pointers, padId_, decoderStartId_);
}

int64_t SummarizationTask::trainBatchesPerEpoch() const {
    return batchCount(static_cast<int64_t>(train_.size()), options_.batchSize);
}

Batch SummarizationTask::trainBatch(int epoch, int64_t index) const {
    if (cachedEpoch_ != epoch) {
        cachedBatches_ = epochBatchRows(static_cast<int64_t>(train_.size()), options_.batchSize, options_.seed, epoch);
        cachedEpoch_ = epoch;
    }
    return collate(trainFeatures_, cachedBatches_.at(static_cast<std::size_t>(index)));
}

std::vector<Batch> SummarizationTask::scoringBatches(int count, uint64_t seed) const {
    std::vector<Batch> out;
    for (const auto& rows : scoringBatchRows(static_cast<int64_t>(train_.size()), options_.batchSize, seed, count))
        out.push_back(collate(trainFeatures_, rows));
    return out;
}

TaskEvaluation SummarizationTask::evaluate(LanguageModelImpl& model, const EvalContext& context) const {
    TaskEvaluation result;
    const auto n = static_cast<int64_t>(eval_.size());
    const auto generatedCount = generatedExamples();
    const auto total = n + generatedCount; // progress: loss rows, then generated summaries
    EvalContext lossContext = context;
    if (context.progress) lossContext.progress = [&](int64_t done, int64_t) { return context.progress(done, total); };
    if (!runEvaluationBatches(
            model, lossContext, batchCount(n, options_.evalBatchSize), n,
            [&](int64_t i) { return collate(evalFeatures_, consecutiveRows(n, options_.evalBatchSize, i)); },
            [](const Batch&, const ModelOutput&) {}, result))
        return result;

    std::vector<std::string> sources;
    for (int64_t i = 0; i < generatedCount; ++i)
        sources.push_back(eval_[static_cast<std::size_t>(i)].document);
    std::vector<int64_t> tokenCounts;
    const auto predictions = summarize(
        model, tokenizer_, sources, options_.maxSourceLength, options_.generation,
        std::max<int64_t>(1, options_.evalBatchSize / std::max<int64_t>(1, options_.generation.numBeams)),
        context.device, [&](int64_t done, int64_t) { return !context.progress || context.progress(n + done, total); },
        &tokenCounts);
    if (predictions.size() != sources.size()) {
        result.complete = false;
        return result;
    }
    std::vector<RougeScores> scores;
    auto lines = std::make_shared<std::string>();
    double generatedTokens = 0;
    for (int64_t i = 0; i < generatedCount; ++i) {
        const auto& e = eval_[static_cast<std::size_t>(i)];
        const auto reference = decodedText(tokenizer_, evalFeatures_[static_cast<std::size_t>(i)].labels);
        const auto& prediction = predictions[static_cast<std::size_t>(i)];
        generatedTokens += static_cast<double>(tokenCounts[static_cast<std::size_t>(i)]);
        scores.push_back(scoreRouge(rougeReadyText(reference), rougeReadyText(prediction)));
        const auto& s = scores.back();
        nlohmann::json line = {{"id", e.id},
                               {"reference", reference},
                               {"prediction", prediction},
                               {"rouge1", scoreJson(s.rouge1)},
                               {"rouge2", scoreJson(s.rouge2)},
                               {"rougeL", scoreJson(s.rougeL)},
                               {"rougeLsum", scoreJson(s.rougeLsum)}};
        *lines += line.dump() + "\n";
        if (i < kSamples) {
            PredictionSample sample;
            sample.id = e.id;
            sample.input = excerpt(e.document);
            sample.references = {reference};
            sample.prediction = prediction;
            sample.f1 = s.rouge2.fmeasure;
            result.samples.push_back(std::move(sample));
        }
    }
    result.examples = generatedCount;
    if (scores.empty()) return result; // nothing generated (eval_examples beyond an empty split)
    const auto mean = meanRouge(scores);
    result.metrics = {{{"rouge1", 100 * mean.rouge1.fmeasure},
                       {"rouge2", 100 * mean.rouge2.fmeasure},
                       {"rougeL", 100 * mean.rougeL.fmeasure},
                       {"rougeLsum", 100 * mean.rougeLsum.fmeasure},
                       {"gen_len", generatedCount ? generatedTokens / static_cast<double>(generatedCount) : 0.0}},
                      "rouge2"};
    result.artifacts.push_back({"generations.jsonl", lines, true});
    return result;
}

} // namespace sa
