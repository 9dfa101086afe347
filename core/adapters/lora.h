// LoRA on a frozen linear projection (the reference's lora.Linear):
// y = x·Wᵀ + b + scaling · (x·(A ⊙ M_A)ᵀ)·(B ⊙ M_B)ᵀ, scaling = alpha / r.
// A and B are registered on the projection itself, under the reference's
// names (ef_lora_A, ef_lora_B, A_mask, B_mask), so checkpoints and masks
// keep the official parameter paths. The update is never merged into W.
#pragma once

#include <torch/torch.h>

namespace sa {

class Lora {
public:
    Lora() = default;
    // Registers A [r, in], B [out, r] and their masks on `linear`.
    Lora(torch::nn::LinearImpl& linear, int64_t rank, double scaling);

    explicit operator bool() const { return A_.defined(); }
    // base = linear(x); returns base + the low-rank update.
    torch::Tensor apply(const torch::Tensor& x, const torch::Tensor& base) const;

private:
    torch::Tensor A_, B_, maskA_, maskB_;
    double scaling_ = 0.0;
};

} // namespace sa
