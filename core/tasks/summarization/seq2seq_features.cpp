#include "tasks/summarization/seq2seq_features.h"

#include "error.h"
#include "model/bart.h"

#include <algorithm>

namespace sa {

Seq2SeqFeature encodeSeq2Seq(const Tokenizer& tokenizer, const std::string& source, const std::string& target,
                             int64_t maxSource, int64_t maxTarget) {
    return {tokenizer.encode(source, nullptr, maxSource).input_ids,
            tokenizer.encode(target, nullptr, maxTarget).input_ids};
}

Batch collateSeq2Seq(const std::vector<const Seq2SeqFeature*>& features, int64_t padId, int64_t decoderStartId) {
    if (features.empty()) throw Error("seq2seq collation: empty batch");
    std::size_t source = 0, target = 0;
    for (const auto* f : features) {
        source = std::max(source, f->inputIds.size());
        target = std::max(target, f->labels.size());
    }
    const auto rows = static_cast<int64_t>(features.size());
    auto ids = torch::full({rows, static_cast<int64_t>(source)}, padId, torch::kInt64);
    auto mask = torch::zeros({rows, static_cast<int64_t>(source)}, torch::kInt64);
    auto labels = torch::full({rows, static_cast<int64_t>(target)}, -100, torch::kInt64);
    auto a = ids.accessor<int64_t, 2>(), m = mask.accessor<int64_t, 2>(), l = labels.accessor<int64_t, 2>();
    for (int64_t r = 0; r < rows; ++r) {
        const auto& f = *features[static_cast<std::size_t>(r)];
        for (std::size_t j = 0; j < f.inputIds.size(); ++j) {
            a[r][static_cast<int64_t>(j)] = f.inputIds[j];
            m[r][static_cast<int64_t>(j)] = 1;
        }
        for (std::size_t j = 0; j < f.labels.size(); ++j)
            l[r][static_cast<int64_t>(j)] = f.labels[j];
    }
    Batch b;
    b.input_ids = ids;
    b.attention_mask = mask;
    if (target == 0) return b; // sources only (generation)
    b.labels = labels;
    b.decoder_input_ids = shiftTokensRight(labels, padId, decoderStartId);
    return b;
}

} // namespace sa
