#include "train/mask_event.h"

#include "adapters/attach.h"
#include "error.h"
#include "sparsity/score_histogram.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace sa {

MaskEvent maskEvent(LanguageModelImpl& model) {
    MaskEvent event;
    for (const auto& m : maskedWeights(model)) {
        MaskTensor t;
        t.name = toOfficialName(m.maskName);
        t.rows = m.mask.size(0);
        t.cols = m.mask.dim() > 1 ? m.mask.size(1) : 1;
        const auto bytes = m.mask.detach().to(torch::kCPU).ne(0).to(torch::kUInt8).contiguous();
        t.values.assign(bytes.data_ptr<uint8_t>(), bytes.data_ptr<uint8_t>() + bytes.numel());
        t.kept = bytes.sum().item<int64_t>();
        event.kept += t.kept;
        event.total += bytes.numel();
        event.tensors.push_back(std::move(t));
    }
    return event;
}

namespace {

bool anyNegative(const std::vector<torch::Tensor>& scores) {
    for (const auto& s : scores) {
        const auto flat = s.detach().flatten();
        if (flat.numel() > 0 && torch::isfinite(flat).logical_and(flat.lt(0)).any().item<bool>()) return true;
    }
    return false;
}

// pruneLowest() compares the scores as float32 against the k-th smallest and
// rewrites every mask from that comparison, so the largest pruned score is
// exactly the value it cut at.
double largestPrunedScore(const std::vector<torch::Tensor>& scores, const std::vector<torch::Tensor>& masks) {
    double threshold = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t i = 0; i < scores.size(); ++i) {
        const auto pruned = masks[i].detach().to(torch::kCPU).flatten().eq(0);
        if (!pruned.any().item<bool>()) continue;
        const auto score = scores[i].detach().to(torch::kCPU, torch::kFloat32).flatten();
        const double largest = score.masked_select(pruned).max().item<double>();
        if (std::isnan(threshold) || largest > threshold) threshold = largest;
    }
    return threshold;
}

} // namespace

ScoreSummary scoreSummary(const std::vector<torch::Tensor>& scores, const std::vector<torch::Tensor>& masks,
                          PruneMethod method, MaskScope scope, int bins) {
    if (scores.size() != masks.size())
        throw Error("score summary: " + std::to_string(scores.size()) + " score tensors for " +
                    std::to_string(masks.size()) + " masks");
    ScoreSummary summary;
    summary.available = true;
    summary.method = pruneMethodName(method);
    static_cast<ScoreHistogram&>(summary) = scoreHistogram(scores, bins, !anyNegative(scores));
    if (scope == MaskScope::Global && method != PruneMethod::ErdosRenyi)
        summary.threshold = largestPrunedScore(scores, masks);
    if (std::isfinite(summary.threshold))
        for (const auto& s : scores)
            summary.atThreshold += s.detach()
                                       .to(torch::kCPU, torch::kFloat32)
                                       .eq(static_cast<float>(summary.threshold))
                                       .sum()
                                       .item<int64_t>();
    return summary;
}

namespace {

std::string fixed4(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.4f", value);
    return text;
}

// Why a round kept other than asked, as far as its scores tell.
std::string likelyCause(const MaskEvent& e, bool breakTies) {
    const auto& s = e.scores;
    if (!breakTies && s.available && s.atThreshold > 1) {
        const std::string zeros = s.threshold == 0.0
                                      ? " (scores of exactly 0: bottleneck units the scoring batch never activates, or "
                                        "zero-initialised weights such as LoRA's B)"
                                      : "";
        return "; " + std::to_string(s.atThreshold) + " scores tie at the threshold " + fixed4(s.threshold) + zeros +
               " and the reference's rule prunes every score <= it; set pruning.break_ties=true (prune: --ties "
               "random) to prune exactly the asked number, or choose another method";
    }
    return "";
}

} // namespace

std::vector<std::string> maskWarnings(const MaskEvent& e, bool breakTies) {
    std::vector<std::string> warnings;
    const double achieved = e.achievedDensity();
    if (std::abs(achieved - e.density) > std::max(0.01, 0.05 * e.density))
        warnings.push_back("achieved density " + fixed4(achieved) + " is far " +
                           (achieved < e.density ? "below" : "above") + " the target " + fixed4(e.density) + " (" +
                           std::to_string(e.kept) + " of " + std::to_string(e.total) + " weights kept)" +
                           likelyCause(e, breakTies));
    std::vector<std::string> empty;
    for (const auto& t : e.tensors)
        if (t.kept == 0 && t.rows * t.cols > 0) empty.push_back(t.name);
    if (!empty.empty())
        warnings.push_back(std::to_string(empty.size()) + " of " + std::to_string(e.tensors.size()) +
                           " adapter weight tensors are fully pruned (first: " + empty.front() +
                           "), so their adapters pass nothing" + (warnings.empty() ? likelyCause(e, breakTies) : ""));
    return warnings;
}

} // namespace sa
