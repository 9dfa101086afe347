#include "main_window.h"

#include "experiment/experiment.h"
#include "mask_views.h"
#include "model/demo_checkpoint.h"
#include "model_summary_view.h"
#include "training_curves.h"
#include "training_session.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QThread>
#include <QTimer>
#include <QToolBar>

#include <torch/version.h>

#include <algorithm>
#include <exception>
#include <memory>
#include <optional>

namespace sa {

namespace {

// Core takes paths as std::string in the platform's file-name encoding.
std::string toCorePath(const QString& path) {
    return QFile::encodeName(path).toStdString();
}

struct LoadResult {
    std::optional<ModelSummary> summary;
    QString error;
};

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("SparseAdapter Studio"));

    placeholder_ = new QLabel(tr("No model is open. Use File ▸ Open Model… to inspect a checkpoint."));
    placeholder_->setAlignment(Qt::AlignCenter);
    placeholder_->setWordWrap(true);
    summaryView_ = new ModelSummaryView;
    pages_ = new QStackedWidget;
    pages_->addWidget(placeholder_);
    pages_->addWidget(summaryView_);
    curves_ = new TrainingCurves;
    tabs_ = new QTabWidget;
    tabs_->addTab(pages_, tr("Model"));
    tabs_->addTab(curves_, tr("Training"));
    maskViews_ = new MaskViews;
    tabs_->addTab(maskViews_, tr("Masks"));
    setCentralWidget(tabs_);

    session_ = new TrainingSession(this);
    connect(session_, &TrainingSession::stepped, this, &MainWindow::onStep);
    connect(session_, &TrainingSession::evaluated, this, &MainWindow::onEval);
    connect(session_, &TrainingSession::masksChanged, maskViews_, &MaskViews::setMasks);
    connect(session_, &TrainingSession::finished, this, &MainWindow::onFinished);
    connect(session_, &TrainingSession::failed, this, &MainWindow::onFailed);
    connect(session_, &TrainingSession::statusChanged, this,
            [this](const QString& message) { statusBar()->showMessage(message); });
    connect(session_, &TrainingSession::prepared, this, [this](const QString& runDirectory, qint64 totalSteps) {
        runProgress_->setRange(0, static_cast<int>(totalSteps));
        runProgress_->setValue(0);
        runProgress_->setVisible(true);
        statusBar()->showMessage(tr("Training in %1").arg(QDir::toNativeSeparators(runDirectory)));
    });

    busyIndicator_ = new QProgressBar;
    busyIndicator_->setRange(0, 0); // no known length: an indeterminate bar
    busyIndicator_->setMaximumWidth(160);
    busyIndicator_->setVisible(false);
    statusBar()->addPermanentWidget(busyIndicator_);
    runStatus_ = new QLabel;
    statusBar()->addPermanentWidget(runStatus_);
    runProgress_ = new QProgressBar;
    runProgress_->setMaximumWidth(200);
    runProgress_->setFormat(tr("%v / %m steps"));
    runProgress_->setVisible(false);
    statusBar()->addPermanentWidget(runProgress_);

