#include "adapters/adapter_options.h"

#include "error.h"

#include <nlohmann/json.hpp>

#include <array>
#include <utility>

namespace sa {
namespace {

using nlohmann::json;

template <typename E> using Names = std::array<std::pair<E, const char*>, 4>;

constexpr Names<AttnMode> kAttnModes{
    {{AttnMode::None, "none"}, {AttnMode::Adapter, "adapter"}, {AttnMode::Lora, "lora"}, {AttnMode::Prefix, "prefix"}}};
constexpr std::array<std::pair<FfnMode, const char*>, 2> kFfnModes{
    {{FfnMode::None, "none"}, {FfnMode::Adapter, "adapter"}}};
constexpr std::array<std::pair<FfnPlacement, const char*>, 3> kPlacements{{{FfnPlacement::Sequential, "sequential"},
                                                                           {FfnPlacement::Pfeiffer, "pfeiffer"},
                                                                           {FfnPlacement::Parallel, "parallel"}}};
constexpr std::array<std::pair<AttnPlacement, const char*>, 2> kAttnPlacements{
    {{AttnPlacement::Sequential, "sequential"}, {AttnPlacement::Parallel, "parallel"}}};
constexpr std::array<std::pair<AdapterLayerNorm, const char*>, 3> kLayerNorms{
    {{AdapterLayerNorm::In, "in"}, {AdapterLayerNorm::Out, "out"}, {AdapterLayerNorm::None, "none"}}};

template <typename E, std::size_t N>
const char* nameOf(const std::array<std::pair<E, const char*>, N>& table, E value) {
    for (const auto& [v, n] : table)
        if (v == value) return n;
    return "?";
}

template <typename E, std::size_t N>
E valueOf(const std::array<std::pair<E, const char*>, N>& table, const json& j, const char* field,
          const std::string& source) {
    if (!j.is_string()) throw fileError(source, std::string("field '") + field + "' must be a string");
    const auto text = j.get<std::string>();
    std::string allowed;
    for (const auto& [v, n] : table) {
        if (text == n) return v;
        allowed += (allowed.empty() ? "" : ", ") + std::string(n);
    }
    throw fileError(source, std::string("field '") + field + "' is '" + text + "' (allowed: " + allowed + ")");
}

} // namespace

std::vector<std::string> AdapterOptions::presetNames() {
    return {"houlsby", "pfeiffer", "parallel", "lora", "prefix", "mam"};
}

AdapterOptions AdapterOptions::preset(const std::string& name, int64_t bottleneck) {
    if (bottleneck <= 0 || bottleneck > kMaxAdapterWidth)
        throw Error("adapter '" + name + "': bottleneck must be in [1, " + std::to_string(kMaxAdapterWidth) +
                    "] (wider than any model's hidden size), got " + std::to_string(bottleneck));
    AdapterOptions o;
    auto parallelFfn = [&] {
        o.ffnMode = FfnMode::Adapter;
        o.ffnPlacement = FfnPlacement::Parallel;
        o.ffnBn = bottleneck;
        o.ffnScale = 4.0;
    };
    if (name == "houlsby") {
        o.attnMode = AttnMode::Adapter;
        o.attnBn = bottleneck;
        o.ffnMode = FfnMode::Adapter;
        o.ffnPlacement = FfnPlacement::Sequential;
        o.ffnBn = bottleneck;
    } else if (name == "pfeiffer") {
        o.ffnMode = FfnMode::Adapter;
        o.ffnPlacement = FfnPlacement::Pfeiffer;
        o.ffnBn = bottleneck;
    } else if (name == "parallel") {
        parallelFfn();
    } else if (name == "lora") {
        o.attnMode = AttnMode::Lora;
        o.attnBn = bottleneck;
    } else if (name == "prefix") {
        o.attnMode = AttnMode::Prefix;
        o.attnBn = bottleneck;
    } else if (name == "mam") {
        o.attnMode = AttnMode::Prefix;
        o.attnBn = 30;
        parallelFfn();
    } else {
        std::string known;
        for (const auto& n : presetNames())
            known += (known.empty() ? "" : ", ") + n;
        throw Error("unknown adapter '" + name + "' (known: " + known + ")");
    }
    return o;
}

std::string AdapterOptions::toJson() const {
    json j = {{"attn_mode", nameOf(kAttnModes, attnMode)},
              {"attn_bn", attnBn},
              {"attn_option", nameOf(kAttnPlacements, attnPlacement)},
              {"ffn_mode", nameOf(kFfnModes, ffnMode)},
              {"ffn_option", nameOf(kPlacements, ffnPlacement)},
              {"ffn_bn", ffnBn},
              {"ffn_adapter_scalar", ffnScale},
              {"ffn_adapter_layernorm_option", nameOf(kLayerNorms, ffnLayerNorm)},
              {"lora_alpha", loraAlpha},
              {"mid_dim", prefixMidDim},
              {"train_head", trainHead},
              {"reference_quirks", referenceQuirks}};
    return j.dump();
}

AdapterOptions AdapterOptions::fromJson(const std::string& text, const std::string& source) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {
        throw fileError(source, std::string("not valid JSON: ") + e.what());
    }
    if (!j.is_object()) throw fileError(source, "adapter options must be a JSON object");
    AdapterOptions o;
    for (auto it = j.begin(); it != j.end(); ++it) {
        const auto& key = it.key();
        const auto& v = *it;
        auto integer = [&] {
            if (!v.is_number_integer() || v.get<int64_t>() < 0 || v.get<int64_t>() > kMaxAdapterWidth)
                throw fileError(source, "field '" + key + "' must be an integer in [0, " +
                                            std::to_string(kMaxAdapterWidth) +
                                            "] (wider than any model's hidden size), got " + v.dump());
            return v.get<int64_t>();
        };
        auto number = [&] {
            if (!v.is_number()) throw fileError(source, "field '" + key + "' must be a number");
            return v.get<double>();
        };
        if (key == "attn_mode")
            o.attnMode = valueOf(kAttnModes, v, "attn_mode", source);
        else if (key == "attn_bn")
            o.attnBn = integer();
        else if (key == "attn_option")
            o.attnPlacement = valueOf(kAttnPlacements, v, "attn_option", source);
        else if (key == "ffn_mode")
            o.ffnMode = valueOf(kFfnModes, v, "ffn_mode", source);
        else if (key == "ffn_option")
            o.ffnPlacement = valueOf(kPlacements, v, "ffn_option", source);
        else if (key == "ffn_bn")
            o.ffnBn = integer();
        else if (key == "ffn_adapter_scalar")
            o.ffnScale = number();
        else if (key == "ffn_adapter_layernorm_option")
            o.ffnLayerNorm = valueOf(kLayerNorms, v, key.c_str(), source);
        else if (key == "lora_alpha")
            o.loraAlpha = number();
        else if (key == "mid_dim")
            o.prefixMidDim = integer();
        else if (key == "train_head") {
            if (!v.is_boolean()) throw fileError(source, "field 'train_head' must be true or false");
            o.trainHead = v.get<bool>();
        } else if (key == "reference_quirks") {
            if (!v.is_boolean()) throw fileError(source, "field 'reference_quirks' must be true or false");
            o.referenceQuirks = v.get<bool>();
        } else
            throw fileError(source, "unknown adapter field '" + key + "'");
    }
    if (o.attnMode != AttnMode::None && o.attnBn <= 0)
        throw fileError(source, "attn_bn must be positive when attn_mode is not 'none'");
    if (o.ffnMode != FfnMode::None && o.ffnBn <= 0)
        throw fileError(source, "ffn_bn must be positive when ffn_mode is 'adapter'");
    if (o.attnMode == AttnMode::Prefix && o.prefixMidDim <= 0)
        throw fileError(source, "mid_dim must be positive for a prefix");
    return o;
}

