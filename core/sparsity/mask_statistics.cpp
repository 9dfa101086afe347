#include "sparsity/mask_statistics.h"

#include "adapters/attach.h"
#include "model/language_model.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <sstream>

namespace sa {
namespace {

std::vector<std::string> splitName(const std::string& name) {
    std::vector<std::string> parts;
    std::istringstream in(name);
    for (std::string part; std::getline(in, part, '.');)
        parts.push_back(part);
    return parts;
}

bool isIndex(const std::string& s) {
    return !s.empty() && s.size() < 9 &&
           std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

template <class Entry, class Key> Entry& entryFor(std::vector<Entry>& entries, const Key& matches) {
    const auto it = std::find_if(entries.begin(), entries.end(), matches);
    if (it != entries.end()) return *it;
    return entries.emplace_back();
}

std::string layerLabel(LayerStack stack, int layer, bool withStack) {
    const std::string index = layer < 0 ? "-" : std::to_string(layer);
    return withStack && stack != LayerStack::None ? std::string(layerStackName(stack)) + " " + index : index;
}

} // namespace

const char* layerStackName(LayerStack stack) {
    switch (stack) {
    case LayerStack::Encoder:
        return "encoder";
    case LayerStack::Decoder:
        return "decoder";
    case LayerStack::None:
        break;
    }
    return "";
}

const char* maskedModuleName(MaskedModule module) {
    switch (module) {
    case MaskedModule::AttentionAdapter:
        return "attention adapter";
    case MaskedModule::SelfAttentionAdapter:
        return "self-attention adapter";
    case MaskedModule::CrossAttentionAdapter:
        return "cross-attention adapter";
    case MaskedModule::FfnAdapter:
        return "FFN adapter";
    case MaskedModule::LoraQuery:
        return "LoRA query";
    case MaskedModule::LoraValue:
        return "LoRA value";
    case MaskedModule::Other:
        break;
    }
    return "other";
}

const char* maskedPartName(MaskedPart part) {
    switch (part) {
    case MaskedPart::Down:
        return "down";
    case MaskedPart::Up:
        return "up";
    case MaskedPart::A:
        return "A";
    case MaskedPart::B:
        return "B";
    }
    return "";
}

MaskedSite parseMaskedSite(const std::string& weightName) {
    const auto parts = splitName(weightName);
    MaskedSite site;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const auto& p = parts[i];
        const std::string previous = i > 0 ? parts[i - 1] : std::string();
        if (site.layer < 0 && (p == "layer" || p == "layers") && i + 1 < parts.size() && isIndex(parts[i + 1]))
            site.layer = std::stoi(parts[i + 1]);
        else if (site.layer < 0 && p == "encoder")
            site.stack = LayerStack::Encoder;
        else if (site.layer < 0 && p == "decoder")
            site.stack = LayerStack::Decoder;
        else if (p == "ef_attn_adapter")
            site.module = previous == "self_attn"      ? MaskedModule::SelfAttentionAdapter
                          : previous == "encoder_attn" ? MaskedModule::CrossAttentionAdapter
                                                       : MaskedModule::AttentionAdapter;
        else if (p == "ef_ffn_adapter")
            site.module = MaskedModule::FfnAdapter;
        else if (p == "ef_lora_A" || p == "ef_lora_B" || p == "A_mask" || p == "B_mask") {
            site.module = previous == "query"   ? MaskedModule::LoraQuery
                          : previous == "value" ? MaskedModule::LoraValue
                                                : MaskedModule::Other;
            site.part = p == "ef_lora_A" || p == "A_mask" ? MaskedPart::A : MaskedPart::B;
        } else if (p == "down_proj" || p == "down_mask")
            site.part = MaskedPart::Down;
        else if (p == "up_proj" || p == "up_mask")
            site.part = MaskedPart::Up;
    }
    return site;
}

MaskStatistics aggregateMaskStatistics(std::vector<MaskedTensorStatistics> tensors) {
    MaskStatistics s;
    s.tensors = std::move(tensors);
    for (const auto& t : s.tensors) {
        auto& layer = entryFor(
            s.layers, [&](const LayerStatistics& l) { return l.stack == t.site.stack && l.layer == t.site.layer; });
        layer.stack = t.site.stack;
        layer.layer = t.site.layer;
        layer.count += t.count;
        const auto sameModule = [&](const ModuleStatistics& m) { return m.module == t.site.module; };
        auto& inLayer = entryFor(layer.modules, sameModule);
        inLayer.module = t.site.module;
        inLayer.count += t.count;
        auto& module = entryFor(s.modules, sameModule);
        module.module = t.site.module;
        module.count += t.count;
        s.overall += t.count;
    }
    return s;
}

MaskStatistics maskStatistics(LanguageModelImpl& model) {
    std::vector<MaskedTensorStatistics> tensors;
    for (const auto& m : maskedWeights(model)) {
        MaskedTensorStatistics t;
        t.weightName = toOfficialName(m.weightName);
        t.maskName = toOfficialName(m.maskName);
        t.shape = m.weight.sizes().vec();
        t.site = parseMaskedSite(m.weightName);
        t.count.kept = m.mask.count_nonzero().item<int64_t>();
        t.count.total = m.mask.numel();
        tensors.push_back(std::move(t));
    }
    return aggregateMaskStatistics(std::move(tensors));
}

std::string formatMaskStatistics(const MaskStatistics& statistics) {
    const bool withStack = std::any_of(statistics.layers.begin(), statistics.layers.end(),
                                       [](const LayerStatistics& l) { return l.stack == LayerStack::Decoder; });
    struct Row {
        std::string layer, module;
        MaskCount count;
    };
    std::vector<Row> rows;
    for (const auto& l : statistics.layers) {
        const auto label = layerLabel(l.stack, l.layer, withStack);
        for (const auto& m : l.modules)
            rows.push_back({label, maskedModuleName(m.module), m.count});
        if (l.modules.size() > 1) rows.push_back({label, "all", l.count});
    }
    const std::size_t perLayer = rows.size();
    if (statistics.modules.size() > 1)
        for (const auto& m : statistics.modules)
            rows.push_back({"all", maskedModuleName(m.module), m.count});
    rows.push_back({"all", "all", statistics.overall});

    std::size_t layerWidth = 5, moduleWidth = 6, keptWidth = 4, totalWidth = 5;
    for (const auto& r : rows) {
        layerWidth = std::max(layerWidth, r.layer.size());
        moduleWidth = std::max(moduleWidth, r.module.size());
        keptWidth = std::max(keptWidth, std::to_string(r.count.kept).size());
        totalWidth = std::max(totalWidth, std::to_string(r.count.total).size());
    }
    std::ostringstream out;
    const auto pad = [&out](const std::string& text, std::size_t width, bool right) {
        const std::string fill(width > text.size() ? width - text.size() : 0, ' ');
        out << (right ? fill + text : text + fill);
    };
    const auto line = [&](const std::string& layer, const std::string& module, const std::string& kept,
                          const std::string& total, const std::string& density) {
        pad(layer, layerWidth, false);
        out << "  ";
        pad(module, moduleWidth, false);
        out << "  ";
        pad(kept, keptWidth, true);
        out << " / ";
        pad(total, totalWidth, false);
        out << "  " << density << '\n';
    };
    line("layer", "module", "kept", "total", "density");
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (i == perLayer) out << std::string(layerWidth + moduleWidth + keptWidth + totalWidth + 16, '-') << '\n';
        char density[32];
        std::snprintf(density, sizeof density, "%.4f", rows[i].count.density());
        line(rows[i].layer, rows[i].module, std::to_string(rows[i].count.kept), std::to_string(rows[i].count.total),
             density);
    }
    return out.str();
}

} // namespace sa
