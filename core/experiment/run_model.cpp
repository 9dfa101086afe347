#include "experiment/run_model.h"

#include "adapters/attach.h"
#include "adapters/fusion_attach.h"
#include "error.h"
#include "experiment/experiment.h"
#include "experiment/fusion_sources.h"
#include "experiment/run_directory.h"
#include "io/peft_format.h"
#include "model/bart.h"
#include "model/global_rng.h"
#include "model/pretrained.h"

#include <filesystem>

namespace sa {

LanguageModel loadAdaptedModel(const std::string& directory, const LoadOptions& load, const AdapterOptions& adapter,
                               uint64_t seed, LoadReport* report,
                               const std::function<void(LanguageModelImpl&)>& attach) {
    auto rng = lockGlobalRng();
    torch::manual_seed(seed);
    auto loaded = loadPretrained(directory, load);
    if (attach)
        attach(*loaded.model);
    else
        attachAdapters(*loaded.model, adapter);
    freezeForAdapterTraining(*loaded.model, adapter);
    if (report) *report = std::move(loaded.report);
    return loaded.model;
}

RunModel loadRunModel(const ExperimentConfig& config, bool dropout) {
    const auto spec = config.task.spec();
    const auto modelDir = isBuiltinDemoModel(config.model) ? builtinDemoDirectory(spec.family) : config.model;
    RunModel r;
    r.tokenizer = loadTokenizer(modelDir);
    // The same resolution the GUI's budget panel shows before a run, from
    // the config.json the model is built from.
    const auto modelConfig = experimentModelConfig(config);
    const auto positions = modelConfig.usablePositions();
    for (const auto& [key, length] : config.task.lengthsInPositions())
        if (length > positions)
            throw Error(key + " " + std::to_string(length) + " exceeds the model's " + std::to_string(positions) +
                        " positions");
    r.budget = resolveExperimentBudget(config, modelConfig);
    LoadOptions load;
    load.head = spec.head;
    load.numLabels = spec.numLabels;
    load.dropout = dropout;
    load.reinitMismatchedHead = config.reinitHead;
    LoadReport report;
    std::function<void(LanguageModelImpl&)> attach;
    FusionSetup setup; // outlives `attach`, which reads it
    if (config.adapter.isFusion()) {
        if (!config.adapterDir.empty())
            throw Error("adapter_dir: a PEFT LoRA folder cannot be loaded into a fusion run (its adapters are "
                        "adapter.fusion.sources)");
        setup = resolveFusionSources(config);
        const auto& fusion = config.adapter.fusion;
        attach = [&](LanguageModelImpl& model) {
            attachFusion(model, setup.adapter, setup.sources.size(), fusion.options, fusion.prune);
            for (std::size_t i = 0; i < setup.sources.size(); ++i)
                loadFusionSource(model, i, RunDirectory::open(setup.sources[i].runDir).adapterPath());
        };
        for (const auto& source : setup.sources)
            r.fusionSources.push_back(source.task);
    }
    r.model = loadAdaptedModel(modelDir, load, r.budget.adapter, config.optimization.seed, &report, attach);
    if (!config.adapterDir.empty()) {
        loadPeftAdapter(*r.model, r.budget.adapter, config.adapterDir);
        r.notes.push_back("adapter_dir: the LoRA weights and head of " + config.adapterDir);
    }
    for (const auto& tensor : report.reinitialisedHead)
        r.notes.push_back("reinit_head: " + tensor + ", drawn afresh from seed " +
                          std::to_string(config.optimization.seed));
    if (auto* bart = dynamic_cast<BartModelImpl*>(r.model.get())) bart->setLabelSmoothing(config.task.labelSmoothing);
    return r;
}

RunModel loadTrainedRunModel(const std::string& runDir, ExperimentConfig* config, bool configuredDropout) {
    const auto run = RunDirectory::open(runDir);
    auto runConfig = ExperimentConfig::fromFile(run.configPath());
    if (!std::filesystem::exists(run.adapterPath()))
        throw fileError(runDir, "no adapter.safetensors yet (the run has not finished an evaluation)");
    auto loaded = loadRunModel(runConfig, configuredDropout && runConfig.optimization.dropout);
    // The masks come first from the run's last round, then from
    // adapter.safetensors, which holds those of its best evaluation.
    if (std::filesystem::exists(run.masksPath())) loadAdapterTensors(*loaded.model, run.masksPath());
    loadAdapterTensors(*loaded.model, run.adapterPath());
    if (config) *config = std::move(runConfig);
    return loaded;
}

torch::Device resolveDevice(DeviceChoice choice) {
    if (choice == DeviceChoice::Cpu) return torch::kCPU;
    const bool cuda = torch::cuda::is_available();
    if (choice == DeviceChoice::Cuda && !cuda)
        throw Error("device: 'cuda' was asked for, but this LibTorch build sees no CUDA device (use 'auto' or 'cpu')");
    return cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
}

} // namespace sa
