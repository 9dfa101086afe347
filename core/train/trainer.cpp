#include "train/trainer.h"

#include "model/global_rng.h"

#include "adapters/attach.h"
#include "adapters/fusion_attach.h"
#include "error.h"
#include "io/safetensors.h"
#include "train/data_parallel.h"
#include "train/grad_clip.h"
#include "train/mask_event.h"
#include "train/seeding.h"
#include "train/training_state.h"

#include <ATen/record_function.h>

#include <chrono>
#include <cmath>
#include <cstdio>

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

bool Trainer::allRanks(bool ok) {
    return options_.ranks ? !options_.ranks->anyRank(!ok) : ok;
}

bool Trainer::evaluates() const {
    return leads(options_.ranks);
}

uint64_t Trainer::dropoutSeed() const {
    // Ranks above 0 draw dropout from streams of their own: one seed for all
    // would give every shard's rows the same dropout masks. Rank 0 keeps the
    // single process's seed.
    const int rank = options_.ranks ? options_.ranks->rank() : 0;
    if (rank == 0) return options_.seed;
    return splitmix64Finalize(options_.seed ^ (kGoldenGamma * static_cast<uint64_t>(rank)));
}

void Trainer::pruneForEpoch(int epoch) {
    if (!options_.pruning) return;
    const auto& options = *options_.pruning;
    const auto density = densityForEpoch(options, epoch);
    if (!density) return;
    const auto start = Clock::now();
    const uint64_t seed = scoringSeed(options, epoch);
    char target[32];
    std::snprintf(target, sizeof target, "%.4f", *density);
    observer_->onStatus("pruning (" + std::string(pruneMethodName(options.method)) + ", target density " + target +
                        ")");
    std::vector<Batch> batches;
    for (const auto& b : task_.scoringBatches(options_.scoringBatches, seed))
        batches.push_back(b.to(options_.device));
    std::vector<torch::Tensor> scores;
    std::optional<ShardedScoring> sharded;
    std::vector<Batch> shards; // this rank's rows of each scoring batch
    if (options_.ranks) sharded = shardedScoring(*options_.ranks, batches, shards);
    pruneToDensity(*model_, options, *density, sharded ? shards : batches, seed, &scores,
                   sharded ? &*sharded : nullptr);
    auto event = maskEvent(*model_);
    std::vector<torch::Tensor> masks;
    for (const auto& m : maskedWeights(*model_))
        masks.push_back(m.mask);
    // Every rank scored the same summed gradients, so the masks agree
    // already; rank 0's are sent anyway, so that no reduction that is not
    // bitwise reproducible (NCCL's) could leave ranks pruned differently.
    if (options_.ranks) options_.ranks->broadcast(masks, 0);
    event.scores = scoreSummary(scores, masks, options.method, options.scope);
    event.epoch = epoch;
    event.iteration = epoch - options.startEpoch;
    event.iterations = options.iterations;
    event.density = *density;
    event.warnings = maskWarnings(event, options.breakTies);
    event.seconds = since(start);
    if (!options_.masksPath.empty()) saveAdapterTensors(*model_, options_.masksPath, AdapterTensors::Masks);
    observer_->onMasks(event);
}

