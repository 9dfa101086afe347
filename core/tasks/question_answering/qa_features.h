// SQuAD examples → model features, as prepare_train_features /
// prepare_validation_features of run_qa_sparse.py build them with the fast
// tokenizer: tokenizer(question, context, truncation="only_second",
// max_length, stride=doc_stride, return_overflowing_tokens,
// return_offsets_mapping, padding="max_length").
//
// Every feature is one window of the example's context behind the whole
// question: [CLS] question [SEP] window [SEP] (RoBERTa: <s> q </s></s> w </s>),
// right-padded to maxSeqLength. A window holds W = maxSeqLength − question
// tokens − numSpecialTokensToAdd(true) context tokens; windows start at
// k·(W − docStride), and the first one that reaches the end of the context is
// the last (Rust Encoding::truncate). Features are kept as windows into each
// context's tokens (each distinct context is tokenized once); encode()
// materialises one.
#pragma once

#include "tasks/question_answering/squad_example.h"
#include "text/tokenizer.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sa {

struct QaFeatureOptions {
    std::int64_t maxSeqLength = 384; // --max_seq_length
    std::int64_t docStride = 128;    // --doc_stride: context tokens shared by neighbouring windows
};

// One window of one example.
struct QaFeature {
    std::int64_t example = 0;     // overflow_to_sample_mapping
    std::int64_t windowStart = 0; // context tokens [windowStart, windowStart + windowLength)
    std::int64_t windowLength = 0;
    std::int64_t startPosition = 0; // prepare_train_features labels, quirk included
    std::int64_t endPosition = 0;
};

// A feature position by position (maxSeqLength long), as the official
// functions store it.
struct EncodedQaFeature {
    std::vector<std::int64_t> inputIds, attentionMask;
    std::vector<std::int64_t> tokenTypeIds; // zeros unless the tokenizer frames pairs BERT's way
    std::vector<CharSpan> offsets;          // raw offset_mapping: (0,0) for specials and padding
    std::vector<std::int8_t> sequenceIds;   // -1 = None (special, padding), 0 question, 1 context
    // prepare_validation_features' offset_mapping = offsets where sequenceIds == 1, null elsewhere.
};

class QaFeatures {
public:
    // Throws sa::Error naming the example, its sizes and the options when its
    // context needs several windows but W <= docStride (the Rust library
    // asserts stride < window) or the question leaves no room (W <= 0).
    QaFeatures(const Tokenizer& tokenizer, const std::vector<SquadExample>& examples, QaFeatureOptions options);

    const std::vector<QaFeature>& features() const { return features_; }
    const QaFeatureOptions& options() const { return options_; }
    std::size_t exampleCount() const { return questions_.size(); }

    EncodedQaFeature encode(std::size_t feature) const;

    // The question's and context's tokens of an example (offsets into the
    // question / context text); a feature's context position p holds context
    // token windowStart + p − firstContextPosition.
    const OffsetTokens& questionTokens(std::size_t example) const { return questions_.at(example); }
    const OffsetTokens& contextTokens(std::size_t example) const { return contexts_[contextOf_.at(example)]; }
    std::int64_t firstContextPosition(std::size_t example) const;

private:
    void addFeatures(std::int64_t example, const SquadExample& source);

    QaFeatureOptions options_;
    std::int64_t clsId_ = 0, sepId_ = 0, padId_ = 0;
    std::int64_t separators_ = 1; // between question and context: [SEP] or </s></s>
    std::int64_t numSpecial_ = 3; // numSpecialTokensToAdd(true)
    bool tokenTypes_ = false;
    std::vector<OffsetTokens> questions_; // per example
    std::vector<std::size_t> contextOf_;  // per example: index into contexts_
    std::vector<OffsetTokens> contexts_;  // per distinct context
    std::vector<QaFeature> features_;
};

} // namespace sa
