#include "io/model_config.h"

#include "error.h"
#include "text/text_files.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace sa {
namespace {

using nlohmann::json;

class Fields {
public:
    Fields(const json& j, const std::string& source) : j_(j), source_(source) {}

    int64_t integer(const char* key) const {
        const auto* v = find(key);
        if (!v) throw fileError(source_, std::string("missing field '") + key + "'");
        return asInteger(key, *v);
    }
    int64_t integer(const char* key, int64_t fallback) const {
        const auto* v = find(key);
        return v && !v->is_null() ? asInteger(key, *v) : fallback;
    }
    double number(const char* key, double fallback) const {
        const auto* v = find(key);
        if (!v || v->is_null()) return fallback;
        if (!v->is_number()) throw fileError(source_, std::string("field '") + key + "' is not a number");
        return v->get<double>();
    }
    bool boolean(const char* key, bool fallback) const {
        const auto* v = find(key);
        if (!v || v->is_null()) return fallback;
        if (!v->is_boolean()) throw fileError(source_, std::string("field '") + key + "' is not true/false");
        return v->get<bool>();
    }
    std::string text(const char* key, const std::string& fallback) const {
        const auto* v = find(key);
        if (!v || v->is_null()) return fallback;
        if (!v->is_string()) throw fileError(source_, std::string("field '") + key + "' is not a string");
        return v->get<std::string>();
    }
    const std::string& source() const { return source_; }
    const json* find(const char* key) const {
        const auto it = j_.find(key);
        return it == j_.end() ? nullptr : &*it;
    }

private:
    int64_t asInteger(const char* key, const json& v) const {
        if (!v.is_number_integer())
            throw fileError(source_, std::string("field '") + key + "' is not an integer: " + v.dump());
        return v.get<int64_t>();
    }
    const json& j_;
    const std::string& source_;
};

double probability(const Fields& f, const char* key, double fallback) {
    const double p = f.number(key, fallback);
    if (!(p >= 0.0 && p < 1.0))
        throw fileError(f.source(), std::string("field '") + key + "' must be in [0, 1), got " + std::to_string(p));
    return p;
}

void requirePositive(const std::string& source, const char* key, int64_t value) {
    if (value <= 0)
        throw fileError(source, std::string("field '") + key + "' must be positive, got " + std::to_string(value));
}

// Sizes beyond any BERT, RoBERTa or BART checkpoint: a config that asks for
// more is corrupt or a typo, and refusing it here names the key before the
// allocator fails on it.
void requireAtMost(const std::string& source, const char* key, int64_t value, int64_t most, const char* reason) {
    if (value > most)
        throw fileError(source, std::string("field '") + key + "' is " + std::to_string(value) + ", above " +
                                    std::to_string(most) + " (" + reason + ")");
}

constexpr int64_t kMostWidth = 65536;
constexpr const char* kWidthReason = "no BERT, RoBERTa or BART model is that wide";
constexpr int64_t kMostLayers = 1024;
constexpr const char* kLayersReason = "no BERT, RoBERTa or BART model is that deep";
// 20 billion float32 weights are 80 GB: more than any machine this runs on.
constexpr double kMostParameters = 2e10;

// The backbone's weight count from its sizes, to refuse a config whose model
// could not be allocated before anything is.
void requireBuildable(const std::string& source, const ModelConfig& c) {
    const double h = static_cast<double>(c.hidden);
    const double embeddings = (static_cast<double>(c.vocabSize) + static_cast<double>(c.maxPositions)) * h;
    const double layers =
        c.architecture == Architecture::Bart
            ? static_cast<double>(c.encoderLayers) * (4 * h * h + 2 * h * static_cast<double>(c.encoderFfn)) +
                  static_cast<double>(c.decoderLayers) * (8 * h * h + 2 * h * static_cast<double>(c.decoderFfn))
            : static_cast<double>(c.layers) * (4 * h * h + 2 * h * static_cast<double>(c.intermediate));
    const double total = embeddings + layers;
    if (total > kMostParameters) {
        char text[200];
        std::snprintf(text, sizeof text,
                      "describes a model of %.3g weights (%.0f GB as float32), beyond what can be allocated; "
                      "check vocab_size, the widths and the layer counts",
                      total, total * 4 / 1e9);
        throw fileError(source, text);
    }
}

int64_t numLabels(const Fields& f) {
    if (const auto* id2label = f.find("id2label"); id2label && id2label->is_object() && !id2label->empty())
        return static_cast<int64_t>(id2label->size());
    return f.integer("num_labels", 2);
}

} // namespace