void Trainer::trainStep(int epoch, int64_t index) {
    const auto start = Clock::now();
    const auto global = task_.trainBatch(epoch, index);
    const auto shard =
        options_.ranks ? shardOf(global, options_.ranks->rank(), options_.ranks->worldSize()) : shardOf(global, 0, 1);
    const auto batch = shard.batch.to(options_.device);
    auto rng = lockGlobalRng(); // dropout draws from the seed below only
    torch::manual_seed(stepSeed(dropoutSeed(), step_));
    model_->train();
    double loss = 0.0;
    if (!shard.empty()) {
        // Named phases for `bench train --profile` (model/op_profile.h); free without an observer.
        ModelOutput out;
        {
            RECORD_USER_SCOPE("sa::forward");
            out = model_->forward(batch);
        }
        if (!out.loss.defined()) throw Error("training: the batch has no labels (or answer positions)");
        RECORD_USER_SCOPE("sa::backward");
        // AdapterFusion's value regulariser joins this step's objective, so
        // its gradient (at the weights the step starts from) is clipped and
        // applied with the task's. AdapterHub back-propagates it in a
        // callback after the optimizer step, so there it lands in the next
        // step's gradient, and the last step's is lost: a side effect of
        // where the callback runs, not part of the method (Pfeiffer et al.
        // minimise task loss + regulariser). The reported loss stays the
        // task's, comparable with runs without fusion.
        auto objective = out.loss;
        if (const auto regularization = fusionRegularization(*model_); regularization.defined())
            objective = objective + regularization;
        // Weighted, the ranks' gradients add up to the combined batch's.
        (options_.ranks ? objective * shard.weight : objective).backward();
        loss = out.loss.item<double>() * shard.weight;
    }
    rng.unlock();
    if (options_.ranks) loss = sumShardGradients(*options_.ranks, trainable_, loss);
    if (options_.afterBackward) options_.afterBackward(step_);
    const double lr = schedule_.rate(step_);
    ClipResult clip;
    {
        RECORD_USER_SCOPE("sa::optimizer");
        clip = clipGradientNorm(trainable_, options_.maxGradNorm);
        optimizer_.step(lr);
        optimizer_.zeroGrad();
    }
    ++step_;

    StepEvent e;
    e.step = step_;
    e.totalSteps = totalSteps_;
    e.epoch = epoch;
    e.epochs = epochs_;
    e.stepInEpoch = index + 1;
    e.stepsPerEpoch = stepsPerEpoch_;
    e.loss = loss;
    e.learningRate = lr;
    e.gradNorm = clip.norm;
    e.clipCoefficient = clip.coefficient;
    e.tokens = global.input_ids.numel();
    e.rows = global.input_ids.size(0);
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
    const bool fusion = hasFusion(*model_);
    if (fusion) startFusionTally(*model_);
    {
        torch::NoGradGuard noGrad;
        result = task_.evaluate(*model_, context);
    }
    if (fusion) e.fusion = takeFusionTally(*model_, options_.fusionSources);
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
    if (!evaluates() || !task_.hasEvaluation() || (hasLast_ && last_.step == step_)) return true;
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
    // An annealed fusion temperature falls with every call, evaluations'
    // included: a resumed run continues from where it was.
    for (const auto& [name, T] : fusionTemperatures(*model_))
        tensors.emplace_back("fusion_temperature." + name, torch::tensor(T, torch::kFloat64));
    TrainingState state;
    state.step = step_;
    state.prunedEpochs = prunedEpochs_;
    state.totalSteps = totalSteps_;
    state.stepsPerEpoch = stepsPerEpoch_;
    state.trainSeconds = seconds_;
    state.runSeconds = earlierRunSeconds_ + since(runStart_);
    state.tokens = tokens_;
    state.pendingEvalEpoch = pendingEvalEpoch_;
    if (hasBest_) state.best = best_;
    if (hasLast_) state.last = last_;
    state.runId = options_.runId;
    state.configHash = options_.configHash;
    state.tensorsChecksum = tensorsChecksum(tensors);
    // Records first, checkpoint second: a crash in between leaves records
    // beyond the older checkpoint, which a resume drops, never a checkpoint
    // whose records are missing.
    observer_->onCheckpoint(step_);
    writeSafetensors(options_.checkpointPath, tensors, {{"format", "pt"}, {"trainer_state", state.toJson().dump()}});
}

