#include "adapters/fusion_attach.h"

#include "adapters/attach.h"
#include "error.h"
#include "io/safetensors.h"
#include "model/bert.h"

#include <map>
#include <regex>

namespace sa {
namespace {

const char* const kSites[][2] = {{"ef_attn_adapter.", "fused_attn_adapters."},
                                 {"ef_ffn_adapter.", "fused_ffn_adapters."}};

// `count` frozen copies of one adapter, registered as a list under `name`.
std::vector<BottleneckAdapter> addCopies(torch::nn::Module& owner, const std::string& name, std::size_t count,
                                         int64_t hidden, int64_t bottleneck, double scale, AdapterLayerNorm norm,
                                         double dropout) {
    torch::nn::ModuleList list;
    std::vector<BottleneckAdapter> copies;
    for (std::size_t i = 0; i < count; ++i) {
        BottleneckAdapter adapter(hidden, bottleneck, scale, norm);
        adapter->dropout = dropout;
        list->push_back(adapter);
        copies.push_back(adapter);
    }
    owner.register_module(name, list);
    return copies;
}

template <typename F> void forEachFusion(LanguageModelImpl& model, F&& f) {
    for (const auto& item : model.named_modules("", /*include_self=*/false))
        if (auto* fusion = dynamic_cast<AdapterFusionImpl*>(item.value().get())) f(item.key(), *fusion);
}

// "roberta.encoder.layer.3.output.ef_ffn_fusion" → "layer 3 ffn".
std::string siteLabel(const std::string& module) {
    static const std::regex layer(R"(\.layer\.(\d+)\.)");
    std::smatch m;
    const std::string kind = module.find("ef_attn_fusion") != std::string::npos ? "attention" : "ffn";
    if (std::regex_search(module, m, layer)) return "layer " + m[1].str() + " " + kind;
    return module;
}

} // namespace

void attachFusion(LanguageModelImpl& model, const AdapterOptions& o, std::size_t sources, const FusionOptions& fusion,
                  bool prune) {
    auto* bert = dynamic_cast<BertTaskModelImpl*>(&model);
    if (!bert)
        throw Error(std::string("AdapterFusion on ") + architectureName(model.config().architecture) +
                    " is not implemented (BERT and RoBERTa are)");
    if (sources == 0) throw Error("AdapterFusion needs at least one source");
    if (o.attnMode != AttnMode::None && o.attnMode != AttnMode::Adapter)
        throw Error("AdapterFusion fuses bottleneck adapters only (attn_mode must be 'adapter' or 'none')");
    if (o.attnMode == AttnMode::Adapter && o.attnPlacement == AttnPlacement::Parallel)
        throw Error("parallel attention adapters are implemented for BART only");
    if (!o.any()) throw Error("AdapterFusion needs adapters to fuse");
    const auto& c = model.config();
    const double dropout = c.hiddenDropout;
    for (const auto& m : *bert->backbone()->layers) {
        auto& layer = *m->as<BertLayer>();
        auto fusionLayer = [&](torch::nn::Module& owner, const char* name) {
            auto f = owner.register_module(name, AdapterFusion(c.hidden, fusion));
            if (prune) f->addMasks();
            return f;
        };
        if (o.attnMode == AttnMode::Adapter) {
            auto& owner = *layer.attention->output;
            layer.fusedAttnAdapters = addCopies(owner, "fused_attn_adapters", sources, c.hidden, o.attnBn, 1.0,
                                                AdapterLayerNorm::In, dropout);
            layer.attnFusion = fusionLayer(owner, "ef_attn_fusion");
        }
        if (o.ffnMode == FfnMode::Adapter) {
            // Where the run's own adapter would hang (attach.cpp).
            auto& owner = o.ffnPlacement == FfnPlacement::Parallel ? static_cast<torch::nn::Module&>(layer)
                                                                   : static_cast<torch::nn::Module&>(*layer.output);
            layer.fusedFfnAdapters =
                addCopies(owner, "fused_ffn_adapters", sources, c.hidden, o.ffnBn, o.ffnScale, o.ffnLayerNorm, dropout);
            layer.ffnFusion = fusionLayer(owner, "ef_ffn_fusion");
            layer.ffnPlacement = o.ffnPlacement;
        }
    }
    model.train(model.is_training());
}

void loadFusionSource(LanguageModelImpl& model, std::size_t index, const std::string& path) {
    const auto file = SafetensorsFile::open(path);
    auto params = model.named_parameters(true);
    auto buffers = model.named_buffers(true);
    std::map<std::string, bool> expected; // the copies' tensors of source `index`, and whether found
    const std::string copy = "." + std::to_string(index) + ".";
    for (const auto* dict : {&params, &buffers})
        for (const auto& item : *dict)
            for (const auto& site : kSites)
                if (item.key().find(std::string(site[1]) + copy.substr(1)) != std::string::npos)
                    expected[item.key()] = false;
    torch::NoGradGuard noGrad;
    for (const auto& e : file.entries()) {
        const auto name = fromOfficialName(e.name);
        std::string target;
        for (const auto& site : kSites) {
            const auto at = name.find(site[0]);
            if (at != std::string::npos)
                target = name.substr(0, at) + site[1] + std::to_string(index) + "." +
                         name.substr(at + std::string(site[0]).size());
        }
        if (target.empty()) continue; // the source's head and anything else of its own
        torch::Tensor* into = params.find(target);
        if (!into) into = buffers.find(target);
        if (!into)
            throw fileError(path, "tensor '" + e.name +
                                      "' has no place among the fused adapters (its adapters differ "
                                      "from the other sources'?)");
        const auto source = file.tensor(e.name);
        if (source.sizes() != into->sizes())
            throw fileError(path, "tensor '" + e.name + "' has shape " + c10::str(source.sizes()) +
                                      ", the fused adapter's is " + c10::str(into->sizes()));
        into->copy_(source);
        expected[target] = true;
    }
    for (const auto& [name, found] : expected)
        if (!found)
            throw fileError(path,
                            "lacks the source adapter's tensor for '" + name + "' (not a run's adapter.safetensors?)");
}

torch::Tensor fusionRegularization(LanguageModelImpl& model) {
    torch::Tensor total;
    forEachFusion(model, [&](const std::string&, AdapterFusionImpl& f) {
        if (!f.options().value || !f.options().regularization) return;
        const auto r = f.regularizationLoss();
        total = total.defined() ? total + r : r;
    });
    return total;
}

bool hasFusion(LanguageModelImpl& model) {
    bool any = false;
    forEachFusion(model, [&](const std::string&, AdapterFusionImpl&) { any = true; });
    return any;
}

void startFusionTally(LanguageModelImpl& model) {
    forEachFusion(model, [](const std::string&, AdapterFusionImpl& f) { f.startTally(); });
}

FusionAttention takeFusionTally(LanguageModelImpl& model, const std::vector<std::string>& sourceNames) {
    FusionAttention out;
    out.sources = sourceNames;
    forEachFusion(model, [&](const std::string& name, AdapterFusionImpl& f) {
        auto mean = f.takeTally();
        if (mean.empty()) return;
        // Unnamed sources (a trainer set up without their task names) go by index.
        if (out.sources.empty())
            for (std::size_t i = 0; i < mean.size(); ++i)
                out.sources.push_back("source " + std::to_string(i));
        if (mean.size() != out.sources.size())
            throw Error("fusion layer " + name + " mixes " + std::to_string(mean.size()) + " adapters, but " +
                        std::to_string(sourceNames.size()) + " sources are named");
        out.sites.push_back(siteLabel(name));
        out.values.insert(out.values.end(), mean.begin(), mean.end());
    });
    if (out.sites.empty()) out.sources.clear();
    return out;
}

std::vector<std::pair<std::string, double>> fusionTemperatures(LanguageModelImpl& model) {
    std::vector<std::pair<std::string, double>> out;
    forEachFusion(model,
                  [&](const std::string& name, AdapterFusionImpl& f) { out.emplace_back(name, f.temperature()); });
    return out;
}

void setFusionTemperature(LanguageModelImpl& model, const std::string& module, double temperature) {
    bool found = false;
    forEachFusion(model, [&](const std::string& name, AdapterFusionImpl& f) {
        if (name == module) {
            f.setTemperature(temperature);
            found = true;
        }
    });
    if (!found) throw Error("no fusion layer '" + module + "' in the model");
}

} // namespace sa
