#include "training_session.h"
#include "core_path.h"
#include "error.h"

#include "experiment/experiment.h"

#include <QFile>
#include <QThread>

#include <exception>

namespace sa {

namespace {

// Runs on the worker thread; every signal is queued to the GUI thread
// because the session lives there.
class SignalObserver : public TrainingObserver {
public:
    explicit SignalObserver(TrainingSession* session) : session_(session) {}
    void onStatus(const std::string& message) override {
        Q_EMIT session_->statusChanged(QString::fromStdString(message));
    }
    void onMasks(const MaskEvent& e) override { Q_EMIT session_->masksChanged(e); }
    void onStep(const StepEvent& e) override { Q_EMIT session_->stepped(e); }
    void onEval(const EvalEvent& e) override { Q_EMIT session_->evaluated(e); }
    void onProgress(const ProgressEvent& e) override { Q_EMIT session_->progressed(e); }

private:
    TrainingSession* session_;
};

void registerEventTypes() {
    qRegisterMetaType<StepEvent>();
    qRegisterMetaType<EvalEvent>();
    qRegisterMetaType<MaskEvent>();
    qRegisterMetaType<FinishedEvent>();
    qRegisterMetaType<ProgressEvent>();
}

} // namespace

TrainingSession::TrainingSession(QObject* parent) : QObject(parent) {
    registerEventTypes();
}

TrainingSession::~TrainingSession() {
    if (!worker_) return;
    control_->requestStop();
    worker_->wait();
    delete worker_;
}

bool TrainingSession::start(const ExperimentConfig& config) {
    return launch([config](TrainingObserver* observer) { return Experiment::create(config, observer); });
}

bool TrainingSession::resume(const QString& runDirectory, const ResumeOptions& options) {
    const std::string path = toCorePath(runDirectory);
    return launch([path, options](TrainingObserver* observer) { return Experiment::resume(path, observer, options); });
}

bool TrainingSession::launch(Prepare prepare) {
    if (worker_) return false;
    control_ = std::make_unique<RunControl>();
    RunControl* control = control_.get();
    worker_ = QThread::create([this, prepare = std::move(prepare), control] {
        SignalObserver observer(this);
        try {
            Q_EMIT statusChanged(tr("preparing the experiment"));
            auto experiment = prepare(&observer);
            Q_EMIT prepared(QString::fromStdString(experiment->runDirectory()), experiment->totalSteps());
            const auto result = experiment->run(control);
            Q_EMIT finished(result, QString::fromStdString(experiment->runDirectory()));
        } catch (const std::exception& e) {
            Q_EMIT failed(QString::fromStdString(sa::userMessage(e)));
        } catch (...) {
            Q_EMIT failed(tr("unknown error"));
        }
    });
    // Delivered on the GUI thread after the last queued event of the run.
    connect(worker_, &QThread::finished, this, [this] {
        worker_->deleteLater();
        worker_ = nullptr;
    });
    worker_->start();
    return true;
}

void TrainingSession::setPaused(bool paused) {
    if (control_) control_->setPaused(paused);
}

void TrainingSession::stop() {
    if (control_) control_->requestStop();
}

} // namespace sa
