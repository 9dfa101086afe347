// Histograms of pruning scores for the GUI and the CLI. SNIP/GraSP scores
// span many decades (~1e-7..1e-2 after their global normalisation) and many
// are exactly 0 (ReLU units inactive on the whole batch), so the useful view
// is log-spaced bins of |score| with the zeros counted on their own.
#pragma once

#include "sparsity/score_bins.h"

#include <torch/types.h>

#include <vector>

namespace sa {

// Bins every element of `scores` (any shapes, dtypes, devices) into `bins`
// bins spanning the smallest to the largest binned value: |score| on
// log-spaced edges with `logScale`, the signed score on linear edges
// otherwise (GraSP scores are signed). binned() + nonFinite + (logScale ?
// zeros : 0) == total. Throws sa::Error for bins < 1.
ScoreHistogram scoreHistogram(const std::vector<torch::Tensor>& scores, int bins, bool logScale);

} // namespace sa
