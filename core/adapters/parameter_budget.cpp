#include "adapters/parameter_budget.h"

#include "error.h"
#include "sparsity/density.h"

namespace sa {
namespace {

void requirePositive(const char* field, int64_t value) {
    if (value <= 0)
        throw Error(std::string("adapter options: ") + field + " must be positive, got " + std::to_string(value));
}

int64_t linear(int64_t in, int64_t out) {
    return in * out + out;
}
int64_t layerNormParameters(int64_t d) {
    return 2 * d;
}

// BERT/RoBERTa (petl's modified modeling_roberta / modeling_bert):
// houlsby = attention adapter after attention.output.dense + FFN adapter
// after output.dense; pfeiffer = one adapter inside `output`; parallel = one
// adapter on the layer beside the FFN; LoRA on self-attention query and value.
std::vector<AdapterSite> encoderSites(const ModelConfig& c, const AdapterOptions& o) {
    const std::string layer = std::string(architectureName(c.architecture)) + ".encoder.layer.<i>.";
    std::vector<AdapterSite> sites;
    auto bottleneck = [&](const std::string& module, int64_t bn, bool norm) {
        sites.push_back({SiteKind::Bottleneck, layer + module, c.layers, c.hidden, bn, norm});
    };
    switch (o.attnMode) {
    case AttnMode::Adapter:
        requirePositive("attn_bn", o.attnBn);
        // The attention adapter is always built with layernorm_option "in".
        bottleneck("attention.output.ef_attn_adapter", o.attnBn, true);
        break;
    case AttnMode::Lora:
        requirePositive("attn_bn (LoRA rank)", o.attnBn);
        for (const char* projection : {"attention.self.query", "attention.self.value"})
            sites.push_back({SiteKind::Lora, layer + projection, c.layers, c.hidden, o.attnBn, false});
        break;
    case AttnMode::Prefix: // not a site: one network for the whole model (prefixNetwork)
    case AttnMode::None:
        break;
    }
    if (o.ffnMode == FfnMode::Adapter) {
        requirePositive("ffn_bn", o.ffnBn);
        const bool norm = o.ffnLayerNorm != AdapterLayerNorm::None;
        bottleneck(o.ffnPlacement == FfnPlacement::Parallel ? "ef_ffn_adapter" : "output.ef_ffn_adapter", o.ffnBn,
                   norm);
    }
    return sites;
}

// BART (the reference's modeling_bart): an attention adapter inside every
// BartAttention (encoder self, decoder self, decoder cross), FFN adapters on
// the layer; LoRA on attention and the Pfeiffer placement are refused there,
// as attachAdapters does.
std::vector<AdapterSite> bartSites(const ModelConfig& c, const AdapterOptions& o) {
    std::vector<AdapterSite> sites;
    auto bottleneck = [&](const std::string& module, int64_t count, int64_t bn, bool norm) {
        sites.push_back({SiteKind::Bottleneck, "model." + module, count, c.hidden, bn, norm});
    };
    if (o.attnMode == AttnMode::Lora)
        throw Error("LoRA on BART attention is not supported by the reference implementation");
    if (o.attnMode == AttnMode::Adapter) {
        requirePositive("attn_bn", o.attnBn);
        bottleneck("encoder.layers.<i>.self_attn.ef_attn_adapter", c.encoderLayers, o.attnBn, true);
        bottleneck("decoder.layers.<i>.self_attn.ef_attn_adapter", c.decoderLayers, o.attnBn, true);
        bottleneck("decoder.layers.<i>.encoder_attn.ef_attn_adapter", c.decoderLayers, o.attnBn, true);
    }
    if (o.ffnMode == FfnMode::Adapter) {
        requirePositive("ffn_bn", o.ffnBn);
        if (o.ffnPlacement == FfnPlacement::Pfeiffer)
            throw Error("the Pfeiffer placement is not supported on BART by the reference implementation");
        const bool norm = o.ffnLayerNorm != AdapterLayerNorm::None;
        bottleneck("encoder.layers.<i>.ef_ffn_adapter", c.encoderLayers, o.ffnBn, norm);
        bottleneck("decoder.layers.<i>.ef_ffn_adapter", c.decoderLayers, o.ffnBn, norm);
    }
    return sites;
}

int64_t bartBackboneParameters(const ModelConfig& c) {
    const int64_t d = c.hidden;
    const int64_t attention = 4 * linear(d, d) + layerNormParameters(d);
    auto stack = [&](int64_t layers, int64_t ffn, bool decoder) {
        const int64_t layer = attention * (decoder ? 2 : 1) + linear(d, ffn) + linear(ffn, d) + layerNormParameters(d);
        return (c.maxPositions + c.positionOffset()) * d + layerNormParameters(d) * (c.addFinalLayerNorm ? 2 : 1) +
               layers * layer;
    };
    // The token embedding is shared by both stacks and the (tied) LM head.
    return c.vocabSize * d + stack(c.encoderLayers, c.encoderFfn, false) + stack(c.decoderLayers, c.decoderFfn, true);
}

} // namespace

int64_t AdapterSite::biasesAndNorms() const {
    if (kind == SiteKind::Lora) return 0;
    return count * (bottleneck + dModel + (layerNorm ? layerNormParameters(dModel) : 0));
}

double ParameterBudget::percentOfBackbone(int64_t n) const {
    return backbone > 0 ? 100.0 * static_cast<double>(n) / static_cast<double>(backbone) : 0.0;
}

int64_t ParameterBudget::decoderSiteParameters() const {
    int64_t n = 0;
    for (const auto& site : sites)
        if (site.inDecoder()) n += site.prunableWeights() + site.biasesAndNorms();
    return n;
}

int64_t backboneParameters(const ModelConfig& c) {
    if (c.architecture == Architecture::Bart) return bartBackboneParameters(c);
    const int64_t d = c.hidden;
    const int64_t embeddings = (c.vocabSize + c.maxPositions + c.typeVocabSize) * d + layerNormParameters(d);
    const int64_t attention = 4 * linear(d, d) + layerNormParameters(d);
    const int64_t ffn = linear(d, c.intermediate) + linear(c.intermediate, d) + layerNormParameters(d);
    // RobertaForSequenceClassification builds RobertaModel without a pooler;
    // BertForSequenceClassification keeps BertModel's pooler, and the
    // *ForQuestionAnswering models have none.
    const int64_t pooler = c.architecture == Architecture::Bert && !wantsQuestionAnsweringHead(c) ? linear(d, d) : 0;
    return embeddings + c.layers * (attention + ffn) + pooler;
}

int64_t classificationHeadParameters(const ModelConfig& c) {
    if (wantsQuestionAnsweringHead(c)) return linear(c.hidden, 2); // qa_outputs
    if (c.architecture == Architecture::Bart) // LM head tied to the shared embedding: nothing of its own
        return wantsClassificationHead(c) ? linear(c.hidden, c.hidden) + linear(c.hidden, c.numLabels) : 0;
    if (c.architecture == Architecture::Roberta) return linear(c.hidden, c.hidden) + linear(c.hidden, c.numLabels);
    return linear(c.hidden, c.numLabels);
}

std::vector<AdapterSite> adapterSites(const ModelConfig& config, const AdapterOptions& options) {
    return config.architecture == Architecture::Bart ? bartSites(config, options) : encoderSites(config, options);
}

ParameterBudget computeBudget(const ModelConfig& config, const AdapterOptions& options, double density) {
    checkDensity(density);
    ParameterBudget b;
    b.density = density;
    b.backbone = backboneParameters(config);
    b.head = classificationHeadParameters(config);
    b.trainHead = options.trainHead;
    b.sites = adapterSites(config, options);
    for (const auto& s : b.sites) {
        b.adapterWeights += s.prunableWeights();
        b.biasesAndNorms += s.biasesAndNorms();
        b.maskedTensors += s.maskedTensors();
    }
    // One global mask over every prunable tensor (the reference's default scope).
    b.adapterWeightsKept = globalKeptCount(b.adapterWeights, density);

    if (options.attnMode == AttnMode::Prefix) {
        requirePositive("attn_bn (prefix length)", options.attnBn);
        requirePositive("mid_dim", options.prefixMidDim);
        // BART sizes all three networks by the encoder's layer count (and
        // attachAdapters requires as many decoder layers).
        const int64_t layers = config.architecture == Architecture::Bart ? config.encoderLayers : config.layers;
        b.prefixNetwork = {options.attnBn, config.hidden, options.prefixMidDim, layers, 3};
        b.prefix = b.prefixNetwork.parameters();
        b.notes.push_back("the prefix counts all 3 prefix sub-networks the reference creates and trains; an encoder "
                          "uses only wte/control_trans");
        if (config.architecture == Architecture::Bert)
            b.notes.push_back(options.referenceQuirks
                                  ? "on BERT the reference builds and trains the prefix but never applies it"
                                  : "a prefix on BERT is refused when attaching (the reference never applies it); "
                                    "counted as the reference builds it");
    }
    return b;
}

ParameterBudget computeFusionBudget(const ModelConfig& config, const AdapterOptions& options,
                                    const std::vector<double>& sourceDensities, bool query, bool key, bool value,
                                    double fusionDensity) {
    checkDensity(fusionDensity, "fusion density");
    const auto source = computeBudget(config, options, 1.0);
    ParameterBudget b;
    b.density = fusionDensity;
    b.backbone = source.backbone;
    b.head = source.head;
    b.trainHead = options.trainHead;
    b.sites = source.sites;
    auto& fused = b.fusedSources;
    fused.count = static_cast<int64_t>(sourceDensities.size());
    for (const double density : sourceDensities) {
        fused.weights += source.adapterWeights;
        fused.weightsKept += globalKeptCount(source.adapterWeights, density);
        fused.biasesAndNorms += source.biasesAndNorms;
    }
    int64_t layers = 0; // one fusion layer per adapter module
    for (const auto& s : source.sites)
        layers += s.count;
    const int64_t d = config.hidden, matrices = (query ? 1 : 0) + (key ? 1 : 0) + (value ? 1 : 0);
    b.adapterWeights = layers * matrices * d * d;
    b.biasesAndNorms = layers * ((query ? d : 0) + (key ? d : 0));
    b.maskedTensors = fusionDensity < 1.0 ? layers * matrices : 0;
    b.adapterWeightsKept = globalKeptCount(b.adapterWeights, fusionDensity);
    b.notes.push_back("the sources' adapters are frozen: counted apart, not trainable");
    return b;
}

} // namespace sa
