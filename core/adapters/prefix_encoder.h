// Prefix tuning with the reference's MLP reparameterisation (petl Prefix):
// a learned [P, d] embedding through Linear(d, mid) → tanh → Linear(mid,
// L·2·d) gives every layer P extra key and value vectors. The reference
// builds three such networks (wte/control_trans for self-attention of an
// encoder-only model or a decoder, wte_enc/control_trans_enc for a BART
// encoder, wte2/control_trans2 for cross-attention); all are trainable.
#pragma once

#include <torch/torch.h>

#include <utility>
#include <vector>

namespace sa {

struct PrefixKeyValue {
    torch::Tensor key, value; // [heads, P, head_dim]
};

class PrefixEncoderImpl : public torch::nn::Module {
public:
    PrefixEncoderImpl(int64_t d, int64_t heads, int64_t layers, int64_t length, int64_t midDim);

    enum class Site { Self, Encoder, Cross };
    // Runs once per forward pass, independent of the input: one entry per layer.
    std::vector<PrefixKeyValue> keyValues(Site site);
    int64_t length() const { return length_; }

private:
    struct Network {
        torch::nn::Embedding wte{nullptr};
        torch::nn::Sequential control{nullptr};
    };
    Network add(const std::string& wteName, const std::string& controlName, int64_t d, int64_t layers, int64_t mid);
    Network self_, encoder_, cross_;
    int64_t heads_, layers_, length_;
};
TORCH_MODULE(PrefixEncoder);

// Additive attention mask [batch, 1, 1|tgt, seq] → [.., P + seq] with the
// prefix always visible (zeros in front).
torch::Tensor prependVisible(const torch::Tensor& additiveMask, int64_t prefixLength);

// [batch, heads, seq, head_dim] with the prefix [heads, P, head_dim] in front.
torch::Tensor prependPrefix(const torch::Tensor& states, const torch::Tensor& prefix);

} // namespace sa
