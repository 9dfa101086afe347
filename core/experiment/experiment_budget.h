// What an ExperimentConfig will train, resolved without loading any weights:
// the adapters actually attached (Large-Sparse widens them), the sparsity
// actually pruned to, and their parameter budget. Experiment uses it to set
// up a run and to write summary.json's "budget"; the GUI form uses it for its
// live budget panel, so the two cannot disagree. Plain data, no LibTorch.
#pragma once

#include "adapters/adapter_options.h"
#include "adapters/parameter_budget.h"
#include "experiment/experiment_config.h"
#include "io/model_config.h"

#include <optional>
#include <string>

namespace sa {

struct ExperimentBudget {
    AdapterOptions adapter; // attached: pruning.large_sparse k > 1 widens the bottlenecks k×
    double sparsity = 0.0;  // pruned to: 0 without pruning, the planner's 1 − 1/k for k > 1
    ParameterBudget budget; // of `adapter` at `sparsity` (summary.json "budget")

    // For comparison (the budget panel's bars), all of the configured base
    // adapter (k = 1):
    ParameterBudget dense;  // at density 1
    ParameterBudget sparse; // at pruning.sparsity, whether pruning is on or off
    // The base widened by largeSparseK at the planner's sparsity. k is the
    // config's when it asks for Large-Sparse, else 2, the smallest factor, as
    // an illustration of what the setting would cost. Empty when the adapter
    // has no prunable weights (a prefix alone cannot be widened).
    std::optional<ParameterBudget> largeSparse;
    int largeSparseK = 2;
};

// Throws sa::Error with Experiment's messages: Large-Sparse without a
// pruning method, an adapter the model cannot hold (adapterSites), and the
// planner's (Large-Sparse with nothing to prune).
ExperimentBudget resolveExperimentBudget(const ExperimentConfig& config, const ModelConfig& model);

// The backbone's config.json as Experiment will build it (the head of
// task.name's family, a classifier sized for its labels), read without
// loading weights. builtin:demo needs
// no file. Throws sa::Error naming the directory or file at fault.
ModelConfig experimentModelConfig(const ExperimentConfig& config);

// The built-in demo model's config for a task family (summarization: the
// built-in BART), without writing it.
ModelConfig builtinDemoModelConfig(TaskFamily family);

} // namespace sa
