// One SQuAD question as the official pipeline sees it (the `datasets`
// "squad" layout: id, title, context, question, answers{text, answer_start}).
// Plain data, no LibTorch: the reader, the features, postprocessing and the
// metric all share it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sa {

struct SquadAnswer {
    std::string text;
    int64_t start = 0; // answer_start: a character (Unicode code point) index into the context
};

struct SquadExample {
    std::string id;
    std::string title;
    std::string question; // as given: the official script does not strip it
    std::string context;
    std::vector<SquadAnswer> answers; // training labels use the first; the metric takes the best over all
};

} // namespace sa
