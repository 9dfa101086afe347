#include "tasks/question_answering/qa_features_bench.h"

#include "error.h"
#include "model/stopwatch.h"
#include "tasks/question_answering/qa_features.h"
#include "tasks/question_answering/squad_dataset.h"
#include "text/tokenizer.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <vector>

namespace sa {

std::string runQaFeaturesBench(const QaFeaturesBenchOptions& o) {
    if (o.squadFile.empty()) throw Error("bench qa-features needs --data SQUAD.json (e.g. dev-v1.1.json)");
    if (o.tokenizerDir.empty()) throw Error("bench qa-features needs --tokenizer DIR (a checkpoint's tokenizer files)");
    if (o.repeats < 1) throw Error("--repeats must be at least 1");
    const auto tokenizer = loadTokenizer(o.tokenizerDir);
    std::vector<SquadExample> examples;
    const double readSeconds = seconds([&] { examples = readSquadJson(o.squadFile); });

    std::optional<QaFeatures> features;
    std::vector<double> timed;
    for (int i = 0; i < o.repeats; ++i)
        timed.push_back(seconds([&] {
            features.emplace(*tokenizer, examples, QaFeatureOptions{o.maxSeqLength, o.docStride});
        }));
    const double featureSeconds = median(timed);
    std::int64_t checksum = 0; // keeps the materialised features from being optimised away
    const double encodeSeconds = seconds([&] {
        for (std::size_t f = 0; f < features->features().size(); ++f)
            checksum += features->encode(f).inputIds.back();
    });
    const auto count = static_cast<double>(features->features().size());
    const nlohmann::json j = {
        {"bench", "qa-features"},
        {"file", o.squadFile},
        {"tokenizer", tokenizer->kind()},
        {"max_seq_length", o.maxSeqLength},
        {"doc_stride", o.docStride},
        {"questions", examples.size()},
        {"features", features->features().size()},
        {"read_s", readSeconds},
        {"features_s", featureSeconds},
        {"encode_s", encodeSeconds},
        {"total_s", readSeconds + featureSeconds + encodeSeconds},
        {"features_per_s", count / std::max(1e-9, featureSeconds + encodeSeconds)},
        {"questions_per_s", static_cast<double>(examples.size()) / std::max(1e-9, featureSeconds + encodeSeconds)},
        {"repeats", o.repeats},
        {"pad_checksum", checksum},
        {"peak_rss_mb", peakRssMb()}};
    return j.dump();
}

} // namespace sa
