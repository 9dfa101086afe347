#include "train/grad_clip.h"

namespace sa {

ClipResult clipGradientNorm(const std::vector<torch::Tensor>& parameters, double maxNorm) {
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> grads, norms;
    for (const auto& p : parameters) {
        if (!p.grad().defined()) continue;
        grads.push_back(p.grad());
        norms.push_back(p.grad().norm());
    }
    ClipResult result;
    if (grads.empty()) return result;
    const auto total = torch::stack(norms).norm();
    result.norm = total.item<double>();
    if (maxNorm <= 0.0) return result;
    // Python's `max_norm / tensor` is reciprocal-then-multiply in float32.
    const auto coefficient = ((total + 1e-6).reciprocal() * maxNorm).clamp_max(1.0);
    for (auto& g : grads)
        g.mul_(coefficient);
    result.coefficient = coefficient.item<double>();
    return result;
}

} // namespace sa
