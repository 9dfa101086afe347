#include "experiment/train_bench.h"

#include "adapters/attach.h"
#include "error.h"
#include "io/safetensors.h"
#include "model/blas_choice.h"
#include "model/geometry.h"
#include "model/op_profile.h"
#include "model/stopwatch.h"
#include "model/threads.h"
#include "sparsity/pruner.h"
#include "tasks/classification/classification_task.h"
#include "text/tokenizer.h"
#include "train/trainer.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>

namespace sa {

// The reference setup: adapters (head frozen), SNIP on one batch, no dropout.
LanguageModel benchModel(const std::string& geometry, const std::string& adapter, int bottleneck, int64_t numLabels) {
    auto config = geometryConfig(geometry);
    config.disableDropout();
    if (numLabels > 0) config.numLabels = numLabels;
    torch::manual_seed(0);
    auto model = createModel(config, defaultTaskHead(config));
    const auto options = AdapterOptions::preset(adapter, bottleneck).asReference();
    attachAdapters(*model, options);
    freezeForAdapterTraining(*model, options);
    return model;
}

namespace {

// One step's wall and CPU clocks around an OpProfiler, summarised as JSON.
struct StepProfile {
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    double cpuStart = processCpuSeconds();
    nlohmann::json json;

    void finish(const OpProfiler& profiler) {
        const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const double cpu = processCpuSeconds() - cpuStart;
        const auto ops = profiler.ops();
        nlohmann::json phases = nlohmann::json::object(), top = nlohmann::json::array();
        for (const auto& op : ops) {
            if (op.name.rfind("sa::", 0) == 0) phases[op.name.substr(4)] = op.totalMs;
            if (top.size() < 12) top.push_back({{"op", op.name}, {"self_ms", op.selfMs}, {"calls", op.calls}});
        }
        json = {{"step_ms", wall * 1000.0},
                {"cpu_s", cpu},
                {"cpu_busy", cpu / wall},
                {"phases_ms", phases},
                {"categories_ms", categoryTotals(ops)},
                {"top_ops", top}};
    }
};

PruneOptions snip(double sparsity) {
    PruneOptions p;
    p.method = PruneMethod::Snip;
    p.sparsity = sparsity;
    return p;
}

} // namespace

void saveBenchWeights(const std::string& path, LanguageModelImpl& model, const std::vector<Batch>& train,
                      const std::vector<Batch>& scoring) {
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& p : model.named_parameters())
        tensors.emplace_back(p.key(), p.value());
    auto add = [&](const std::string& part, const std::vector<Batch>& batches) {
        for (std::size_t i = 0; i < batches.size(); ++i) {
            const auto prefix = part + "." + std::to_string(i) + ".";
            tensors.emplace_back(prefix + "input_ids", batches[i].input_ids);
            if (batches[i].attention_mask.defined())
                tensors.emplace_back(prefix + "attention_mask", batches[i].attention_mask);
            tensors.emplace_back(prefix + "labels", batches[i].labels);
        }
    };
    add("train", train);
    add("scoring", scoring);
    writeSafetensors(path, tensors, {{"producer", "sparseadapter bench"}});
}

std::string runTrainBench(const TrainBenchOptions& o, const std::function<void(int, int)>& progress) {
    o.check("bench train");
    const auto setup = configureThreads(o.torchThreads, o.blasThreads);
    auto model = benchModel(o.geometry, o.adapter, o.bottleneck);
    const auto& config = model->config();
    if (o.seq > config.maxPositions - config.positionOffset())
        throw Error("bench train: seq " + std::to_string(o.seq) + " exceeds the geometry's positions");
    const auto batch = randomBatch(config, model->head(), o.batch, o.seq);
    if (!o.saveWeights.empty()) saveBenchWeights(o.saveWeights, *model, {batch}, {batch});
    const int total = 2 * (o.warmup + o.repeats) + (o.profile ? 1 : 0);
    int done = 0;
    auto tick = [&] {
        if (progress) progress(++done, total);
    };

    TrainerOptions t;
    const int timedSteps = o.warmup + o.repeats;
    t.maxSteps = timedSteps + (o.profile ? 1 : 0);
    t.pruning = snip(o.sparsity);
    FixedBatches data(std::vector<Batch>(static_cast<std::size_t>(t.maxSteps), batch));
    StepTimes times;
    std::optional<OpProfiler> profiler;
    std::optional<StepProfile> profile;
    times.tick = [&] {
        tick();
        const auto steps = static_cast<int>(times.steps.size());
        if (o.profile && steps == timedSteps) profiler.emplace(), profile.emplace();
        if (profile && steps == timedSteps + 1) profile->finish(*profiler), profiler.reset();
    };
    Trainer trainer(model, data, t, &times);
    trainer.run();
    const std::vector<double> timed(times.steps.begin() + o.warmup, times.steps.begin() + timedSteps);

    model->eval();
    const auto eval = timedRuns(
        o.warmup, o.repeats,
        [&] {
            torch::NoGradGuard noGrad;
            model->forward(batch);
        },
        tick);
    const double tokens = static_cast<double>(o.batch) * o.seq;
    const double step = median(timed), forward = median(eval);
    nlohmann::json j = {{"geometry", o.geometry},
                        {"adapter", o.adapter},
                        {"bottleneck", o.bottleneck},
                        {"pruning", "snip"},
                        {"sparsity", o.sparsity},
                        {"batch", o.batch},
                        {"seq", o.seq},
                        {"train_step_s_median", step},
                        {"tokens_per_s_train", tokens / step},
                        {"eval_s_median", forward},
                        {"eval_tokens_per_s", tokens / forward},
                        {"peak_rss_mb", peakRssMb()},
                        {"threads", setup.torchThreads},
                        {"blas_threads", setup.blasThreads},
                        {"blas", setup.blas},
                        {"blas_choice", blasChoiceText()}};
    if (profile) j["profile"] = profile->json;
    return j.dump();
}

