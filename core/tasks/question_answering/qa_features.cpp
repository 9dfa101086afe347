#include "tasks/question_answering/qa_features.h"

#include "error.h"
#include "text/unicode.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace sa {

namespace {

std::string exampleName(const SquadExample& example) {
    return "SQuAD example \"" + example.id + "\"";
}

} // namespace

QaFeatures::QaFeatures(const Tokenizer& tokenizer, const std::vector<SquadExample>& examples, QaFeatureOptions options)
    : options_(options) {
    if (tokenizer.sequenceTemplate() == SequenceTemplate::None)
        throw Error("question answering needs a tokenizer that frames a question/context pair with [CLS]/[SEP] or "
                    "<s>/</s>; this " +
                    tokenizer.kind() + " tokenizer adds no special tokens");
    if (options_.maxSeqLength <= 0 || options_.docStride < 0)
        throw Error("question answering features: max_seq_length must be > 0 and doc_stride >= 0, got " +
                    std::to_string(options_.maxSeqLength) + " and " + std::to_string(options_.docStride));
    clsId_ = tokenizer.clsId();
    sepId_ = tokenizer.sepId();
    padId_ = tokenizer.padId();
    separators_ = tokenizer.sequenceTemplate() == SequenceTemplate::Roberta ? 2 : 1;
    numSpecial_ = tokenizer.numSpecialTokensToAdd(true);
    tokenTypes_ = tokenizer.returnsTokenTypeIds();

    // SQuAD asks about five questions per paragraph: tokenize each context once.
    // The keys view `examples`, which outlives this loop.
    std::unordered_map<std::string_view, std::size_t> contextIndex;
    questions_.reserve(examples.size());
    contextOf_.reserve(examples.size());
    for (std::size_t i = 0; i < examples.size(); ++i) {
        const SquadExample& example = examples[i];
        questions_.push_back(tokenizer.encodeWithOffsets(example.question));
        const auto [it, added] = contextIndex.try_emplace(example.context, contexts_.size());
        if (added) contexts_.push_back(tokenizer.encodeWithOffsets(example.context));
        contextOf_.push_back(it->second);
        addFeatures(static_cast<std::int64_t>(i), example);
    }
}

std::int64_t QaFeatures::firstContextPosition(std::size_t example) const {
    return 1 + static_cast<std::int64_t>(questions_.at(example).ids.size()) + separators_;
}

