// The observer that keeps a run folder up to date as training events
// arrive: metrics.jsonl records (and the same as TensorBoard events in tb/),
// summary.json at each checkpoint, the best
// evaluation's prediction files; every event is passed on to the caller's
// observer (the CLI's progress bar, the GUI's queued signals).
#pragma once

#include "experiment/run_directory.h"
#include "experiment/run_tensorboard.h"
#include "train/training_events.h"

#include <functional>
#include <memory>
#include <string>

namespace sa {

struct RunRecorder : TrainingObserver {
    RunDirectory& run;
    TrainingObserver* next;
    std::function<void(const std::string&)> writeSummary;
    std::function<void(const MaskEvent&)> masksChanged;
    // tb/'s writer, set once the run knows where it starts (a resume cuts
    // older files at its checkpoint); null: metrics.jsonl only.
    std::unique_ptr<RunTensorBoard> tensorboard;
    int64_t lastStep = 0;
    int epoch = 0;

    RunRecorder(RunDirectory& r, TrainingObserver* n) : run(r), next(n) {}

    void onStatus(const std::string& message) override;
    void onMasks(const MaskEvent& e) override;
    void onStep(const StepEvent& e) override;
    void onProgress(const ProgressEvent& e) override;
    void onEval(const EvalEvent& e) override;
    void onCheckpoint(int64_t step) override;
    void onFinished(const FinishedEvent& e) override;

private:
    void write(const nlohmann::json& record); // to metrics.jsonl and tb/
};

} // namespace sa
