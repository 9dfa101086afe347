#include "tasks/question_answering/qa_postprocess.h"

#include "error.h"
#include "io/python_json.h"
#include "text/unicode.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <tuple>
#include <unordered_set>
#include <utility>

namespace sa {

namespace {

// numpy's FLOAT_LT: a NaN is larger than every number.
bool numpyLess(float a, float b) {
    return a < b || (b != b && a == a);
}

// numpy's aheapsort_: the introsort's fallback, on idx[0, n) as a 1-based heap.
void heapsortIndices(const float* v, int64_t* idx, int64_t n) {
    auto a = [idx](int64_t i) -> int64_t& { return idx[i - 1]; };
    // Moves the index `tmp` down from heap position i within [1, size].
    auto siftDown = [&](int64_t tmp, int64_t i, int64_t size) {
        for (int64_t j = i << 1; j <= size;) {
            if (j < size && numpyLess(v[a(j)], v[a(j + 1)])) ++j;
            if (!numpyLess(v[tmp], v[a(j)])) break;
            a(i) = a(j);
            i = j;
            j += j;
        }
        a(i) = tmp;
    };
    for (int64_t l = n >> 1; l > 0; --l)
        siftDown(a(l), l, n);
    for (; n > 1;) {
        const int64_t tmp = a(n);
        a(n) = a(1);
        --n;
        siftDown(tmp, 1, n);
    }
}

int floorLog2(uint64_t n) {
    int bits = 0;
    while (n >>= 1)
        ++bits;
    return bits;
}

} // namespace

std::vector<int64_t> numpyArgsort(const float* v, int64_t n) {
    std::vector<int64_t> order(static_cast<std::size_t>(std::max<int64_t>(n, 0)));
    std::iota(order.begin(), order.end(), int64_t{0});
    if (n < 2) return order;
    int64_t* idx = order.data();
    // numpy's SMALL_QUICKSORT: partitions of at most 16 elements are left to
    // insertion sort.
    constexpr int64_t kSmallQuicksort = 15;
    std::vector<std::pair<int64_t, int64_t>> pending; // the larger partitions, with their depth budgets
    std::vector<int> pendingDepth;
    int64_t pl = 0, pr = n - 1;
    int depth = floorLog2(static_cast<uint64_t>(n)) * 2;
    for (;;) {
        if (depth < 0) {
            heapsortIndices(v, idx + pl, pr - pl + 1);
        } else {
            while (pr - pl > kSmallQuicksort) {
                // Median of three moved to pr - 1, then Hoare partitioning
                // with the ends as sentinels.
                const int64_t pm = pl + ((pr - pl) >> 1);
                if (numpyLess(v[idx[pm]], v[idx[pl]])) std::swap(idx[pm], idx[pl]);
                if (numpyLess(v[idx[pr]], v[idx[pm]])) std::swap(idx[pr], idx[pm]);
                if (numpyLess(v[idx[pm]], v[idx[pl]])) std::swap(idx[pm], idx[pl]);
                const float pivot = v[idx[pm]];
                int64_t pi = pl, pj = pr - 1;
                std::swap(idx[pm], idx[pj]);
                for (;;) {
                    do
                        ++pi;
                    while (numpyLess(v[idx[pi]], pivot));
                    do
                        --pj;
                    while (numpyLess(pivot, v[idx[pj]]));
                    if (pi >= pj) break;
                    std::swap(idx[pi], idx[pj]);
                }
                std::swap(idx[pi], idx[pr - 1]);
                // Continue with the smaller side, keep the larger for later.
                if (pi - pl < pr - pi) {
                    pending.emplace_back(pi + 1, pr);
                    pr = pi - 1;
                } else {
                    pending.emplace_back(pl, pi - 1);
                    pl = pi + 1;
                }
                pendingDepth.push_back(--depth);
            }
            for (int64_t i = pl + 1; i <= pr; ++i) {
                const int64_t moving = idx[i];
                const float value = v[moving];
                int64_t j = i;
                for (; j > pl && numpyLess(value, v[idx[j - 1]]); --j)
                    idx[j] = idx[j - 1];
                idx[j] = moving;
            }
        }
        if (pending.empty()) break;
        std::tie(pl, pr) = pending.back();
        depth = pendingDepth.back();
        pending.pop_back();
        pendingDepth.pop_back();
    }
    return order;
}

namespace {

struct Candidate {
    int64_t begin, end; // code points
    float score;        // start + end logit, summed in float32 as numpy does
    float startLogit, endLogit;
};

// np.add.reduce over a contiguous 1-D array: numpy's pairwise summation
// (8 accumulators in blocks of up to 128 elements), in the array's type.
template <typename T> T pairwiseSum(const T* a, int64_t n) {
    if (n < 8) {
        T sum = 0;
        for (int64_t i = 0; i < n; ++i)
            sum += a[i];
        return sum;
    }
    if (n <= 128) {
        T r[8];
        for (int k = 0; k < 8; ++k)
            r[k] = a[k];
        int64_t i = 8;
        for (; i < n - n % 8; i += 8)
            for (int k = 0; k < 8; ++k)
                r[k] += a[i + k];
        T sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; ++i)
            sum += a[i];
        return sum;
    }
    int64_t half = n / 2;
    half -= half % 8;
    return pairwiseSum(a, half) + pairwiseSum(a + half, n - half);
}

// exp(s - max(s)) / sum, element type T throughout, as numpy computes it.
template <typename T> std::vector<double> softmax(const std::vector<T>& scores) {
    const T top = *std::max_element(scores.begin(), scores.end());
    std::vector<T> exps(scores.size());
    for (std::size_t i = 0; i < scores.size(); ++i)
        exps[i] = std::exp(static_cast<T>(scores[i] - top));
    const T sum = pairwiseSum(exps.data(), static_cast<int64_t>(exps.size()));
    std::vector<double> out(scores.size());
    for (std::size_t i = 0; i < scores.size(); ++i)
        out[i] = static_cast<double>(static_cast<T>(exps[i] / sum));
    return out;
}

// Python's context[a:b] on code points.
std::string slice(const std::u32string& text, int64_t a, int64_t b) {
    const auto n = static_cast<int64_t>(text.size());
    auto clamp = [n](int64_t i) { return std::clamp(i < 0 ? i + n : i, int64_t{0}, n); };
    a = clamp(a);
    b = clamp(b);
    if (a >= b) return {};
    return unicode::encodeUtf8(
        std::u32string_view(text).substr(static_cast<std::size_t>(a), static_cast<std::size_t>(b - a)));
}

// The n_best_size highest indices, highest first: argsort(x)[-1:-n-1:-1].
std::vector<int64_t> topIndices(const float* values, int64_t length, int64_t count) {
    std::vector<int64_t> order = numpyArgsort(values, length);
    std::reverse(order.begin(), order.end());
    order.resize(static_cast<std::size_t>(std::min<int64_t>(count, length)));
    return order;
}

std::vector<QaAnswer> answersOf(const std::u32string& context, std::vector<Candidate> candidates,
                                const QaPostprocessOptions& options) {
    // sorted(..., key=score, reverse=True) is stable: equal scores keep the
    // order in which the loops produced them.
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
    if (static_cast<int64_t>(candidates.size()) > options.nBestSize)
        candidates.resize(static_cast<std::size_t>(options.nBestSize));

    std::vector<QaAnswer> answers;
    for (const Candidate& c : candidates) {
        QaAnswer answer;
        answer.text = slice(context, c.begin, c.end);
        answer.startLogit = c.startLogit;
        answer.endLogit = c.endLogit;
        answer.begin = c.begin;
        answer.end = c.end;
        answers.push_back(std::move(answer));
    }
    const bool placeholder = answers.empty() || (answers.size() == 1 && answers[0].text.empty());
    std::vector<double> probabilities;
    if (placeholder) {
        QaAnswer empty;
        empty.text = "empty";
        answers.insert(answers.begin(), std::move(empty));
        // The placeholder's score is a Python float, which makes numpy build
        // the score array, and so the softmax, in float64.
        std::vector<double> scores{0.0};
        for (const Candidate& c : candidates)
            scores.push_back(c.score);
        probabilities = softmax(scores);
    } else {
        std::vector<float> scores;
        for (const Candidate& c : candidates)
            scores.push_back(c.score);
        probabilities = softmax(scores);
    }
    for (std::size_t i = 0; i < answers.size(); ++i)
        answers[i].probability = probabilities[i];
    return answers;
}

} // namespace

