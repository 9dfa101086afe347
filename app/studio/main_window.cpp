#include "main_window.h"

#include "model/demo_checkpoint.h"
#include "model_summary_view.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QThread>

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
    setCentralWidget(pages_);

    busyIndicator_ = new QProgressBar;
    busyIndicator_->setRange(0, 0); // no known length: an indeterminate bar
    busyIndicator_->setMaximumWidth(160);
    busyIndicator_->setVisible(false);
    statusBar()->addPermanentWidget(busyIndicator_);

    createMenus();
    resize(720, 640);
}

MainWindow::~MainWindow() {
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

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About SparseAdapter Studio"),
                       tr("<h3>SparseAdapter Studio %1</h3>"
                          "<p>A workbench for SparseAdapter experiments: adapter tuning of a frozen "
                          "pretrained language model with adapter weights pruned once, at initialisation "
                          "(He et al., Findings of EMNLP 2022).</p>"
                          "<p>Released under the MIT licence.</p>")
                           .arg(QApplication::applicationVersion()));
}

} // namespace sa
