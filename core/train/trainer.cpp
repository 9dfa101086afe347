#include "train/trainer.h"

#include "model/global_rng.h"

#include "adapters/attach.h"
#include "error.h"
#include "io/safetensors.h"
#include "sparsity/density.h"
#include "train/eval_json.h"
#include "train/grad_clip.h"
#include "train/mask_event.h"
#include "train/seeding.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>

namespace sa {

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// A generator seed that differs per step and per run seed (splitmix64).
uint64_t stepSeed(uint64_t seed, int64_t step) {
    return splitmix64Finalize(seed + kGoldenGamma * static_cast<uint64_t>(step + 1)) & 0x7FFFFFFFFFFFFFFFULL;
}

// Moves the model before the optimizer takes its parameters, so the Adam
// moments are created on the same device.
LanguageModelImpl& onDevice(LanguageModelImpl& model, torch::Device device) {
    model.to(device);
    return model;
}

} // namespace

Trainer::Trainer(LanguageModel model, const Task& task, TrainerOptions options, TrainingObserver* observer,
                 RunControl* control)
    : model_(std::move(model)), task_(task), options_(std::move(options)), observer_(observer ? observer : &silent_),
      control_(control),
      optimizer_(trainableParameters(onDevice(*model_, options_.device)), {0.9, 0.999, 1e-8, options_.weightDecay}) {
    for (const auto& p : optimizer_.parameters())
        trainable_.push_back(p.value);
    // The trainer needs logits and loss only (measured: ~7 % of a
    // roberta-base step saved by computing the last layer for [CLS] alone).
    model_->setLogitsOnly(true);
    if (trainable_.empty()) throw Error("training: the model has no trainable parameters (attach adapters first)");
    stepsPerEpoch_ = task_.trainBatchesPerEpoch();
    epochRows_ = task_.sizes().trainRows;
    if (stepsPerEpoch_ < 1) throw Error("training: the training set yields no batch");
    if (options_.maxSteps > 0) {
        totalSteps_ = options_.maxSteps;
        epochs_ = static_cast<int>((totalSteps_ + stepsPerEpoch_ - 1) / stepsPerEpoch_);
    } else {
        if (options_.epochs < 1) throw Error("training: epochs must be at least 1");
        epochs_ = options_.epochs;
        totalSteps_ = stepsPerEpoch_ * epochs_;
    }
    schedule_.baseRate = options_.learningRate;
    schedule_.totalSteps = totalSteps_;
    schedule_.warmupSteps =
        options_.warmupSteps >= 0 ? options_.warmupSteps : warmupStepsForRatio(totalSteps_, options_.warmupRatio);
}

bool Trainer::stopRequested() {
    if (!control_) return false;
    control_->waitWhilePaused();
    return control_->stopRequested();
}

void Trainer::pruneForEpoch(int epoch) {
    if (!options_.pruning) return;
    const auto density = densityForEpoch(*options_.pruning, epoch);
    if (!density) return;
    const auto start = Clock::now();
    auto round = *options_.pruning;
    round.iterations = 1;
    round.sparsity = sparsityFromDensity(*density);
    round.seed = options_.pruning->seed + static_cast<uint64_t>(epoch);
    observer_->onStatus("pruning (" + std::string(pruneMethodName(round.method)) + ", density " +
                        std::to_string(*density) + ")");
    std::vector<Batch> batches;
    for (const auto& b : task_.scoringBatches(options_.scoringBatches, round.seed))
        batches.push_back(b.to(options_.device));
    std::vector<torch::Tensor> scores;
    prune(*model_, round, batches, &scores);
    auto event = maskEvent(*model_);
    std::vector<torch::Tensor> masks;
    for (const auto& m : maskedWeights(*model_))
        masks.push_back(m.mask);
    event.scores = scoreSummary(scores, masks, round.method, round.scope);
    event.epoch = epoch;
    event.iteration = epoch - options_.pruning->startEpoch;
    event.iterations = options_.pruning->iterations;
    event.density = *density;
    event.seconds = since(start);
    if (!options_.masksPath.empty()) saveAdapterTensors(*model_, options_.masksPath, AdapterTensors::Masks);
    observer_->onMasks(event);
}

