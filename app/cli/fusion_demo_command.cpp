// `sparseadapter run --demo fusion`: the AdapterFusion demo's five runs in
// order (experiment/fusion_demo.h), each with the usual progress display,
// then the fusion's dev accuracy against each single-source baseline as a
// line for a reader and a JSON line for a script.
#include "cli_commands.h"

#include "error.h"
#include "experiment/experiment.h"
#include "experiment/fusion_demo.h"
#include "model/threads.h"

#include <chrono>
#include <iostream>

namespace sa::cli {

namespace {

const char* roleText(FusionDemoStage::Role role) {
    switch (role) {
    case FusionDemoStage::Role::Fusion:
        return "stage 2, fusion of both sources";
    case FusionDemoStage::Role::SingleSource:
        return "stage 2, single-source baseline";
    case FusionDemoStage::Role::Source:
        break;
    }
    return "stage 1, source adapter";
}

} // namespace

int runFusionDemo(const std::vector<std::string>& overrides) {
    const auto plan = fusionDemoPlan(overrides);
    // One thread: the built-in model (hidden size 64) gains nothing from a
    // second, and on a busy 2-core machine two spinning threads made the demo
    // 3-4x slower (66 s against 18 s, same load). It also gives the same
    // numbers on every machine (sums in one order).
    configureThreads(1);
    std::cout << "AdapterFusion demo: " << plan.stages.size() << " runs under " << plan.folder << std::endl;
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < plan.stages.size(); ++i) {
        const auto& stage = plan.stages[i];
        std::cout << "[" << i + 1 << "/" << plan.stages.size() << "] " << roleText(stage.role) << ": "
                  << stage.config.name << " (" << stage.config.task.name << ")" << std::endl;
        auto experiment = Experiment::create(stage.config);
        for (const auto& note : experiment->notes())
            std::cerr << "note: " << note << '\n';
        const int code = trainToEnd(*experiment);
        if (code != 0) {
            std::cout << "the demo stopped at " << stage.config.name << "; its earlier runs are kept in " << plan.folder
                      << std::endl;
            return code;
        }
    }
    const auto result =
        fusionDemoResult(plan, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    std::cout << fusionDemoComparison(result) << '\n' << fusionDemoJson(result) << std::endl;
    return 0;
}

} // namespace sa::cli
