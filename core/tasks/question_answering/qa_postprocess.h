// From start/end logits to answer texts: postprocess_qa_predictions of the
// official utils_qa.py (version_2_with_negative=False), reproduced down to
// its tie orders, so that predictions and n-best files equal the official
// ones. Plain arrays in and out; the caller moves logits off the device.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sa {

// np.argsort(values) (numpy 1.24's default kind="quicksort", an introsort):
// ascending indices, NaN last, and ties in numpy's order, which is not the
// input order. The candidate starts and ends are the last n_best_size
// entries, so equal logits pick the same tokens as the official code.
std::vector<int64_t> numpyArgsort(const float* values, int64_t n);

// One window (feature) of an example: begin[i] = -1 where the validation
// offset_mapping is null (question, special and pad tokens), else the
// [begin[i], end[i]) code-point span of token i in the context.
struct QaFeatureSpans {
    int64_t example = 0; // index into the examples' contexts
    std::vector<int64_t> begin, end;
};

struct QaPostprocessOptions {
    int64_t nBestSize = 20;       // candidates per feature for start and for end, and answers kept per example
    int64_t maxAnswerLength = 30; // in tokens, end - start + 1
};

struct QaAnswer {
    std::string text;
    double startLogit = 0, endLogit = 0; // the float32 logits (their sum, in float32, was the ranking score)
    double probability = 0;              // softmax over the example's n-best scores
    int64_t begin = -1, end = -1;        // code points into the context; -1 marks the "empty" placeholder
};

// Per example (in the order of `contexts`) its n-best answers, best first;
// the prediction is the first. Features are visited in their order, logits
// are row-major [features.size(), length]. An example without any valid span
// (or whose only answer has empty text) gets the placeholder {text "empty",
// logits 0, score 0} in front, as the official code inserts it.
std::vector<std::vector<QaAnswer>> postprocessQaPredictions(const std::vector<std::string>& contexts,
                                                            const std::vector<QaFeatureSpans>& features,
                                                            const float* startLogits, const float* endLogits,
                                                            int64_t length, const QaPostprocessOptions& options = {});

// The official predictions.json ({id: text}) and nbest_predictions.json
// ({id: [{"start_logit", "end_logit", "text", "probability"}]}; the
// placeholder's keys in its order: text, start_logit, end_logit,
// probability), each as json.dumps(..., indent=4) writes it; utils_qa.py
// adds one "\n" when it writes the file. ids[i] names answers[i].
std::string qaPredictionsJson(const std::vector<std::string>& ids, const std::vector<std::vector<QaAnswer>>& answers);
std::string qaNbestJson(const std::vector<std::string>& ids, const std::vector<std::vector<QaAnswer>>& answers);

} // namespace sa
