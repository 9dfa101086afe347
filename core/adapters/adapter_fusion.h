// AdapterFusion (Pfeiffer et al., EACL 2021): at one bottleneck site, an
// attention over N frozen task adapters. The query comes from the site's
// hidden state, keys and values from each adapter's scaled up-projection
// output; a softmax over the adapters (at temperature T) weighs them, an
// optional value matrix mixes them (before or after the softmax), and the
// residual is added. The reference is AdapterHub's BertFusion
// (src/adapters/methods/modeling.py) and, for the regulariser,
// get_fusion_regularization_loss (src/adapters/model_mixin.py);
// ../shared/fixtures/fusion holds its outputs, probabilities and gradients.
#pragma once

#include <torch/torch.h>

#include <string>

namespace sa {

// AdapterHub's fusion config fields, under its names.
struct FusionOptions {
    bool key = true;
    bool query = true;
    bool value = true;
    bool queryBeforeLn = false;  // where the site takes the query (not this layer's arithmetic)
    bool regularization = true;  // 0.01·‖I − V‖²_F added to the loss, per layer
    bool residualBefore = false; // add the residual to every adapter's output before attending
    bool temperature = false;    // T from 50, minus 50/1000 per forward call, never below 1
    bool valueBeforeSoftmax = true;
    bool valueInitialized = true; // V = identity + 1e-6 off the diagonal (else N(0, 0.02²))
    double dropoutProb = 0.0;     // on the attention scores (training only)

    // "dynamic" (AdapterHub's default: every switch on, value matrix and
    // regulariser) or "static" (query and key only). Throws sa::Error.
    static FusionOptions preset(const std::string& name);
    // An object of AdapterHub's keys (key, query, value, query_before_ln,
    // regularization, residual_before, temperature, value_before_softmax,
    // value_initialized, dropout_prob: a number or null = 0); missing keys
    // keep the dynamic preset's values. `source` names the file or JSON path
    // in errors, with the key.
    static FusionOptions fromJson(const std::string& json, const std::string& source);
};

// The attention probabilities of a forward call, [batch, seq, adapters].
struct FusionOutput {
    torch::Tensor output;         // [batch, seq, hidden]
    torch::Tensor attentionProbs; // [batch, seq, adapters]
};

class AdapterFusionImpl : public torch::nn::Module {
public:
    AdapterFusionImpl(int64_t hidden, FusionOptions options);

    // query [batch, seq, hidden], adapterOutputs [batch, seq, adapters,
    // hidden] (keys and values both), residual [batch, seq, hidden]. Every
    // call lowers the temperature, training or not, as AdapterHub's does.
    FusionOutput forward(const torch::Tensor& query, const torch::Tensor& adapterOutputs,
                         const torch::Tensor& residual);

    // 0.01·Σ(I − V)² with the value matrix, a zero scalar without one or
    // with regularization off.
    torch::Tensor regularizationLoss() const;

    double temperature() const { return T_; } // for the next call
    const FusionOptions& options() const { return options_; }

private:
    FusionOptions options_;
    torch::nn::Linear query_{nullptr}, key_{nullptr}, value_{nullptr};
    double T_ = 1.0, reduction_ = 0.001;
};
TORCH_MODULE(AdapterFusion);

} // namespace sa
