// ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-Lsum exactly as Google's rouge_score
// computes them (rouge_scorer.py, tokenize.py and scoring.py; the 0.0.4 API
// that datasets.load_metric("rouge") calls with use_stemmer=True), so the
// summarization scores reported here are the numbers of the paper's tables.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sa {

// tokenize.tokenize(): Python lower(); every run of characters outside
// [a-z0-9] becomes one space (all non-ASCII text separates words, except
// the two code points whose Python lowercase is ASCII: U+212A KELVIN SIGN
// -> "k", U+0130 -> "i" + a combining dot); split on whitespace; with `stem`,
// NLTK's Porter stemmer on tokens longer than 3 characters only.
std::vector<std::string> rougeTokens(const std::string& text, bool stem = true);

struct RougeScore {
    double precision = 0, recall = 0, fmeasure = 0;
};

struct RougeScores {
    RougeScore rouge1, rouge2, rougeL, rougeLsum;
};

// RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"]).score(reference,
// prediction):
// - rougeN: clipped n-gram overlap over max(#n-grams, 1) of each side;
// - rougeL: LCS of the whole token lists, (0, 0, 0) when either is empty;
// - rougeLsum: both texts split on '\n' (empty lines dropped, whitespace-only
//   ones kept as empty sentences); each reference sentence contributes the
//   union of its LCS positions against every prediction sentence, each
//   token hit counted at most as often as it occurs in both summaries.
// F = 2PR / (P + R), or 0 when P + R is 0.
RougeScores scoreRouge(const std::string& reference, const std::string& prediction, bool stem = true);

// The plain mean of every precision, recall and F over the pairs (what
// rouge_score's aggregate reports without bootstrap). Throws sa::Error on an
// empty list, where the mean is undefined.
RougeScores meanRouge(const std::vector<RougeScores>& pairs);

struct RougeInterval {
    RougeScores low, mid, high;
};

// BootstrapAggregator.aggregate(): for each ROUGE type separately, `samples`
// resamples of the pairs with replacement, the mean P/R/F of each, then
// numpy.percentile (linear interpolation) of each measure's sorted means at
// 100·(1-c)/2, 50 and 100·(1-(1-c)/2). numpy's RNG is not reproduced: the
// draws come from std::mt19937_64(seed) and are the same on every platform.
// Throws sa::Error for no pairs, samples < 1, or a confidence outside (0, 1).
RougeInterval bootstrapRouge(const std::vector<RougeScores>& pairs, int samples, double confidence, uint64_t seed);

// {"rouge1": {"precision": P, "recall": R, "fmeasure": F}, "rouge2": ...,
//  "rougeL": ..., "rougeLsum": ..., "pairs": N} on one line, separators and
// floats as Python's json.dumps writes them; "pairs" only when given.
std::string rougeJson(const RougeScores& scores, std::optional<int64_t> pairs = std::nullopt);

} // namespace sa
