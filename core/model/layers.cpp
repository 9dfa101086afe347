#include "model/layers.h"

#include "error.h"

#include <cmath>
#include <limits>

namespace sa {
namespace {

torch::Tensor geluErf(const torch::Tensor& x) {
    return torch::gelu(x);
}
torch::Tensor geluTanh(const torch::Tensor& x) {
    // HF gelu_new: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
    const double c = std::sqrt(2.0 / M_PI);
    return 0.5 * x * (1.0 + torch::tanh(c * (x + 0.044715 * torch::pow(x, 3.0))));
}
torch::Tensor relu(const torch::Tensor& x) {
    return torch::relu(x);
}
torch::Tensor silu(const torch::Tensor& x) {
    return torch::silu(x);
}
torch::Tensor tanhAct(const torch::Tensor& x) {
    return torch::tanh(x);
}

} // namespace

Activation activationByName(const std::string& name) {
    if (name == "gelu") return geluErf;
    if (name == "gelu_new" || name == "gelu_fast" || name == "gelu_pytorch_tanh") return geluTanh;
    if (name == "relu") return relu;
    if (name == "silu" || name == "swish") return silu;
    if (name == "tanh") return tanhAct;
    throw Error("unsupported activation '" + name +
                "' (supported: gelu, gelu_new, gelu_fast, relu, silu, swish, tanh)");
}

torch::Tensor bertAttentionMask(const torch::Tensor& attentionMask, torch::ScalarType dtype) {
    auto m = attentionMask.unsqueeze(1).unsqueeze(2).to(dtype); // [batch, 1, 1, seq]
    return (1.0 - m) * -10000.0;
}

torch::Tensor bartPaddingMask(const torch::Tensor& attentionMask, int64_t targetLength, torch::ScalarType dtype) {
    const auto batch = attentionMask.size(0), source = attentionMask.size(1);
    auto expanded = attentionMask.unsqueeze(1).unsqueeze(1).expand({batch, 1, targetLength, source}).to(dtype);
    auto inverted = 1.0 - expanded;
    const double lowest = dtype == torch::kFloat64 ? std::numeric_limits<double>::lowest()
                                                   : static_cast<double>(std::numeric_limits<float>::lowest());
    return inverted.masked_fill(inverted.to(torch::kBool), lowest);
}

torch::Tensor causalMask(int64_t length, torch::ScalarType dtype, torch::Device device) {
    auto opts = torch::TensorOptions().dtype(dtype).device(device);
    auto mask = torch::full({length, length}, -std::numeric_limits<double>::infinity(), opts);
    return torch::triu(mask, 1).view({1, 1, length, length});
}

torch::Tensor splitHeads(const torch::Tensor& x, int64_t heads) {
    const auto b = x.size(0), t = x.size(1), h = x.size(2);
    return x.view({b, t, heads, h / heads}).permute({0, 2, 1, 3});
}

torch::Tensor mergeHeads(const torch::Tensor& x) {
    const auto b = x.size(0), heads = x.size(1), t = x.size(2), d = x.size(3);
    return x.permute({0, 2, 1, 3}).contiguous().view({b, t, heads * d});
}

torch::Tensor attend(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                     const torch::Tensor& additiveMask, double scoreDivisor, double probsDropout, bool training) {
    auto scores = torch::matmul(q, k.transpose(-1, -2));
    if (scoreDivisor != 1.0) scores = scores / scoreDivisor;
    if (additiveMask.defined()) scores = scores + additiveMask;
    return torch::matmul(trainingDropout(torch::softmax(scores, -1), probsDropout, training), v);
}

torch::Tensor trainingDropout(const torch::Tensor& x, double p, bool training) {
    if (!training || p <= 0.0) return x;
    return torch::dropout(x, p, true);
}

torch::Tensor classificationLoss(const torch::Tensor& logits, const torch::Tensor& labels) {
    if (logits.size(-1) == 1) return torch::mse_loss(logits.view(-1), labels.to(logits.scalar_type()).view(-1));
    return torch::nn::functional::cross_entropy(logits.view({-1, logits.size(-1)}), labels.view(-1),
                                                torch::nn::functional::CrossEntropyFuncOptions().ignore_index(-100));
}

SpanLoss spanLoss(const torch::Tensor& startLogits, const torch::Tensor& endLogits, const torch::Tensor& startPositions,
                  const torch::Tensor& endPositions) {
    const int64_t ignored = startLogits.size(1);
    const auto options = torch::nn::functional::CrossEntropyFuncOptions().ignore_index(ignored);
    SpanLoss loss;
    loss.start = torch::nn::functional::cross_entropy(startLogits, startPositions.view(-1).clamp(0, ignored), options);
    loss.end = torch::nn::functional::cross_entropy(endLogits, endPositions.view(-1).clamp(0, ignored), options);
    loss.total = (loss.start + loss.end) / 2;
    return loss;
}

void splitSpanLogits(const torch::Tensor& logits, torch::Tensor& start, torch::Tensor& end) {
    start = logits.select(-1, 0).contiguous();
    end = logits.select(-1, 1).contiguous();
}

} // namespace sa
