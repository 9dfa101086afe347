// AdamW exactly as the reference trains with it (the vendored
// transformers.optimization.AdamW, fixtures README 7.3), which differs from
// torch::optim::AdamW: ε is added to √v before bias correction, weight decay
// multiplies the already updated parameter, and a step with learning rate 0
// still advances the moments and the step count.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace sa {

struct AdamWOptions {
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 1e-8;
    double weightDecay = 0.0;
};

class ReferenceAdamW {
public:
    struct Parameter {
        std::string name;
        torch::Tensor value;
        bool decay = true; // in the weight-decay group
        torch::Tensor expAvg, expAvgSq;
    };

    ReferenceAdamW(std::vector<Parameter> parameters, AdamWOptions options);

    // One update with the gradients in .grad(); parameters without a gradient
    // are skipped (as the reference skips frozen ones).
    void step(double learningRate);
    void zeroGrad();

    int64_t stepCount() const { return steps_; }
    const std::vector<Parameter>& parameters() const { return parameters_; }

    // "exp_avg.<name>", "exp_avg_sq.<name>" and "step" (one I64 element), to
    // save in a checkpoint and restore on resume. restore() throws sa::Error
    // naming a missing tensor or a shape mismatch.
    std::map<std::string, torch::Tensor> state() const;
    void restore(const std::map<std::string, torch::Tensor>& state);

private:
    std::vector<Parameter> parameters_;
    AdamWOptions options_;
    int64_t steps_ = 0;
};

// The trainable parameters of `model` (requires_grad), in registration
// order, grouped by the reference's rule (Trainer_Sparse.create_optimizer):
// decay every parameter not owned by a LayerNorm whose name does not contain
// "bias".
std::vector<ReferenceAdamW::Parameter> trainableParameters(torch::nn::Module& model);

} // namespace sa
