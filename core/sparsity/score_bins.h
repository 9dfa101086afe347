// The histogram of pruning scores as plain data (no LibTorch), so training
// events and widgets can carry it; sparsity/score_histogram.h computes it.
#pragma once

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

    int64_t binned() const; // sum of counts
};

} // namespace sa