TrainingState Trainer::resumeFrom(const std::string& path) {
    const auto file = SafetensorsFile::open(path);
    const auto it = file.metadata().find("trainer_state");
    if (it == file.metadata().end()) throw fileError(path, "not a training checkpoint (no trainer_state)");
    const auto state = TrainingState::fromJson(it->second, path);
    // Identity first: a checkpoint of another run is refused by name, before
    // its shapes or schedule could give a vaguer reason.
    if (!state.runId.empty() && !options_.runId.empty() && state.runId != options_.runId)
        throw fileError(path, "belongs to run " + state.runId + ", not to this folder's run " + options_.runId +
                                  " (copied from another run folder?)");
    if (!state.configHash.empty() && !options_.configHash.empty() && state.configHash != options_.configHash)
        throw fileError(path, "was written with another config.json (hash " + state.configHash + "; the folder's is " +
                                  options_.configHash + "): restore the config, or start over with resume --restart");
    if (state.stepsPerEpoch != stepsPerEpoch_ || state.totalSteps != totalSteps_)
        throw fileError(path, "written by a run with " + std::to_string(state.stepsPerEpoch) + " steps per epoch and " +
                                  std::to_string(state.totalSteps) + " steps in all; this one has " +
                                  std::to_string(stepsPerEpoch_) + " and " + std::to_string(totalSteps_) +
                                  " (data or batch size changed?)");
    if (state.tensorsChecksum != 0) {
        std::vector<std::pair<std::string, torch::Tensor>> stored;
        for (const auto& e : file.entries())
            stored.emplace_back(e.name, file.tensor(e.name));
        const auto actual = tensorsChecksum(stored);
        if (actual != state.tensorsChecksum)
            throw fileError(path, "damaged: its tensors' checksum is " + checksumText(actual) + ", it was written as " +
                                      checksumText(state.tensorsChecksum));
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
    for (const auto& [name, T] : fusionTemperatures(*model_)) {
        const auto key = "fusion_temperature." + name;
        if (!file.contains(key)) throw fileError(path, "missing tensor '" + key + "'");
        setFusionTemperature(*model_, name, file.tensor(key).item<double>());
    }
    std::map<std::string, torch::Tensor> optimizerState;
    for (const auto& e : file.entries())
        if (e.name.rfind("optimizer.", 0) == 0) optimizerState[e.name.substr(10)] = file.tensor(e.name).clone();
    try {
        optimizer_.restore(optimizerState);
    } catch (const Error& e) {
        throw fileError(path, e.what());
    }
    step_ = state.step;
    prunedEpochs_ = state.prunedEpochs;
    seconds_ = state.trainSeconds;
    earlierRunSeconds_ = state.runSeconds;
    tokens_ = state.tokens;
    pendingEvalEpoch_ = state.pendingEvalEpoch;
    hasBest_ = state.best.has_value();
    if (hasBest_) best_ = *state.best;
    hasLast_ = state.last.has_value();
    if (hasLast_) last_ = *state.last;
    // masks.safetensors is the checkpoint's masks again, whatever happened
    // to the file since (deleted, truncated, overwritten).
    if (options_.pruning && prunedEpochs_ > 0 && !options_.masksPath.empty())
        saveAdapterTensors(*model_, options_.masksPath, AdapterTensors::Masks);
    return state;
}

FinishedEvent Trainer::run() {
    runStart_ = Clock::now();
    model_->zero_grad();
    FinishedEvent finished;
    // An evaluation a stop cut short comes first: its step is done.
    bool stopped = false;
    if (pendingEvalEpoch_ >= 0) {
        stopped = !allRanks(evaluateAndSelect(pendingEvalEpoch_));
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
            if (!allRanks(!stopRequested())) {
                stopped = true;
                break;
            }
            trainStep(epoch, index);
            if (options_.evalEverySteps > 0 && step_ % options_.evalEverySteps == 0 &&
                !allRanks(evaluateAndSelect(epoch))) {
                stopped = true;
                break;
            }
            if (options_.checkpointEverySteps > 0 && step_ % options_.checkpointEverySteps == 0 &&
                step_ % stepsPerEpoch_ != 0)
                saveCheckpoint();
        }
        if (!stopped && !allRanks(evaluateAndSelect(epoch))) stopped = true;
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
