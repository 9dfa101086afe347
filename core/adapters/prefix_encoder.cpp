#include "adapters/prefix_encoder.h"

namespace sa {

PrefixEncoderImpl::PrefixEncoderImpl(int64_t d, int64_t heads, int64_t layers, int64_t length, int64_t midDim)
    : heads_(heads), layers_(layers), length_(length) {
    self_ = add("wte", "control_trans", d, layers, midDim);
    encoder_ = add("wte_enc", "control_trans_enc", d, layers, midDim);
    cross_ = add("wte2", "control_trans2", d, layers, midDim);
}

PrefixEncoderImpl::Network PrefixEncoderImpl::add(const std::string& wteName, const std::string& controlName, int64_t d,
                                                  int64_t layers, int64_t mid) {
    Network n;
    n.wte = register_module(wteName, torch::nn::Embedding(length_, d));
    n.control = register_module(controlName, torch::nn::Sequential(torch::nn::Linear(d, mid), torch::nn::Tanh(),
                                                                   torch::nn::Linear(mid, layers * 2 * d)));
    return n;
}

std::vector<PrefixKeyValue> PrefixEncoderImpl::keyValues(Site site) {
    auto& n = site == Site::Self ? self_ : site == Site::Encoder ? encoder_ : cross_;
    const auto d = n.wte->weight.size(1);
    // [P, L·2·d] → [P, 2L, heads, head_dim] → [2L, heads, P, head_dim]
    auto kv = n.control->forward(n.wte->weight).view({length_, 2 * layers_, heads_, d / heads_}).permute({1, 2, 0, 3});
    std::vector<PrefixKeyValue> out;
    for (int64_t l = 0; l < layers_; ++l)
        out.push_back({kv[2 * l], kv[2 * l + 1]});
    return out;
}

torch::Tensor prependVisible(const torch::Tensor& additiveMask, int64_t prefixLength) {
    auto sizes = additiveMask.sizes().vec();
    sizes.back() = prefixLength;
    return torch::cat({torch::zeros(sizes, additiveMask.options()), additiveMask}, -1);
}

torch::Tensor prependPrefix(const torch::Tensor& states, const torch::Tensor& prefix) {
    return torch::cat({prefix.unsqueeze(0).expand({states.size(0), -1, -1, -1}), states}, 2);
}

} // namespace sa