std::string runEpochBench(const EpochBenchOptions& o, const std::function<void(int, int)>& progress) {
    if (o.dataDir.empty()) throw Error("bench epoch: --data DIR (the task's glue_data folder) is required");
    if (o.tokenizerDir.empty())
        throw Error("bench epoch: --tokenizer DIR (a checkpoint folder with the geometry's vocabulary) is required");
    if (o.padding != "max" && o.padding != "longest" && o.padding != "both")
        throw Error("bench epoch: --padding is 'max', 'longest' or 'both', got '" + o.padding + "'");
    if (!o.saveWeights.empty() && o.padding == "both")
        throw Error("bench epoch: --save-weights hands one epoch to the reference: choose --padding max or longest");
    const auto setup = configureThreads();
    const auto task = glueTaskByName(o.task);
    const auto examples = readGlueTsv(o.dataDir + "/train.tsv", task);
    const auto tokenizer = loadTokenizer(o.tokenizerDir);
    if (tokenizer->vocabSize() > geometryConfig(o.geometry).vocabSize)
        throw Error("bench epoch: the tokenizer in " + o.tokenizerDir + " has " +
                    std::to_string(tokenizer->vocabSize()) + " tokens, more than " + o.geometry + "'s vocabulary");

    std::vector<Padding> modes;
    if (o.padding != "longest") modes.push_back(Padding::Max);
    if (o.padding != "max") modes.push_back(Padding::Longest);
    nlohmann::json j = {{"geometry", o.geometry},       {"task", glueTaskName(task)},
                        {"examples", examples.size()},  {"batch", o.batch},
                        {"max_length", o.maxLength},    {"group_by_length", o.groupByLength},
                        {"threads", setup.torchThreads}};
    std::map<Padding, double> wall;
    int done = 0;
    for (const auto padding : modes) {
        BatchingOptions b;
        b.batchSize = o.batch;
        b.maxLength = o.maxLength;
        b.padding = padding;
        b.groupByLength = o.groupByLength && padding == Padding::Longest;
        ClassificationTask data(*tokenizer, task, examples, {}, b);
        auto model = benchModel(o.geometry, o.adapter, o.bottleneck, glueNumLabels(task));
        TrainerOptions t;
        t.epochs = 1;
        t.maxSteps = o.maxSteps > 0 ? std::min(o.maxSteps, data.trainBatchesPerEpoch()) : 0;
        t.pruning = snip(o.sparsity);
        StepTimes times;
        const int64_t steps = t.maxSteps > 0 ? t.maxSteps : data.trainBatchesPerEpoch();
        const int total = static_cast<int>(steps * static_cast<int64_t>(modes.size()));
        times.tick = [&] {
            if (progress) progress(++done, total);
        };
        if (!o.saveWeights.empty()) {
            // The batches the trainer takes: scoring for pruning at epoch 0,
            // then the epoch's order (task.h: deterministic in both).
            std::vector<Batch> train;
            for (int64_t i = 0; i < steps; ++i)
                train.push_back(data.trainBatch(0, i));
            saveBenchWeights(o.saveWeights, *model, train,
                             data.scoringBatches(t.scoringBatches, scoringSeed(*t.pruning, 0)));
        }
        Trainer trainer(model, data, t, &times);
        const double s = seconds([&] { trainer.run(); });
        wall[padding] = s;
        j[padding == Padding::Max ? "max" : "longest"] = {
            {"wall_s", s},
            {"steps", times.steps.size()},
            {"train_s", times.last},
            {"positions", times.positions},
            {"positions_per_s_train", static_cast<double>(times.positions) / times.last},
            {"epoch_positions", data.epochPositions()},
            {"epoch_tokens", data.trainTokens()},
            {"mean_loss", times.lossSum / static_cast<double>(std::max<std::size_t>(1, times.steps.size()))}};
    }
    if (wall.size() == 2) j["speedup_longest_vs_max"] = wall[Padding::Max] / wall[Padding::Longest];
    j["peak_rss_mb"] = peakRssMb();
    j["blas_choice"] = blasChoiceText();
    return j.dump();
}

} // namespace sa
