// The main window and finished runs: resuming one, opening one or several
// from the runs table (curves, masks, fusion attention, configuration
// differences), and writing the window's plots and views to files.
#include "core_path.h"
#include "error.h"
#include "main_window.h"

#include "budget_panel.h"
#include "config_diff_view.h"
#include "experiment/run_directory.h"
#include "experiment/run_fusion.h"
#include "experiment/run_masks.h"
#include "experiment_form.h"
#include "fusion_view.h"
#include "mask_views.h"
#include "plot_export.h"
#include "run_figures.h"
#include "training_curves.h"
#include "training_session.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QThread>

#include "sa_qcustomplot.h"

#include <exception>
#include <memory>
#include <optional>

namespace sa {

bool MainWindow::resumeRun(const QString& folder, const ResumeOptions& options) {
    if (session_->isRunning()) return false;
    // The curves so far, which the resumed steps continue; the run's task
    // decides where its samples go.
    TaskFamily family = TaskFamily::Classification;
    try {
        curves_->setRuns({readRunCurves(folder)});
        family = ExperimentConfig::fromFile(RunDirectory::open(toCorePath(folder)).configPath()).task.spec().family;
    } catch (const std::exception& e) {
        showError(tr("Could not resume the run"), QString::fromStdString(sa::userMessage(e)));
        return false;
    }
    clearRunViews(family);
    const bool started = session_->resume(folder, options);
    resumedFolder_ = started ? folder : QString();
    if (started) tabs_->setCurrentWidget(curves_);
    updateRunActions();
    return started;
}

struct MainWindow::RunsRead {
    QVector<RunCurves> curves;
    std::optional<MaskEvent> masks; // the first run's, when asked and it has pruned
    RunFusion fusion;               // the first run's, when its masks are asked
    QString error;
};

bool MainWindow::openRun(const QString& folder) {
    return readRuns({folder}, true);
}

bool MainWindow::compareRuns(const QStringList& folders) {
    return readRuns(folders, false);
}

bool MainWindow::readRuns(const QStringList& folders, bool masks) {
    // The curves and masks views show the live run while one trains.
    if (session_->isRunning()) {
        statusBar()->showMessage(tr("Runs can be opened once the current run has ended"), 5000);
        return false;
    }
    if (runReader_ || folders.isEmpty()) return false;
    auto read = std::make_shared<RunsRead>();
    runReader_ = QThread::create([folders, masks, read] {
        try {
            for (const QString& folder : folders)
                read->curves.append(readRunCurves(folder));
            // A run stopped before pruning (or never pruned) has no masks.
            const QString maskFile = QDir(folders.front()).filePath(QStringLiteral("masks.safetensors"));
            if (masks && QFileInfo::exists(maskFile)) read->masks = readRunMasks(toCorePath(folders.front()));
            if (masks) read->fusion = readRunFusion(toCorePath(folders.front()));
        } catch (const std::exception& e) {
            read->error = QString::fromStdString(sa::userMessage(e));
        }
    });
    // `finished` arrives on the GUI thread once the worker has written `read`.
    connect(runReader_, &QThread::finished, this, [this, folders, read] {
        runReader_->deleteLater();
        runReader_ = nullptr;
        setBusy(false);
        if (!read->error.isEmpty())
            showError(tr("Could not read the run"), read->error);
        else
            showRuns(folders, *read);
    });
    setBusy(true, tr("Reading %n runs…", nullptr, static_cast<int>(folders.size())));
    runReader_->start();
    return true;
}

void MainWindow::showRuns(const QStringList& folders, const RunsRead& read) {
    curves_->setRuns(read.curves);
    if (read.curves.size() == 1) {
        if (read.masks)
            maskViews_->setMasks(*read.masks);
        else
            maskViews_->clear();
        if (read.fusion.evaluated)
            fusionView_->setAttention(read.fusion.attention, read.fusion.step);
        else
            fusionView_->clear();
    }
    configDiff_->setRuns(folders);
    tabs_->setCurrentWidget(curves_);
    if (read.curves.size() == 1)
        statusBar()->showMessage(tr("Showing run %1").arg(read.curves.front().label), 5000);
    else
        statusBar()->showMessage(tr("%n runs overlaid; Runs shows where their configurations differ", nullptr,
                                    static_cast<int>(folders.size())),
                                 8000);
    Q_EMIT runsShown(folders);
}

namespace {
const char* const kScreenshotNames[] = {"experiment", "training", "masks",  "fusion", "predictions",
                                        "samples",    "runs",     "sweeps", "model"};
} // namespace

int MainWindow::screenshotCount() {
    return static_cast<int>(sizeof(kScreenshotNames) / sizeof(kScreenshotNames[0]));
}

QStringList MainWindow::saveScreenshots(const QString& directory) {
    QDir().mkpath(directory);
    QStringList written;
    const int current = tabs_->currentIndex();
    for (int i = 0; i < tabs_->count() && i < screenshotCount(); ++i) {
        tabs_->setCurrentIndex(i);
        // Lay out and paint the tab (plots replot on show) before grabbing.
        QCoreApplication::processEvents();
        QCoreApplication::sendPostedEvents();
        const QString path = QDir(directory).filePath(QStringLiteral("%1.png").arg(QLatin1String(kScreenshotNames[i])));
        if (grab().save(path)) written << path;
    }
    tabs_->setCurrentIndex(current);
    return written;
}

QStringList MainWindow::exportFigures(const QString& directory) {
    const std::pair<const char*, QCustomPlot*> plots[] = {
        {"training-loss", curves_->lossPlot()},     {"training-metrics", curves_->metricPlot()},
        {"masks-heatmap", maskViews_->heatmap()},   {"masks-per-layer", maskViews_->barChart()},
        {"masks-matrix", maskViews_->matrixPlot()}, {"masks-scores", maskViews_->histogramPlot()},
        {"fusion-attention", fusionView_->plot()},  {"budget", form_->budgetPanel()->chart()},
    };
    QStringList written;
    if (!QDir().mkpath(directory)) return written;
    for (const auto& [name, plot] : plots)
        for (const QString& format : defaultFigureFormats()) {
            const QString path = QDir(directory).filePath(QStringLiteral("%1.%2").arg(QLatin1String(name), format));
            if (exportPlotToFile(plot, path)) written << path;
        }
    return written;
}

} // namespace sa