    createMenus();
    updateRunActions();
    resize(720, 640);
    restoreWindowState();
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

QStringList MainWindow::saveScreenshots(const QString& directory) {
    QDir().mkpath(directory);
    static const char* const names[] = {"model", "training", "masks"};
    QStringList written;
    const int current = tabs_->currentIndex();
    for (int i = 0; i < tabs_->count() && i < 3; ++i) {
        tabs_->setCurrentIndex(i);
        // Lay out and paint the tab (plots replot on show) before grabbing.
        QCoreApplication::processEvents();
        QCoreApplication::sendPostedEvents();
        const QString path = QDir(directory).filePath(QStringLiteral("%1.png").arg(QLatin1String(names[i])));
        if (grab().save(path)) written << path;
    }
    tabs_->setCurrentIndex(current);
    return written;
}

QString MainWindow::versionsText() {
    const QString device = torch::cuda::is_available() ? tr("CUDA (%1 devices)").arg(torch::cuda::device_count())
                                                       : tr("CPU (%1 threads)").arg(torch::get_num_threads());
    return QStringLiteral("Qt %1 · LibTorch %2 · %3")
        .arg(QString::fromLatin1(qVersion()), QStringLiteral(TORCH_VERSION), device);
}

MainWindow::~MainWindow() {
    // A running experiment stops within a step; its queued events die with us.
    delete session_;
    session_ = nullptr;
    // Loading cannot be interrupted, and a running QThread must not be
    // destroyed: closing during a load waits for it to end.
    if (loader_) {
        loader_->wait();
        delete loader_;
    }
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    openAction_ = file->addAction(tr("&Open Model…"), this, &MainWindow::chooseCheckpoint);
    openAction_->setShortcut(QKeySequence::Open);
    openAction_->setStatusTip(tr("Open a HuggingFace checkpoint directory"));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    startAction_ = run->addAction(tr("&Start Demo Run"), this, [this] { startDemoRun(); });
    startAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    startAction_->setStatusTip(tr("Train a SNIP-pruned Houlsby adapter on the built-in model and corpus"));
    pauseAction_ = run->addAction(tr("&Pause"));
    pauseAction_->setCheckable(true);
    pauseAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    connect(pauseAction_, &QAction::toggled, this, [this](bool paused) {
        session_->setPaused(paused);
        statusBar()->showMessage(paused ? tr("Paused") : tr("Training"));
    });
    stopAction_ = run->addAction(tr("S&top"), this, [this] {
        session_->stop();
        statusBar()->showMessage(tr("Stopping after the current step…"));
    });
    stopAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    QToolBar* toolbar = addToolBar(tr("Run"));
    toolbar->setObjectName(QStringLiteral("runToolbar"));
    toolbar->addAction(startAction_);
    toolbar->addAction(pauseAction_);
    toolbar->addAction(stopAction_);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About SparseAdapter Studio"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
    QAction* aboutQt = help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::chooseCheckpoint() {
    const QString directory =
        QFileDialog::getExistingDirectory(this, tr("Open Model"), QString(), QFileDialog::ShowDirsOnly);
    if (!directory.isEmpty()) openCheckpoint(directory);
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
            result->error = QString::fromUtf8(e.what());
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

bool MainWindow::startDemoRun() {
    auto config = builtinDemoConfig();
    config.outputDir =
        toCorePath(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/runs"));
    return startRun(QString::fromStdString(config.toJson()));
}

bool MainWindow::startRun(const QString& configJson) {
    if (session_->isRunning()) return false;
    curves_->clear();
    maskViews_->clear();
    const bool started = session_->start(configJson);
    if (started) tabs_->setCurrentWidget(curves_);
    updateRunActions();
    return started;
}

void MainWindow::onStep(const StepEvent& e) {
    curves_->addStep(static_cast<double>(e.step), e.loss, e.learningRate);
    runProgress_->setValue(static_cast<int>(e.step));
    const double perStep = e.seconds / static_cast<double>(std::max<int64_t>(1, e.step));
    const auto eta = static_cast<int>(perStep * static_cast<double>(e.totalSteps - e.step) + 0.5);
    runStatus_->setText(
        tr("loss %1 · ETA %2:%3").arg(e.loss, 0, 'f', 4).arg(eta / 60).arg(eta % 60, 2, 10, QLatin1Char('0')));
    updateRunActions();
}

void MainWindow::onEval(const EvalEvent& e) {
    for (const auto& [name, value] : e.metrics)
        curves_->addEval(static_cast<double>(e.step), QString::fromStdString(name), value);
}

void MainWindow::onFinished(const FinishedEvent& e, const QString& runDirectory) {
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
    QTimer::singleShot(0, this, &MainWindow::updateRunActions); // after the worker has ended
}

void MainWindow::onFailed(const QString& message) {
    runProgress_->setVisible(false);
    runStatus_->clear();
    // Window-modal and non-blocking: the window stays usable behind it.
    auto* box = new QMessageBox(QMessageBox::Critical, tr("The run failed"), message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    QTimer::singleShot(0, this, &MainWindow::updateRunActions);
}

void MainWindow::updateRunActions() {
    const bool running = session_->isRunning();
    startAction_->setEnabled(!running);
    pauseAction_->setEnabled(running);
    stopAction_->setEnabled(running);
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About SparseAdapter Studio"),
                       tr("<h3>SparseAdapter Studio %1</h3>"
                          "<p>A workbench for SparseAdapter experiments: adapter tuning of a frozen "
                          "pretrained language model with adapter weights pruned once, at initialisation "
                          "(He et al., Findings of EMNLP 2022).</p>"
                          "<p>%2</p>"
                          "<p>Released under the MIT licence.</p>")
                           .arg(QApplication::applicationVersion(), versionsText()));
}

} // namespace sa
