// The main window and finished runs: resuming one, opening one or several
// from the runs table (curves, masks, configuration differences), and
// writing the window's plots and views to files.
#include "main_window.h"

#include "budget_panel.h"
#include "config_diff_view.h"
#include "experiment/run_masks.h"
#include "experiment_form.h"
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

#include "sa_qcustomplot.h"

#include <exception>

namespace sa {

bool MainWindow::resumeRun(const QString& folder) {
    if (session_->isRunning()) return false;
    // The curves so far, which the resumed steps continue.
    try {
        curves_->setRuns({readRunCurves(folder)});
    } catch (const std::exception& e) {
        showError(tr("Could not resume the run"), QString::fromUtf8(e.what()));
        return false;
    }
    maskViews_->clear();
    const bool started = session_->resume(folder);
    if (started) tabs_->setCurrentWidget(curves_);
    updateRunActions();
    return started;
}

bool MainWindow::openRun(const QString& folder) {
    // The curves and masks views show the live run while one trains.
    if (session_->isRunning()) {
        statusBar()->showMessage(tr("Runs can be opened once the current run has ended"), 5000);
        return false;
    }
    try {
        const RunCurves curves = readRunCurves(folder);
        const std::string path = QFile::encodeName(folder).toStdString();
        // A run stopped before pruning (or never pruned) has no masks.
        const bool hasMasks = QFileInfo::exists(QDir(folder).filePath(QStringLiteral("masks.safetensors")));
        const MaskEvent masks = hasMasks ? readRunMasks(path) : MaskEvent{};
        curves_->setRuns({curves});
        if (hasMasks)
            maskViews_->setMasks(masks);
        else
            maskViews_->clear();
        configDiff_->setRuns({folder});
        tabs_->setCurrentWidget(curves_);
        statusBar()->showMessage(tr("Showing run %1").arg(curves.label), 5000);
        return true;
    } catch (const std::exception& e) {
        showError(tr("Could not open the run"), QString::fromUtf8(e.what()));
        return false;
    }
}

bool MainWindow::compareRuns(const QStringList& folders) {
    if (session_->isRunning()) {
        statusBar()->showMessage(tr("Runs can be compared once the current run has ended"), 5000);
        return false;
    }
    QVector<RunCurves> runs;
    try {
        for (const QString& folder : folders)
            runs.append(readRunCurves(folder));
    } catch (const std::exception& e) {
        showError(tr("Could not compare the runs"), QString::fromUtf8(e.what()));
        return false;
    }
    curves_->setRuns(runs);
    configDiff_->setRuns(folders);
    tabs_->setCurrentWidget(curves_);
    statusBar()->showMessage(
        tr("%n runs overlaid; Runs shows where their configurations differ", nullptr, static_cast<int>(folders.size())),
        8000);
    return true;
}

namespace {
const char* const kScreenshotNames[] = {"experiment", "training", "masks", "runs", "model"};
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
        {"budget", form_->budgetPanel()->chart()},
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