void QaFeatures::addFeatures(std::int64_t example, const SquadExample& source) {
    const auto e = static_cast<std::size_t>(example);
    const OffsetTokens& question = questions_[e];
    const OffsetTokens& context = contexts_[contextOf_[e]];
    const std::int64_t length = options_.maxSeqLength, stride = options_.docStride;
    const auto questionLength = static_cast<std::int64_t>(question.ids.size());
    const auto contextLength = static_cast<std::int64_t>(context.ids.size());
    const std::int64_t window = length - questionLength - numSpecial_;

    // Windows [start, start + size) of the context. A context that fits is
    // not truncated, so neither check below applies to it (as in Rust).
    std::vector<std::pair<std::int64_t, std::int64_t>> windows;
    if (contextLength <= window) {
        windows.emplace_back(0, contextLength);
    } else {
        const std::string sizes = "its question has " + std::to_string(questionLength) + " tokens, leaving " +
                                  std::to_string(window) + " context tokens per window (max_seq_length " +
                                  std::to_string(length) + " - " + std::to_string(questionLength) + " - " +
                                  std::to_string(numSpecial_) + " special tokens) for a context of " +
                                  std::to_string(contextLength) + " tokens";
        if (window <= 0)
            throw Error(exampleName(source) + ": the question alone does not fit: " + sizes +
                        "; use a larger max_seq_length");
        if (window <= stride)
            throw Error(exampleName(source) + ": " + sizes + ", and windows must be longer than doc_stride " +
                        std::to_string(stride) + " to advance; use a larger max_seq_length or a smaller doc_stride");
        for (std::int64_t start = 0;; start += window - stride) {
            const std::int64_t stop = std::min(start + window, contextLength);
            windows.emplace_back(start, stop - start);
            if (stop == contextLength) break;
        }
    }

    const std::int64_t first = firstContextPosition(e);
    for (const auto& [windowStart, windowLength] : windows) {
        QaFeature f;
        f.example = example;
        f.windowStart = windowStart;
        f.windowLength = windowLength;
        // Both labels stay at the CLS index (0: every template puts it
        // first, so input_ids.index(cls_token_id) is 0) unless set below.
        const std::int64_t last = first + windowLength - 1;
        // An empty context has no position with sequence id 1; the official
        // search for one runs off the end (IndexError). CLS labels here.
        if (!source.answers.empty() && windowLength > 0) {
            const SquadAnswer& answer = source.answers.front();
            const std::int64_t startChar = answer.start;
            const std::int64_t endChar = startChar + static_cast<std::int64_t>(unicode::decodeUtf8(answer.text).size());
            // The raw offset_mapping of this feature: (0,0) for specials and pads.
            auto offsetAt = [&](std::int64_t p) -> CharSpan {
                if (p >= 1 && p <= questionLength) return question.offsets[static_cast<std::size_t>(p - 1)];
                if (p >= first && p <= last) return context.offsets[static_cast<std::size_t>(windowStart + p - first)];
                return CharSpan{};
            };
            if (offsetAt(first).begin <= startChar && offsetAt(last).end >= endChar) {
                // The start search runs over the raw offsets, where the final
                // separator and the pads are (0,0) <= start_char: an answer
                // starting in the window's last token gets start
                // max_seq_length - 1 (kept: training uses it so).
                std::int64_t s = first;
                while (s < length && offsetAt(s).begin <= startChar)
                    ++s;
                f.startPosition = s - 1;
                // For end_char <= 0 (an empty answer at 0) the official loop
                // walks past position 0 into negative indices until an
                // IndexError; stopping at -1 gives the CLS index instead.
                std::int64_t t = last;
                while (t >= 0 && offsetAt(t).end >= endChar)
                    --t;
                f.endPosition = t + 1;
            }
        }
        features_.push_back(f);
    }
}

EncodedQaFeature QaFeatures::encode(std::size_t feature) const {
    if (feature >= features_.size())
        throw Error("QA feature " + std::to_string(feature) + " does not exist (" + std::to_string(features_.size()) +
                    " features)");
    const QaFeature& f = features_[feature];
    const auto e = static_cast<std::size_t>(f.example);
    const OffsetTokens& question = questions_[e];
    const OffsetTokens& context = contexts_[contextOf_[e]];
    const auto length = static_cast<std::size_t>(options_.maxSeqLength);

    EncodedQaFeature out;
    out.inputIds.reserve(length);
    out.offsets.reserve(length);
    out.sequenceIds.reserve(length);
    auto add = [&out](std::int64_t id, CharSpan span, std::int8_t sequence) {
        out.inputIds.push_back(id);
        out.offsets.push_back(span);
        out.sequenceIds.push_back(sequence);
    };
    add(clsId_, {}, -1);
    for (std::size_t k = 0; k < question.ids.size(); ++k)
        add(question.ids[k], question.offsets[k], 0);
    for (std::int64_t k = 0; k < separators_; ++k)
        add(sepId_, {}, -1);
    const std::size_t contextFrom = out.inputIds.size();
    for (std::int64_t k = f.windowStart; k < f.windowStart + f.windowLength; ++k)
        add(context.ids[static_cast<std::size_t>(k)], context.offsets[static_cast<std::size_t>(k)], 1);
    add(sepId_, {}, -1);
    const std::size_t used = out.inputIds.size();

    out.attentionMask.assign(length, 0);
    std::fill(out.attentionMask.begin(), out.attentionMask.begin() + static_cast<std::ptrdiff_t>(used), 1);
    // [CLS]:0 A:0 [SEP]:0 B:1 [SEP]:1, padding 0.
    out.tokenTypeIds.assign(length, 0);
    if (tokenTypes_)
        std::fill(out.tokenTypeIds.begin() + static_cast<std::ptrdiff_t>(contextFrom),
                  out.tokenTypeIds.begin() + static_cast<std::ptrdiff_t>(used), 1);
    out.inputIds.resize(length, padId_);
    out.offsets.resize(length, CharSpan{});
    out.sequenceIds.resize(length, -1);
    return out;
}

} // namespace sa
