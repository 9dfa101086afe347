#include "tasks/summarization/rouge_files.h"

#include "error.h"
#include "io/python_json.h"
#include "tasks/summarization/rouge.h"
#include "tasks/summarization/sentence_splitter.h"
#include "text/text_files.h"

#include <nlohmann/json.hpp>

#include <cstdint>

namespace sa {

namespace {

std::string at(const std::string& path, int64_t line) {
    return path + ":" + std::to_string(line);
}

bool isBlank(const std::string& line) {
    return line.find_first_not_of(" \t\r\n") == std::string::npos;
}

bool endsWith(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The format is decided once per file, so a plain-text file whose later line
// happens to start with '{' stays plain text.
bool looksLikeJsonLines(const std::string& path, const std::vector<std::string>& lines) {
    if (endsWith(path, ".jsonl")) return true;
    for (const std::string& line : lines) {
        if (isBlank(line)) continue;
        return line[line.find_first_not_of(" \t")] == '{';
    }
    return false;
}

std::vector<std::string> readJsonLines(const std::string& path, const std::vector<std::string>& lines,
                                       const std::string& field) {
    if (field.empty()) throw Error(path + ": a JSON Lines file needs the name of the field that holds the text");
    std::vector<std::string> texts;
    int64_t number = 0;
    for (const std::string& line : lines) {
        ++number;
        if (isBlank(line)) continue;
        nlohmann::json record;
        try {
            record = nlohmann::json::parse(line);
        } catch (const nlohmann::json::exception& e) {
            throw Error(at(path, number) + ": not valid JSON (" + e.what() + ")");
        }
        if (!record.is_object()) throw Error(at(path, number) + ": a record must be a JSON object");
        const auto it = record.find(field);
        if (it == record.end()) throw Error(at(path, number) + ": no field '" + field + "'");
        if (!it->is_string())
            throw Error(at(path, number) + ": field '" + field + "' is not a string (" + it->type_name() + ")");
        texts.push_back(it->get<std::string>());
    }
    return texts;
}

} // namespace

std::vector<std::string> readTextsFile(const std::string& path, const std::string& field) {
    std::string content = text_files::read(path);
    if (content.compare(0, 3, "\xEF\xBB\xBF") == 0) content.erase(0, 3);
    const std::vector<std::string> lines = text_files::lines(content);
    if (looksLikeJsonLines(path, lines)) return readJsonLines(path, lines, field);
    return lines; // line endings already removed
}

std::string scoreRougeFiles(const std::string& referencesPath, const std::string& predictionsPath,
                            const RougeFilesOptions& o) {
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
