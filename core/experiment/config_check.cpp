#include "experiment/config_check.h"

#include "adapters/parameter_budget.h"
#include "error.h"
#include "experiment/experiment_budget.h"
#include "experiment/fusion_sources.h"
#include "experiment/task_setup.h"

#include <algorithm>
#include <filesystem>

namespace sa {

namespace fs = std::filesystem;

namespace {

// Prunable = what `masked_parameters` returns: bottleneck down/up and LoRA A/B.
bool hasPrunableWeights(const AdapterOptions& o) {
    const bool attention = (o.attnMode == AttnMode::Adapter || o.attnMode == AttnMode::Lora) && o.attnBn > 0;
    const bool ffn = o.ffnMode == FfnMode::Adapter && o.ffnBn > 0;
    return attention || ffn;
}

void checkModel(const ExperimentConfig& c, const ModelConfig& model, std::vector<ConfigProblem>& out) {
    const int64_t positions = model.usablePositions();
    for (const auto& [key, length] : c.task.lengthsInPositions())
        if (length > positions)
            out.push_back({key, key + " " + std::to_string(length) + " exceeds the model's " +
                                    std::to_string(positions) + " positions"});
    if (c.task.spec().family == TaskFamily::Summarization && model.architecture != Architecture::Bart)
        out.push_back({"model", "task '" + c.task.name +
                                    "' generates summaries: it needs an encoder-decoder (BART) "
                                    "checkpoint, and this one is " +
                                    std::string(architectureName(model.architecture))});
    if (c.task.spec().head == TaskHead::SequenceClassification && model.checkpointHeadLabels > 0 &&
        model.checkpointHeadLabels != model.numLabels && !c.reinitHead)
        out.push_back({"reinit_head", "the checkpoint's classifier has " + std::to_string(model.checkpointHeadLabels) +
                                          " labels and task '" + c.task.name + "' has " +
                                          std::to_string(model.numLabels) +
                                          ": set reinit_head (\"Draw a head of another size afresh\") to start "
                                          "it from the seed, or choose a checkpoint without a classifier"});
    const auto& o = c.adapter.options;
    if (model.architecture == Architecture::Bert && o.attnMode == AttnMode::Prefix && !o.referenceQuirks)
        out.push_back({"adapter.preset", "adapter '" + c.adapter.preset +
                                             "': prefix tuning on BERT is not supported by the reference "
                                             "implementation (nothing would train); use RoBERTa, or "
                                             "adapter.reference_quirks to reproduce it"});
    std::vector<AdapterSite> sites;
    try {
        sites = computeBudget(model, o).sites;
    } catch (const Error& e) {
        out.push_back({"adapter.preset", "adapter '" + c.adapter.preset + "': " + e.what()});
    }
    // The pruner refuses SynFlow on LoRA (as the reference fails on it) only
    // at the first pruning round, on the worker; say so before Start.
    if (c.pruning.enabled && c.pruning.options.method == PruneMethod::Synflow) {
        const bool lora =
            std::any_of(sites.begin(), sites.end(), [](const AdapterSite& s) { return s.kind == SiteKind::Lora; });
        const bool bottleneck = std::any_of(sites.begin(), sites.end(),
                                            [](const AdapterSite& s) { return s.kind == SiteKind::Bottleneck; });
        if (lora)
            out.push_back({"pruning.method", "pruning.method 'synflow' scores bottleneck adapters only (the "
                                             "reference's SynFlow fails on LoRA); adapter '" +
                                                 c.adapter.preset + "' has LoRA: choose another method"});
        else if (!sites.empty() && !bottleneck)
            out.push_back({"pruning.method", "pruning.method 'synflow': adapter '" + c.adapter.preset +
                                                 "' has no bottleneck adapters to score"});
    }
}

// A fusion run: its sources, read and checked as the run will; pruning
// reaches the fusion layers only with adapter.fusion.prune.
void checkFusion(const ExperimentConfig& c, std::vector<ConfigProblem>& out) {
    const auto& f = c.adapter.fusion;
    if (f.sources.empty()) {
        out.push_back({"adapter.fusion.sources", "adapter.fusion.sources is empty: pick the runs (stage 1) whose "
                                                 "adapters are fused"});
    } else {
        try {
            resolveFusionSources(c);
        } catch (const Error& e) {
            out.push_back({"adapter.fusion.sources", e.what()});
        }
    }
    if (c.pruning.largeSparse > 1)
        out.push_back({"pruning.large_sparse", "pruning.large_sparse: a fusion run attaches its sources' adapters as "
                                               "they were trained; Large-Sparse belongs to the source runs"});
    if (f.prune && !c.pruning.enabled)
        out.push_back({"adapter.fusion.prune", "adapter.fusion.prune needs a pruning method (pruning.method is "
                                               "'none')"});
    if (f.prune && !f.options.query && !f.options.key && !f.options.value)
        out.push_back({"adapter.fusion.prune", "adapter.fusion.prune: the fusion layer has no query, key or value "
                                               "matrix to prune"});
}

void checkPruning(const ExperimentConfig& c, std::vector<ConfigProblem>& out) {
    if (c.adapter.isFusion()) return checkFusion(c, out);
    const auto& p = c.pruning;
    const bool prunable = hasPrunableWeights(c.adapter.options);
    if (p.largeSparse > 1 && !p.enabled)
        out.push_back({"pruning.large_sparse",
                       "pruning.large_sparse: Large-Sparse needs a pruning method (pruning.method is 'none')"});
    if (p.largeSparse > 1 && !prunable)
        out.push_back({"pruning.large_sparse", "pruning.large_sparse: Large-Sparse needs prunable adapter weights; "
                                               "adapter '" +
                                                   c.adapter.preset + "' has none (a prefix is never pruned)"});
    if (!p.enabled) return;
    if (!prunable)
        out.push_back({"pruning.method", "pruning.method '" + std::string(pruneMethodName(p.options.method)) +
                                             "': adapter '" + c.adapter.preset +
                                             "' has no prunable weights (a prefix is never pruned); use \"none\""});
    // Without max_steps the epochs are known, and so is whether every
    // pruning round (one per epoch from start_epoch on) happens.
    const int epochs = c.optimization.epochs;
    if (c.optimization.maxSteps > 0) return;
    if (p.options.startEpoch >= epochs)
        out.push_back({"pruning.start_epoch", "pruning.start_epoch " + std::to_string(p.options.startEpoch) +
                                                  " is not before the end of training (optimization.epochs " +
                                                  std::to_string(epochs) + "): the adapters would stay dense"});
    else if (p.options.startEpoch + p.options.iterations > epochs)
        out.push_back({"pruning.iterations", "pruning.iterations " + std::to_string(p.options.iterations) +
                                                 " from epoch " + std::to_string(p.options.startEpoch) +
                                                 " do not fit in " + std::to_string(epochs) +
                                                 " epochs: the last rounds, and the target sparsity, never happen"});
}

} // namespace

std::vector<ConfigProblem> checkExperimentConfig(const ExperimentConfig& config, const ModelConfig* model) {
    std::vector<ConfigProblem> out;
    if (!isBuiltinDemoModel(config.model)) {
        if (!fs::is_directory(config.model))
            out.push_back({"model", "model '" + config.model + "': no such checkpoint directory"});
        else if (!fs::is_regular_file(fs::path(config.model) / "config.json"))
            out.push_back(
                {"model", "model '" + config.model + "': no config.json (not a HuggingFace checkpoint directory)"});
    }
    checkTaskData(config, out);
    if (model) checkModel(config, *model, out);
    checkPruning(config, out);
    if (fs::exists(config.outputDir) && !fs::is_directory(config.outputDir))
        out.push_back({"output_dir", "output_dir '" + config.outputDir + "' is a file, not a folder"});
    return out;
}

} // namespace sa
