#include "sparsity/prune_bench.h"

#include "adapters/attach.h"
#include "error.h"
#include "model/geometry.h"
#include "model/stopwatch.h"
#include "sparsity/pruner.h"

#include <nlohmann/json.hpp>

namespace sa {

std::vector<std::string> runPruneBench(const PruneBenchOptions& o, const std::function<void(int, int)>& progress) {
    if (o.batch <= 0 || o.seq <= 1 || o.repeats <= 0)
        throw Error("bench prune: batch, seq (> 1) and repeats must be positive");
    std::vector<PruneMethod> methods;
    for (const auto& name : o.methods)
        methods.push_back(pruneMethodByName(name));
    const auto config = geometryConfig(o.geometry);
    torch::manual_seed(0);
    auto model = createModel(config, defaultTaskHead(config));
    const auto options = AdapterOptions::preset(o.adapter, o.bottleneck);
    attachAdapters(*model, options);
    freezeForAdapterTraining(*model, options);

    const Batch batch = randomBatch(config, model->head(), o.batch, o.seq);
    const std::vector<Batch> batches{batch};

    const int total = static_cast<int>((1 + methods.size()) * o.repeats) + 1;
    int done = 0;
    auto tick = [&] {
        if (progress) progress(++done, total);
    };
    // Warm-up, then the reference point: one adapter training step.
    model->train();
    auto step = [&] {
        model->forward(batch).loss.backward();
        model->zero_grad();
    };
    step();
    tick();
    std::vector<double> train;
    for (int i = 0; i < o.repeats; ++i) {
        train.push_back(seconds(step));
        tick();
    }
    const double trainStep = median(train);
    std::vector<std::string> lines;
    for (auto method : methods) {
        std::vector<double> score;
        for (int i = 0; i < o.repeats; ++i) {
            score.push_back(seconds([&] { scoreWeights(*model, method, batches); }));
            tick();
        }
        const double s = median(score);
        lines.push_back(nlohmann::json{
            {"method", pruneMethodName(method)},
            {"score_s", s},
            {"train_step_s", trainStep},
            {"ratio", s / trainStep},
            {"geometry", o.geometry},
            {"adapter", o.adapter},
            {"bottleneck", o.bottleneck},
            {"batch", o.batch},
            {"seq", o.seq},
            {"peak_rss_mb",
             peakRssMb()}}.dump());
    }
    return lines;
}

} // namespace sa
