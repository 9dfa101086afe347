// The training loop of a SparseAdapter run: prune where the schedule says,
// then masked forward/backward, clipping, the reference's AdamW and linear
// schedule, evaluation, best-weights selection and checkpoints from which a
// killed or stopped run resumes bit-identically (CPU).
//
// Determinism: every step seeds the global generator from (seed, step)
// before its forward pass, so dropout draws depend on the step alone and a
// run resumed from any checkpoint continues exactly as if uninterrupted.
#pragma once

#include "model/language_model.h"
#include "sparsity/pruner.h"
#include "tasks/task.h"
#include "train/adamw.h"
#include "train/lr_schedule.h"
#include "train/run_control.h"
#include "train/training_events.h"
#include "train/training_state.h"

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace sa {

class Communicator;

struct TrainerOptions {
    int epochs = 1;
    int64_t maxSteps = 0; // > 0: stop after this many steps (epochs as needed)
    double learningRate = 1e-3;
    double weightDecay = 0.1;
    double warmupRatio = 0.0;
    int64_t warmupSteps = -1; // >= 0 overrides warmupRatio
    double maxGradNorm = 1.0; // <= 0: no clipping
    uint64_t seed = 42;
    int64_t evalEverySteps = 0;       // besides every epoch end
    int64_t checkpointEverySteps = 0; // besides every epoch end and a stop

    std::optional<PruneOptions> pruning; // prunes at the start of epochs startEpoch … startEpoch + iterations − 1
    int scoringBatches = 1;

    // Files; empty = not written. The checkpoint holds everything a resume
    // needs; best weights are the adapters (and a trained head) at the best
    // main metric; masks are written after every pruning round.
    std::string checkpointPath, bestWeightsPath, masksPath;
    // The run's identity, written into checkpoints and checked on resume.
    std::string runId, configHash;
    bool saveHead = false; // the head is trained: keep it with the adapters

    torch::Device device = torch::kCPU;

    // Data parallelism (train/data_parallel.h), not owned: each rank runs
    // its shard of every global batch and of the scoring batches; the ranks
    // sum trainable gradients and scoring gradients, agree on stopping, and
    // only rank 0 evaluates (the others get no file paths and no observer).
    Communicator* ranks = nullptr;

    // A fusion run's sources, by task name: the columns of every
    // evaluation's fusion attention (EvalEvent::fusion).
    std::vector<std::string> fusionSources;

    // Test hook: after the backward pass of `step` (0-based), before clipping.
    std::function<void(int64_t step)> afterBackward;
};

// The seed of the scoring batches (Task::scoringBatches) that pruning at the
// start of `epoch` draws.
inline uint64_t scoringSeed(const PruneOptions& pruning, int epoch) {
    return pruning.seed + static_cast<uint64_t>(epoch);
}

class Trainer {
public:
    Trainer(LanguageModel model, const Task& task, TrainerOptions options, TrainingObserver* observer = nullptr,
            RunControl* control = nullptr);

    // Continues from a checkpoint written by this run (same run id and
    // config hash when the options give them, same schedule, intact tensors)
    // and rewrites the masks file from it; throws sa::Error naming the file
    // otherwise. Returns the state read.
    TrainingState resumeFrom(const std::string& checkpointPath);

    FinishedEvent run();

    void setControl(RunControl* control) { control_ = control; }
    // The run id later checkpoints carry (known only after a resume read one).
    void setRunId(const std::string& runId) { options_.runId = runId; }
    int64_t stepsDone() const { return step_; }
    int64_t totalSteps() const { return totalSteps_; }
    int64_t stepsPerEpoch() const { return stepsPerEpoch_; }
    ReferenceAdamW& optimizer() { return optimizer_; }
    const LinearSchedule& schedule() const { return schedule_; }

    // Runs the task's evaluation (eval mode, no gradients) at the current
    // weights. A stop request ends it early: `complete` is then false.
    EvalEvent evaluate(bool* complete = nullptr);

private:
    void pruneForEpoch(int epoch);
    void trainStep(int epoch, int64_t index);
    // False when a stop cut the evaluation short (it is redone on resume).
    bool evaluateAndSelect(int epoch);
    void saveCheckpoint();
    bool stopRequested();
    // With ranks: whether every rank says `ok` (a stop on one stops all).
    bool allRanks(bool ok);
    bool evaluates() const;
    uint64_t dropoutSeed() const;

    LanguageModel model_;
    const Task& task_;
    TrainerOptions options_;
    TrainingObserver* observer_;
    RunControl* control_;
    TrainingObserver silent_;

    std::vector<torch::Tensor> trainable_;
    ReferenceAdamW optimizer_;
    LinearSchedule schedule_;
    int64_t stepsPerEpoch_ = 0, totalSteps_ = 0, epochRows_ = 0;
    int epochs_ = 0;

    // Progress, all saved in checkpoints.
    int64_t step_ = 0;     // optimizer steps done
    int prunedEpochs_ = 0; // epochs whose pruning round has run (from epoch 0)
    bool hasBest_ = false;
    EvalEvent best_, last_;
    bool hasLast_ = false;
    int pendingEvalEpoch_ = -1; // an evaluation a stop interrupted, to redo first

    double seconds_ = 0.0; // training time of the run, across resumes (checkpointed)
    // Wall time of run() in earlier sessions (checkpointed), and when this
    // session's run() began.
    double earlierRunSeconds_ = 0.0;
    std::chrono::steady_clock::time_point runStart_ = std::chrono::steady_clock::now();
    int64_t tokens_ = 0;
};

} // namespace sa
