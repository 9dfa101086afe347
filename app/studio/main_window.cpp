#include "main_window.h"
#include "core_path.h"

#include "budget_panel.h"
#include "config_diff_view.h"
#include "error.h"
#include "experiment/experiment.h"
#include "experiment_form.h"
#include "fusion_view.h"
#include "mask_views.h"
#include "model/blas_choice.h"
#include "model/demo_checkpoint.h"
#include "model/threads.h"
#include "model_summary_view.h"
#include "plot_context_menu.h"
#include "plot_palette.h"
#include "predictions_view.h"
#include "runs_table.h"
#include "samples_view.h"
#include "sweeps_tab.h"
#include "training_curves.h"
#include "training_session.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QThread>
#include <QTimer>

#include <torch/cuda.h>
#include <torch/utils.h>
#include <torch/version.h>

#include "sa_qcustomplot.h"

#include <algorithm>
#include <exception>
#include <memory>
#include <optional>
#include <utility>

namespace sa {

namespace {

struct LoadResult {
    std::optional<ModelSummary> summary;
    QString error;
};

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("SparseAdapter Studio"));

    form_ = new ExperimentForm;
    auto* formScroll = new QScrollArea;
    formScroll->setWidget(form_);
    formScroll->setWidgetResizable(true);
    formScroll->setFrameShape(QFrame::NoFrame);

    curves_ = new TrainingCurves;
    maskViews_ = new MaskViews;
    fusionView_ = new FusionView;
    predictions_ = new PredictionsView;
    samples_ = new SamplesView;

    runsTable_ = new RunsTable;
    configDiff_ = new ConfigDiffView;
    auto* runsSplitter = new QSplitter(Qt::Vertical);
    runsSplitter->addWidget(runsTable_);
    runsSplitter->addWidget(configDiff_);
    runsSplitter->setStretchFactor(0, 3);
    runsSplitter->setStretchFactor(1, 1);

    sweepsTab_ = new SweepsTab;

    placeholder_ = new QLabel(tr("No model is open. Use File ▸ Open Model… to inspect a checkpoint."));
    placeholder_->setAlignment(Qt::AlignCenter);
    placeholder_->setWordWrap(true);
    summaryView_ = new ModelSummaryView;
    pages_ = new QStackedWidget;
    pages_->addWidget(placeholder_);
    pages_->addWidget(summaryView_);

    tabs_ = new QTabWidget;
    tabs_->addTab(formScroll, tr("Experiment"));
    tabs_->addTab(curves_, tr("Training"));
    tabs_->addTab(maskViews_, tr("Masks"));
    tabs_->addTab(fusionView_, tr("Fusion"));
    tabs_->addTab(predictions_, tr("Predictions"));
    tabs_->addTab(samples_, tr("Samples"));
    tabs_->addTab(runsSplitter, tr("Runs"));
    tabs_->addTab(sweepsTab_, tr("Sweeps"));
    tabs_->addTab(pages_, tr("Model"));
    setCentralWidget(tabs_);

    // Plots follow the theme on screen; right-click saves one.
    for (auto* plot : findChildren<QCustomPlot*>()) {
        followPalette(plot);
        addPlotContextMenu(plot, "plot");
    }

    session_ = new TrainingSession(this);
    connect(session_, &TrainingSession::stepped, this, &MainWindow::onStep);
    connect(session_, &TrainingSession::evaluated, this, &MainWindow::onEval);
    connect(session_, &TrainingSession::masksChanged, maskViews_, &MaskViews::setMasks);
    connect(session_, &TrainingSession::masksChanged, this, [this](const MaskEvent& e) {
        pruneWarning_->setVisible(!e.warnings.empty());
        if (e.warnings.empty()) return;
        const QLocale locale;
        pruneWarning_->setText(
            tr("Pruning kept density %1 (target %2): see Masks")
                .arg(locale.toString(e.achievedDensity(), 'f', 3), locale.toString(e.density, 'f', 3)));
        pruneWarning_->setToolTip(QString::fromStdString(e.warnings.front()));
    });
    connect(session_, &TrainingSession::finished, this, &MainWindow::onFinished);
    connect(session_, &TrainingSession::failed, this, &MainWindow::onFailed);
    connect(session_, &TrainingSession::statusChanged, this,
            [this](const QString& message) { statusBar()->showMessage(message); });
    connect(session_, &TrainingSession::progressed, this, [this](const ProgressEvent& e) {
        statusBar()->showMessage(
            tr("Evaluating: %1 of %2 %3").arg(e.done).arg(e.total).arg(QString::fromStdString(e.unit)));
    });
    connect(session_, &TrainingSession::prepared, this, &MainWindow::onPrepared);

