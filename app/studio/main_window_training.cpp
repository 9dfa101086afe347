// MainWindow's side of a training run: the session's events (prepared,
// step, evaluation, finished, failed) into the progress bar, the curves and
// the run's views, and the choices offered when a resume is refused.
#include "main_window.h"

#include "fusion_view.h"
#include "mask_views.h"
#include "predictions_view.h"
#include "runs_table.h"
#include "samples_view.h"
#include "training_curves.h"
#include "training_session.h"

#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QTimer>

#include <utility>

namespace sa {

void MainWindow::clearRunViews(TaskFamily family) {
    maskViews_->clear();
    fusionView_->clear();
    pruneWarning_->setVisible(false);
    predictions_->clear();
    samples_->clear();
    summarizing_ = family == TaskFamily::Summarization;
}

void MainWindow::onPrepared(const QString& runDirectory, qint64 totalSteps) {
    runProgress_->setRange(0, static_cast<int>(totalSteps));
    runProgress_->setValue(0);
    runProgress_->setVisible(true);
    statusBar()->showMessage(tr("Training in %1").arg(QDir::toNativeSeparators(runDirectory)));
    // The new run's row appears at once (status "running").
    const QString parent = QFileInfo(runDirectory).absolutePath();
    if (QFileInfo(parent) != QFileInfo(runsTable_->runsRoot()))
        runsTable_->setRunsRoot(parent);
    else
        runsTable_->refresh();
}

void MainWindow::onStep(const StepEvent& e) {
    CurvePoint at;
    at.step = static_cast<double>(e.step);
    if (e.stepsPerEpoch > 0) at.epoch = at.step / static_cast<double>(e.stepsPerEpoch);
    at.seconds = e.seconds;
    lastPoint_ = at;
    curves_->addStep(at, e.loss, e.learningRate);
    runProgress_->setValue(static_cast<int>(e.step));
    const auto eta = static_cast<int>(e.etaSeconds() + 0.5);
    runStatus_->setText(
        tr("loss %1 · ETA %2:%3").arg(e.loss, 0, 'f', 4).arg(eta / 60).arg(eta % 60, 2, 10, QLatin1Char('0')));
    updateRunActions();
}

void MainWindow::onEval(const EvalEvent& e) {
    // The run's row follows the run: summary.json is rewritten at each
    // checkpoint, right after an epoch's evaluation. At most one re-read of
    // the runs folder a second, however often the run evaluates.
    if (!runsRefresh_->isActive()) runsRefresh_->start();
    // An evaluation follows its step: it sits where that step sits.
    CurvePoint at = lastPoint_;
    at.step = static_cast<double>(e.step);
    for (const auto& [name, value] : e.metrics)
        curves_->addEval(at, QString::fromStdString(name), value);
    fusionView_->setAttention(e.fusion, e.step); // empty: the run has no fusion layers
    if (e.samples.empty()) return;
    if (summarizing_)
        samples_->addEvaluation(e.samples, e.step);
    else
        predictions_->setSamples(e.samples, e.step);
}

void MainWindow::onFinished(const FinishedEvent& e, const QString& runDirectory) {
    resumedFolder_.clear();
    runProgress_->setVisible(false);
    runStatus_->clear();
    pauseAction_->setChecked(false);
    const QString where = QDir::toNativeSeparators(runDirectory);
    if (e.stopped)
        statusBar()->showMessage(tr("Stopped after step %1; the run in %2 can be resumed").arg(e.steps).arg(where));
    else if (e.hasEval)
        statusBar()->showMessage(tr("Finished: best %1 %2 (run folder %3)")
                                     .arg(QString::fromStdString(e.best.mainMetric))
                                     .arg(e.best.mainValue, 0, 'f', 4)
                                     .arg(where));
    else
        statusBar()->showMessage(tr("Finished (run folder %1)").arg(where));
    runsTable_->refresh();
    QTimer::singleShot(0, this, &MainWindow::updateRunActions); // after the worker has ended
}

void MainWindow::onFailed(const QString& message) {
    runProgress_->setVisible(false);
    runStatus_->clear();
    runsTable_->refresh();
    const QString resumed = std::exchange(resumedFolder_, QString());
    if (!resumed.isEmpty() &&
        (message.contains(QLatin1String("--restart")) || message.contains(QLatin1String("--allow-metrics-gaps"))))
        offerResumeChoices(resumed, message);
    else
        showError(tr("The run failed"), message);
    QTimer::singleShot(0, this, &MainWindow::updateRunActions);
}

void MainWindow::offerResumeChoices(const QString& folder, const QString& message) {
    auto* box = new QMessageBox(QMessageBox::Warning, tr("The run cannot be resumed as it is"), message,
                                QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("resumeChoices"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    if (message.contains(QLatin1String("--restart"))) {
        auto* restart = box->addButton(tr("Start over (keep the old files in previous-N)"), QMessageBox::AcceptRole);
        restart->setObjectName(QStringLiteral("restart"));
        connect(restart, &QPushButton::clicked, this, [this, folder] {
            ResumeOptions options;
            options.restart = true;
            resumeRun(folder, options);
        });
    }
    if (message.contains(QLatin1String("--allow-metrics-gaps"))) {
        auto* gaps = box->addButton(tr("Continue with the gaps in the history"), QMessageBox::AcceptRole);
        gaps->setObjectName(QStringLiteral("allowMetricsGaps"));
        connect(gaps, &QPushButton::clicked, this, [this, folder] {
            ResumeOptions options;
            options.allowMetricsGaps = true;
            resumeRun(folder, options);
        });
    }
    box->open();
}

} // namespace sa
