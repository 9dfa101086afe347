// The bottleneck adapter of the reference (petl Adapter_Layer): optional
// LayerNorm, down-projection, ReLU, up-projection, scale, residual. Both
// projection weights carry a binary mask buffer multiplied in on every
// forward pass, so a pruned weight contributes nothing and its gradient is 0.
#pragma once

#include "adapters/adapter_options.h"

#include <torch/torch.h>

namespace sa {

struct BottleneckAdapterImpl : torch::nn::Module {
    // d: model width; bottleneck: adapter width. The adapter LayerNorm is a
    // plain nn.LayerNorm in the reference: eps 1e-5, not the backbone's eps.
    BottleneckAdapterImpl(int64_t d, int64_t bottleneck, double scale, AdapterLayerNorm layerNorm);

    // x: [batch, seq, d]. Returns up(relu(down(LN(x))))·scale + residual; an
    // undefined residual means x itself, `addResidual = false` drops it
    // (the parallel placement adds the result elsewhere).
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& residual = {}, bool addResidual = true);

    // The reference names its one LayerNorm "adapter_layer_norm_before"
    // whether it normalises the input ("in") or the scaled output ("out").
    torch::nn::LayerNorm adapter_layer_norm_before{nullptr};
    bool normaliseOutput = false;
    torch::nn::Linear down_proj{nullptr}, up_proj{nullptr};
    torch::Tensor down_mask, up_mask; // [bottleneck, d], [d, bottleneck]; 1 = kept
    double scale;
    // On the ReLU output in training; the reference takes it from the
    // backbone's hidden dropout (set by attachAdapters).
    double dropout = 0.0;
};
TORCH_MODULE(BottleneckAdapter);

} // namespace sa
