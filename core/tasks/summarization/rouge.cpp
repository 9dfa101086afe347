#include "tasks/summarization/rouge.h"

#include "error.h"
#include "io/python_json.h"
#include "tasks/summarization/porter_stemmer.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <unordered_map>

namespace sa {

namespace {

using Tokens = std::vector<std::string>;

bool isTokenByte(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// scoring.fmeasure(), same operation order.
double fmeasure(double precision, double recall) {
    if (precision + recall > 0) return 2 * precision * recall / (precision + recall);
    return 0.0;
}

RougeScore scoreOf(double precision, double recall) {
    return {precision, recall, fmeasure(precision, recall)};
}

// _create_ngrams: tokens never hold a space, so the space-joined n-gram is a
// unique key.
std::unordered_map<std::string, int64_t> ngramCounts(const Tokens& tokens, std::size_t n) {
    std::unordered_map<std::string, int64_t> counts;
    for (std::size_t i = 0; i + n <= tokens.size(); ++i) {
        std::string key = tokens[i];
        for (std::size_t k = 1; k < n; ++k)
            key += ' ' + tokens[i + k];
        ++counts[key];
    }
    return counts;
}

RougeScore scoreNgrams(const Tokens& reference, const Tokens& prediction, std::size_t n) {
    const auto referenceCounts = ngramCounts(reference, n);
    const auto predictionCounts = ngramCounts(prediction, n);
    int64_t overlap = 0, referenceTotal = 0, predictionTotal = 0;
    for (const auto& [ngram, count] : referenceCounts) {
        referenceTotal += count;
        const auto it = predictionCounts.find(ngram);
        if (it != predictionCounts.end()) overlap += std::min(count, it->second);
    }
    for (const auto& entry : predictionCounts)
        predictionTotal += entry.second;
    const double o = static_cast<double>(overlap);
    return scoreOf(o / static_cast<double>(std::max<int64_t>(predictionTotal, 1)),
                   o / static_cast<double>(std::max<int64_t>(referenceTotal, 1)));
}

// _lcs_table: rows are the reference (plus a zero row), columns the
// prediction; [|ref| + 1, |can| + 1] row-major.
struct LcsTable {
    std::size_t columns;
    std::vector<int32_t> cells;
    int32_t at(std::size_t i, std::size_t j) const { return cells[i * columns + j]; }
};

LcsTable lcsTable(const Tokens& reference, const Tokens& candidate) {
    LcsTable t{candidate.size() + 1, std::vector<int32_t>((reference.size() + 1) * (candidate.size() + 1), 0)};
    for (std::size_t i = 1; i <= reference.size(); ++i)
        for (std::size_t j = 1; j <= candidate.size(); ++j)
            t.cells[i * t.columns + j] = reference[i - 1] == candidate[j - 1]
                                             ? t.at(i - 1, j - 1) + 1
                                             : std::max(t.at(i - 1, j), t.at(i, j - 1));
    return t;
}

RougeScore scoreLcs(const Tokens& reference, const Tokens& prediction) {
    if (reference.empty() || prediction.empty()) return {};
    const double lcs = lcsTable(reference, prediction).at(reference.size(), prediction.size());
    return scoreOf(lcs / static_cast<double>(prediction.size()), lcs / static_cast<double>(reference.size()));
}

// _backtrack_norec: which of several equally long LCS is taken decides which
// reference positions Lsum counts, so the tie rule is the reference's: left
// only when strictly better, else up.
void markLcsPositions(const Tokens& reference, const Tokens& candidate, std::vector<bool>& marked) {
    const LcsTable t = lcsTable(reference, candidate);
    std::size_t i = reference.size(), j = candidate.size();
    while (i > 0 && j > 0) {
        if (reference[i - 1] == candidate[j - 1]) {
            marked[i - 1] = true;
            --i;
            --j;
        } else if (t.at(i, j - 1) > t.at(i - 1, j)) {
            --j;
        } else {
            --i;
        }
    }
}

// _summary_level_lcs (ROUGE 1.5.5's summary-level LCS).
RougeScore scoreSummaryLcs(const std::vector<Tokens>& reference, const std::vector<Tokens>& prediction) {
    if (reference.empty() || prediction.empty()) return {};
    std::unordered_map<std::string, int64_t> referenceCounts, predictionCounts;
    int64_t m = 0, n = 0;
    for (const Tokens& sentence : reference) {
        m += static_cast<int64_t>(sentence.size());
        for (const std::string& t : sentence)
            ++referenceCounts[t];
    }
    for (const Tokens& sentence : prediction) {
        n += static_cast<int64_t>(sentence.size());
        for (const std::string& t : sentence)
            ++predictionCounts[t];
    }
    if (m == 0 || n == 0) return {};
    int64_t hits = 0;
    for (const Tokens& sentence : reference) {
        std::vector<bool> unionPositions(sentence.size(), false);
        for (const Tokens& candidate : prediction)
            markLcsPositions(sentence, candidate, unionPositions);
        for (std::size_t i = 0; i < sentence.size(); ++i) {
            if (!unionPositions[i]) continue;
            int64_t& inPrediction = predictionCounts[sentence[i]];
            int64_t& inReference = referenceCounts[sentence[i]];
            if (inPrediction > 0 && inReference > 0) {
                ++hits;
                --inPrediction;
                --inReference;
            }
        }
    }
    const double h = static_cast<double>(hits);
    return scoreOf(h / static_cast<double>(n), h / static_cast<double>(m));
}

// get_sents(): split on '\n' only, dropping empty lines.
std::vector<Tokens> sentenceTokens(const std::string& text, bool stem) {
    std::vector<Tokens> out;
    std::size_t begin = 0;
    while (begin <= text.size()) {
        std::size_t end = text.find('\n', begin);
        if (end == std::string::npos) end = text.size();
        if (end > begin) out.push_back(rougeTokens(text.substr(begin, end - begin), stem));
        begin = end + 1;
    }
    return out;
}

RougeScore RougeScores::*const kTypes[] = {&RougeScores::rouge1, &RougeScores::rouge2, &RougeScores::rougeL,
                                           &RougeScores::rougeLsum};
double RougeScore::*const kMeasures[] = {&RougeScore::precision, &RougeScore::recall, &RougeScore::fmeasure};

// Uniform in [0, n) by rejection: std::uniform_int_distribution differs
// between standard libraries, and the bootstrap must not.
std::size_t drawIndex(std::mt19937_64& rng, std::size_t n) {
    const uint64_t bound = static_cast<uint64_t>(n);
    const uint64_t limit = std::mt19937_64::max() - std::mt19937_64::max() % bound;
    uint64_t x;
    do {
        x = rng();
    } while (x >= limit);
    return static_cast<std::size_t>(x % bound);
}

// numpy.percentile(method="linear") of sorted values at quantile q in
// [0, 1], with numpy's _lerp (from the upper neighbour when gamma >= 0.5).
double percentile(const std::vector<double>& sorted, double q) {
    const double virtualIndex = q * static_cast<double>(sorted.size() - 1);
    const double below = std::floor(virtualIndex);
    const std::size_t lower = std::min(static_cast<std::size_t>(below), sorted.size() - 1);
    const std::size_t upper = std::min(lower + 1, sorted.size() - 1);
    const double gamma = virtualIndex - below;
    const double a = sorted[lower], b = sorted[upper];
    const double diff = b - a;
    return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

void appendScore(std::string& out, const char* name, const RougeScore& score) {
    out += '"';
    out += name;
    out += "\": {\"precision\": ";
    python_json::appendFloat(out, score.precision);
    out += ", \"recall\": ";
    python_json::appendFloat(out, score.recall);
    out += ", \"fmeasure\": ";
    python_json::appendFloat(out, score.fmeasure);
    out += '}';
}

} // namespace

std::vector<std::string> rougeTokens(const std::string& text, bool stem) {
    // Python lowers the whole str before the substitution; only two non-ASCII
    // code points lower to ASCII letters (checked over all of Unicode).
    std::string spaced;
    spaced.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= 'A' && c <= 'Z') {
            spaced.push_back(static_cast<char>(c - 'A' + 'a'));
        } else if (isTokenByte(c)) {
            spaced.push_back(c);
        } else if (text.compare(i, 3, "\xE2\x84\xAA") == 0) { // U+212A KELVIN SIGN -> "k"
            spaced.push_back('k');
            i += 2;
        } else if (text.compare(i, 2, "\xC4\xB0") == 0) { // U+0130 -> "i" U+0307
            spaced += "i ";
            i += 1;
        } else {
            spaced.push_back(' ');
        }
    }
    std::vector<std::string> tokens;
    for (std::size_t i = 0; i < spaced.size();) {
        if (spaced[i] == ' ') {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < spaced.size() && spaced[j] != ' ')
            ++j;
        std::string token = spaced.substr(i, j - i);
        tokens.push_back(stem && token.size() > 3 ? porterStem(token) : std::move(token));
        i = j;
    }
    return tokens;
}

RougeScores scoreRouge(const std::string& reference, const std::string& prediction, bool stem) {
    const Tokens referenceTokens = rougeTokens(reference, stem);
    const Tokens predictionTokens = rougeTokens(prediction, stem);
    RougeScores scores;
    scores.rouge1 = scoreNgrams(referenceTokens, predictionTokens, 1);
    scores.rouge2 = scoreNgrams(referenceTokens, predictionTokens, 2);
    scores.rougeL = scoreLcs(referenceTokens, predictionTokens);
    scores.rougeLsum = scoreSummaryLcs(sentenceTokens(reference, stem), sentenceTokens(prediction, stem));
    return scores;
}

RougeScores meanRouge(const std::vector<RougeScores>& pairs) {
    if (pairs.empty()) throw Error("ROUGE mean: no pairs to average");
    RougeScores mean;
    const double count = static_cast<double>(pairs.size());
    for (auto type : kTypes)
        for (auto measure : kMeasures) {
            double sum = 0;
            for (const RougeScores& pair : pairs)
                sum += pair.*type.*measure;
            mean.*type.*measure = sum / count;
        }
    return mean;
}

RougeInterval bootstrapRouge(const std::vector<RougeScores>& pairs, int samples, double confidence, uint64_t seed) {
    if (pairs.empty()) throw Error("ROUGE bootstrap: no pairs to resample");
    if (samples < 1) throw Error("ROUGE bootstrap: samples must be at least 1, got " + std::to_string(samples));
    if (!(confidence > 0 && confidence < 1))
        throw Error("ROUGE bootstrap: confidence must be in (0, 1), got " + python_json::floatRepr(confidence));
    std::mt19937_64 rng(seed);
    const std::size_t n = pairs.size();
    // q = 100 * [delta, 0.5, 1 - delta], then numpy divides by 100 again.
    const double delta = (1 - confidence) / 2;
    const double quantiles[3] = {100 * delta / 100, 100 * 0.5 / 100, 100 * (1 - delta) / 100};
    RougeInterval interval;
    RougeScores RougeInterval::*const bounds[3] = {&RougeInterval::low, &RougeInterval::mid, &RougeInterval::high};
    std::vector<std::size_t> draw(n);
    for (auto type : kTypes) {
        // One resample serves P, R and F of this type, as rows of the
        // reference's score matrix do; each type draws afresh.
        std::vector<double> means[3];
        for (auto& m : means)
            m.reserve(static_cast<std::size_t>(samples));
        for (int s = 0; s < samples; ++s) {
            for (std::size_t& index : draw)
                index = drawIndex(rng, n);
            for (std::size_t k = 0; k < 3; ++k) {
                double sum = 0;
                for (std::size_t index : draw)
                    sum += pairs[index].*type.*kMeasures[k];
                means[k].push_back(sum / static_cast<double>(n));
            }
        }
        for (std::size_t k = 0; k < 3; ++k) {
            std::sort(means[k].begin(), means[k].end());
            for (std::size_t b = 0; b < 3; ++b)
                (interval.*bounds[b]).*type.*kMeasures[k] = percentile(means[k], quantiles[b]);
        }
    }
    return interval;
}

std::string rougeJson(const RougeScores& scores, std::optional<int64_t> pairs) {
    std::string out = "{";
    appendScore(out, "rouge1", scores.rouge1);
    out += ", ";
    appendScore(out, "rouge2", scores.rouge2);
    out += ", ";
    appendScore(out, "rougeL", scores.rougeL);
    out += ", ";
    appendScore(out, "rougeLsum", scores.rougeLsum);
    if (pairs) out += ", \"pairs\": " + std::to_string(*pairs);
    out += '}';
    return out;
}

} // namespace sa