AdapterOptions AdapterOptions::fromTuneArguments(const std::string& text, const std::string& source) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {
        throw fileError(source, std::string("not valid JSON: ") + e.what());
    }
    // The official parser keeps numbers as strings in places ("4").
    auto number = [&](const char* key, double fallback) {
        if (!j.contains(key)) return fallback;
        const auto& v = j[key];
        if (v.is_number()) return v.get<double>();
        if (v.is_string()) {
            try {
                return std::stod(v.get<std::string>());
            } catch (const std::exception&) {}
        }
        throw fileError(source, std::string("field '") + key + "' is not a number: " + v.dump());
    };
    auto text_ = [&](const char* key, const char* fallback) {
        return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string(fallback);
    };
    json ours = json::object();
    ours["attn_mode"] = text_("attn_mode", "none");
    ours["ffn_mode"] = text_("ffn_mode", "none");
    // ffn_option means something only with an FFN adapter ("none" otherwise).
    if (ours["ffn_mode"] == "adapter") ours["ffn_option"] = text_("ffn_option", "sequential");
    ours["ffn_adapter_layernorm_option"] = text_("ffn_adapter_layernorm_option", "in");
    ours["attn_bn"] = static_cast<int64_t>(number("attn_bn", 0));
    ours["ffn_bn"] = static_cast<int64_t>(number("ffn_bn", 0));
    ours["ffn_adapter_scalar"] = number("ffn_adapter_scalar", 1.0);
    ours["lora_alpha"] = number("lora_alpha", 32.0);
    ours["mid_dim"] = static_cast<int64_t>(number("mid_dim", 800));
    const auto attnOption = text_("attn_option", "sequential");
    if (ours["attn_mode"] == "adapter") {
        if (attnOption != "sequential" && attnOption != "parallel")
            throw fileError(source, "attn_option '" + attnOption +
                                        "' for attention adapters is not supported (sequential or parallel)");
        ours["attn_option"] = attnOption;
    }
    if (text_("attn_composition", "add") != "add")
        throw fileError(source, "attn_composition '" + text_("attn_composition", "") + "' is not supported (only add)");
    if (ours["attn_mode"] == "none") ours["attn_bn"] = 0;
    if (ours["ffn_mode"] == "none") ours["ffn_bn"] = 0;
    return fromJson(ours.dump(), source).asReference();
}

bool operator==(const AdapterOptions& a, const AdapterOptions& b) {
    return a.toJson() == b.toJson();
}

} // namespace sa