    connect(form_, &ExperimentForm::validityChanged, this, &MainWindow::updateRunActions);
    connect(form_, &ExperimentForm::configChanged, this, [this] {
        QSettings().setValue(QStringLiteral("experiment/config"), form_->configJson());
        sweepsTab_->setBaseConfig(form_->configJson());
        updateRunActions();
    });
    runsRefresh_ = new QTimer(this);
    runsRefresh_->setSingleShot(true);
    runsRefresh_->setInterval(1000);
    connect(runsRefresh_, &QTimer::timeout, runsTable_, &RunsTable::refresh);
    connect(runsTable_, &RunsTable::runOpened, this, &MainWindow::openRun);
    connect(sweepsTab_, &SweepsTab::runOpened, this, &MainWindow::openRun);
    connect(runsTable_, &RunsTable::tablesExported, this, [this](const QStringList& files) {
        statusBar()->showMessage(tr("%n files written to %1", nullptr, static_cast<int>(files.size()))
                                     .arg(QDir::toNativeSeparators(QFileInfo(files.value(0)).absolutePath())),
                                 8000);
    });
    connect(runsTable_, &RunsTable::compareRequested, this, &MainWindow::compareRuns);
    connect(runsTable_, &RunsTable::selectionChanged, this, &MainWindow::updateRunActions);

    busyIndicator_ = new QProgressBar;
    busyIndicator_->setRange(0, 0); // no known length: an indeterminate bar
    busyIndicator_->setMaximumWidth(160);
    busyIndicator_->setVisible(false);
    statusBar()->addPermanentWidget(busyIndicator_);
    runStatus_ = new QLabel;
    statusBar()->addPermanentWidget(runStatus_);
    // A pruning round that kept other than asked stays in sight while the
    // status message moves on to training.
    pruneWarning_ = new QLabel;
    pruneWarning_->setStyleSheet(QStringLiteral("QLabel { color: #b00020; font-weight: bold; }"));
    pruneWarning_->setVisible(false);
    statusBar()->addPermanentWidget(pruneWarning_);
    // A machine that runs on the reference BLAS says so, and how to fix it.
    if (const auto notice = slowBlasNotice(); !notice.empty()) {
        auto* blas = new QLabel(tr("Slow BLAS: install libopenblas0-pthread"));
        blas->setStyleSheet(QStringLiteral("QLabel { color: #b00020; }"));
        blas->setToolTip(QString::fromStdString(notice));
        statusBar()->addPermanentWidget(blas);
    }
    runProgress_ = new QProgressBar;
    runProgress_->setMaximumWidth(200);
    runProgress_->setFormat(tr("%v / %m steps"));
    runProgress_->setVisible(false);
    statusBar()->addPermanentWidget(runProgress_);

    // The last configuration comes back; a first start shows the demo's.
    const QString last = QSettings().value(QStringLiteral("experiment/config")).toString();
    if (!last.isEmpty()) {
        form_->setConfig(last);
    } else {
        auto demo = builtinDemoConfig();
        demo.outputDir = toCorePath(runsRoot());
        form_->setConfig(QString::fromStdString(demo.toJson()));
    }
    runsTable_->setRunsRoot(runsRoot());
    sweepsTab_->setBaseConfig(form_->configJson());

    createMenus();
    updateRunActions();
    resize(1100, 760);
    restoreWindowState();
}

QString MainWindow::runsRoot() {
    const QString fallback =
        QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/runs");
    return QSettings().value(QStringLiteral("runs/root"), fallback).toString();
}

// Window geometry, toolbar layout and the open tab come back as they were
// left (QSettings: the platform's usual place for the app's settings).
void MainWindow::restoreWindowState() {
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    tabs_->setCurrentIndex(settings.value(QStringLiteral("window/tab"), 0).toInt());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/tab"), tabs_->currentIndex());
    QMainWindow::closeEvent(event);
}

QString MainWindow::versionsText() {
    const QString device = torch::cuda::is_available() ? tr("CUDA (%1 devices)").arg(torch::cuda::device_count())
                                                       : tr("CPU (%1 threads)").arg(torch::get_num_threads());
    return QStringLiteral("Qt %1 · LibTorch %2 · %3<br>BLAS: %4<br>%5")
        .arg(QString::fromLatin1(qVersion()), QStringLiteral(TORCH_VERSION), device,
             QString::fromStdString(currentThreads().blas).toHtmlEscaped(),
             QString::fromStdString(blasChoiceText()).toHtmlEscaped());
}

