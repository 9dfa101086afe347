#include "adapters/adapter_fusion.h"

#include <algorithm>

namespace sa {

namespace {

// AdapterHub's Adapter.init_bert_weights: N(0, 0.02²) weights, zero bias.
void initBert(torch::nn::LinearImpl& linear) {
    torch::NoGradGuard noGrad;
    linear.weight.normal_(0.0, 0.02);
    if (linear.bias.defined()) linear.bias.zero_();
}

} // namespace

AdapterFusionImpl::AdapterFusionImpl(int64_t hidden, FusionOptions options) : options_(options) {
    if (options_.query) {
        query_ = register_module("query", torch::nn::Linear(hidden, hidden));
        initBert(*query_);
    }
    if (options_.key) {
        key_ = register_module("key", torch::nn::Linear(hidden, hidden));
        initBert(*key_);
    }
    if (options_.value) {
        value_ = register_module("value", torch::nn::Linear(torch::nn::LinearOptions(hidden, hidden).bias(false)));
        initBert(*value_);
        if (options_.valueInitialized) {
            torch::NoGradGuard noGrad;
            value_->weight.fill_(1e-6).fill_diagonal_(1.0);
        }
    }
    // The reduction is fixed at construction: T0/1000, also without
    // annealing, where max(1 − 0.001, 1) keeps T at 1.
    T_ = options_.temperature ? 50.0 : 1.0;
    reduction_ = T_ / 1000.0;
}

FusionOutput AdapterFusionImpl::forward(const torch::Tensor& query, const torch::Tensor& adapterOutputs,
                                        const torch::Tensor& residual) {
    torch::Tensor values = adapterOutputs;
    if (options_.residualBefore) values = values + residual.unsqueeze(2);
    const auto q = query_ ? query_->forward(query) : query;
    const auto k = key_ ? key_->forward(values) : values;
    const bool mixBefore = value_ && options_.valueBeforeSoftmax;
    const auto v = mixBefore ? value_->forward(values) : values;

    // [b, s, 1, h] · [b, s, h, n] → [b, s, n]: one score per adapter.
    auto scores = torch::matmul(q.unsqueeze(2), k.transpose(-2, -1)).squeeze(2);
    if (options_.dropoutProb > 0.0) scores = torch::dropout(scores, options_.dropoutProb, is_training());
    const auto probs = torch::softmax(scores / T_, -1);
    T_ = std::max(T_ - reduction_, 1.0);

    auto context = torch::matmul(probs.unsqueeze(2), v).squeeze(2);
    if (value_ && !options_.valueBeforeSoftmax) context = value_->forward(context);
    if (!options_.residualBefore) context = context + residual;
    return {context, probs};
}

torch::Tensor AdapterFusionImpl::regularizationLoss() const {
    if (!value_ || !options_.regularization) return torch::zeros({});
    const auto identity = torch::eye(value_->weight.size(0), value_->weight.options());
    return 0.01 * (identity - value_->weight).pow(2).sum();
}

} // namespace sa
