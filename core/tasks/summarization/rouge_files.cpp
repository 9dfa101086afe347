#include "tasks/summarization/rouge_files.h"

#include "error.h"
#include "io/python_json.h"
#include "tasks/summarization/rouge.h"
#include "tasks/summarization/sentence_splitter.h"
#include "text/json_lines.h"
#include "text/text_files.h"

#include <nlohmann/json.hpp>

#include <cstdint>

namespace sa {

namespace {

bool isBlank(const std::string& line) {
    return line.find_first_not_of(" \t\r\n") == std::string::npos;
}

// The format is decided once per file, so a plain-text file whose later line
// happens to start with '{' stays plain text.
bool looksLikeJsonLines(const std::string& path, const std::vector<std::string>& lines) {
    if (json_lines::hasSuffix(path, ".jsonl")) return true;
    for (const std::string& line : lines) {
        if (isBlank(line)) continue;
        return line[line.find_first_not_of(" \t")] == '{';
    }
    return false;
}

} // namespace

std::vector<std::string> readTextsFile(const std::string& path, const std::string& field) {
    const std::string content = json_lines::withoutByteOrderMark(text_files::read(path));
    std::vector<std::string> lines = text_files::lines(content);
    if (!looksLikeJsonLines(path, lines)) return lines; // line endings already removed
    if (field.empty()) throw Error(path + ": a JSON Lines file needs the name of the field that holds the text");
    std::vector<std::string> texts;
    for (const auto& record : json_lines::parse(path, content))
        texts.push_back(json_lines::stringField(path, record, field));
    return texts;
}

std::string scoreRougeFiles(const std::string& referencesPath, const std::string& predictionsPath,
                            const RougeFilesOptions& o) {
    if (o.bootstrapSamples < 0)
        throw Error("score rouge: --bootstrap takes a number of resamples (0: none), got " +
                    std::to_string(o.bootstrapSamples));
    std::vector<std::string> references = readTextsFile(referencesPath, o.field);
    std::vector<std::string> predictions = readTextsFile(predictionsPath, o.field);
    if (references.size() != predictions.size())
        throw Error(referencesPath + " has " + std::to_string(references.size()) + " texts but " + predictionsPath +
                    " has " + std::to_string(predictions.size()) + ": references and predictions must pair up");
    if (references.empty())
        throw Error(referencesPath + " and " + predictionsPath + " hold no texts: nothing to score");
    std::vector<RougeScores> scores;
    scores.reserve(references.size());
    std::string out;
    for (std::size_t i = 0; i < references.size(); ++i) {
        if (o.splitSentences) {
            references[i] = oneSentencePerLine(references[i]);
            predictions[i] = oneSentencePerLine(predictions[i]);
        }
        scores.push_back(scoreRouge(references[i], predictions[i], o.stem));
        if (o.perPair) {
            // rougeJson's object with the pair index as its first key.
            out += "{\"pair\": " + std::to_string(i) + ", " + rougeJson(scores.back()).substr(1) + '\n';
        }
    }
    out += rougeJson(meanRouge(scores), static_cast<int64_t>(scores.size())) + '\n';
    if (o.bootstrapSamples > 0) {
        const auto interval = bootstrapRouge(scores, o.bootstrapSamples, o.confidence, o.seed);
        out += "{\"bootstrap\": {\"low\": " + rougeJson(interval.low) + ", \"mid\": " + rougeJson(interval.mid) +
               ", \"high\": " + rougeJson(interval.high) + "}, \"samples\": " + std::to_string(o.bootstrapSamples) +
               ", \"confidence\": " + python_json::floatRepr(o.confidence) + "}\n";
    }
    return out;
}

} // namespace sa