MainWindow::~MainWindow() {
    // A running experiment stops within a step; its queued events die with us.
    delete session_;
    session_ = nullptr;
    // Loading cannot be interrupted, and a running QThread must not be
    // destroyed: closing during a load waits for it to end.
    for (QThread* worker : {loader_, runReader_})
        if (worker) {
            worker->wait();
            delete worker;
        }
}

void MainWindow::openCheckpoint(const QString& directory) {
    const std::string path = toCorePath(directory);
    load(QDir::toNativeSeparators(directory), [path] { return inspectCheckpoint(path); });
}

void MainWindow::openDemo() {
    // Written afresh on every start, so the demo always matches this build.
    const std::string path =
        toCorePath(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + "/demo-model");
    load(tr("the built-in demo model"), [path] {
        writeDemoCheckpoint(path);
        return inspectCheckpoint(path);
    });
}

void MainWindow::load(const QString& what, std::function<ModelSummary()> inspect) {
    if (loader_) return; // the Open action is disabled meanwhile; this guards direct calls
    auto result = std::make_shared<LoadResult>();
    loader_ = QThread::create([inspect = std::move(inspect), result] {
        try {
            result->summary = inspect();
        } catch (const std::exception& e) {
            result->error = QString::fromStdString(sa::userMessage(e));
        } catch (...) {
            result->error = tr("unknown error");
        }
    });
    // `finished` is delivered on the GUI thread, after the worker has written `result`.
    connect(loader_, &QThread::finished, this, [this, what, result] {
        loader_->deleteLater();
        loader_ = nullptr;
        setBusy(false);
        if (result->summary) {
            summaryView_->setSummary(*result->summary);
            pages_->setCurrentWidget(summaryView_);
            statusBar()->showMessage(tr("Opened %1").arg(what), 5000);
        } else {
            QMessageBox::critical(this, tr("Could not open the model"),
                                  tr("Could not open %1:\n\n%2").arg(what, result->error));
        }
    });
    setBusy(true, tr("Loading %1…").arg(what));
    loader_->start();
}

void MainWindow::setBusy(bool busy, const QString& message) {
    openAction_->setEnabled(!busy);
    busyIndicator_->setVisible(busy);
    if (busy)
        statusBar()->showMessage(message);
    else
        statusBar()->clearMessage();
}

bool MainWindow::startDemoRun(const QString& task) {
    if (session_->isRunning()) return false;
    ExperimentConfig config;
    try {
        config = builtinDemoConfig(task.toStdString());
    } catch (const Error& e) {
        statusBar()->showMessage(QString::fromStdString(sa::userMessage(e)));
        return false;
    }
    config.outputDir = toCorePath(runsRoot());
    form_->setConfig(QString::fromStdString(config.toJson()));
    return startRun(config);
}

bool MainWindow::startFormRun() {
    if (!form_->isValid()) {
        tabs_->setCurrentIndex(0);
        statusBar()->showMessage(tr("The experiment has problems (shown in red): %1")
                                     .arg(form_->problems().value(0, tr("its model is still being inspected"))));
        return false;
    }
    return startRun(*form_->config()); // isValid: the form parsed it
}

bool MainWindow::startRun(const ExperimentConfig& config) {
    if (session_->isRunning()) return false;
    resumedFolder_.clear();
    curves_->clear();
    clearRunViews(config.task.spec().family);
    const bool started = session_->start(config);
    if (started) tabs_->setCurrentWidget(curves_);
    updateRunActions();
    return started;
}

void MainWindow::showError(const QString& title, const QString& message) {
    // Window-modal and non-blocking: the window stays usable behind it.
    auto* box = new QMessageBox(QMessageBox::Critical, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::updateRunActions() {
    if (!startAction_) return; // the form reports before the menus exist
    const bool running = session_->isRunning();
    const bool valid = form_->isValid();
    startAction_->setEnabled(!running && valid);
    startAction_->setToolTip(valid ? tr("Train the experiment of the form")
                                   : tr("Not yet: %1").arg(form_->problems().value(0, tr("inspecting the model…"))));
    startDemoAction_->setEnabled(!running);
    for (auto* action : otherDemoActions_)
        action->setEnabled(!running);
    pauseAction_->setEnabled(running);
    stopAction_->setEnabled(running);
    resumeAction_->setEnabled(!running);
}

} // namespace sa
