#include "model/forward_bench.h"

#include "error.h"
#include "model/geometry.h"
#include "model/language_model.h"
#include "model/stopwatch.h"
#include "model/threads.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <vector>

namespace sa {
namespace {

// Adapter training runs the backward pass through every frozen layer (the
// adapters sit inside them) but computes no backbone weight gradients. Making
// the head and the embedding LayerNorm trainable reproduces that traffic.
void freezeBackboneButPathToEmbeddings(LanguageModelImpl& model) {
    for (auto& p : model.named_parameters(true)) {
        const auto& name = p.key();
        const bool trainable = model.isHeadParameter(name) || name.find("embeddings.LayerNorm.") != std::string::npos ||
                               name.find("encoder.layernorm_embedding.") != std::string::npos;
        p.value().set_requires_grad(trainable);
    }
}

} // namespace

void BenchSetup::check(const std::string& command) const {
    if (batch <= 0 || seq <= 1 || repeats <= 0 || warmup < 0)
        throw Error(command + ": batch, seq (> 1), repeats must be positive and warmup non-negative");
}

std::string runForwardBench(const ForwardBenchOptions& o, const std::function<void(int, int)>& progress) {
    o.check("bench forward");
    const auto setup = configureThreads(o.torchThreads, o.blasThreads);
    const auto config = geometryConfig(o.geometry);
    if (o.seq > config.maxPositions - config.positionOffset())
        throw Error("bench forward: seq " + std::to_string(o.seq) + " exceeds the geometry's " +
                    std::to_string(config.maxPositions - config.positionOffset()) + " positions");
    torch::manual_seed(0);
    auto model = createModel(config, defaultTaskHead(config));
    freezeBackboneButPathToEmbeddings(*model);

    const Batch batch = randomBatch(config, model->head(), o.batch, o.seq);

    const int total = 2 * (o.warmup + o.repeats);
    int done = 0;
    auto tick = [&] {
        if (progress) progress(++done, total);
    };
    model->eval();
    const auto forward = timedRuns(
        o.warmup, o.repeats,
        [&] {
            torch::NoGradGuard noGrad;
            model->forward(batch);
        },
        tick);
    model->train();
    const auto train = timedRuns(
        o.warmup, o.repeats,
        [&] {
            auto out = model->forward(batch);
            out.loss.backward();
            model->zero_grad();
        },
        tick);
    const double tokens = static_cast<double>(o.batch) * o.seq;
    const double f = median(forward), t = median(train);
    nlohmann::json j = {{"geometry", o.geometry},
                        {"batch", o.batch},
                        {"seq", o.seq},
                        {"forward_s_median", f},
                        {"train_step_s_median", t},
                        {"tokens_per_s_forward", tokens / f},
                        {"tokens_per_s_train", tokens / t},
                        {"peak_rss_mb", peakRssMb()},
                        {"threads", setup.torchThreads},
                        {"blas_threads", setup.blasThreads},
                        {"blas", setup.blas},
                        {"repeats", o.repeats},
                        {"parameters", countParameters(*model)}};
    return j.dump();
}

} // namespace sa
