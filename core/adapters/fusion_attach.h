// AdapterFusion in a model: the sources' adapters at every site their
// placement uses, frozen, beside one trainable fusion layer per site; the
// sources' weights and masks loaded from their runs; the regulariser; and
// the attention tally the Fusion view shows.
//
// Names: source i's adapter at a site sits where a run's own adapter would,
// as "fused_ffn_adapters.<i>" / "fused_attn_adapters.<i>" (no "ef_": never
// trained, never pruned, not saved with the run's adapters); the fusion
// layer is "ef_ffn_fusion" / "ef_attn_fusion" (trained and saved as adapters
// are; prunable through its query_mask, key_mask, value_mask).
#pragma once

#include "adapters/adapter_options.h"
#include "adapters/fusion_options.h"
#include "model/language_model.h"
#include "train/training_events.h"

#include <string>
#include <vector>

namespace sa {

// Attaches `sources` copies of the adapters `adapters` describes and a
// fusion layer per site (masked when `prune`). BERT and RoBERTa only;
// bottleneck adapters only. Throws sa::Error otherwise.
void attachFusion(LanguageModelImpl& model, const AdapterOptions& adapters, std::size_t sources,
                  const FusionOptions& fusion, bool prune);

// Copies a source run's adapter weights and masks (its adapter.safetensors,
// official names; its head is skipped) into the copies of source `index`.
// Every copied tensor must fit, and every tensor of the copies must be
// found: errors name the file and the tensor.
void loadFusionSource(LanguageModelImpl& model, std::size_t index, const std::string& path);

// 0.01·‖I − V‖²_F summed over the fusion layers (AdapterHub's
// get_fusion_regularization_loss); undefined without fusion layers.
torch::Tensor fusionRegularization(LanguageModelImpl& model);

bool hasFusion(LanguageModelImpl& model);

// The attention tally of every fusion layer between start and take: the
// mean probability per source at each site, rows in module order.
void startFusionTally(LanguageModelImpl& model);
FusionAttention takeFusionTally(LanguageModelImpl& model, const std::vector<std::string>& sourceNames);

// Each fusion layer's temperature (it falls with every call when annealed),
// for checkpoints: "<module>" → T, and back.
std::vector<std::pair<std::string, double>> fusionTemperatures(LanguageModelImpl& model);
void setFusionTemperature(LanguageModelImpl& model, const std::string& module, double temperature);

} // namespace sa
