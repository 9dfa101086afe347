// The main window's menus, toolbar and the dialogs they open: File (open a
// model, export figures and tables), Run (start, pause, stop, resume), View
// (theme, language) and Help.
#include "adapter_export_dialog.h"
#include "main_window.h"

#include "appearance.h"
#include "runs_table.h"
#include "training_session.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QKeySequence>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QToolBar>

namespace sa {

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    openAction_ = file->addAction(tr("&Open Model…"), this, &MainWindow::chooseCheckpoint);
    openAction_->setShortcut(QKeySequence::Open);
    openAction_->setStatusTip(tr("Open a HuggingFace checkpoint directory"));
    file->addSeparator();
    QAction* figures = file->addAction(tr("Export &Figures…"), this, &MainWindow::exportFiguresWithDialog);
    figures->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    figures->setStatusTip(tr("Write every plot as PNG, PDF and SVG into a folder"));
    QAction* tables = file->addAction(tr("Export &Tables…"), this, &MainWindow::exportTablesWithDialog);
    tables->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    tables->setStatusTip(tr("Write the runs table and the budgets as CSV, Markdown and LaTeX into a folder"));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    startAction_ = run->addAction(tr("&Start"), this, [this] { startFormRun(); });
    startAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    startAction_->setStatusTip(tr("Train the experiment of the form"));
    startDemoAction_ = run->addAction(tr("Start &Demo Run"), this, [this] { startDemoRun(); });
    startDemoAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    startDemoAction_->setStatusTip(tr("Train a SNIP-pruned Houlsby adapter on the built-in model and corpus"));
    QMenu* demos = run->addMenu(tr("Other &Demos"));
    otherDemoActions_ << demos->addAction(tr("&Question Answering"), this,
                                          [this] { startDemoRun(QStringLiteral("squad")); });
    otherDemoActions_.back()->setStatusTip(tr("Train SNIP-pruned LoRA on the built-in question corpus"));
    otherDemoActions_ << demos->addAction(tr("&Summarization"), this,
                                          [this] { startDemoRun(QStringLiteral("summarization")); });
    otherDemoActions_.back()->setStatusTip(
        tr("Train a SNIP-pruned Houlsby adapter on the built-in BART's sentence-compression corpus"));
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
    run->addSeparator();
    resumeAction_ = run->addAction(tr("&Resume Run…"), this, &MainWindow::chooseRunToResume);
    resumeAction_->setStatusTip(tr("Continue a stopped run from its last checkpoint"));
    QAction* exportAdapter = run->addAction(tr("Export &Adapter…"), this, &MainWindow::exportAdapterWithDialog);
    exportAdapter->setStatusTip(tr("Write a run's trained adapters for PEFT or AdapterHub"));
    QToolBar* toolbar = addToolBar(tr("Run"));
    toolbar->setObjectName(QStringLiteral("runToolbar"));
    toolbar->addAction(startAction_);
    toolbar->addAction(startDemoAction_);
    toolbar->addAction(pauseAction_);
    toolbar->addAction(stopAction_);

    createViewMenu();

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About SparseAdapter Studio"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
    QAction* aboutQt = help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::createViewMenu() {
    QMenu* view = menuBar()->addMenu(tr("&View"));
    // Ctrl+1, Ctrl+2, … go to the tabs in order.
    for (int i = 0; i < tabs_->count(); ++i) {
        QAction* go = view->addAction(tabs_->tabText(i), this, [this, i] { tabs_->setCurrentIndex(i); });
        go->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
    }
    view->addSeparator();

    QMenu* theme = view->addMenu(tr("&Theme"));
    auto* themes = new QActionGroup(theme);
    const std::pair<Theme, QString> choices[] = {
        {Theme::System, tr("System")}, {Theme::Light, tr("Light")}, {Theme::Dark, tr("Dark")}};
    for (const auto& [value, text] : choices) {
        QAction* a = theme->addAction(text);
        a->setCheckable(true);
        a->setChecked(savedTheme() == value);
        a->setData(static_cast<int>(value));
        themes->addAction(a);
        connect(a, &QAction::triggered, this, [value = value] {
            applyTheme(value);
            saveTheme(value);
        });
    }

    QMenu* language = view->addMenu(tr("&Language"));
    auto* languages = new QActionGroup(language);
    for (const QString& code : availableLanguages()) {
        QAction* a = language->addAction(languageDisplayName(code));
        a->setCheckable(true);
        a->setChecked(savedLanguage() == code);
        languages->addAction(a);
        connect(a, &QAction::triggered, this, [this, code] {
            if (code == savedLanguage()) return;
            saveLanguage(code);
            QMessageBox::information(
                this, tr("Language"),
                tr("SparseAdapter Studio will use %1 from its next start.").arg(languageDisplayName(code)));
        });
    }
}

void MainWindow::chooseCheckpoint() {
    const QString directory =
        QFileDialog::getExistingDirectory(this, tr("Open Model"), QString(), QFileDialog::ShowDirsOnly);
    if (!directory.isEmpty()) openCheckpoint(directory);
}

QString MainWindow::chooseRun(const QString& title) {
    // The run selected in the runs table, else one picked from the folder.
    const QStringList selected = runsTable_->selectedRunFolders();
    if (selected.size() == 1) return selected.front();
    return QFileDialog::getExistingDirectory(this, title, runsTable_->runsRoot(), QFileDialog::ShowDirsOnly);
}

void MainWindow::chooseRunToResume() {
    const QString folder = chooseRun(tr("Resume Run"));
    if (!folder.isEmpty()) resumeRun(folder);
}

void MainWindow::exportAdapterWithDialog() {
    const QString folder = chooseRun(tr("Export Adapter"));
    if (folder.isEmpty()) return;
    AdapterExportDialog dialog(folder, this);
    connect(&dialog, &AdapterExportDialog::exported, this, [this](const QStringList& files) {
        statusBar()->showMessage(tr("%n adapter file(s) written", nullptr, static_cast<int>(files.size())), 8000);
    });
    dialog.exec();
}

void MainWindow::exportFiguresWithDialog() {
    const QString directory = QFileDialog::getExistingDirectory(this, tr("Export Figures"), QDir::homePath());
    if (directory.isEmpty()) return;
    const QStringList written = exportFigures(directory);
    statusBar()->showMessage(tr("%n files written to %1", nullptr, static_cast<int>(written.size()))
                                 .arg(QDir::toNativeSeparators(directory)),
                             8000);
}

void MainWindow::exportTablesWithDialog() {
    const QString directory = QFileDialog::getExistingDirectory(this, tr("Export Tables"), QDir::homePath());
    if (directory.isEmpty()) return;
    QString error;
    const QStringList written = runsTable_->exportTables(directory, &error);
    if (!error.isEmpty()) {
        showError(tr("Could not export the tables"), error);
        return;
    }
    statusBar()->showMessage(tr("%n files written to %1", nullptr, static_cast<int>(written.size()))
                                 .arg(QDir::toNativeSeparators(directory)),
                             8000);
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
