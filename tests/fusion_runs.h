// Two-stage AdapterFusion runs for test_fusion: stage-1 source runs on the
// built-in model and stage-2 configs over them, short and without dropout.
#pragma once

#include "adapters/fusion_attach.h"
#include "experiment/demo_configs.h"
#include "experiment/experiment.h"
#include "experiment/run_model.h"

#include <QString>

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace {

// Stage 1 on the built-in model: a short run, no dropout (deterministic).
std::string trainSource(const QString& dir, const std::string& name, const std::string& preset, int64_t bottleneck,
                        bool prune, uint64_t seed) {
    auto c = sa::builtinDemoConfig();
    c.name = name;
    c.outputDir = dir.toStdString();
    c.adapter.preset = preset;
    c.adapter.bottleneck = bottleneck;
    c.adapter.options = sa::AdapterOptions::preset(preset, bottleneck);
    c.pruning.enabled = prune;
    c.optimization.maxSteps = 3;
    c.optimization.seed = seed;
    c.optimization.dropout = false;
    c.task.maxTrainExamples = 48;
    c.task.maxEvalExamples = 24;
    auto run = sa::Experiment::create(c);
    run->run();
    return run->runDirectory();
}

// Stage 2 over `sources`, written as a user would (--set).
sa::ExperimentConfig fusionConfig(const QString& dir, const std::vector<std::string>& sources) {
    auto c = sa::builtinDemoConfig();
    c.name = "fusion";
    c.outputDir = dir.toStdString();
    c.pruning.enabled = false;
    c.optimization.maxSteps = 3;
    c.optimization.dropout = false;
    c.task.maxTrainExamples = 48;
    c.task.maxEvalExamples = 24;
    c.applyOverride("adapter.preset=fusion");
    c.applyOverride("adapter.fusion.sources=" + nlohmann::json(sources).dump());
    return c;
}

std::map<std::string, torch::Tensor> tensorsContaining(sa::LanguageModelImpl& model, const std::string& part) {
    std::map<std::string, torch::Tensor> out;
    for (const auto& p : model.named_parameters(true))
        if (p.key().find(part) != std::string::npos) out[p.key()] = p.value().detach().clone();
    for (const auto& b : model.named_buffers(true))
        if (b.key().find(part) != std::string::npos) out[b.key()] = b.value().detach().clone();
    return out;
}

// One eval-mode forward of `batch` with every fusion layer tallying.
void startFusionTallyAndEvaluate(sa::LanguageModelImpl& model, const sa::Batch& batch) {
    sa::startFusionTally(model);
    torch::NoGradGuard noGrad;
    model.eval();
    model.forward(batch);
}

} // namespace
