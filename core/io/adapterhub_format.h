// Trained bottleneck adapters in the folder layout of AdapterHub's `adapters`
// library, so `model.load_adapter(folder)` computes what our model computes:
// adapter_config.json + pytorch_adapter.bin (weights under AdapterHub's
// names), optionally head_config.json + pytorch_model_head.bin for a trained
// head, and beside them the masks (sparse_masks.safetensors) and a README.md
// stating the sparsity. Masked weights are written as exact zeros, so the
// file is an ordinary dense adapter that needs no mask support to load.
//
// The format as read from adapter-hub/adapters: src/adapters/loading.py
// (file names, WeightsLoaderHelper, PredictionHeadLoader),
// configuration/adapter_config.py (BnConfig and its fields),
// methods/modeling.py (Adapter / ParallelAdapter: what each flag does in
// pre_forward, forward and post_forward) and methods/bottleneck.py
// (BottleneckLayer: the reduction factor, "mh_adapter" / "output_adapter").
#pragma once

#include "adapters/adapter_options.h"
#include "model/language_model.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace sa {

struct AdapterHubExportOptions {
    std::string adapterName = "sparse_adapter"; // "name", and part of every weight's key
    std::string modelName;                      // "model_name": the backbone it was trained on
    bool withHead = false;                      // head_config.json + pytorch_model_head.bin
    std::string source;                         // where it came from, for the README (a run folder)
};

// AdapterHub's "config" object (every BnConfig field) for `options` on a
// model of `model`'s architecture. Throws sa::Error naming the difference
// where AdapterHub's bottleneck cannot compute what ours computes (LoRA and
// prefix tuning: "use --format peft"; an attention adapter beside a Pfeiffer
// or parallel FFN adapter; unequal bottlenecks or scales at the two sites;
// BART).
nlohmann::json adapterHubBnConfig(const AdapterOptions& options, const ModelConfig& model);

// Our name of an adapter parameter or mask buffer (attach.h) -> its keys in
// AdapterHub's state dict: two for a pre-adapter LayerNorm, which AdapterHub
// registers both as adapter_norm_before and as adapter_down.0; a mask buffer
// gets the key of the weight it masks. Empty for other names.
std::vector<std::string> toAdapterHubNames(const std::string& name, const AdapterOptions& options,
                                           const std::string& adapterName);
// The inverse: AdapterHub's key -> our parameter name; empty when `key` is
// not one of adapter `adapterName`'s.
std::string fromAdapterHubName(const std::string& key, const AdapterOptions& options, const std::string& adapterName);

// Writes the folder's files into `folder` (which must exist) and returns
// their names. The model's adapters (and masks) are read as they are: load a
// run's trained tensors first.
std::vector<std::string> writeAdapterHubFolder(LanguageModelImpl& model, const AdapterOptions& options,
                                               const AdapterHubExportOptions& exportOptions, const std::string& folder);

} // namespace sa
