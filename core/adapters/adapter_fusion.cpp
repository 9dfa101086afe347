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

void AdapterFusionImpl::addMasks() {
    auto mask = [&](const torch::nn::Linear& linear, const char* name) {
        return linear ? register_buffer(name, torch::ones_like(linear->weight)) : torch::Tensor();
    };
    queryMask_ = mask(query_, "query_mask");
    keyMask_ = mask(key_, "key_mask");
    valueMask_ = mask(value_, "value_mask");
}

torch::Tensor AdapterFusionImpl::project(const torch::nn::Linear& linear, const torch::Tensor& mask,
                                         const torch::Tensor& x) const {
    if (!linear) return x;
    return torch::nn::functional::linear(x, mask.defined() ? linear->weight * mask : linear->weight, linear->bias);
}

void AdapterFusionImpl::startTally() {
    tallying_ = true;
    tally_ = torch::Tensor();
    tallied_ = 0.0;
}

std::vector<double> AdapterFusionImpl::takeTally() {
    tallying_ = false;
    std::vector<double> mean;
    if (!tally_.defined() || tallied_ <= 0.0) return mean;
    const auto sum = tally_.cpu();
    for (int64_t i = 0; i < sum.size(0); ++i)
        mean.push_back(sum[i].item<double>() / tallied_);
    tally_ = torch::Tensor();
    return mean;
}

FusionOutput AdapterFusionImpl::forward(const torch::Tensor& query, const torch::Tensor& adapterOutputs,
                                        const torch::Tensor& residual, const torch::Tensor& positions) {
    torch::Tensor values = adapterOutputs;
    if (options_.residualBefore) values = values + residual.unsqueeze(2);
    const auto q = project(query_, queryMask_, query);
    const auto k = project(key_, keyMask_, values);
    const bool mixBefore = value_ && options_.valueBeforeSoftmax;
    const auto v = mixBefore ? project(value_, valueMask_, values) : values;

    // [b, s, 1, h] · [b, s, h, n] → [b, s, n]: one score per adapter.
    auto scores = torch::matmul(q.unsqueeze(2), k.transpose(-2, -1)).squeeze(2);
    if (options_.dropoutProb > 0.0) scores = torch::dropout(scores, options_.dropoutProb, is_training());
    const auto probs = torch::softmax(scores / T_, -1);
    T_ = std::max(T_ - reduction_, 1.0);
    if (tallying_) {
        torch::NoGradGuard noGrad;
        const auto weights = positions.defined() ? positions.to(torch::kFloat64).unsqueeze(-1)
                                                 : torch::ones_like(probs, torch::kFloat64).narrow(-1, 0, 1);
        const auto sum = (probs.detach().to(torch::kFloat64) * weights).sum(std::vector<int64_t>{0, 1});
        tally_ = tally_.defined() ? tally_ + sum : sum;
        tallied_ += weights.sum().item<double>();
    }

    auto context = torch::matmul(probs.unsqueeze(2), v).squeeze(2);
    if (value_ && !options_.valueBeforeSoftmax) context = project(value_, valueMask_, context);
    if (!options_.residualBefore) context = context + residual;
    return {context, probs};
}

torch::Tensor AdapterFusionImpl::regularizationLoss() const {
    if (!value_ || !options_.regularization) return torch::zeros({});
    const auto identity = torch::eye(value_->weight.size(0), value_->weight.options());
    const auto V = valueMask_.defined() ? value_->weight * valueMask_ : value_->weight;
    return 0.01 * (identity - V).pow(2).sum();
}

} // namespace sa
