#include "adapters/attach.h"

#include "error.h"
#include "io/safetensors.h"
#include "model/bart.h"
#include "model/bert.h"

#include <sstream>

namespace sa {
namespace {

const std::string kOfficialModelPrefix = "pretrained_model.";
const std::string kPromptPrefix = "prompt_model.";

std::string shapeText(torch::IntArrayRef shape) {
    std::ostringstream s;
    s << shape;
    return s.str();
}

void attachToBert(BertTaskModelImpl& model, const AdapterOptions& o) {
    const auto& c = model.config();
    if (o.attnMode == AttnMode::Prefix && c.architecture == Architecture::Bert && !o.referenceQuirks)
        throw Error(
            "prefix tuning on BERT is not supported by the reference implementation (its BertAttention never "
            "passes the prefix down, so nothing would train); use RoBERTa, or reference_quirks to reproduce it");
    if (o.attnMode == AttnMode::Adapter && o.attnPlacement == AttnPlacement::Parallel)
        throw Error("parallel attention adapters are implemented by the reference for BART only (attn_option "
                    "parallel); use a sequential attention adapter or a parallel FFN adapter on BERT/RoBERTa");
    for (const auto& m : *model.backbone()->layers) {
        auto& layer = *m->as<BertLayer>();
        if (o.attnMode == AttnMode::Adapter)
            layer.attnAdapter = layer.attention->output->register_module(
                "ef_attn_adapter", BottleneckAdapter(c.hidden, o.attnBn, 1.0, AdapterLayerNorm::In));
        if (o.attnMode == AttnMode::Lora) {
            auto& self = *layer.attention->self;
            self.queryLora = Lora(*self.query, o.attnBn, o.loraScaling());
            self.valueLora = Lora(*self.value, o.attnBn, o.loraScaling());
        }
        if (o.ffnMode == FfnMode::Adapter) {
            BottleneckAdapter adapter(c.hidden, o.ffnBn, o.ffnScale, o.ffnLayerNorm);
            // Parallel adapters hang on the layer, the others inside `output`.
            auto& owner = o.ffnPlacement == FfnPlacement::Parallel ? static_cast<torch::nn::Module&>(layer)
                                                                   : static_cast<torch::nn::Module&>(*layer.output);
            layer.ffnAdapter = owner.register_module("ef_ffn_adapter", adapter);
            layer.ffnPlacement = o.ffnPlacement;
        }
    }
    if (o.attnMode == AttnMode::Prefix) {
        PrefixEncoder prefix(c.hidden, c.heads, c.layers, o.attnBn, o.prefixMidDim);
        if (c.architecture == Architecture::Bert)
            model.register_module("prompt_model", prefix); // built and trained, never applied (reference quirk)
        else
            model.setPrefixEncoder(prefix);
    }
}

// BART as the reference's modeling_bart builds it: attention adapters inside
// every BartAttention (encoder self, decoder self, decoder cross) after
// out_proj; FFN adapters on the layer, sequential or parallel; prefixes for
// all three attention kinds. What it refuses is refused here too.
void attachToBart(BartModelImpl& model, const AdapterOptions& o) {
    const auto& c = model.config();
    if (o.attnMode == AttnMode::Lora)
        throw Error("LoRA on BART attention is not supported by the reference implementation (its BartAttention "
                    "refuses attn_mode lora)");
    if (o.ffnMode == FfnMode::Adapter && o.ffnPlacement == FfnPlacement::Pfeiffer)
        throw Error("the Pfeiffer placement is not supported on BART by the reference implementation (only "
                    "sequential and parallel FFN adapters)");
    if (o.attnMode == AttnMode::Prefix && (c.encoderLayers != c.decoderLayers || c.encoderHeads != c.decoderHeads))
        throw Error("prefix tuning on BART needs as many encoder as decoder layers and heads (the reference sizes all "
                    "three prefix networks by one layer and head count)");
    for (auto* stack : {&model.encoder(), &model.decoder()}) {
        for (const auto& m : *(*stack)->layers) {
            auto& layer = *m->as<BartLayer>();
            if (o.attnMode == AttnMode::Adapter) {
                for (auto* attention : {&layer.self_attn, &layer.encoder_attn}) {
                    if (!*attention) continue;
                    (*attention)->adapter =
                        (*attention)
                            ->register_module("ef_attn_adapter",
                                              BottleneckAdapter(c.hidden, o.attnBn, 1.0, AdapterLayerNorm::In));
                    (*attention)->adapterPlacement = o.attnPlacement;
                }
            }
            if (o.ffnMode == FfnMode::Adapter) {
                layer.ffnAdapter = layer.register_module(
                    "ef_ffn_adapter", BottleneckAdapter(c.hidden, o.ffnBn, o.ffnScale, o.ffnLayerNorm));
                layer.ffnPlacement = o.ffnPlacement;
            }
        }
    }
    if (o.attnMode == AttnMode::Prefix)
        model.setPrefixEncoder(PrefixEncoder(c.hidden, c.decoderHeads, c.encoderLayers, o.attnBn, o.prefixMidDim));
}

} // namespace

std::string toOfficialName(const std::string& name) {
    return name.rfind(kPromptPrefix, 0) == 0 ? name : kOfficialModelPrefix + name;
}

std::string fromOfficialName(const std::string& officialName) {
    if (officialName.rfind(kOfficialModelPrefix, 0) == 0) return officialName.substr(kOfficialModelPrefix.size());
    return officialName;
}

bool isAdapterParameter(const std::string& name) {
    return name.find("ef_") != std::string::npos || name.rfind(kPromptPrefix, 0) == 0;
}

void attachAdapters(LanguageModelImpl& model, const AdapterOptions& options) {
    if (!options.any()) return;
    if (auto* bert = dynamic_cast<BertTaskModelImpl*>(&model))
        attachToBert(*bert, options);
    else if (auto* bart = dynamic_cast<BartModelImpl*>(&model))
        attachToBart(*bart, options);
    else
        throw Error(std::string("adapters on ") + architectureName(model.config().architecture) +
                    " are not implemented");
    // The reference builds every Adapter_Layer with the backbone's hidden
    // dropout, except BART's attention adapters, built with its attention
    // dropout.
    for (const auto& m : model.modules(/*include_self=*/false))
        if (auto* adapter = dynamic_cast<BottleneckAdapterImpl*>(m.get()))
            adapter->dropout = model.config().hiddenDropout;
    for (const auto& m : model.modules(/*include_self=*/false))
        if (auto* attention = dynamic_cast<BartAttentionImpl*>(m.get()))
            if (attention->adapter) attention->adapter->dropout = model.config().attentionDropout;
    // New modules start in training mode; give them the model's.
    model.train(model.is_training());
}

void freezeForAdapterTraining(LanguageModelImpl& model, const AdapterOptions& options) {
    for (auto& p : model.named_parameters(true))
        p.value().set_requires_grad(isAdapterParameter(p.key()) ||
                                    (options.trainHead && model.isTrainableHeadParameter(p.key())));
}

std::vector<MaskedWeight> maskedWeights(LanguageModelImpl& model) {
    std::vector<MaskedWeight> out;
    const auto buffers = model.named_buffers(true);
    const std::pair<const char*, const char*> pairs[] = {
        {"down_proj.weight", "down_mask"}, {"up_proj.weight", "up_mask"},  {"ef_lora_A", "A_mask"},
        {"ef_lora_B", "B_mask"},           {"query.weight", "query_mask"}, {"key.weight", "key_mask"},
        {"value.weight", "value_mask"}};
    for (const auto& p : model.named_parameters(true)) {
        const auto& name = p.key();
        // A fusion run's sources keep the masks they were trained with.
        if (name.find("fused_") != std::string::npos) continue;
        for (const auto& [suffix, mask] : pairs) {
            const std::string s(suffix);
            if (name.size() < s.size() || name.compare(name.size() - s.size(), s.size(), s) != 0) continue;
            // down_proj.weight → <adapter>.down_mask; ef_lora_A → <linear>.A_mask
            const auto owner = name.substr(0, name.size() - s.size());
            const auto maskName = owner + mask;
            if (const auto* m = buffers.find(maskName)) out.push_back({name, maskName, p.value(), *m});
        }
    }
    return out;
}

void loadAdapterTensors(LanguageModelImpl& model, const std::string& path) {
    const auto file = SafetensorsFile::open(path);
    auto params = model.named_parameters(true);
    auto buffers = model.named_buffers(true);
    torch::NoGradGuard noGrad;
    for (const auto& e : file.entries()) {
        const auto name = fromOfficialName(e.name);
        torch::Tensor* target = params.find(name);
        if (!target) target = buffers.find(name);
        if (!target)
            throw fileError(path,
                            "tensor '" + e.name + "' has no place in the model (adapters attached as configured?)");
        const auto source = file.tensor(e.name);
        if (source.sizes() != target->sizes())
            throw fileError(path, "tensor '" + e.name + "' has shape " + shapeText(source.sizes()) +
                                      " but the model expects " + shapeText(target->sizes()));
        target->copy_(source);
    }
}

void saveAdapterTensors(LanguageModelImpl& model, const std::string& path, AdapterTensors what, bool withHead) {
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    if (what != AdapterTensors::Masks)
        for (const auto& p : model.named_parameters(true))
            if (isAdapterParameter(p.key()) || (withHead && model.isTrainableHeadParameter(p.key())))
                tensors.emplace_back(toOfficialName(p.key()), p.value());
    if (what != AdapterTensors::Parameters)
        for (const auto& m : maskedWeights(model))
            tensors.emplace_back(toOfficialName(m.maskName), m.mask);
    writeSafetensors(path, tensors, {{"format", "pt"}, {"producer", "SparseAdapter Studio"}});
}

} // namespace sa
