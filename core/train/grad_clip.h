// Gradient clipping as torch.nn.utils.clip_grad_norm_ (PyTorch 1.13, the
// reference's): one global 2-norm over every gradient, and the gradients are
// always multiplied by min(1, max / (norm + 1e-6)), also when that is 1.
#pragma once

#include <torch/torch.h>

#include <vector>

namespace sa {

struct ClipResult {
    double norm = 0.0;        // before clipping
    double coefficient = 1.0; // what the gradients were multiplied by
};

// Parameters without a gradient are left out. maxNorm <= 0 measures only.
ClipResult clipGradientNorm(const std::vector<torch::Tensor>& parameters, double maxNorm);

} // namespace sa