const char* architectureName(Architecture a) {
    switch (a) {
    case Architecture::Bert:
        return "bert";
    case Architecture::Roberta:
        return "roberta";
    case Architecture::Bart:
        return "bart";
    }
    return "?";
}

const char* taskHeadName(TaskHead head) {
    switch (head) {
    case TaskHead::SequenceClassification:
        return "sequence-classification";
    case TaskHead::QuestionAnswering:
        return "question-answering";
    case TaskHead::ConditionalGeneration:
        return "conditional-generation";
    }
    return "?";
}

std::string taskModelClassName(Architecture architecture, TaskHead head) {
    const char* base = architecture == Architecture::Bert      ? "Bert"
                       : architecture == Architecture::Roberta ? "Roberta"
                                                               : "Bart";
    switch (head) {
    case TaskHead::SequenceClassification:
        return std::string(base) + "ForSequenceClassification";
    case TaskHead::QuestionAnswering:
        return std::string(base) + "ForQuestionAnswering";
    case TaskHead::ConditionalGeneration:
        return std::string(base) + "ForConditionalGeneration";
    }
    return base;
}

bool wantsQuestionAnsweringHead(const ModelConfig& config) {
    for (const auto& a : config.architectures)
        if (a.find("ForQuestionAnswering") != std::string::npos) return true;
    return false;
}

bool wantsClassificationHead(const ModelConfig& config) {
    if (wantsQuestionAnsweringHead(config)) return false;
    if (config.architecture != Architecture::Bart) return true;
    for (const auto& a : config.architectures)
        if (a.find("SequenceClassification") != std::string::npos) return true;
    return false;
}

int64_t ModelConfig::positionOffset() const {
    return architecture == Architecture::Bert ? 0 : 2;
}

int64_t ModelConfig::usablePositions() const {
    return architecture == Architecture::Bart ? maxPositions : maxPositions - positionOffset();
}

