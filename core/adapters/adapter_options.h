// What adapters a run attaches to the frozen backbone, in the terms of the
// official implementation's TuneArguments (attn_mode, ffn_option, attn_bn,
// ...), so a configuration maps one to one onto a reference command line.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sa {

// The widest bottleneck (or LoRA rank, prefix length) accepted anywhere:
// wider than the hidden size of any model, so a larger one is a typo that
// would otherwise reach the allocator.
constexpr int64_t kMaxAdapterWidth = 65536;

enum class AttnMode { None, Adapter, Lora, Prefix };
enum class FfnMode { None, Adapter };
// Where the FFN-side bottleneck sits: after the FFN output projection
// (Houlsby), after the layer's output LayerNorm (Pfeiffer), or beside the
// FFN (parallel, as in MAM).
enum class FfnPlacement { Sequential, Pfeiffer, Parallel };
enum class AdapterLayerNorm { In, Out, None };
// Where the attention adapter sits (BART only offers both): after the
// attention output projection, or from the attention's query-side input,
// added to the merged heads before out_proj.
enum class AttnPlacement { Sequential, Parallel };

struct AdapterOptions {
    AttnMode attnMode = AttnMode::None;
    int64_t attnBn = 0; // attention adapter bottleneck, LoRA rank, or prefix length
    AttnPlacement attnPlacement = AttnPlacement::Sequential; // attn_option, attention adapters only

    FfnMode ffnMode = FfnMode::None;
    FfnPlacement ffnPlacement = FfnPlacement::Sequential;
    int64_t ffnBn = 0;
    double ffnScale = 1.0; // ffn_adapter_scalar; the attention adapter always uses 1
    AdapterLayerNorm ffnLayerNorm = AdapterLayerNorm::In;

    double loraAlpha = 32.0; // scaling = alpha / rank
    int64_t prefixMidDim = 800;

    // The reference trains only `ef_*` parameters and the prefix network and
    // leaves the classification head frozen at its random initialisation;
    // AdapterHub and PEFT train it. Default on; the "reference" preset
    // turns it off.
    bool trainHead = true;

    // Reproduce the reference's quirks instead of refusing them: on BERT the
    // reference builds the prefix network but never applies it (BertAttention
    // does not pass it down), so "prefix" trains nothing and "mam" is a
    // parallel adapter only. Off: BERT with a prefix is an error.
    bool referenceQuirks = false;

    // The official training setup: head frozen, quirks reproduced.
    AdapterOptions asReference() const {
        AdapterOptions o = *this;
        o.trainHead = false;
        o.referenceQuirks = true;
        return o;
    }

    bool any() const { return attnMode != AttnMode::None || ffnMode != FfnMode::None; }
    double loraScaling() const { return attnBn > 0 ? loraAlpha / static_cast<double>(attnBn) : 0.0; }

    // Named configurations of the paper / fixtures README section 3, with
    // `bottleneck` as each one's main size (houlsby: attn_bn = ffn_bn; lora:
    // rank; prefix: length; mam: ffn_bn with a 30-token prefix). Throws
    // sa::Error for an unknown name.
    static AdapterOptions preset(const std::string& name, int64_t bottleneck);
    static std::vector<std::string> presetNames();

    std::string toJson() const; // one JSON object
    // `source` names the file (or "--adapter") in errors, which also name the field.
    static AdapterOptions fromJson(const std::string& json, const std::string& source);
    // The official implementation's TuneArguments (as in a fixture's
    // case.json "tune_args"): the reference setup (asReference()), with what
    // the reference can express but we do not (attention adapters in
    // parallel on BERT, gated composition) refused by name.
    static AdapterOptions fromTuneArguments(const std::string& json, const std::string& source);
};

bool operator==(const AdapterOptions& a, const AdapterOptions& b);

} // namespace sa
