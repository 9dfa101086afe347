// Histograms of pruning scores for the GUI and the CLI. SNIP/GraSP scores
// span many decades (~1e-7..1e-2 after their global normalisation) and many
// are exactly 0 (ReLU units inactive on the whole batch), so the useful view
// is log-spaced bins of |score| with the zeros counted on their own.
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace sa {

struct ScoreHistogram {
    bool logScale = false;
    std::vector<double> edges;   // bins + 1, ascending; empty when no value fell in a bin
    std::vector<int64_t> counts; // bins; value v is in bin i when edges[i] <= v < edges[i+1] (last bin closed)
    int64_t zeros = 0;           // exact zeros: in no bin with logScale (no logarithm), in their bin otherwise
    int64_t nonFinite = 0;       // NaN/±inf, in no bin
    int64_t total = 0;           // every score given

    int64_t binned() const;
};

// Bins every element of `scores` (any shapes, dtypes, devices) into `bins`
// bins spanning the smallest to the largest binned value: |score| on
// log-spaced edges with `logScale`, the signed score on linear edges
// otherwise (GraSP scores are signed). binned() + nonFinite + (logScale ?
// zeros : 0) == total. Throws sa::Error for bins < 1.
ScoreHistogram scoreHistogram(const std::vector<torch::Tensor>& scores, int bins, bool logScale);

} // namespace sa
