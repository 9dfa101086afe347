#include "adapters/bottleneck_adapter.h"

namespace sa {

namespace F = torch::nn::functional;

BottleneckAdapterImpl::BottleneckAdapterImpl(int64_t d, int64_t bottleneck, double scale_, AdapterLayerNorm layerNorm)
    : scale(scale_) {
    auto norm = [&] { return torch::nn::LayerNorm(torch::nn::LayerNormOptions({d}).eps(1e-5)); };
    if (layerNorm != AdapterLayerNorm::None)
        adapter_layer_norm_before = register_module("adapter_layer_norm_before", norm());
    normaliseOutput = layerNorm == AdapterLayerNorm::Out;
    down_proj = register_module("down_proj", torch::nn::Linear(d, bottleneck));
    up_proj = register_module("up_proj", torch::nn::Linear(bottleneck, d));
    down_mask = register_buffer("down_mask", torch::ones({bottleneck, d}));
    up_mask = register_buffer("up_mask", torch::ones({d, bottleneck}));
    // The reference's default ffn_adapter_init_option "bert": every weight
    // normal(0, 0.02), biases 0.
    torch::NoGradGuard noGrad;
    for (auto* linear : {down_proj.get(), up_proj.get()}) {
        linear->weight.normal_(0.0, 0.02);
        linear->bias.zero_();
    }
}

torch::Tensor BottleneckAdapterImpl::forward(const torch::Tensor& x, const torch::Tensor& residual, bool addResidual) {
    auto h = adapter_layer_norm_before && !normaliseOutput ? adapter_layer_norm_before(x) : x;
    h = torch::relu(F::linear(h, down_proj->weight * down_mask, down_proj->bias));
    if (is_training() && dropout > 0.0) h = torch::dropout(h, dropout, true);
    auto up = F::linear(h, up_proj->weight * up_mask, up_proj->bias) * scale;
    if (normaliseOutput) up = adapter_layer_norm_before(up);
    if (!addResidual) return up;
    return up + (residual.defined() ? residual : x);
}

} // namespace sa
