// How much of each adapter weight a mask keeps, per tensor, per layer, per
// module kind and overall: what `sparseadapter prune` prints and the GUI
// plots. Plain data only (no LibTorch types), so widgets can include it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sa {

class LanguageModelImpl;

enum class LayerStack { None, Encoder, Decoder }; // None: a name without encoder./decoder.

enum class MaskedModule {
    AttentionAdapter,      // BERT/RoBERTa attention.output.ef_attn_adapter
    SelfAttentionAdapter,  // BART self_attn.ef_attn_adapter (encoder and decoder)
    CrossAttentionAdapter, // BART encoder_attn.ef_attn_adapter (decoder only)
    FfnAdapter,            // ef_ffn_adapter, wherever it sits (output., on the layer)
    LoraQuery,             // attention.self.query.ef_lora_{A,B}
    LoraValue,             // attention.self.value.ef_lora_{A,B}
    Other,                 // a masked weight whose name none of the above matches
};

enum class MaskedPart { Down, Up, A, B };

const char* layerStackName(LayerStack stack);      // "encoder", "decoder", ""
const char* maskedModuleName(MaskedModule module); // "attention adapter", "LoRA query", …
const char* maskedPartName(MaskedPart part);       // "down", "up", "A", "B"

// Where a masked weight sits, parsed from its name (ours or the official
// one): the layer index from ".layer.<i>." / ".layers.<i>.", the stack from
// "encoder." / "decoder.", the module and part from the adapter's names.
struct MaskedSite {
    LayerStack stack = LayerStack::None;
    int layer = -1; // -1: no layer index in the name
    MaskedModule module = MaskedModule::Other;
    MaskedPart part = MaskedPart::Down;
};
MaskedSite parseMaskedSite(const std::string& weightName);

struct MaskCount {
    int64_t kept = 0;
    int64_t total = 0;
    double density() const { return total > 0 ? static_cast<double>(kept) / static_cast<double>(total) : 1.0; }
    MaskCount& operator+=(const MaskCount& other) {
        kept += other.kept;
        total += other.total;
        return *this;
    }
};

struct MaskedTensorStatistics {
    std::string weightName; // official name ("pretrained_model.roberta.encoder.layer.0…down_proj.weight")
    std::string maskName;   // official name of its mask buffer
    std::vector<int64_t> shape;
    MaskedSite site;
    MaskCount count;
};

struct ModuleStatistics {
    MaskedModule module = MaskedModule::Other;
    MaskCount count;
};

struct LayerStatistics {
    LayerStack stack = LayerStack::None;
    int layer = -1;
    std::vector<ModuleStatistics> modules; // in module order
    MaskCount count;
};

struct MaskStatistics {
    std::vector<MaskedTensorStatistics> tensors; // module order, as maskedWeights() yields them
    std::vector<LayerStatistics> layers;         // order of first appearance (BART: encoder, then decoder)
    std::vector<ModuleStatistics> modules;       // per module kind over all layers, order of first appearance
    MaskCount overall;
};

// Groups per-tensor counts into layers, module kinds and the total.
MaskStatistics aggregateMaskStatistics(std::vector<MaskedTensorStatistics> tensors);

// Counts the non-zero entries of every mask of `model` (adapters attached).
MaskStatistics maskStatistics(LanguageModelImpl& model);

// A plain-text table: one row per layer and module (kept/total, density),
// a row per layer when it has several modules, then per module kind and
// overall. Layers carry "encoder"/"decoder" when the model has a decoder.
std::string formatMaskStatistics(const MaskStatistics& statistics);

} // namespace sa
