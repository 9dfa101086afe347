#include "experiment/run_recorder.h"

#include "sparsity/mask_statistics.h"
#include "train/eval_json.h"

#include <cstdio>

namespace sa {

namespace {

// Kept fraction per layer ("layer_03"; BART "encoder_layer_03"), zero-padded
// so that TensorBoard's tag order is the layers' order.
nlohmann::json layerDensities(const std::vector<MaskTensor>& masks) {
    std::vector<MaskedTensorStatistics> tensors;
    for (const auto& m : masks) {
        MaskedTensorStatistics t;
        t.maskName = m.name;
        t.site = parseMaskedSite(m.name);
        t.count = {m.kept, m.rows * m.cols};
        tensors.push_back(std::move(t));
    }
    nlohmann::json out = nlohmann::json::object();
    for (const auto& layer : aggregateMaskStatistics(std::move(tensors)).layers) {
        if (layer.layer < 0) continue;
        char name[40];
        std::snprintf(name, sizeof name, "%s%slayer_%02d", layerStackName(layer.stack),
                      layer.stack == LayerStack::None ? "" : "_", layer.layer);
        out[name] = layer.count.density();
    }
    return out;
}

} // namespace

void RunRecorder::write(const nlohmann::json& record) {
    run.appendMetrics(record);
    if (tensorboard) tensorboard->add(record);
}

void RunRecorder::onStatus(const std::string& message) {
    if (next) next->onStatus(message);
}

void RunRecorder::onMasks(const MaskEvent& e) {
    if (masksChanged) masksChanged(e);
    nlohmann::json record = {{"type", "prune"},
                             {"step", lastStep},
                             {"epoch", e.epoch},
                             {"iteration", e.iteration},
                             {"density", e.density}, // the target
                             {"achieved_density", e.achievedDensity()},
                             {"kept", e.kept},
                             {"total", e.total},
                             {"time_s", e.seconds}};
    if (!e.tensors.empty()) record["layer_density"] = layerDensities(e.tensors);
    if (!e.warnings.empty()) record["warnings"] = e.warnings;
    write(record);
    if (next) next->onMasks(e);
}

void RunRecorder::onStep(const StepEvent& e) {
    lastStep = e.step;
    epoch = e.epoch;
    write({{"type", "step"},
           {"step", e.step},
           {"epoch", e.epoch},
           {"loss", e.loss},
           {"lr", e.learningRate},
           {"grad_norm", e.gradNorm},
           {"clip", e.clipCoefficient},
           {"tokens", e.tokens},
           {"tokens_per_s", e.tokensPerSecond},
           {"time_s", e.seconds}});
    if (next) next->onStep(e);
}

void RunRecorder::onProgress(const ProgressEvent& e) {
    if (next) next->onProgress(e);
}

void RunRecorder::onEval(const EvalEvent& e) {
    // The best evaluation's files sit beside adapter.safetensors, which holds
    // the same weights; every evaluation's own go under predictions/.
    for (const auto& artifact : e.artifacts) {
        if (!artifact.content) continue;
        if (e.best) run.writeText(artifact.fileName, *artifact.content);
        if (artifact.keepEveryEvaluation) {
            char step[32];
            std::snprintf(step, sizeof step, "step-%06lld_", static_cast<long long>(e.step));
            run.writeText("predictions/" + std::string(step) + artifact.fileName, *artifact.content);
        }
    }
    auto record = evalEventToJson(e);
    record["type"] = "eval";
    record["best"] = e.best;
    record["time_s"] = e.seconds;
    record["tokens_per_s"] = e.tokensPerSecond;
    write(record);
    if (next) next->onEval(e);
}

void RunRecorder::onCheckpoint(int64_t step) {
    run.flushMetrics();
    if (tensorboard) tensorboard->flush();
    writeSummary("running");
    if (next) next->onCheckpoint(step);
}

void RunRecorder::onFinished(const FinishedEvent& e) {
    if (tensorboard) tensorboard->flush();
    if (next) next->onFinished(e);
}

} // namespace sa
