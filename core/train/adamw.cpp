#include "train/adamw.h"

#include "error.h"

#include <cmath>
#include <set>

namespace sa {

ReferenceAdamW::ReferenceAdamW(std::vector<Parameter> parameters, AdamWOptions options)
    : parameters_(std::move(parameters)), options_(options) {
    for (auto& p : parameters_) {
        p.expAvg = torch::zeros_like(p.value);
        p.expAvgSq = torch::zeros_like(p.value);
    }
}

void ReferenceAdamW::step(double lr) {
    torch::NoGradGuard noGrad;
    ++steps_;
    const double b1 = options_.beta1, b2 = options_.beta2;
    const auto t = static_cast<double>(steps_);
    // In double, as the reference computes it from Python floats.
    const double stepSize = lr * std::sqrt(1.0 - std::pow(b2, t)) / (1.0 - std::pow(b1, t));
    for (auto& p : parameters_) {
        const auto& g = p.value.grad();
        if (!g.defined()) continue;
        p.expAvg.mul_(b1).add_(g, 1.0 - b1);
        p.expAvgSq.mul_(b2).addcmul_(g, g, 1.0 - b2);
        const auto denominator = p.expAvgSq.sqrt().add_(options_.eps);
        p.value.addcdiv_(p.expAvg, denominator, -stepSize);
        if (p.decay && options_.weightDecay > 0.0) p.value.add_(p.value, -lr * options_.weightDecay);
    }
}

void ReferenceAdamW::zeroGrad() {
    for (auto& p : parameters_)
        if (p.value.grad().defined()) p.value.mutable_grad() = torch::Tensor();
}

std::map<std::string, torch::Tensor> ReferenceAdamW::state() const {
    std::map<std::string, torch::Tensor> state;
    for (const auto& p : parameters_) {
        state["exp_avg." + p.name] = p.expAvg;
        state["exp_avg_sq." + p.name] = p.expAvgSq;
    }
    state["step"] = torch::tensor({steps_}, torch::kInt64);
    return state;
}

void ReferenceAdamW::restore(const std::map<std::string, torch::Tensor>& state) {
    auto find = [&](const std::string& key, const torch::Tensor& like) {
        const auto it = state.find(key);
        if (it == state.end()) throw Error("optimizer state: missing '" + key + "'");
        if (like.defined() && it->second.sizes() != like.sizes())
            throw Error("optimizer state: '" + key + "' has shape " + c10::str(it->second.sizes()) + ", expected " +
                        c10::str(like.sizes()));
        return it->second;
    };
    torch::NoGradGuard noGrad;
    for (auto& p : parameters_) {
        p.expAvg.copy_(find("exp_avg." + p.name, p.expAvg));
        p.expAvgSq.copy_(find("exp_avg_sq." + p.name, p.expAvgSq));
    }
    steps_ = find("step", torch::Tensor()).to(torch::kInt64).item<int64_t>();
}

std::vector<ReferenceAdamW::Parameter> trainableParameters(torch::nn::Module& model) {
    std::set<std::string> layerNormOwned;
    for (const auto& m : model.named_modules("", false))
        if (dynamic_cast<const torch::nn::LayerNormImpl*>(m.value().get()))
            for (const auto& p : m.value()->named_parameters(false))
                layerNormOwned.insert(m.key() + "." + p.key());
    std::vector<ReferenceAdamW::Parameter> out;
    for (const auto& p : model.named_parameters(true)) {
        if (!p.value().requires_grad()) continue;
        ReferenceAdamW::Parameter parameter;
        parameter.name = p.key();
        parameter.value = p.value();
        parameter.decay = p.key().find("bias") == std::string::npos && !layerNormOwned.count(p.key());
        out.push_back(std::move(parameter));
    }
    return out;
}

} // namespace sa
