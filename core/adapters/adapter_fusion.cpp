#include "adapters/adapter_fusion.h"

#include "error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <utility>

namespace sa {

namespace {

// AdapterHub's Adapter.init_bert_weights: N(0, 0.02²) weights, zero bias.
void initBert(torch::nn::LinearImpl& linear) {
    torch::NoGradGuard noGrad;
    linear.weight.normal_(0.0, 0.02);
    if (linear.bias.defined()) linear.bias.zero_();
}

} // namespace

FusionOptions FusionOptions::preset(const std::string& name) {
    FusionOptions o; // dynamic
    if (name == "dynamic") return o;
    if (name == "static") {
        o.value = false;
        o.regularization = false;
        o.valueInitialized = false;
        return o;
    }
    throw Error("unknown fusion preset '" + name + "' (there are: dynamic, static)");
}

FusionOptions FusionOptions::fromJson(const std::string& text, const std::string& source) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw fileError(source, std::string("not valid JSON: ") + e.what());
    }
    if (!j.is_object()) throw fileError(source, "fusion options must be a JSON object");
    FusionOptions o;
    const std::pair<const char*, bool FusionOptions::*> switches[] = {
        {"key", &FusionOptions::key},
        {"query", &FusionOptions::query},
        {"value", &FusionOptions::value},
        {"query_before_ln", &FusionOptions::queryBeforeLn},
        {"regularization", &FusionOptions::regularization},
        {"residual_before", &FusionOptions::residualBefore},
        {"temperature", &FusionOptions::temperature},
        {"value_before_softmax", &FusionOptions::valueBeforeSoftmax},
        {"value_initialized", &FusionOptions::valueInitialized},
    };
    for (const auto& [key, v] : j.items()) {
        const auto known =
            std::find_if(std::begin(switches), std::end(switches), [&](const auto& s) { return key == s.first; });
        if (known != std::end(switches)) {
            if (!v.is_boolean()) throw fileError(source, "field '" + key + "' must be true or false, got " + v.dump());
            o.*(known->second) = v.get<bool>();
        } else if (key == "dropout_prob") {
            if (!v.is_null() && (!v.is_number() || v.get<double>() < 0.0 || v.get<double>() >= 1.0))
                throw fileError(source, "field 'dropout_prob' must be null or a number in [0, 1), got " + v.dump());
            o.dropoutProb = v.is_null() ? 0.0 : v.get<double>();
        } else {
            throw fileError(source, "unknown fusion field '" + key +
                                        "' (there are: key, query, value, query_before_ln, regularization, "
                                        "residual_before, temperature, value_before_softmax, value_initialized, "
                                        "dropout_prob)");
        }
    }
    return o;
}

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
