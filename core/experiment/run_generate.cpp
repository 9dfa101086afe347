#include "experiment/run_generate.h"

#include "error.h"
#include "experiment/experiment.h"
#include "experiment/experiment_budget.h"
#include "experiment/run_directory.h"
#include "experiment/run_model.h"
#include "experiment/task_setup.h"
#include "io/atomic_write.h"
#include "model/pretrained.h"
#include "tasks/summarization/summarization_dataset.h"
#include "tasks/summarization/summarization_task.h"
#include "text/tokenizer.h"

#include <nlohmann/json.hpp>

#include <sstream>

namespace sa {

int64_t generateFromRun(const RunGenerateOptions& o) {
    const auto run = RunDirectory::open(o.runDir);
    {
        const auto config = ExperimentConfig::fromFile(run.configPath());
        const auto spec = config.task.spec();
        if (spec.family != TaskFamily::Summarization)
            throw fileError(run.configPath(), "task '" + config.task.name + "' is " + taskFamilyName(spec.family) +
                                                  "; generate needs a summarization run");
    }
    ExperimentConfig config;
    auto loaded = loadTrainedRunModel(o.runDir, &config);
    auto& model = loaded.model;
    const auto& tokenizer = loaded.tokenizer;
    const auto device = resolveDevice(config.device);
    model->to(device);
    model->eval();

    const auto records = readSummarizationFile(
        o.input, {o.textField.empty() ? config.task.textColumn : o.textField, /*summary: optional*/ "", "id"});
    if (records.empty()) throw fileError(o.input, "no documents to summarise");
    std::vector<std::string> sources;
    for (const auto& r : records)
        sources.push_back(r.document);
    const auto generation = generationOptions(config.task, model->config());
    const auto batch =
        o.batchSize > 0
            ? o.batchSize
            : std::max<int64_t>(1, config.optimization.evalBatchSize / std::max<int64_t>(1, generation.numBeams));
    const auto summaries =
        summarize(*model, *tokenizer, sources, config.task.maxSourceLength, generation, batch, device, o.progress);
    if (summaries.size() != sources.size()) throw Error("generation stopped before the end; nothing written");
    writeFileAtomically(o.output, [&](std::ostream& out) {
        for (std::size_t i = 0; i < records.size(); ++i)
            out << nlohmann::json{{"id", records[i].id}, {"prediction", summaries[i]}}.dump() << '\n';
    });
    return static_cast<int64_t>(records.size());
}

} // namespace sa
