// What the trainer reports after a pruning round: the masks as plain bytes
// and the round's scores as a histogram with the threshold that cut them.
#pragma once

#include "model/language_model.h"
#include "sparsity/prune_options.h"
#include "train/training_events.h"

#include <vector>

namespace sa {

// The mask buffers of maskedWeights(model), official names, kept counts.
MaskEvent maskEvent(LanguageModelImpl& model);

// Bins per score histogram: enough to show the shape of SNIP's many decades
// at a size that still fits a plot a few hundred pixels wide.
constexpr int kScoreSummaryBins = 60;

// `scores` of a round and the `masks` it produced (maskedWeights() order).
// The histogram is logarithmic when every finite score is >= 0. The
// threshold is only given where one value decided the whole round: a global
// scope and a method other than Erdős–Rényi (its per-tensor densities cut
// each tensor at its own value).
ScoreSummary scoreSummary(const std::vector<torch::Tensor>& scores, const std::vector<torch::Tensor>& masks,
                          PruneMethod method, MaskScope scope, int bins = kScoreSummaryBins);

// The warnings of a round (MaskEvent::warnings): the achieved density more
// than max(0.01, 5 % of the target) away from it, and tensors with nothing
// kept; with the likely cause (ties at the threshold under the reference's
// <= rule, scores of exactly 0) and the fix (pruning.break_ties, another
// method). Empty when the round did what was asked.
std::vector<std::string> maskWarnings(const MaskEvent& event, bool breakTies);

} // namespace sa