std::vector<std::vector<QaAnswer>> postprocessQaPredictions(const std::vector<std::string>& contexts,
                                                            const std::vector<QaFeatureSpans>& features,
                                                            const float* startLogits, const float* endLogits,
                                                            int64_t length, const QaPostprocessOptions& options) {
    if (options.nBestSize < 0)
        throw Error("QA postprocessing: n_best_size must be >= 0, got " + std::to_string(options.nBestSize));
    if (length < 0) throw Error("QA postprocessing: negative logits length " + std::to_string(length));
    std::vector<std::vector<std::size_t>> featuresOf(contexts.size());
    for (std::size_t f = 0; f < features.size(); ++f) {
        const QaFeatureSpans& feature = features[f];
        if (feature.example < 0 || feature.example >= static_cast<int64_t>(contexts.size()))
            throw Error("QA postprocessing: feature " + std::to_string(f) + " belongs to example " +
                        std::to_string(feature.example) + ", but there are " + std::to_string(contexts.size()) +
                        " examples");
        if (feature.begin.size() != feature.end.size())
            throw Error("QA postprocessing: feature " + std::to_string(f) + " has " +
                        std::to_string(feature.begin.size()) + " span begins but " +
                        std::to_string(feature.end.size()) + " ends");
        featuresOf[static_cast<std::size_t>(feature.example)].push_back(f);
    }

    std::vector<std::vector<QaAnswer>> out;
    out.reserve(contexts.size());
    for (std::size_t e = 0; e < contexts.size(); ++e) {
        std::vector<Candidate> candidates;
        for (std::size_t f : featuresOf[e]) {
            const QaFeatureSpans& spans = features[f];
            const float* start = startLogits + static_cast<int64_t>(f) * length;
            const float* end = endLogits + static_cast<int64_t>(f) * length;
            const auto tokens = static_cast<int64_t>(spans.begin.size()); // len(offset_mapping)
            const std::vector<int64_t> starts = topIndices(start, length, options.nBestSize);
            const std::vector<int64_t> ends = topIndices(end, length, options.nBestSize);
            for (int64_t s : starts) {
                for (int64_t t : ends) {
                    if (s >= tokens || t >= tokens) continue;
                    const auto si = static_cast<std::size_t>(s), ti = static_cast<std::size_t>(t);
                    if (spans.begin[si] < 0 || spans.begin[ti] < 0) continue;
                    if (t < s || t - s + 1 > options.maxAnswerLength) continue;
                    candidates.push_back({spans.begin[si], spans.end[ti], start[s] + end[t], start[s], end[t]});
                }
            }
        }
        out.push_back(answersOf(unicode::decodeUtf8(contexts[e]), std::move(candidates), options));
    }
    return out;
}

