#include "adapters/lora.h"

#include <cmath>

namespace sa {

Lora::Lora(torch::nn::LinearImpl& linear, int64_t rank, double scaling) : scaling_(scaling) {
    const auto out = linear.weight.size(0), in = linear.weight.size(1);
    // The reference's init: A like nn.Linear (kaiming_uniform, a = √5), B zero,
    // so training starts from the frozen model.
    auto a = torch::empty({rank, in});
    torch::nn::init::kaiming_uniform_(a, std::sqrt(5.0));
    A_ = linear.register_parameter("ef_lora_A", a);
    B_ = linear.register_parameter("ef_lora_B", torch::zeros({out, rank}));
    maskA_ = linear.register_buffer("A_mask", torch::ones({rank, in}));
    maskB_ = linear.register_buffer("B_mask", torch::ones({out, rank}));
}

torch::Tensor Lora::apply(const torch::Tensor& x, const torch::Tensor& base) const {
    const auto down = torch::matmul(x, (A_ * maskA_).t());
    return base + torch::matmul(down, (B_ * maskB_).t()) * scaling_;
}

} // namespace sa
