// SQuAD v1.1 exact match and F1, with the semantics of the official
// evaluate-v1.1.py (what datasets.load_metric("squad") runs), so that scores
// reported here are the numbers the paper's tables are made of.
#pragma once

#include "tasks/question_answering/squad_example.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace sa {

// normalize_answer(): Python str.lower() of the whole string, every ASCII
// string.punctuation character dropped (Unicode punctuation is kept), the
// words "a", "an", "the" (Python re \b: letters, numbers and "_" are word
// characters, combining marks are not) replaced by a space, then Python
// whitespace collapsed: " ".join(s.split()).
std::string normalizeSquadAnswer(const std::string& utf8);

struct SquadAnswerScore {
    double exactMatch = 0; // 0 or 1
    double f1 = 0;         // in [0, 1]
};

// Each value the maximum over `golds` (separately). F1 is 0 when no token is
// shared, so two answers that both normalise to "" have EM 1 but F1 0, as in
// the official script. With no golds the official script fails (max() of an
// empty list); here such a question scores 0 and 0.
SquadAnswerScore scoreSquadAnswer(const std::string& prediction, const std::vector<std::string>& golds);

struct SquadEvaluation {
    double exactMatch = 0, f1 = 0; // percentages, 100 * mean over all questions
    int64_t total = 0;             // every question of the dataset, answered or not
    int64_t unanswered = 0;        // questions without a prediction: scored 0
    std::vector<std::string> unansweredIds;
};

// evaluate(): sums in dataset order, then 100.0 * sum / total (multiplied
// before dividing, as the script does, so the values are bit-identical).
// An empty dataset gives 0 and 0 where the script divides by zero.
SquadEvaluation evaluateSquad(const std::vector<SquadExample>& dataset,
                              const std::map<std::string, std::string>& predictions);

// print(json.dumps(evaluate(...))) without the newline:
// {"exact_match": 62.5, "f1": 59.27083333333334}
std::string squadEvaluationJson(const SquadEvaluation& evaluation);

} // namespace sa
