// Parity with the official implementation's reference outputs
// (fixtures/models/<name>/reference.{json,safetensors}): the same check the
// test suite runs, available to users as `sparseadapter verify` so a new
// machine, LibTorch build or GPU can be checked against the reference.
#pragma once

#include "io/checkpoint.h"

#include <torch/types.h>

#include <optional>
#include <string>
#include <vector>

namespace sa {

struct ReferenceCase {
    std::string modelDir; // fixtures/models/<name>
    WeightsFormat format; // Safetensors or TorchBin
    int caseIndex = 0;
    std::string label; // "<name>/<format>/<case>"
};

struct TensorCheck {
    std::string name; // reference tensor, e.g. "hidden_states.1", "logits"
    double maxAbsDiff = 0.0;
    double atol = 0.0, rtol = 0.0;
    bool pass = false;
    std::string problem; // set when the tensor is missing or mis-shaped
};

struct CaseCheck {
    std::string label;
    std::vector<TensorCheck> tensors;
    bool pass() const;
};

// Every (model, weights format, case) under <fixturesRoot>/models, discovered
// from the files present. Empty when the folder is absent.
std::vector<ReferenceCase> listModelReferenceCases(const std::string& fixturesRoot);

// Loads the checkpoint, runs the case's inputs on `device`, and compares each
// reference tensor with the fixture's recommended tolerance (or `atol`/`rtol`
// when given, e.g. 1e-4 for GPU/TF32 runs as the fixture README advises).
CaseCheck checkModelReferenceCase(const ReferenceCase& c, torch::Device device = torch::kCPU,
                                  std::optional<double> atol = std::nullopt, std::optional<double> rtol = std::nullopt);

} // namespace sa
