#include "experiment/fusion_sources.h"

#include "error.h"
#include "experiment/experiment_budget.h"
#include "experiment/run_directory.h"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace sa {

namespace fs = std::filesystem;

namespace {

// A folder named two ways ("runs/../bert", "bert/") is one folder.
std::string pathIdentity(const std::string& model) {
    if (isBuiltinDemoModel(model)) return model;
    std::error_code ec;
    const auto canonical = fs::weakly_canonical(model, ec);
    return ec ? model : canonical.string();
}

// The source as far as config.json tells, or why it cannot be one.
FusionSource readSource(const std::string& runDir, const std::string& key) {
    const std::string where = key + ": run " + runDir;
    if (!fs::is_directory(runDir)) throw Error(where + " is not a folder");
    const auto run = RunDirectory::open(runDir);
    if (!fs::exists(run.configPath())) throw Error(where + " has no config.json (not a run folder)");
    if (!fs::exists(run.adapterPath()))
        throw Error(where + " has no adapter.safetensors yet (it has not finished an evaluation)");
    FusionSource s;
    s.runDir = runDir;
    try {
        s.config = ExperimentConfig::fromFile(run.configPath());
    } catch (const Error& e) {
        throw Error(where + ": " + e.what());
    }
    s.task = s.config.task.name;
    if (s.config.adapter.isFusion())
        throw Error(where + " is itself a fusion run; fuse the task adapters of stage 1 instead");
    ExperimentBudget resolved;
    ModelConfig model;
    try {
        model = experimentModelConfig(s.config);
        resolved = resolveExperimentBudget(s.config, model);
    } catch (const Error& e) {
        throw Error(where + ": " + e.what());
    }
    if (model.architecture != Architecture::Bert && model.architecture != Architecture::Roberta)
        throw Error(where + ": model '" + s.config.model + "' is " + architectureName(model.architecture) +
                    "; AdapterFusion is implemented for BERT and RoBERTa");
    s.adapter = resolved.adapter;
    s.sparsity = resolved.sparsity;
    const auto& a = s.adapter;
    if (a.attnMode == AttnMode::Lora || a.attnMode == AttnMode::Prefix)
        throw Error(where + ": adapter.attn_mode is '" + std::string(a.attnMode == AttnMode::Lora ? "lora" : "prefix") +
                    "'; AdapterFusion fuses bottleneck adapters only");
    if (!a.any()) throw Error(where + " has no adapters to fuse");
    return s;
}

// The first field of the attached adapters in which `b` differs from `a`
// ("" when none): what a fusion layer needs equal at every site.
std::string differingAdapterField(const AdapterOptions& a, const AdapterOptions& b) {
    const auto ja = nlohmann::ordered_json::parse(a.toJson()), jb = nlohmann::ordered_json::parse(b.toJson());
    for (const auto& item : ja.items()) {
        if (item.key() == "train_head" || item.key() == "reference_quirks") continue;
        if (jb[item.key()] != item.value())
            return "adapter." + item.key() + " " + jb[item.key()].dump() +
                   " (the first source's: " + item.value().dump() + ")";
    }
    return "";
}

// Why `s` cannot be fused with `first` on `model`, "" when it can.
std::string mismatch(const FusionSource& first, const FusionSource& s, const std::string& model) {
    if (pathIdentity(s.config.model) != pathIdentity(model))
        return "was trained on model '" + s.config.model + "', this run's is '" + model + "'";
    const auto field = differingAdapterField(first.adapter, s.adapter);
    if (!field.empty()) return "has " + field + " (every source needs the same adapters)";
    return "";
}

} // namespace

FusionSetup resolveFusionSources(const ExperimentConfig& config) {
    if (!config.adapter.isFusion()) throw Error("adapter.preset is not 'fusion'");
    const auto& names = config.adapter.fusion.sources;
    if (names.empty()) throw Error("adapter.fusion.sources is empty: name the run folders whose adapters are fused");
    FusionSetup setup;
    for (std::size_t i = 0; i < names.size(); ++i) {
        const auto key = "adapter.fusion.sources[" + std::to_string(i) + "]";
        for (std::size_t j = 0; j < i; ++j)
            if (pathIdentity(names[j]) == pathIdentity(names[i]))
                throw Error(key + ": run " + names[i] + " is already source " + std::to_string(j));
        auto source = readSource(names[i], key);
        const auto why = mismatch(setup.sources.empty() ? source : setup.sources.front(), source, config.model);
        if (!why.empty()) throw Error(key + ": run " + names[i] + " " + why);
        setup.sources.push_back(std::move(source));
    }
    setup.adapter = setup.sources.front().adapter;
    setup.adapter.trainHead = config.adapter.options.trainHead;
    setup.adapter.referenceQuirks = config.adapter.options.referenceQuirks;
    return setup;
}

std::string fusionSourceRefusal(const std::string& runDir, const std::vector<std::string>& chosen,
                                const std::string& model) {
    // The run's own check, on the list the run would get.
    ExperimentConfig config;
    config.model = model;
    config.adapter.preset = kFusionPreset;
    config.adapter.fusion.sources = chosen;
    config.adapter.fusion.sources.push_back(runDir);
    try {
        resolveFusionSources(config);
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

} // namespace sa
