// Reader of the official SQuAD v1.1 JSON files (train-v1.1.json,
// dev-v1.1.json) and of prediction files ({id: answer}), the inputs of the
// official run_qa script and evaluate-v1.1.py.
#pragma once

#include "tasks/question_answering/squad_example.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace sa {

// What a file held, for the GUI and the run log. An answer whose
// context[answer_start:answer_start + len(text)] (code points) is not its
// text is kept in the examples but counted here: the official pipeline would
// train on a wrong span, and the caller decides whether that is acceptable.
struct SquadReadReport {
    std::string version; // the file's "version" ("" when absent)
    int64_t articles = 0, paragraphs = 0, questions = 0, answers = 0;
    int64_t mismatchedAnswers = 0;
    std::vector<std::string> mismatches; // the first kMaxListedMismatches: JSON path, then what is there
    static constexpr std::size_t kMaxListedMismatches = 10;
};

// {"data": [{"title", "paragraphs": [{"context", "qas": [{"question", "id",
// "answers": [{"text", "answer_start"}]}]}]}], "version": "1.1"}, examples in
// file order. Throws sa::Error naming the file and the JSON path of the bad
// record (line and column for malformed JSON); SQuAD v2.0 files (version 2 or
// "is_impossible" / "plausible_answers" keys) and duplicate question ids are
// refused. A missing "title" reads as "". A leading UTF-8 BOM is skipped.
std::vector<SquadExample> readSquadJson(const std::string& path, SquadReadReport* report = nullptr);

// A JSON object {question id: predicted answer text}, the format of
// predictions.json and of evaluate-v1.1.py's prediction file.
std::map<std::string, std::string> readSquadPredictions(const std::string& path);

} // namespace sa