ModelConfig parseModelConfig(const std::string& jsonText, const std::string& source) {
    json j;
    try {
        j = json::parse(jsonText);
    } catch (const json::exception& e) {
        throw fileError(source, std::string("not valid JSON: ") + e.what());
    }
    if (!j.is_object()) throw fileError(source, "not a JSON object");
    const Fields f(j, source);
    ModelConfig c;
    const std::string type = f.text("model_type", "");
    if (type == "bert")
        c.architecture = Architecture::Bert;
    else if (type == "roberta")
        c.architecture = Architecture::Roberta;
    else if (type == "bart")
        c.architecture = Architecture::Bart;
    else
        throw fileError(source, "unsupported model_type '" + type + "' (supported: bert, roberta, bart)");
    if (const auto* a = f.find("architectures"); a && a->is_array())
        for (const auto& name : *a)
            if (name.is_string()) c.architectures.push_back(name.get<std::string>());

    c.vocabSize = f.integer("vocab_size");
    requirePositive(source, "vocab_size", c.vocabSize);
    requireAtMost(source, "vocab_size", c.vocabSize, 4000000, "the largest public vocabularies have ~250k entries");
    c.maxPositions = f.integer("max_position_embeddings", 512);
    requirePositive(source, "max_position_embeddings", c.maxPositions);
    requireAtMost(source, "max_position_embeddings", c.maxPositions, 1 << 20, "no such model reads that far");
    c.numLabels = numLabels(f);
    requirePositive(source, "num_labels", c.numLabels);
    requireAtMost(source, "num_labels", c.numLabels, 100000, "a classification head of more labels is a typo");

    if (c.architecture == Architecture::Bart) {
        c.hidden = f.integer("d_model");
        c.encoderLayers = f.integer("encoder_layers");
        c.decoderLayers = f.integer("decoder_layers");
        c.encoderHeads = f.integer("encoder_attention_heads");
        c.decoderHeads = f.integer("decoder_attention_heads");
        c.encoderFfn = f.integer("encoder_ffn_dim");
        c.decoderFfn = f.integer("decoder_ffn_dim");
        c.activation = f.text("activation_function", "gelu");
        c.layerNormEps = 1e-5; // BART's LayerNorms are built with torch's default
        c.scaleEmbedding = f.boolean("scale_embedding", false);
        c.normalizeBefore = f.boolean("normalize_before", false);
        c.addFinalLayerNorm = f.boolean("add_final_layer_norm", c.normalizeBefore);
        c.padTokenId = f.integer("pad_token_id", 1);
        c.bosTokenId = f.integer("bos_token_id", 0);
        c.eosTokenId = f.integer("eos_token_id", 2);
        c.decoderStartTokenId = f.integer("decoder_start_token_id", 2);
        if (const auto* v = f.find("early_stopping"); v && !v->is_null())
            c.earlyStopping = f.boolean("early_stopping", false);
        if (const auto* v = f.find("forced_bos_token_id"); v && !v->is_null())
            c.forcedBosTokenId = f.integer("forced_bos_token_id", 0);
        // BartConfig's own default is 2, used when the key is absent; null turns it off.
        if (const auto* v = f.find("forced_eos_token_id"); !v || !v->is_null())
            c.forcedEosTokenId = f.integer("forced_eos_token_id", 2);
        c.hiddenDropout = probability(f, "dropout", 0.1);
        c.attentionDropout = probability(f, "attention_dropout", 0.0);
        c.activationDropout = probability(f, "activation_dropout", 0.0);
        c.classifierDropout = probability(f, "classifier_dropout", 0.0);
        for (const auto& [key, value] : {std::pair{"d_model", c.hidden},
                                         {"encoder_layers", c.encoderLayers},
                                         {"decoder_layers", c.decoderLayers},
                                         {"encoder_attention_heads", c.encoderHeads},
                                         {"decoder_attention_heads", c.decoderHeads},
                                         {"encoder_ffn_dim", c.encoderFfn},
                                         {"decoder_ffn_dim", c.decoderFfn}}) {
            requirePositive(source, key, value);
            const bool depth = std::string(key).find("layers") != std::string::npos;
            requireAtMost(source, key, value, depth ? kMostLayers : kMostWidth * 16,
                          depth ? kLayersReason : kWidthReason);
        }
        if (c.hidden % c.encoderHeads != 0 || c.hidden % c.decoderHeads != 0)
            throw fileError(source, "d_model " + std::to_string(c.hidden) +
                                        " is not divisible by the number of attention heads");
    } else {
        c.hidden = f.integer("hidden_size");
        c.layers = f.integer("num_hidden_layers");
        c.heads = f.integer("num_attention_heads");
        c.intermediate = f.integer("intermediate_size");
        c.activation = f.text("hidden_act", "gelu");
        c.layerNormEps = f.number("layer_norm_eps", 1e-12);
        c.typeVocabSize = f.integer("type_vocab_size", 2);
        c.padTokenId = f.integer("pad_token_id", c.architecture == Architecture::Roberta ? 1 : 0);
        c.hiddenDropout = probability(f, "hidden_dropout_prob", 0.1);
        c.attentionDropout = probability(f, "attention_probs_dropout_prob", 0.1);
        c.classifierDropout = probability(f, "classifier_dropout", c.hiddenDropout);
        for (const auto& [key, value] : {std::pair{"hidden_size", c.hidden},
                                         {"num_hidden_layers", c.layers},
                                         {"num_attention_heads", c.heads},
                                         {"intermediate_size", c.intermediate},
                                         {"type_vocab_size", c.typeVocabSize}}) {
            requirePositive(source, key, value);
            const bool depth = std::string(key) == "num_hidden_layers";
            requireAtMost(source, key, value, depth ? kMostLayers : kMostWidth * 16,
                          depth ? kLayersReason : kWidthReason);
        }
        if (!(c.layerNormEps > 0 && c.layerNormEps < 1))
            throw fileError(source, "field 'layer_norm_eps' must be in (0, 1) (it keeps LayerNorm from dividing by "
                                    "zero), got " +
                                        std::to_string(c.layerNormEps));
        if (c.hidden % c.heads != 0)
            throw fileError(source, "hidden_size " + std::to_string(c.hidden) +
                                        " is not divisible by num_attention_heads " + std::to_string(c.heads));
        const auto position = f.text("position_embedding_type", "absolute");
        if (position != "absolute")
            throw fileError(source, "position_embedding_type '" + position + "' is not supported (only 'absolute')");
    }
    requireAtMost(source, c.architecture == Architecture::Bart ? "d_model" : "hidden_size", c.hidden, kMostWidth,
                  kWidthReason);
    requireBuildable(source, c);
    return c;
}

