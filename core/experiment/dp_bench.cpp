#include "experiment/dp_bench.h"

#include "error.h"
#include "experiment/train_bench.h"
#include "model/stopwatch.h"
#include "model/threads.h"
#include "train/communicator.h"
#include "train/trainer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace sa {

std::string runDataParallelBench(const DataParallelBenchOptions& o, Communicator* ranks) {
    o.check("bench dp");
    const int processes = ranks ? ranks->worldSize() : 1;
    if (o.batch < processes)
        throw Error("bench dp: --batch " + std::to_string(o.batch) + " leaves a process without rows (" +
                    std::to_string(processes) + " processes)");
    auto model = benchModel(o.geometry, o.adapter, o.bottleneck);
    const auto& config = model->config();
    if (o.seq > config.maxPositions - config.positionOffset())
        throw Error("bench dp: seq " + std::to_string(o.seq) + " exceeds the geometry's positions");
    // Seeded: every rank draws the same global batch.
    torch::manual_seed(1);
    const auto batch = randomBatch(config, model->head(), o.batch, o.seq);

    TrainerOptions t;
    t.maxSteps = o.warmup + o.repeats;
    t.pruning = PruneOptions{};
    t.pruning->method = PruneMethod::Snip;
    t.pruning->sparsity = o.sparsity;
    t.ranks = ranks;
    FixedBatches data(std::vector<Batch>(static_cast<std::size_t>(t.maxSteps), batch));
    StepTimes times;
    Trainer trainer(model, data, t, &times);
    trainer.run();
    int64_t gradientValues = 0;
    for (const auto& p : trainer.optimizer().parameters())
        gradientValues += p.value.numel();

    const std::vector<double> timed(times.steps.begin() + o.warmup, times.steps.end());
    const double step = median(timed);
    const auto threads = currentThreads();
    const nlohmann::json j = {{"mode", ranks ? "data_parallel" : "one_process"},
                              {"processes", processes},
                              {"geometry", o.geometry},
                              {"adapter", o.adapter},
                              {"bottleneck", o.bottleneck},
                              {"batch", o.batch},
                              {"rows_per_process", (o.batch + processes - 1) / processes},
                              {"seq", o.seq},
                              {"train_step_s_median", step},
                              {"tokens_per_s_train", static_cast<double>(o.batch) * o.seq / step},
                              {"loss_mean", times.lossSum / static_cast<double>(times.steps.size())},
                              {"gradient_values", gradientValues},
                              {"threads", threads.torchThreads},
                              {"blas_threads", threads.blasThreads},
                              {"peak_rss_mb", peakRssMb()}};
    return j.dump();
}

std::string compareDataParallelBench(const std::vector<std::string>& oneProcessLines,
                                     const std::vector<std::string>& dataParallelLines) {
    std::vector<double> one, dp;
    double lossDifference = 0.0;
    int processes = 0;
    for (std::size_t i = 0; i < oneProcessLines.size() && i < dataParallelLines.size(); ++i) {
        const auto a = nlohmann::json::parse(oneProcessLines[i]), b = nlohmann::json::parse(dataParallelLines[i]);
        one.push_back(a.at("train_step_s_median").get<double>());
        dp.push_back(b.at("train_step_s_median").get<double>());
        lossDifference =
            std::max(lossDifference, std::abs(a.at("loss_mean").get<double>() - b.at("loss_mean").get<double>()));
        processes = b.at("processes").get<int>();
    }
    if (one.empty()) throw Error("bench dp: no rounds to compare");
    const double speedup = median(one) / median(dp);
    const nlohmann::json j = {
        {"mode", "comparison"},
        {"processes", processes},
        {"rounds", one.size()},
        {"one_process_step_s", median(one)},
        {"data_parallel_step_s", median(dp)},
        {"speedup", speedup},
        // The least disturbed round of each: on a
        // shared machine the closest to either's cost.
        {"one_process_step_s_best", *std::min_element(one.begin(), one.end())},
        {"data_parallel_step_s_best", *std::min_element(dp.begin(), dp.end())},
        {"speedup_best", *std::min_element(one.begin(), one.end()) / *std::min_element(dp.begin(), dp.end())},
        {"efficiency", speedup / processes},
        {"loss_mean_difference", lossDifference}};
    return j.dump();
}

} // namespace sa
