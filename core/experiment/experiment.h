// One experiment end to end: resolve the config (built-in demo or a
// checkpoint, GLUE data or the demo corpus, adapters, Large-Sparse widths),
// set up the run directory, train with the core trainer, and record
// metrics, masks, weights and the summary. The CLI's `run`/`resume` and the
// GUI's Start button are thin clients of this.
#pragma once

#include "adapters/parameter_budget.h"
#include "experiment/demo_configs.h"
#include "experiment/experiment_config.h"
#include "experiment/resume_check.h"
#include "train/run_control.h"
#include "train/training_events.h"

#include <memory>
#include <string>
#include <vector>

namespace sa {

class Communicator;

class Experiment {
public:
    // Loads model, tokenizer and data and creates the run folder (under
    // config.outputDir). Throws sa::Error naming the file or key at fault.
    //
    // With `ranks` (data parallelism, train/communicator.h; not owned) only
    // rank 0 writes the run folder and reports to `observer`; the other
    // ranks train their shards silently and write nothing.
    static std::unique_ptr<Experiment> create(const ExperimentConfig& config, TrainingObserver* observer = nullptr,
                                              Communicator* ranks = nullptr);
    // Reopens a run folder to continue from its checkpoint, holding its lock
    // (experiment/run_lock.h). Refuses, naming what is missing and the way
    // forward, a finished run, recorded work without a checkpoint, a
    // checkpoint of another run and a history with gaps
    // (experiment/resume_check.h); options.restart starts over instead.
    // With `ranks`, rank 0 does all that and the others then read the same
    // config and checkpoint.
    static std::unique_ptr<Experiment> resume(const std::string& runDirectory, TrainingObserver* observer = nullptr,
                                              const ResumeOptions& options = {}, Communicator* ranks = nullptr);
    ~Experiment();

    // Trains to the end or until `control` asks to stop (the folder is then
    // resumable). Any error is recorded in summary.json and rethrown.
    FinishedEvent run(RunControl* control = nullptr);
    // Where events go besides the run folder (replaces the one given before).
    void setObserver(TrainingObserver* observer);

    const ExperimentConfig& config() const;
    const std::string& runDirectory() const; // empty on ranks other than 0
    const ParameterBudget& budget() const;   // of the resolved (Large-Sparse widened) adapters
    double sparsity() const;                 // resolved: Large-Sparse overrides pruning.sparsity
    int64_t totalSteps() const;
    // What loading the data found worth telling (e.g. SQuAD answers whose
    // answer_start does not match their text); also in summary.json.
    const std::vector<std::string>& notes() const;

    struct Impl;

private:
    explicit Experiment(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace sa
