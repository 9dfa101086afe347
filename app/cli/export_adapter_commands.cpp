// `sparseadapter export-adapter RUN_DIR --format adapterhub|peft OUT/`: a
// run's trained adapters (adapter.safetensors, at its best evaluation) in a
// format another library loads. The formats themselves live in core
// (io/adapterhub_format.h; io/peft_format.h through
// experiment/adapter_export.h); this loads the run's model for AdapterHub,
// parses the arguments and says what it wrote.
#include "cli_options.h"

#include "adapters/attach.h"
#include "experiment/adapter_export.h"
#include "experiment/run_directory.h"
#include "experiment/run_model.h"
#include "io/adapterhub_format.h"
#include "io/staged_folder.h"

#include <filesystem>
#include <iostream>

namespace sa::cli {
namespace {

int exportAdapterHub(const Options& o) {
    namespace fs = std::filesystem;
    const auto run = RunDirectory::open(o.positional()[0]);
    const auto config = ExperimentConfig::fromFile(run.configPath());
    if (!fs::exists(run.adapterPath()))
        throw fileError(run.path(), "no adapter.safetensors yet (the run has not finished an evaluation)");
    // With the dropout the run trained with, so the config records the
    // adapter's rate; nothing is computed here.
    auto loaded = loadRunModel(config, config.optimization.dropout);
    const auto& adapter = loaded.budget.adapter;
    // Refuse what the format cannot hold before anything is read or written.
    adapterHubBnConfig(adapter, loaded.model->config());
    // The last round's masks, then the best evaluation's weights and masks.
    if (fs::exists(run.masksPath())) loadAdapterTensors(*loaded.model, run.masksPath());
    loadAdapterTensors(*loaded.model, run.adapterPath());

    AdapterHubExportOptions e;
    e.adapterName = o.text("--name", e.adapterName);
    e.modelName = config.model;
    e.withHead = adapter.trainHead;
    e.source = run.path();
    // All or nothing: a refusal halfway leaves OUT_DIR as it was.
    StagedFolder out(o.positional()[1]);
    writeAdapterHubFolder(*loaded.model, adapter, e, out.path());
    for (const auto& path : out.commit())
        std::cout << path << '\n';
    return 0;
}

int exportPeft(const Options& o) {
    if (!o.text("--name", "").empty()) throw Error("--name names an AdapterHub adapter; a PEFT folder has none");
    const auto result = exportPeftAdapter(o.positional()[0], o.positional()[1]);
    for (const auto& note : result.notes)
        std::cerr << "note: " << note << '\n';
    for (const auto& path : result.files)
        std::cout << path << '\n';
    return 0;
}

} // namespace

int exportAdapter(const Args& args) {
    const Options o(args, {"--format", "--name"}, 2);
    const char* const usage =
        "usage: sparseadapter export-adapter RUN_DIR --format adapterhub|peft OUT_DIR [--name NAME]";
    if (o.positional().size() != 2) throw Error(usage);
    const auto format = o.text("--format", "");
    if (format.empty()) throw Error(std::string("give --format (formats: adapterhub, peft); ") + usage);
    if (format == "peft") return exportPeft(o);
    if (format != "adapterhub") throw Error("unknown --format '" + format + "' (formats: adapterhub, peft)");
    return exportAdapterHub(o);
}

} // namespace sa::cli
