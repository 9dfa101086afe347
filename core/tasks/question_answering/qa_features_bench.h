// `sparseadapter bench qa-features`: the cost of turning a whole SQuAD file
// into the official windowed features (prepare_train_features labels and
// prepare_validation_features windows) with this project's fast-tokenizer
// reimplementation. The goal: the 10,570 dev questions at 384/128 in
// under 15 s on 2 cores.
#pragma once

#include <cstdint>
#include <string>

namespace sa {

struct QaFeaturesBenchOptions {
    std::string squadFile;    // e.g. dev-v1.1.json
    std::string tokenizerDir; // a checkpoint folder (vocab.txt, vocab.json + merges.txt or tokenizer.json)
    std::int64_t maxSeqLength = 384;
    std::int64_t docStride = 128;
    int repeats = 1;
};

// One JSON line: questions, features, read_s, features_s (tokenize and
// window, median over repeats), encode_s (every feature materialised at
// max_seq_length), features_per_s, total_s, peak_rss_mb.
std::string runQaFeaturesBench(const QaFeaturesBenchOptions& options);

} // namespace sa
