#include "tasks/question_answering/squad_metric.h"

#include "io/python_json.h"
#include "text/unicode.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>

namespace sa {

namespace {

// Python's string.punctuation: ASCII only, so Unicode quotes, dashes and
// guillemets survive normalisation.
bool isAsciiPunctuation(char32_t c) {
    return c < 0x80 && c != 0 && std::strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", static_cast<int>(c)) != nullptr;
}

// \w of Python's re on str patterns: str.isalnum() or "_", which is exactly
// the L* and N* categories plus "_" (checked over all code points).
bool isWordCharacter(char32_t c) {
    return c == U'_' || unicode::isLetter(c) || unicode::isNumber(c);
}

bool isArticle(std::u32string_view word) {
    return word == U"a" || word == U"an" || word == U"the";
}

// normalize_answer(s).split(): the tokens F1 counts; their " ".join is the
// normalised string.
std::vector<std::u32string> normalizedTokens(const std::string& utf8) {
    const std::u32string lower = unicode::lowerString(unicode::decodeUtf8(utf8));
    std::u32string text;
    text.reserve(lower.size());
    for (char32_t c : lower)
        if (!isAsciiPunctuation(c)) text.push_back(c);

    // re.sub(r"\b(a|an|the)\b", " ", s): both \b must hold and the pattern is
    // all word characters, so a match is a maximal word-character run that
    // equals one of the articles.
    std::u32string spaced;
    spaced.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (!isWordCharacter(text[i])) {
            spaced.push_back(text[i++]);
            continue;
        }
        std::size_t j = i;
        while (j < text.size() && isWordCharacter(text[j]))
            ++j;
        const std::u32string_view word = std::u32string_view(text).substr(i, j - i);
        if (isArticle(word))
            spaced.push_back(U' ');
        else
            spaced.append(word);
        i = j;
    }
    return unicode::splitOnSpace(spaced);
}

std::string joinTokens(const std::vector<std::u32string>& tokens) {
    std::u32string joined;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (i) joined.push_back(U' ');
        joined += tokens[i];
    }
    return unicode::encodeUtf8(joined);
}

// f1_score(): Counter(prediction) & Counter(gold), same operation order as
// the script so the double is the same.
double tokenF1(const std::vector<std::u32string>& prediction, const std::vector<std::u32string>& gold) {
    std::unordered_map<std::u32string, int64_t> goldCounts;
    for (const std::u32string& t : gold)
        ++goldCounts[t];
    int64_t numSame = 0;
    for (const std::u32string& t : prediction) {
        auto it = goldCounts.find(t);
        if (it != goldCounts.end() && it->second > 0) {
            --it->second;
            ++numSame;
        }
    }
    if (numSame == 0) return 0.0;
    const double precision = 1.0 * static_cast<double>(numSame) / static_cast<double>(prediction.size());
    const double recall = 1.0 * static_cast<double>(numSame) / static_cast<double>(gold.size());
    return (2 * precision * recall) / (precision + recall);
}

} // namespace

std::string normalizeSquadAnswer(const std::string& utf8) {
    return joinTokens(normalizedTokens(utf8));
}

SquadAnswerScore scoreSquadAnswer(const std::string& prediction, const std::vector<std::string>& golds) {
    SquadAnswerScore score;
    const std::vector<std::u32string> predicted = normalizedTokens(prediction);
    for (const std::string& gold : golds) {
        const std::vector<std::u32string> expected = normalizedTokens(gold);
        // Equal token lists <=> equal normalised strings (tokens hold no space).
        score.exactMatch = std::max(score.exactMatch, predicted == expected ? 1.0 : 0.0);
        score.f1 = std::max(score.f1, tokenF1(predicted, expected));
    }
    return score;
}

SquadEvaluation evaluateSquad(const std::vector<SquadExample>& dataset,
                              const std::map<std::string, std::string>& predictions) {
    SquadEvaluation evaluation;
    double exactMatchSum = 0, f1Sum = 0;
    std::vector<std::string> golds;
    for (const SquadExample& example : dataset) {
        ++evaluation.total;
        const auto it = predictions.find(example.id);
        if (it == predictions.end()) {
            ++evaluation.unanswered;
            evaluation.unansweredIds.push_back(example.id);
            continue;
        }
        golds.clear();
        for (const SquadAnswer& answer : example.answers)
            golds.push_back(answer.text);
        const SquadAnswerScore score = scoreSquadAnswer(it->second, golds);
        exactMatchSum += score.exactMatch;
        f1Sum += score.f1;
    }
    if (evaluation.total > 0) {
        const double total = static_cast<double>(evaluation.total);
        evaluation.exactMatch = 100.0 * exactMatchSum / total;
        evaluation.f1 = 100.0 * f1Sum / total;
    }
    return evaluation;
}

std::string squadEvaluationJson(const SquadEvaluation& evaluation) {
    std::string out = "{\"exact_match\": ";
    python_json::appendFloat(out, evaluation.exactMatch);
    out += ", \"f1\": ";
    python_json::appendFloat(out, evaluation.f1);
    out += '}';
    return out;
}

} // namespace sa
