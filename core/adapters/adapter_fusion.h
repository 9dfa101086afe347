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

#include "adapters/fusion_options.h"

#include <torch/torch.h>

#include <vector>

namespace sa {

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
    // `positions` [batch, seq] (1 = a real token) weighs the probabilities
    // a tally adds up; unused otherwise.
    FusionOutput forward(const torch::Tensor& query, const torch::Tensor& adapterOutputs, const torch::Tensor& residual,
                         const torch::Tensor& positions = {});

    // 0.01·Σ(I − V)² with the value matrix, a zero scalar without one or
    // with regularization off.
    torch::Tensor regularizationLoss() const;

    double temperature() const { return T_; } // for the next call
    void setTemperature(double T) { T_ = T; } // a resumed run's
    const FusionOptions& options() const { return options_; }

    // Mask buffers query_mask, key_mask, value_mask (ones) beside the
    // matrices the options create, multiplied in on every call: the fusion
    // layer becomes prunable like an adapter (attach.h maskedWeights()).
    void addMasks();

    // The mean attention probability per adapter over the positions of the
    // calls between startTally() and takeTally() (the evaluation set's).
    void startTally();
    std::vector<double> takeTally(); // one per adapter; empty when nothing was tallied
    bool tallying() const { return tallying_; }

private:
    torch::Tensor project(const torch::nn::Linear& linear, const torch::Tensor& mask, const torch::Tensor& x) const;

    FusionOptions options_;
    torch::nn::Linear query_{nullptr}, key_{nullptr}, value_{nullptr};
    torch::Tensor queryMask_, keyMask_, valueMask_;
    double T_ = 1.0, reduction_ = 0.001;
    bool tallying_ = false;
    torch::Tensor tally_;  // [adapters] float64: probabilities summed over positions
    double tallied_ = 0.0; // positions
};
TORCH_MODULE(AdapterFusion);

} // namespace sa
