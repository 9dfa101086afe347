#include "experiment/experiment_budget.h"

#include "error.h"
#include "experiment/fusion_sources.h"
#include "model/demo_bart.h"
#include "model/demo_checkpoint.h"
#include "sparsity/density.h"
#include "sparsity/large_sparse_plan.h"

#include <filesystem>

namespace sa {

namespace {

struct Widened {
    AdapterOptions adapter;
    double sparsity = 0.0;
};

// Paper section 4: k× the width at the density that keeps the base's count.
Widened widen(const ModelConfig& model, const AdapterOptions& base, int k) {
    const auto plan = planLargeSparse(model, base, k);
    return {widenedBy(base, k), plan.rows.at(static_cast<std::size_t>(k - 1)).sparsity};
}

// A fusion run: the sources' adapters (frozen, at their own sparsity) and
// the fusion layers (pruned only with adapter.fusion.prune).
ExperimentBudget resolveFusionBudget(const ExperimentConfig& config, const ModelConfig& model) {
    if (config.pruning.largeSparse > 1)
        throw Error("pruning.large_sparse: a fusion run attaches its sources' adapters as they were trained; "
                    "Large-Sparse belongs to the source runs");
    const auto setup = resolveFusionSources(config);
    std::vector<double> trained, dense(setup.sources.size(), 1.0);
    for (const auto& s : setup.sources)
        trained.push_back(densityFromSparsity(s.sparsity));
    const auto& f = config.adapter.fusion.options;
    auto budget = [&](const std::vector<double>& sources, double sparsity) {
        return computeFusionBudget(model, setup.adapter, sources, f.query, f.key, f.value,
                                   densityFromSparsity(sparsity));
    };
    ExperimentBudget r;
    r.adapter = setup.adapter;
    r.sparsity = config.prunes() ? config.pruning.options.sparsity : 0.0;
    r.budget = budget(trained, r.sparsity);
    // The comparison: everything dense, and the sources as trained with the
    // fusion layers pruned at pruning.sparsity.
    r.dense = budget(dense, 0.0);
    r.sparse = budget(trained, config.pruning.options.sparsity);
    return r;
}

} // namespace

ExperimentBudget resolveExperimentBudget(const ExperimentConfig& config, const ModelConfig& model) {
    if (config.adapter.isFusion()) return resolveFusionBudget(config, model);
    ExperimentBudget r;
    const AdapterOptions& base = config.adapter.options;
    const int k = config.pruning.largeSparse;
    r.adapter = base;
    r.sparsity = config.pruning.enabled ? config.pruning.options.sparsity : 0.0;
    if (k > 1) {
        if (!config.pruning.enabled)
            throw Error("pruning.large_sparse: Large-Sparse needs a pruning method (pruning.method is 'none')");
        const auto widened = widen(model, base, k);
        r.adapter = widened.adapter;
        r.sparsity = widened.sparsity;
    }
    r.budget = computeBudget(model, r.adapter, densityFromSparsity(r.sparsity));

    r.dense = computeBudget(model, base, 1.0);
    r.sparse = computeBudget(model, base, densityFromSparsity(config.pruning.options.sparsity));
    r.largeSparseK = k > 1 ? k : 2;
    if (k > 1) {
        r.largeSparse = r.budget;
    } else {
        try {
            const auto widened = widen(model, base, r.largeSparseK);
            r.largeSparse = computeBudget(model, widened.adapter, densityFromSparsity(widened.sparsity));
        } catch (const Error&) {
            // Nothing to widen (a prefix alone): no illustration, not an error of this config.
        }
    }
    return r;
}

ModelConfig builtinDemoModelConfig(TaskFamily family) {
    return family == TaskFamily::Summarization ? demoBartConfig() : demoModelConfig();
}

ModelConfig experimentModelConfig(const ExperimentConfig& config) {
    namespace fs = std::filesystem;
    ModelConfig model;
    if (isBuiltinDemoModel(config.model)) {
        model = builtinDemoModelConfig(config.task.spec().family);
    } else {
        // Worded as loadPretrained words them, so the form and a run say the same.
        if (!fs::is_directory(config.model)) throw fileError(config.model, "no such checkpoint directory");
        const auto path = (fs::path(config.model) / "config.json").string();
        if (!fs::exists(path)) throw fileError(config.model, "no config.json (not a HuggingFace checkpoint directory)");
        model = readModelConfig(path);
    }
    return taskModelConfig(model, config.task.spec());
}

} // namespace sa
