#include "sparsity/score_histogram.h"

#include "error.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace sa {

int64_t ScoreHistogram::binned() const {
    return std::accumulate(counts.begin(), counts.end(), int64_t{0});
}

ScoreHistogram scoreHistogram(const std::vector<torch::Tensor>& scores, int bins, bool logScale) {
    if (bins < 1) throw Error("a score histogram needs at least 1 bin, got " + std::to_string(bins));
    ScoreHistogram h;
    h.logScale = logScale;
    std::vector<torch::Tensor> flat;
    for (const auto& s : scores)
        if (s.defined()) flat.push_back(s.detach().to(torch::kCPU, torch::kFloat64).flatten());
    if (flat.empty()) return h;
    const auto all = torch::cat(flat).contiguous();
    const double* v = all.data_ptr<double>();
    h.total = all.numel();

    // The values that go into bins, as |score| (log) or score (linear).
    std::vector<double> values;
    values.reserve(static_cast<std::size_t>(h.total));
    for (int64_t i = 0; i < h.total; ++i) {
        if (!std::isfinite(v[i])) {
            ++h.nonFinite;
            continue;
        }
        if (v[i] == 0.0) {
            ++h.zeros;
            if (logScale) continue;
        }
        values.push_back(logScale ? std::log10(std::abs(v[i])) : v[i]);
    }
    if (values.empty()) return h;

    // Edges are equally spaced in log10|score| (log) or in the score; a
    // single distinct value gets one unit of width around it.
    double lo = *std::min_element(values.begin(), values.end());
    double hi = *std::max_element(values.begin(), values.end());
    if (lo == hi) {
        lo -= 0.5;
        hi += 0.5;
    }
    const double width = (hi - lo) / bins;
    std::vector<double> edges(static_cast<std::size_t>(bins) + 1);
    for (int i = 0; i <= bins; ++i)
        edges[static_cast<std::size_t>(i)] = i == bins ? hi : lo + width * i;
    h.counts.assign(static_cast<std::size_t>(bins), 0);
    for (const double x : values) {
        auto bin = static_cast<int64_t>(std::floor((x - lo) / width));
        bin = std::clamp<int64_t>(bin, 0, bins - 1);
        // Rounding in the division can put a value next to the bin whose
        // edges hold it; the edges decide.
        while (bin > 0 && x < edges[static_cast<std::size_t>(bin)])
            --bin;
        while (bin < bins - 1 && x >= edges[static_cast<std::size_t>(bin) + 1])
            ++bin;
        ++h.counts[static_cast<std::size_t>(bin)];
    }
    h.edges = edges;
    if (logScale)
        for (auto& e : h.edges)
            e = std::pow(10.0, e);
    return h;
}

} // namespace sa