std::string modelConfigToJson(const ModelConfig& c) {
    json j;
    j["model_type"] = architectureName(c.architecture);
    if (!c.architectures.empty()) j["architectures"] = c.architectures;
    j["vocab_size"] = c.vocabSize;
    j["max_position_embeddings"] = c.maxPositions;
    j["num_labels"] = c.numLabels;
    j["pad_token_id"] = c.padTokenId;
    if (c.architecture == Architecture::Bart) {
        j["d_model"] = c.hidden;
        j["encoder_layers"] = c.encoderLayers;
        j["decoder_layers"] = c.decoderLayers;
        j["encoder_attention_heads"] = c.encoderHeads;
        j["decoder_attention_heads"] = c.decoderHeads;
        j["encoder_ffn_dim"] = c.encoderFfn;
        j["decoder_ffn_dim"] = c.decoderFfn;
        j["activation_function"] = c.activation;
        j["scale_embedding"] = c.scaleEmbedding;
        j["normalize_before"] = c.normalizeBefore;
        j["add_final_layer_norm"] = c.addFinalLayerNorm;
        j["bos_token_id"] = c.bosTokenId;
        j["eos_token_id"] = c.eosTokenId;
        j["decoder_start_token_id"] = c.decoderStartTokenId;
        if (c.earlyStopping) j["early_stopping"] = *c.earlyStopping;
        if (c.forcedBosTokenId) j["forced_bos_token_id"] = *c.forcedBosTokenId;
        // Written as null when off, which an absent key would not mean.
        j["forced_eos_token_id"] = c.forcedEosTokenId ? nlohmann::json(*c.forcedEosTokenId) : nlohmann::json(nullptr);
        j["dropout"] = c.hiddenDropout;
        j["attention_dropout"] = c.attentionDropout;
        j["activation_dropout"] = c.activationDropout;
        j["classifier_dropout"] = c.classifierDropout;
    } else {
        j["hidden_size"] = c.hidden;
        j["num_hidden_layers"] = c.layers;
        j["num_attention_heads"] = c.heads;
        j["intermediate_size"] = c.intermediate;
        j["hidden_act"] = c.activation;
        j["layer_norm_eps"] = c.layerNormEps;
        j["type_vocab_size"] = c.typeVocabSize;
        j["hidden_dropout_prob"] = c.hiddenDropout;
        j["attention_probs_dropout_prob"] = c.attentionDropout;
        j["classifier_dropout"] = c.classifierDropout;
    }
    return j.dump(2);
}

ModelConfig readModelConfig(const std::string& configJsonPath) {
    return parseModelConfig(text_files::read(configJsonPath), configJsonPath);
}

} // namespace sa
