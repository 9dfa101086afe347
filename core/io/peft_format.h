// PEFT's saved adapter folder (huggingface/peft, PeftModel.save_pretrained):
// adapter_config.json and adapter_model.safetensors, with the tensors under
// the names get_peft_model_state_dict gives them (src/peft/utils/
// save_and_load.py): the adapter name ("default") removed, so
// "base_model.model.roberta.encoder.layer.0.attention.self.query.lora_A.weight".
//
// Only what PEFT computes exactly as we do is written: LoRA on query/value
// (masked entries stored as zeros, so the file is an ordinary dense LoRA)
// and prefix tuning as its reparameterised output. Bottleneck adapters and
// anything PEFT would compute differently are refused with a sa::Error
// naming the setting. The masks go beside the weights in
// sparse_masks.safetensors (same keys), so the sparsity is kept on record.
#pragma once

#include "adapters/adapter_options.h"
#include "model/language_model.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace sa {

using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

// One adapter in PEFT's form, before anything is written.
struct PeftAdapter {
    nlohmann::json config;          // adapter_config.json
    NamedTensors weights;           // adapter_model.safetensors
    NamedTensors masks;             // sparse_masks.safetensors: LoRA's, under the keys of the weights they mask
    int64_t kept = 0, total = 0;    // mask entries kept / all (both 0 without prunable weights)
    std::vector<std::string> notes; // what a PEFT user must know (also in README.md)
    std::string readme;             // README.md: how to load it, the sparsity, the notes
};

// Throws sa::Error, naming the setting, for adapters PEFT has no form for
// or would compute differently on `model` (a checkpoint's config.json as
// the run builds it). Cheap: toPeftAdapter calls it too.
void checkPeftExpressible(const ModelConfig& model, const AdapterOptions& adapter);

// The adapters attached to `model` as `adapter` describes them (the run's
// resolved options), with the trained head when the task has one.
// `baseModel` becomes base_model_name_or_path. Throws sa::Error for what
// PEFT cannot express.
PeftAdapter toPeftAdapter(LanguageModelImpl& model, const AdapterOptions& adapter, const std::string& baseModel);

// Writes adapter_config.json, adapter_model.safetensors (metadata
// {"format": "pt"}), sparse_masks.safetensors (when there are masks; else
// an earlier one in `folder` is removed) and README.md into `folder`, all or
// nothing; returns the paths written.
std::vector<std::string> writePeftAdapter(const PeftAdapter& adapter, const std::string& folder);

// Reads a PEFT LoRA folder (ours or PEFT's) into `model`, which must carry
// LoRA of the same rank and scaling on the same modules (attachAdapters with
// `adapter`): lora_A/lora_B into ef_lora_A/ef_lora_B, a saved head into the
// head. The masks come from sparse_masks.safetensors when the folder has
// it, else are all ones (the zeros are in the weights). Throws sa::Error
// naming the file and key or config field that does not fit.
void loadPeftAdapter(LanguageModelImpl& model, const AdapterOptions& adapter, const std::string& folder);

} // namespace sa
