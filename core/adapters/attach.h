// Plugging adapters into a backbone, freezing it, and moving adapter
// tensors in and out under the reference's names.
//
// Names: our modules carry the HF names of the task model ("roberta.encoder
// .layer.0.output.ef_ffn_adapter.down_proj.weight"); the reference wraps that
// model as `pretrained_model` and adds `prompt_model` for the prefix
// network. toOfficialName/fromOfficialName is the one mapping between them.
#pragma once

#include "adapters/adapter_options.h"
#include "model/language_model.h"

#include <string>
#include <utility>
#include <vector>

namespace sa {

// Adds the adapters `options` asks for at the reference's sites. Throws
// sa::Error for what the reference does not support on this backbone.
void attachAdapters(LanguageModelImpl& model, const AdapterOptions& options);

// requires_grad only for adapter parameters (names with "ef_" or under
// "prompt_model.") and, with options.trainHead, the task head.
void freezeForAdapterTraining(LanguageModelImpl& model, const AdapterOptions& options);

bool isAdapterParameter(const std::string& name);
std::string toOfficialName(const std::string& name);
std::string fromOfficialName(const std::string& officialName);

// The prunable weights and their masks (bottleneck down/up, LoRA A/B, a
// pruned fusion layer's query/key/value), in module order — what the
// reference's masked_parameters() yields. A fusion run's frozen sources are
// not among them.
struct MaskedWeight {
    std::string weightName, maskName; // our names
    torch::Tensor weight, mask;
};
std::vector<MaskedWeight> maskedWeights(LanguageModelImpl& model);

// Copies adapter parameters and/or mask buffers from a safetensors file with
// official names into the model. Every tensor must exist in the model with
// the same shape (errors name the file, the tensor and both shapes).
void loadAdapterTensors(LanguageModelImpl& model, const std::string& path);

// Parameters: the adapter parameters (with the task head when it is
// trained); Masks: the mask buffers; Trained: both, what a forward with the
// trained adapters needs (a run's adapter.safetensors: iterative pruning
// changes the masks after the best evaluation, so its weights alone would be
// paired with later masks).
enum class AdapterTensors { Parameters, Masks, Trained };
// Writes them under the reference's names, atomically.
void saveAdapterTensors(LanguageModelImpl& model, const std::string& path, AdapterTensors what, bool withHead = false);

} // namespace sa
