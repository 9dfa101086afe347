// Building a backbone from a HuggingFace checkpoint directory and copying
// its weights in by name.
#pragma once

#include "io/checkpoint.h"
#include "model/language_model.h"

#include <optional>
#include <string>
#include <vector>

namespace sa {

struct LoadReport {
    std::vector<std::string> filesRead; // config.json and every weights file
    std::string weightsFormat;
    std::vector<std::string> initialisedHead; // head tensors the checkpoint lacked
    std::vector<std::string>
        reinitialisedHead;               // head tensors of another shape, drawn afresh ("name [3, 768] -> [2, 768]")
    std::vector<std::string> unexpected; // checkpoint tensors the model does not use
};

struct PretrainedModel {
    LanguageModel model;
    LoadReport report;
};

struct LoadOptions {
    std::optional<TaskHead> head; // default: what config.json's architectures ask for
    WeightsFormat format = WeightsFormat::Auto;
    std::optional<int64_t> numLabels;  // the task's label count (1 = regression) instead of config.json's
    bool dropout = true;               // false: every dropout probability 0 (deterministic training)
    bool reinitMismatchedHead = false; // a head tensor of another shape keeps its fresh initialisation
};

// Throws sa::Error for an unknown architecture, a missing backbone tensor
// (naming it), or a shape mismatch (naming the tensor and both shapes).
PretrainedModel loadPretrained(const std::string& directory, const LoadOptions& options = {});

// Copies `weights` into `model` (see loadPretrained for the rules).
void loadWeights(LanguageModelImpl& model, const CheckpointWeights& weights, LoadReport& report,
                 bool reinitMismatchedHead = false);

} // namespace sa
