#include "experiment/adapter_export.h"

#include "error.h"
#include "experiment/experiment_budget.h"
#include "experiment/experiment_config.h"
#include "experiment/run_directory.h"
#include "experiment/run_model.h"
#include "io/adapterhub_format.h"
#include "io/peft_format.h"
#include "io/staged_folder.h"

#include <filesystem>

namespace sa {

namespace {

// What `format` cannot express of the run's adapters: throws sa::Error.
void checkExpressible(const std::string& runDir, AdapterFormat format) {
    const auto config = ExperimentConfig::fromFile(RunDirectory::open(runDir).configPath());
    if (config.adapter.isFusion())
        throw Error(runDir + " is a fusion run: its fusion layers have no " +
                    (format == AdapterFormat::Peft ? "PEFT" : "AdapterHub bottleneck-adapter") +
                    " form; export its source runs' adapters instead");
    const auto model = experimentModelConfig(config);
    const auto adapter = resolveExperimentBudget(config, model).adapter;
    if (format == AdapterFormat::Peft)
        checkPeftExpressible(model, adapter);
    else
        adapterHubBnConfig(adapter, model);
}

} // namespace

AdapterFormat adapterFormatByName(const std::string& name) {
    if (name == "peft") return AdapterFormat::Peft;
    if (name == "adapterhub") return AdapterFormat::AdapterHub;
    throw Error("unknown adapter format '" + name + "' (formats: adapterhub, peft)");
}

std::string adapterExportRefusal(const std::string& runDir, AdapterFormat format) {
    try {
        checkExpressible(runDir, format);
        const auto run = RunDirectory::open(runDir);
        if (!std::filesystem::exists(run.adapterPath()))
            return runDir + ": no adapter.safetensors yet (the run has not finished an evaluation)";
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

AdapterExport exportRunAdapter(const std::string& runDir, AdapterFormat format, const std::string& outDir,
                               const std::string& adapterName) {
    if (format == AdapterFormat::AdapterHub) return exportAdapterHubAdapter(runDir, outDir, adapterName);
    if (!adapterName.empty()) throw Error("an adapter name is AdapterHub's; a PEFT folder names none");
    return exportPeftAdapter(runDir, outDir);
}

AdapterExport exportPeftAdapter(const std::string& runDir, const std::string& outDir) {
    // Refusals first, from the config alone: no weights are read for them.
    checkExpressible(runDir, AdapterFormat::Peft);
    ExperimentConfig config;
    auto loaded = loadTrainedRunModel(runDir, &config);
    loaded.model->eval();
    const auto adapter = toPeftAdapter(*loaded.model, loaded.budget.adapter, config.model);
    AdapterExport out;
    out.files = writePeftAdapter(adapter, outDir);
    out.notes = adapter.notes;
    return out;
}

AdapterExport exportAdapterHubAdapter(const std::string& runDir, const std::string& outDir,
                                      const std::string& adapterName) {
    checkExpressible(runDir, AdapterFormat::AdapterHub);
    ExperimentConfig config;
    // With the dropout the run trained with, so the config records the
    // adapter's rate; nothing is computed here.
    auto loaded = loadTrainedRunModel(runDir, &config, /*configuredDropout=*/true);
    const auto& adapter = loaded.budget.adapter;
    AdapterHubExportOptions e;
    if (!adapterName.empty()) e.adapterName = adapterName;
    e.modelName = config.model;
    e.withHead = adapter.trainHead;
    e.source = runDir;
    // All or nothing: a refusal halfway leaves outDir as it was.
    StagedFolder out(outDir);
    writeAdapterHubFolder(*loaded.model, adapter, e, out.path());
    AdapterExport result;
    result.files = out.commit();
    return result;
}

} // namespace sa
