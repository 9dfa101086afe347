// The model of an experiment as a run builds it, shared by training
// (Experiment) and by `generate` on a finished run, so both see the same
// backbone, tokenizer and adapters.
#pragma once

#include "experiment/experiment_budget.h"
#include "experiment/experiment_config.h"
#include "model/language_model.h"
#include "model/pretrained.h"
#include "text/tokenizer.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace sa {

struct RunModel {
    std::unique_ptr<Tokenizer> tokenizer;
    LanguageModel model;            // adapters attached and frozen for adapter training, not yet moved
    ExperimentBudget budget;        // the resolved adapters, sparsity and parameter budget
    std::vector<std::string> notes; // what loading did that the user must hear of (a re-initialised head)
    // A fusion run: its sources' task names, in adapter.fusion.sources order
    // (the Fusion view's columns). Empty otherwise.
    std::vector<std::string> fusionSources;
};

// A checkpoint's model with `adapter` attached and frozen for adapter
// training (only the adapters, and a head that trains, keep gradients). As
// the reference calls set_seed(seed) before building the model, a head the
// checkpoint lacks and the adapters are drawn from `seed`, with LibTorch's
// global generator held meanwhile. The one load → attach → freeze path: a
// run's (loadRunModel) and `sparseadapter prune`'s.
// `attach` (when given) attaches in place of attachAdapters(adapter): a
// fusion run's sources and fusion layers.
LanguageModel loadAdaptedModel(const std::string& directory, const LoadOptions& load, const AdapterOptions& adapter,
                               uint64_t seed, LoadReport* report = nullptr,
                               const std::function<void(LanguageModelImpl&)>& attach = {});

// Loads the config's checkpoint (builtin:demo written first) with the
// task's head and label count, checks the task's lengths against its
// positions, sets summarization's label smoothing and attaches the resolved
// adapters. As the reference calls set_seed(seed) before building the
// model, a head the checkpoint lacks and the adapters are drawn from
// optimization.seed, with LibTorch's global generator held meanwhile. A
// fusion run attaches its sources' adapters with their weights and masks
// (frozen) and draws its fusion layers from the seed.
// `dropout` false zeroes every dropout probability. Throws sa::Error naming
// the directory, file or config key at fault.
RunModel loadRunModel(const ExperimentConfig& config, bool dropout);

// A run folder's model as its best evaluation left it: loadRunModel
// (dropout off, or as the run trained with `configuredDropout`) with the
// run's masks.safetensors, then adapter.safetensors (the weights and masks
// of the best evaluation) loaded. `config` (may be null) receives the run's
// config. Throws sa::Error naming the folder when it has no
// adapter.safetensors yet.
RunModel loadTrainedRunModel(const std::string& runDir, ExperimentConfig* config = nullptr,
                             bool configuredDropout = false);

// The config's device: `auto` is CUDA when LibTorch sees one. Throws
// sa::Error for `cuda` without a CUDA device.
torch::Device resolveDevice(DeviceChoice choice);

} // namespace sa