void Trainer::trainStep(int epoch, int64_t index) {
    const auto start = Clock::now();
    const auto batch = task_.trainBatch(epoch, index).to(options_.device);
    auto rng = lockGlobalRng(); // dropout draws from the seed below only
    torch::manual_seed(stepSeed(options_.seed, step_));
    model_->train();
    const auto out = model_->forward(batch);
    if (!out.loss.defined()) throw Error("training: the batch has no labels (or answer positions)");
    out.loss.backward();
    rng.unlock();
    if (options_.afterBackward) options_.afterBackward(step_);
    const auto clip = clipGradientNorm(trainable_, options_.maxGradNorm);
    const double lr = schedule_.rate(step_);
    optimizer_.step(lr);
    optimizer_.zeroGrad();
    ++step_;

    StepEvent e;
    e.step = step_;
    e.totalSteps = totalSteps_;
    e.epoch = epoch;
    e.epochs = epochs_;
    e.stepInEpoch = index + 1;
    e.stepsPerEpoch = stepsPerEpoch_;
    e.loss = out.loss.item<double>();
    e.learningRate = lr;
    e.gradNorm = clip.norm;
    e.clipCoefficient = clip.coefficient;
    e.tokens = batch.input_ids.numel();
    e.rows = batch.input_ids.size(0);
    e.epochRows = epochRows_;
    e.rowUnit = task_.rowUnit();
    seconds_ += since(start);
    tokens_ += e.tokens;
    e.seconds = seconds_;
    e.tokensPerSecond = seconds_ > 0 ? static_cast<double>(tokens_) / seconds_ : 0.0;
    if (!std::isfinite(e.loss))
        throw Error("training diverged: loss is " + std::to_string(e.loss) + " at step " + std::to_string(step_) +
                    " (lower the learning rate?)");
    observer_->onStep(e);
}

EvalEvent Trainer::evaluate(bool* complete) {
    EvalEvent e;
    e.step = step_;
    const auto start = Clock::now();
    const bool wasTraining = model_->is_training();
    model_->eval();
    EvalContext context;
    context.device = options_.device;
    const std::string unit = task_.rowUnit();
    // Generation asks after every decoding step (so Stop is quick) with the
    // same count: observers hear of each count once.
    int64_t reported = -1;
    context.progress = [&](int64_t done, int64_t total) {
        if (done != reported) observer_->onProgress({"evaluating", done, total, unit});
        reported = done;
        return !stopRequested();
    };
    TaskEvaluation result;
    {
        torch::NoGradGuard noGrad;
        result = task_.evaluate(*model_, context);
    }
    model_->train(wasTraining);
    if (complete) *complete = result.complete;
    if (!result.complete || result.examples == 0) return e;
    e.loss = result.loss;
    e.examples = result.examples;
    e.metrics = result.metrics.values;
    e.mainMetric = result.metrics.mainName;
    for (const auto& [name, value] : e.metrics)
        if (name == e.mainMetric) e.mainValue = value;
    e.samples = std::move(result.samples);
    e.artifacts = std::move(result.artifacts);
    e.seconds = since(start);
    e.tokensPerSecond = e.seconds > 0 ? static_cast<double>(result.positions) / e.seconds : 0.0;
    return e;
}

bool Trainer::evaluateAndSelect(int epoch) {
    if (!task_.hasEvaluation() || (hasLast_ && last_.step == step_)) return true;
    observer_->onStatus("evaluating");
    bool complete = true;
    auto e = evaluate(&complete);
    if (!complete) {
        pendingEvalEpoch_ = epoch;
        return false;
    }
    pendingEvalEpoch_ = -1;
    e.epoch = epoch;
    // NaN (e.g. a correlation of constant predictions) never counts as best.
    e.best = std::isfinite(e.mainValue) && (!hasBest_ || e.mainValue > best_.mainValue);
    if (e.best) {
        best_ = e;
        hasBest_ = true;
        if (!options_.bestWeightsPath.empty())
            saveAdapterTensors(*model_, options_.bestWeightsPath, AdapterTensors::Trained, options_.saveHead);
    }
    last_ = e;
    hasLast_ = true;
    observer_->onEval(e);
    // Only the metrics are kept beyond the event: predictions can be large.
    for (auto* kept : {&best_, &last_}) {
        kept->samples.clear();
        kept->artifacts.clear();
    }
    return true;
}

void Trainer::saveCheckpoint() {
    if (options_.checkpointPath.empty()) return;
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& p : optimizer_.parameters())
        tensors.emplace_back("param." + toOfficialName(p.name), p.value);
    for (const auto& m : maskedWeights(*model_))
        tensors.emplace_back("mask." + toOfficialName(m.maskName), m.mask);
    for (const auto& [name, t] : optimizer_.state())
        tensors.emplace_back("optimizer." + name, t);
    nlohmann::json state = {{"step", step_},
                            {"pruned_epochs", prunedEpochs_},
                            {"total_steps", totalSteps_},
                            {"steps_per_epoch", stepsPerEpoch_},
                            {"train_seconds", seconds_},
                            {"run_seconds", earlierRunSeconds_ + since(runStart_)},
                            {"tokens", tokens_}};
    if (pendingEvalEpoch_ >= 0) state["pending_eval_epoch"] = pendingEvalEpoch_;
    if (hasBest_) state["best"] = evalEventToJson(best_);
    if (hasLast_) state["last"] = evalEventToJson(last_);
    // Records first, checkpoint second: a crash in between leaves records
    // beyond the older checkpoint, which a resume drops, never a checkpoint
    // whose records are missing.
    observer_->onCheckpoint(step_);
    writeSafetensors(options_.checkpointPath, tensors, {{"format", "pt"}, {"trainer_state", state.dump()}});
}