namespace {

void checkIds(const std::vector<std::string>& ids, const std::vector<std::vector<QaAnswer>>& answers) {
    if (ids.size() != answers.size())
        throw Error("QA predictions: " + std::to_string(ids.size()) + " ids for " + std::to_string(answers.size()) +
                    " examples");
    std::unordered_set<std::string> seen;
    for (const std::string& id : ids)
        if (!seen.insert(id).second) throw Error("QA predictions: duplicate example id \"" + id + "\"");
}

void appendKey(std::string& out, const char* indent, const char* key) {
    out += indent;
    python_json::appendString(out, key);
    out += ": ";
}

} // namespace

std::string qaPredictionsJson(const std::vector<std::string>& ids, const std::vector<std::vector<QaAnswer>>& answers) {
    checkIds(ids, answers);
    if (ids.empty()) return "{}";
    std::string out = "{";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        out += i ? ",\n    " : "\n    ";
        python_json::appendString(out, ids[i]);
        out += ": ";
        python_json::appendString(out, answers[i].empty() ? std::string() : answers[i].front().text);
    }
    return out + "\n}";
}

std::string qaNbestJson(const std::vector<std::string>& ids, const std::vector<std::vector<QaAnswer>>& answers) {
    checkIds(ids, answers);
    if (ids.empty()) return "{}";
    constexpr const char* kField = "            "; // json.dumps(indent=4), depth 3
    std::string out = "{";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        out += i ? ",\n    " : "\n    ";
        python_json::appendString(out, ids[i]);
        if (answers[i].empty()) {
            out += ": []";
            continue;
        }
        out += ": [";
        for (std::size_t k = 0; k < answers[i].size(); ++k) {
            const QaAnswer& a = answers[i][k];
            out += k ? ",\n        {\n" : "\n        {\n";
            // The official dicts: a span gets its text after the logits; the
            // placeholder was written as a literal with the text first.
            if (a.begin < 0) {
                appendKey(out, kField, "text");
                python_json::appendString(out, a.text);
                out += ",\n";
            }
            appendKey(out, kField, "start_logit");
            python_json::appendFloat(out, a.startLogit);
            out += ",\n";
            appendKey(out, kField, "end_logit");
            python_json::appendFloat(out, a.endLogit);
            out += ",\n";
            if (a.begin >= 0) {
                appendKey(out, kField, "text");
                python_json::appendString(out, a.text);
                out += ",\n";
            }
            appendKey(out, kField, "probability");
            python_json::appendFloat(out, a.probability);
            out += "\n        }";
        }
        out += "\n    ]";
    }
    return out + "\n}";
}

} // namespace sa
