// Source/target preprocessing of run_summarization_sparse.py and the
// DataCollatorForSeq2Seq that batches it: sources and targets tokenized
// separately with truncation (</s> kept last), labels right-padded with
// -100, inputs with the pad id, decoder inputs = labels shifted right behind
// the decoder start token.
#pragma once

#include "model/language_model.h"
#include "text/tokenizer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sa {

struct Seq2SeqFeature {
    std::vector<int64_t> inputIds; // <s> source </s>
    std::vector<int64_t> labels;   // <s> target </s>
};

// tokenizer(source, max_length=maxSource, truncation=True) and the same for
// the target with maxTarget (BART's as_target_tokenizer changes nothing).
Seq2SeqFeature encodeSeq2Seq(const Tokenizer& tokenizer, const std::string& source, const std::string& target,
                             int64_t maxSource, int64_t maxTarget);

// input_ids / attention_mask / labels / decoder_input_ids of `features`,
// each padded to the longest of the batch; without labels (sources to
// summarise) only input_ids and attention_mask.
Batch collateSeq2Seq(const std::vector<const Seq2SeqFeature*>& features, int64_t padId, int64_t decoderStartId);

} // namespace sa
