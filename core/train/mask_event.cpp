#include "train/mask_event.h"

#include "adapters/attach.h"
#include "error.h"
#include "sparsity/score_histogram.h"

#include <torch/torch.h>

#include <cmath>
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
    return summary;
}

} // namespace sa
