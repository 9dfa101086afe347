// AdapterFusion's first stage as the second sees it: the run folders named
// by adapter.fusion.sources, read and checked against each other before any
// weights are loaded. Every source must be a finished-or-evaluated run
// (adapter.safetensors) of the same backbone with the same adapters attached
// (same placement, widths and options, Large-Sparse widening included), on
// BERT or RoBERTa, with bottleneck adapters only. Plain data, no LibTorch:
// the GUI's source picker and budget panel use it too.
#pragma once

#include "adapters/adapter_options.h"
#include "experiment/experiment_config.h"

#include <string>
#include <vector>

namespace sa {

struct FusionSource {
    std::string runDir;      // as written in the config
    std::string task;        // the source's task.name: the Fusion view's column label
    ExperimentConfig config; // its config.json
    AdapterOptions adapter;  // attached (Large-Sparse widened), as the source trained it
    double sparsity = 0.0;   // its adapters' sparsity (0 dense)
};

struct FusionSetup {
    std::vector<FusionSource> sources;
    AdapterOptions adapter; // the sources' common adapters, with the fusion run's train_head
};

// Reads config.json of every source of `config` (adapter.preset "fusion").
// Throws sa::Error naming the key ("adapter.fusion.sources[1]"), the run
// folder and the field that differs ("model", "adapter.ffn_option", …).
FusionSetup resolveFusionSources(const ExperimentConfig& config);

// Why `runDir` cannot join `chosen` (run folders already picked) as a source
// of a fusion run on `model`: "" when it can, else resolveFusionSources'
// error for that list. The GUI's picker greys out the
// runs this refuses and shows the reason as their tooltip.
std::string fusionSourceRefusal(const std::string& runDir, const std::vector<std::string>& chosen,
                                const std::string& model);

} // namespace sa
