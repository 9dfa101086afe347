// One experiment running on a worker thread, seen from the GUI: the core
// trainer's observer events arrive as queued Qt signals, and Pause/Stop go
// to the trainer's RunControl, which it checks every step. No LibTorch type
// appears here: the configuration travels as the plain ExperimentConfig the
// form already parsed (a document is parsed once on its way to a run).
#pragma once

#include "experiment/experiment_config.h"
#include "experiment/resume_check.h"
#include "train/run_control.h"
#include "train/training_events.h"

#include <QMetaType>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

class QThread;

Q_DECLARE_METATYPE(sa::StepEvent)
Q_DECLARE_METATYPE(sa::EvalEvent)
Q_DECLARE_METATYPE(sa::MaskEvent)
Q_DECLARE_METATYPE(sa::FinishedEvent)
Q_DECLARE_METATYPE(sa::ProgressEvent)

namespace sa {

class Experiment;

class TrainingSession : public QObject {
    Q_OBJECT

public:
    explicit TrainingSession(QObject* parent = nullptr);
    // Stops a running experiment and waits for it (it ends within a step).
    ~TrainingSession() override;

    // Prepares and trains `config` or continues the run folder
    // `runDirectory`, off the GUI thread. Returns false when one is already
    // running.
    bool start(const ExperimentConfig& config);
    bool resume(const QString& runDirectory, const ResumeOptions& options = {});

    void setPaused(bool paused);
    void stop();
    bool isRunning() const { return worker_ != nullptr; }

Q_SIGNALS:
    void prepared(const QString& runDirectory, qint64 totalSteps);
    void statusChanged(const QString& message);
    void stepped(const sa::StepEvent& event);
    void evaluated(const sa::EvalEvent& event);
    void progressed(const sa::ProgressEvent& event); // within an evaluation
    void masksChanged(const sa::MaskEvent& event);
    void finished(const sa::FinishedEvent& event, const QString& runDirectory);
    void failed(const QString& message);

private:
    using Prepare = std::function<std::unique_ptr<Experiment>(TrainingObserver*)>;
    bool launch(Prepare prepare);

    QThread* worker_ = nullptr;
    std::unique_ptr<RunControl> control_;
};

} // namespace sa
