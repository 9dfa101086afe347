// How many parameters an adapter configuration adds to a backbone, counted
// analytically (no model is instantiated), with the same conventions as the
// reference (fixtures README 3.2–3.3, adapters/param_counts.json):
// prunable = the weights `masked_parameters` returns (bottleneck down/up
// weights, LoRA A/B); adapter biases, adapter LayerNorms and the prefix
// network are trainable but never masked.
//
// The adapter sites of an architecture are listed by adapterSites(); adding
// an architecture (BART) means adding its sites there.
#pragma once

#include "adapters/adapter_options.h"
#include "io/model_config.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sa {

enum class SiteKind {
    Bottleneck, // Adapter_Layer: optional LayerNorm(d), down [bn, d] + [bn], up [d, bn] + [d]
    Lora,       // LoRA on a d×d projection: A [r, d], B [d, r], no bias
};

// One kind of adapter module, repeated once per layer.
struct AdapterSite {
    SiteKind kind = SiteKind::Bottleneck;
    std::string module; // official module path, "<i>" for the layer index
    int64_t count = 0;  // how many such modules (layers)
    int64_t dModel = 0;
    int64_t bottleneck = 0; // bn, or the LoRA rank r
    bool layerNorm = false; // adapter_layer_norm_before (bottleneck only)

    int64_t prunableWeights() const { return count * 2 * dModel * bottleneck; }
    int64_t biasesAndNorms() const;
    int64_t maskedTensors() const { return count * 2; }
    bool inDecoder() const { return module.rfind("model.decoder.", 0) == 0; } // BART's decoder stack
};

// The reference's prefix network (PrefixTuning in petl): `copies` sub-networks
// (wte/control_trans, wte_enc/control_trans_enc, wte2/control_trans2), each
// an embedding [P, d] and an MLP d → mid → 2·L·d with biases. An encoder uses
// only the first; the wrapper still creates and trains all of them.
struct PrefixNetwork {
    int64_t length = 0; // P (attn_bn)
    int64_t dModel = 0;
    int64_t midDim = 0;
    int64_t layers = 0; // L
    int64_t copies = 0;

    int64_t parametersPerCopy() const {
        return length * dModel + (dModel * midDim + midDim) + (midDim * 2 * layers * dModel + 2 * layers * dModel);
    }
    int64_t parameters() const { return copies * parametersPerCopy(); }
};

// AdapterFusion's sources: their adapters, frozen in the fusion run, counted
// apart from what it trains.
struct FusedSourcesBudget {
    int64_t count = 0;          // source runs
    int64_t weights = 0;        // prunable matrices of all of them, dense
    int64_t weightsKept = 0;    // of those, kept by the sources' own masks
    int64_t biasesAndNorms = 0; // never masked
    int64_t parameters() const { return weights + biasesAndNorms; }
    int64_t nonZeros() const { return weightsKept + biasesAndNorms; }
};

struct ParameterBudget {
    double density = 1.0; // fraction of prunable weights kept (official --sparsity)

    // Everything of the pretrained backbone, embeddings included (BERT: the
    // pooler too, as in HF's BertModel); frozen.
    int64_t backbone = 0;
    // The task head (BERT: classifier; RoBERTa: classifier.dense + out_proj; QA: qa_outputs).
    // The reference freezes it; trainHead decides whether trainable() counts it.
    int64_t head = 0;
    bool trainHead = false;

    int64_t adapterWeights = 0;     // prunable matrices, dense count
    int64_t adapterWeightsKept = 0; // of those, kept by a global mask at `density`
    int64_t biasesAndNorms = 0;     // adapter biases and adapter LayerNorms
    int64_t prefix = 0;             // all prefix sub-networks
    int64_t maskedTensors = 0;

    std::vector<AdapterSite> sites;
    PrefixNetwork prefixNetwork; // copies == 0 without a prefix
    // A fusion run: its own adapter fields above are the fusion layers
    // (adapterWeights: the query/key/value matrices, biasesAndNorms: the
    // query/key biases; masked only when the fusion is pruned), and `sites`
    // the sources' adapter sites. The sources are here.
    FusedSourcesBudget fusedSources;
    std::vector<std::string> notes; // reference behaviour worth knowing for this configuration

    int64_t adapterParameters() const { return adapterWeights + biasesAndNorms + prefix; } // dense, no head
    int64_t adapterNonZeros() const { return adapterWeightsKept + biasesAndNorms + prefix; }
    int64_t trainable() const { return adapterParameters() + (trainHead ? head : 0); }
    int64_t effectiveTrainable() const { return adapterNonZeros() + (trainHead ? head : 0); }
    // The wrapped model (a fusion run's sources included).
    int64_t total() const { return backbone + head + adapterParameters() + fusedSources.parameters(); }
    double percentOfBackbone(int64_t n) const;
    // Dense adapter weights, biases and norms of the sites in an
    // encoder-decoder model's decoder (self- and cross-attention, FFN); 0
    // for encoder-only models. The prefix network is not split.
    int64_t decoderSiteParameters() const;
};

// Backbone and task head of `config`, as HF builds *ForSequenceClassification
// (config.numLabels outputs) or, when config.architectures asks for it,
// *ForQuestionAnswering (qa_outputs: 2 outputs per position).
int64_t backboneParameters(const ModelConfig& config);
int64_t classificationHeadParameters(const ModelConfig& config);

// Where the reference puts adapters for `options` in `config`'s layers.
// Throws sa::Error for an architecture whose sites are not implemented or an
// options value that cannot be built (a non-positive width).
std::vector<AdapterSite> adapterSites(const ModelConfig& config, const AdapterOptions& options);

// `density` = fraction of prunable weights kept, in [0, 1].
ParameterBudget computeBudget(const ModelConfig& config, const AdapterOptions& options, double density = 1.0);

// A fusion run over `sources` runs whose adapters are `options` (each
// source's kept fraction in `sourceDensities`): one fusion layer per adapter
// site with the matrices `query`/`key`/`value` ask for (hidden × hidden; the
// value has no bias), at `fusionDensity` (1 = not pruned).
ParameterBudget computeFusionBudget(const ModelConfig& config, const AdapterOptions& options,
                                    const std::vector<double>& sourceDensities, bool query, bool key, bool value,
                                    double fusionDensity = 1.0);

} // namespace sa
