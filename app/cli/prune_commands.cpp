// sparseadapter prune / bench prune.
#include "cli_commands.h"
#include "cli_options.h"

#include "adapters/attach.h"
#include "experiment/run_model.h"
#include "model/batch_file.h"
#include "model/pretrained.h"
#include "sparsity/density.h"
#include "sparsity/mask_statistics.h"
#include "sparsity/prune_bench.h"
#include "sparsity/pruner.h"
#include "train/mask_event.h"

#include <iostream>

namespace sa::cli {

int prune(const Args& args) {
    Options o(args,
              {"--adapter", "--bottleneck", "--method", "--sparsity", "--scope", "--iterations", "--schedule", "--seed",
               "--ties", "--data", "--adapter-weights", "--out"},
              1);
    if (o.positional().empty() || o.text("--out", "").empty() || o.text("--adapter", "").empty())
        throw Error("usage: sparseadapter prune DIR --adapter NAME --bottleneck N --method M --sparsity S "
                    "[--data batch.safetensors] --out masks.safetensors");
    const auto adapter = AdapterOptions::preset(o.text("--adapter", ""), o.integer("--bottleneck", 64));
    PruneOptions p;
    p.method = pruneMethodByName(o.text("--method", "snip"));
    p.sparsity = o.number("--sparsity").value_or(0.4);
    checkDensity(densityFromSparsity(p.sparsity), "--sparsity");
    p.scope = maskScopeByName(o.text("--scope", "global"));
    p.iterations = o.integer("--iterations", 1);
    p.schedule = pruneScheduleByName(o.text("--schedule", "exponential"));
    p.seed = static_cast<uint64_t>(o.integer("--seed", 0));
    const auto ties = o.text("--ties", "reference");
    if (ties != "reference" && ties != "random") throw Error("--ties must be reference or random, got '" + ties + "'");
    p.breakTies = ties == "random";

    // A run's load → attach → freeze, the adapters drawn from --seed.
    auto model = loadAdaptedModel(o.positional()[0], {}, adapter, p.seed);
    if (const auto weights = o.text("--adapter-weights", ""); !weights.empty()) loadAdapterTensors(*model, weights);
    std::vector<Batch> batches;
    if (const auto data = o.text("--data", ""); !data.empty()) batches.push_back(readBatch(data));

    std::cerr << "pruning with " << pruneMethodName(p.method) << " to sparsity " << p.sparsity << " ("
              << maskScopeName(p.scope) << ", " << p.iterations << " iteration(s))\n";
    std::vector<torch::Tensor> scores;
    sa::prune(*model, p, batches, &scores);
    saveAdapterTensors(*model, o.text("--out", ""), AdapterTensors::Masks);
    // The same account of the last round as a training run gives.
    auto event = maskEvent(*model);
    std::vector<torch::Tensor> masks;
    for (const auto& m : maskedWeights(*model))
        masks.push_back(m.mask);
    event.scores = scoreSummary(scores, masks, p.method, p.scope);
    event.density = densityFromSparsity(p.sparsity);
    std::fprintf(stderr, "kept %lld of %lld adapter weights: density %.4f (target %.4f)\n",
                 static_cast<long long>(event.kept), static_cast<long long>(event.total), event.achievedDensity(),
                 event.density);
    for (const auto& warning : maskWarnings(event, p.breakTies))
        std::cerr << "warning: " << warning << '\n';
    std::cout << formatMaskStatistics(maskStatistics(*model)) << "masks written to " << o.text("--out", "") << '\n';
    return 0;
}

int benchPrune(const Args& args) {
    Options o(args, {"--geometry", "--adapter", "--bottleneck", "--batch", "--seq", "--methods", "--repeats"}, 0);
    PruneBenchOptions b;
    b.geometry = o.text("--geometry", b.geometry);
    b.adapter = o.text("--adapter", b.adapter);
    b.bottleneck = o.integer("--bottleneck", b.bottleneck);
    b.batch = o.integer("--batch", b.batch);
    b.seq = o.integer("--seq", b.seq);
    b.repeats = o.integer("--repeats", b.repeats);
    if (const auto methods = o.text("--methods", ""); !methods.empty()) {
        b.methods.clear();
        std::size_t start = 0;
        while (start <= methods.size()) {
            const auto comma = methods.find(',', start);
            b.methods.push_back(methods.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
    }
    for (const auto& line : runPruneBench(b, progressBar))
        std::cout << line << '\n';
    return 0;
}

} // namespace sa::cli