void Trainer::resumeFrom(const std::string& path) {
    const auto file = SafetensorsFile::open(path);
    const auto it = file.metadata().find("trainer_state");
    if (it == file.metadata().end()) throw fileError(path, "not a training checkpoint (no trainer_state)");
    nlohmann::json state;
    try {
        state = nlohmann::json::parse(it->second);
        if (state.at("steps_per_epoch").get<int64_t>() != stepsPerEpoch_ ||
            state.at("total_steps").get<int64_t>() != totalSteps_)
            throw fileError(path, "written by a run with " +
                                      std::to_string(state.at("steps_per_epoch").get<int64_t>()) +
                                      " steps per epoch and " + std::to_string(state.at("total_steps").get<int64_t>()) +
                                      " steps in all; this one has " + std::to_string(stepsPerEpoch_) + " and " +
                                      std::to_string(totalSteps_) + " (data or batch size changed?)");
        step_ = state.at("step").get<int64_t>();
        prunedEpochs_ = state.at("pruned_epochs").get<int>();
        // The clock continues where the checkpoint left it (checkpoints
        // written before it was kept start again from zero).
        seconds_ = state.value("train_seconds", 0.0);
        earlierRunSeconds_ = state.value("run_seconds", 0.0);
        tokens_ = state.value("tokens", int64_t{0});
        pendingEvalEpoch_ = state.value("pending_eval_epoch", -1);
        hasBest_ = state.contains("best");
        if (hasBest_) best_ = evalEventFromJson(state.at("best"));
        hasLast_ = state.contains("last");
        if (hasLast_) last_ = evalEventFromJson(state.at("last"));
    } catch (const nlohmann::json::exception& e) {
        throw fileError(path, std::string("trainer_state: ") + e.what());
    }
    torch::NoGradGuard noGrad;
    auto take = [&](const std::string& name, torch::Tensor& target) {
        if (!file.contains(name)) throw fileError(path, "missing tensor '" + name + "'");
        const auto source = file.tensor(name);
        if (source.sizes() != target.sizes())
            throw fileError(path, "tensor '" + name + "' has shape " + c10::str(source.sizes()) + ", the model's is " +
                                      c10::str(target.sizes()));
        target.copy_(source);
    };
    for (auto p : optimizer_.parameters())
        take("param." + toOfficialName(p.name), p.value);
    for (auto& m : maskedWeights(*model_))
        take("mask." + toOfficialName(m.maskName), m.mask);
    std::map<std::string, torch::Tensor> optimizerState;
    for (const auto& e : file.entries())
        if (e.name.rfind("optimizer.", 0) == 0) optimizerState[e.name.substr(10)] = file.tensor(e.name).clone();
    try {
        optimizer_.restore(optimizerState);
    } catch (const Error& e) {
        throw fileError(path, e.what());
    }
}

FinishedEvent Trainer::run() {
    runStart_ = Clock::now();
    model_->zero_grad();
    FinishedEvent finished;
    // An evaluation a stop cut short comes first: its step is done.
    bool stopped = false;
    if (pendingEvalEpoch_ >= 0) {
        stopped = !evaluateAndSelect(pendingEvalEpoch_);
        saveCheckpoint();
    }
    for (int epoch = static_cast<int>(step_ / stepsPerEpoch_); epoch < epochs_ && !stopped; ++epoch) {
        if (prunedEpochs_ <= epoch) {
            pruneForEpoch(epoch);
            prunedEpochs_ = epoch + 1;
        }
        observer_->onStatus("training, epoch " + std::to_string(epoch + 1) + " of " + std::to_string(epochs_));
        for (int64_t index = step_ - static_cast<int64_t>(epoch) * stepsPerEpoch_;
             index < stepsPerEpoch_ && step_ < totalSteps_; ++index) {
            if (stopRequested()) {
                stopped = true;
                break;
            }
            trainStep(epoch, index);
            if (options_.evalEverySteps > 0 && step_ % options_.evalEverySteps == 0 && !evaluateAndSelect(epoch)) {
                stopped = true;
                break;
            }
            if (options_.checkpointEverySteps > 0 && step_ % options_.checkpointEverySteps == 0 &&
                step_ % stepsPerEpoch_ != 0)
                saveCheckpoint();
        }
        if (!stopped && !evaluateAndSelect(epoch)) stopped = true;
        saveCheckpoint();
    }
    finished.stopped = stopped;
    finished.steps = step_;
    finished.seconds = earlierRunSeconds_ + since(runStart_);
    finished.hasEval = hasLast_;
    finished.best = best_;
    finished.last = last_;
    observer_->onFinished(finished);
    return finished;
}

} // namespace sa
