#include "experiment/adapter_export.h"

#include "error.h"
#include "experiment/experiment_budget.h"
#include "experiment/experiment_config.h"
#include "experiment/run_directory.h"
#include "experiment/run_model.h"
#include "io/peft_format.h"

namespace sa {

AdapterExport exportPeftAdapter(const std::string& runDir, const std::string& outDir) {
    {
        // Refusals first, from the config alone: no weights are read for them.
        const auto config = ExperimentConfig::fromFile(RunDirectory::open(runDir).configPath());
        const auto model = experimentModelConfig(config);
        checkPeftExpressible(model, resolveExperimentBudget(config, model).adapter);
    }
    ExperimentConfig config;
    auto loaded = loadTrainedRunModel(runDir, &config);
    loaded.model->eval();
    const auto adapter = toPeftAdapter(*loaded.model, loaded.budget.adapter, config.model);
    AdapterExport out;
    out.files = writePeftAdapter(adapter, outDir);
    out.notes = adapter.notes;
    return out;
}

} // namespace sa
