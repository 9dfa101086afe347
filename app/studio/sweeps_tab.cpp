#include "sweeps_tab.h"

#include "core_path.h"
#include "experiment/slurm_executor.h"
#include "form_grid.h"
#include "sweep_grid_editor.h"
#include "sweep_monitor.h"
#include "sweep_plot.h"
#include "sweep_table.h"

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSettings>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace sa {

namespace {

const QString kFoldersKey = QStringLiteral("sweeps/folders");
const QString kCurrentKey = QStringLiteral("sweeps/current");
const QString kRootKey = QStringLiteral("sweeps/root");

QString newSweepName() {
    return QStringLiteral("sweep-") + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
}

QLabel* noteLabel(const QString& objectName) {
    auto* label = new QLabel;
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->hide();
    return label;
}

} // namespace

SweepsTab::SweepsTab(QWidget* parent) : QWidget(parent) {
    monitor_ = new SweepMonitor(this);
    connect(monitor_, &SweepMonitor::updated, this, &SweepsTab::showSnapshot);

    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(buildLaunchPanel());
    splitter->addWidget(buildMonitorPanel());
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    // Sweeps of an earlier session are followed again, whether their
    // processes or Slurm jobs still run or not; folders deleted meanwhile go.
    const QString current = QSettings().value(kCurrentKey).toString();
    for (const QString& folder : QSettings().value(kFoldersKey).toStringList())
        if (QFileInfo::exists(QDir(folder).filePath(QStringLiteral("spec.json")))) showSweep(folder);
    if (folders_.contains(current)) showSweep(current);
    updateLaunchButtons();
    updateCellActions();
}

QWidget* SweepsTab::buildLaunchPanel() {
    editor_ = new SweepGridEditor;
    connect(editor_, &SweepGridEditor::evaluated, this, &SweepsTab::updateLaunchButtons);
    auto* grid = new QGroupBox(tr("Grid over the experiment form's configuration"));
    auto* gridLayout = new QVBoxLayout(grid);
    gridLayout->addWidget(editor_);

    name_ = new QLineEdit(newSweepName());
    name_->setObjectName(QStringLiteral("sweepName"));
    name_->setToolTip(tr("The sweep's folder name; launching an existing sweep again continues it"));
    connect(name_, &QLineEdit::textChanged, this, &SweepsTab::updateLaunchButtons);
    root_ = new QLineEdit(sweepsRoot());
    root_->setObjectName(QStringLiteral("sweepsRoot"));
    auto* browse = new QPushButton(tr("Browse…"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder for sweeps"), root_->text());
        if (!dir.isEmpty()) setSweepsRoot(dir);
    });
    auto* rootRow = new QWidget;
    auto* rootLayout = new QHBoxLayout(rootRow);
    rootLayout->setContentsMargins(0, 0, 0, 0);
    rootLayout->addWidget(root_, 1);
    rootLayout->addWidget(browse);

    parallel_ = new QSpinBox;
    parallel_->setObjectName(QStringLiteral("sweepParallel"));
    parallel_->setRange(0, 256);
    parallel_->setSpecialValueText(tr("from the cores"));
    parallel_->setToolTip(tr("Cells trained at a time on this computer"));
    runLocal_ = new QPushButton(tr("Run Locally"));
    runLocal_->setObjectName(QStringLiteral("runLocal"));
    connect(runLocal_, &QPushButton::clicked, this, [this] { launch(SweepExecutor::Local); });

    partition_ = new QLineEdit;
    partition_->setObjectName(QStringLiteral("slurmPartition"));
    partition_->setPlaceholderText(tr("the cluster's default"));
    time_ = new QLineEdit;
    time_->setObjectName(QStringLiteral("slurmTime"));
    time_->setPlaceholderText(tr("e.g. 2:00:00"));
    submitSlurm_ = new QPushButton(tr("Submit to Slurm"));
    submitSlurm_->setObjectName(QStringLiteral("submitSlurm"));
    connect(submitSlurm_, &QPushButton::clicked, this, [this] { launch(SweepExecutor::Slurm); });
    slurmNote_ = noteLabel(QStringLiteral("slurmNote"));
    launchProblem_ = noteLabel(QStringLiteral("launchProblem"));
    launchProblem_->setStyleSheet(QStringLiteral("color: #b00020;"));

    auto* where = new QGroupBox(tr("Sweep"));
    auto* whereForm = new FormGrid(where);
    whereForm->addRow(tr("Name:"), name_);
    whereForm->addRow(tr("Folder:"), rootRow);
    auto* local = new QGroupBox(tr("On this computer"));
    auto* localForm = new FormGrid(local);
    localForm->addRow(tr("Cells at a time:"), parallel_);
    localForm->addRow(runLocal_);
    auto* slurm = new QGroupBox(tr("On a Slurm cluster"));
    auto* slurmForm = new FormGrid(slurm);
    slurmForm->addRow(tr("Partition:"), partition_);
    slurmForm->addRow(tr("Time limit:"), time_);
    slurmForm->addRow(submitSlurm_);
    slurmForm->addRow(slurmNote_);

    auto* panel = new QWidget;
    auto* layout = new QVBoxLayout(panel);
    layout->addWidget(grid);
    layout->addWidget(where);
    layout->addWidget(local);
    layout->addWidget(slurm);
    layout->addWidget(launchProblem_);
    layout->addStretch(1);
    auto* scroll = new QScrollArea;
    scroll->setWidget(panel);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    return scroll;
}

QWidget* SweepsTab::buildMonitorPanel() {
    sweeps_ = new QComboBox;
    sweeps_->setObjectName(QStringLiteral("sweepList"));
    sweeps_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    connect(sweeps_, &QComboBox::currentIndexChanged, this, [this] {
        model_->setStatus({});
        runFolders_.clear();
        aggregate_ = {};
        counts_->clear();
        launchLog_->hide();
        showFigure();
        QSettings().setValue(kCurrentKey, currentSweep());
        monitor_->setFolder(currentSweep());
        updateCellActions();
    });
    auto* forget = new QPushButton(tr("Forget"));
    forget->setToolTip(tr("Stop following this sweep here (its folder stays)"));
    connect(forget, &QPushButton::clicked, this, [this] { forgetSweep(currentSweep()); });
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Sweep:")));
    top->addWidget(sweeps_, 1);
    top->addWidget(forget);

    counts_ = new QLabel;
    counts_->setObjectName(QStringLiteral("sweepCounts"));
    counts_->setWordWrap(true);
    launchLog_ = noteLabel(QStringLiteral("sweepLaunchLog"));

    model_ = new SweepTableModel(this);
    table_ = new QTableView;
    table_->setObjectName(QStringLiteral("sweepCells"));
    table_->setModel(model_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionResizeMode(SweepTableModel::Cell, QHeaderView::Stretch);
    connect(table_, &QTableView::doubleClicked, this, [this] {
        if (const QString run = selectedRunFolder(); !run.isEmpty()) Q_EMIT runOpened(run);
    });
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &SweepsTab::updateCellActions);

    openRun_ = new QPushButton(tr("Open Run"));
    openRun_->setObjectName(QStringLiteral("openCellRun"));
    connect(openRun_, &QPushButton::clicked, this, [this] {
        if (const QString run = selectedRunFolder(); !run.isEmpty()) Q_EMIT runOpened(run);
    });
    cancel_ = new QPushButton(tr("Cancel Sweep"));
    cancel_->setObjectName(QStringLiteral("cancelSweep"));
    cancel_->setToolTip(tr("Stop the sweep's processes and Slurm jobs; Continue Sweep takes it up again"));
    connect(cancel_, &QPushButton::clicked, this, [this] {
        const QString error = SweepLauncher::cancel(currentSweep());
        counts_->setText(error.isEmpty() ? tr("Cancelling…") : error);
    });
    continue_ = new QPushButton(tr("Continue Sweep"));
    continue_->setObjectName(QStringLiteral("continueSweep"));
    continue_->setToolTip(tr("Run the cells not finished yet: stopped ones continue from their checkpoints"));
    connect(continue_, &QPushButton::clicked, this, [this] {
        const QString error = SweepLauncher::resume(currentSweep());
        counts_->setText(error.isEmpty() ? tr("Continuing…") : error);
        started_.start();
        updateCellActions();
    });
    auto* actions = new QHBoxLayout;
    actions->addWidget(openRun_);
    actions->addStretch(1);
    actions->addWidget(continue_);
    actions->addWidget(cancel_);

    task_ = new QComboBox;
    task_->setObjectName(QStringLiteral("sweepTask"));
    axis_ = new QComboBox;
    axis_->setObjectName(QStringLiteral("sweepAxis"));
    axis_->addItem(tr("Metric against sparsity"), static_cast<int>(SweepAxis::Sparsity));
    axis_->addItem(tr("Metric against Large-Sparse k"), static_cast<int>(SweepAxis::LargeSparse));
    for (auto* box : {task_, axis_})
        connect(box, &QComboBox::currentIndexChanged, this, &SweepsTab::showFigure);
    plot_ = new SweepPlot;
    plot_->setMinimumHeight(220);
    auto* figureTop = new QHBoxLayout;
    figureTop->addWidget(task_);
    figureTop->addWidget(axis_);
    figureTop->addStretch(1);
    auto* figure = new QWidget;
    auto* figureLayout = new QVBoxLayout(figure);
    figureLayout->setContentsMargins(0, 0, 0, 0);
    figureLayout->addLayout(figureTop);
    figureLayout->addWidget(plot_, 1);

    auto* cellsPanel = new QWidget;
    auto* cellsLayout = new QVBoxLayout(cellsPanel);
    cellsLayout->setContentsMargins(0, 0, 0, 0);
    cellsLayout->addLayout(top);
    cellsLayout->addWidget(counts_);
    cellsLayout->addWidget(launchLog_);
    cellsLayout->addWidget(table_, 1);
    cellsLayout->addLayout(actions);
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(cellsPanel);
    split->addWidget(figure);
    return split;
}

void SweepsTab::setBaseConfig(const QString& configJson) {
    editor_->setBaseConfig(configJson);
}

QString SweepsTab::sweepsRoot() const {
    const QString fallback =
        QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/sweeps");
    return QSettings().value(kRootKey, fallback).toString();
}

void SweepsTab::setSweepsRoot(const QString& folder) {
    QSettings().setValue(kRootKey, folder);
    root_->setText(folder);
}

QString SweepsTab::launchProblem() const {
    return launchProblem_->text();
}

void SweepsTab::updateLaunchButtons() {
    static const QRegularExpression folderName(QStringLiteral("^[A-Za-z0-9._+-]+$"));
    QString why = editor_->problem();
    if (why.isEmpty() && !folderName.match(name_->text()).hasMatch())
        why = tr("the sweep's name must be a folder name of letters, digits and . _ + -");
    if (why.isEmpty()) why = SweepLauncher::unavailableReason();
    const QString slurm = QString::fromStdString(slurmUnavailableReason());
    runLocal_->setEnabled(why.isEmpty());
    runLocal_->setToolTip(why.isEmpty() ? tr("Train the cells as processes on this computer, detached from the Studio")
                                        : tr("Not now: %1").arg(why));
    const QString slurmWhy = slurm.isEmpty() ? why : slurm;
    submitSlurm_->setEnabled(slurmWhy.isEmpty());
    submitSlurm_->setToolTip(slurmWhy.isEmpty() ? tr("Submit the cells as one Slurm job array")
                                                : tr("Not now: %1").arg(slurmWhy));
    slurmNote_->setText(tr("Slurm cannot be used from here: %1").arg(slurm));
    slurmNote_->setVisible(!slurm.isEmpty());
}

bool SweepsTab::launch(SweepExecutor executor) {
    updateLaunchButtons();
    QPushButton* button = executor == SweepExecutor::Local ? runLocal_ : submitSlurm_;
    SweepLaunch result;
    if (!button->isEnabled()) {
        result.error = button->toolTip();
    } else {
        auto doc = editor_->specDocument(name_->text());
        doc["output_dir"] = toCorePath(QDir(root_->text()).absolutePath());
        doc["local"] = {{"parallel", parallel_->value()}};
        nlohmann::ordered_json slurm = nlohmann::ordered_json::object();
        if (!partition_->text().trimmed().isEmpty()) slurm["partition"] = partition_->text().trimmed().toStdString();
        if (!time_->text().trimmed().isEmpty()) slurm["time"] = time_->text().trimmed().toStdString();
        if (!slurm.empty()) doc["slurm"] = slurm;
        QDir().mkpath(root_->text());
        result = SweepLauncher::launch(doc.dump(2), executor);
    }
    launchProblem_->setText(result.error);
    launchProblem_->setVisible(!result.error.isEmpty());
    if (!result.error.isEmpty()) return false;
    QSettings().setValue(kRootKey, root_->text());
    showSweep(result.folder);
    started_.start();
    updateCellActions();
    name_->setText(newSweepName());
    return true;
}

QString SweepsTab::currentSweep() const {
    return sweeps_->currentData().toString();
}

void SweepsTab::showSweep(const QString& folder) {
    const QString clean = QDir::cleanPath(QDir(folder).absolutePath());
    if (!folders_.contains(clean)) {
        folders_ << clean;
        sweeps_->addItem(QFileInfo(clean).fileName(), clean);
        sweeps_->setItemData(sweeps_->count() - 1, QDir::toNativeSeparators(clean), Qt::ToolTipRole);
        saveFolders();
    }
    sweeps_->setCurrentIndex(sweeps_->findData(clean));
}

void SweepsTab::forgetSweep(const QString& folder) {
    const int at = sweeps_->findData(folder);
    if (at < 0) return;
    folders_.removeAll(folder);
    saveFolders();
    sweeps_->removeItem(at);
}

void SweepsTab::saveFolders() const {
    QSettings().setValue(kFoldersKey, folders_);
}

void SweepsTab::showSnapshot(const SweepSnapshot& s) {
    if (s.folder != currentSweep()) return;
    if (!s.error.isEmpty()) {
        counts_->setText(tr("Cannot read the sweep: %1").arg(s.error));
        return;
    }
    model_->setStatus(s.status);
    runFolders_ = s.runFolders;
    aggregate_ = s.aggregate;

    counts_->setText(model_->countsText());
    launchLog_->setText(tr("Command line: %1").arg(s.launchLog));
    launchLog_->setVisible(!s.launchLog.isEmpty());

    const QString task = task_->currentText();
    QSignalBlocker block(task_);
    task_->clear();
    for (const auto& t : aggregate_.tasks)
        task_->addItem(QString::fromStdString(t.task));
    task_->setCurrentIndex(std::max(0, task_->findText(task)));
    task_->setVisible(task_->count() > 1);
    showFigure();
    updateCellActions();
}

void SweepsTab::showFigure() {
    const int at = task_->currentIndex();
    if (at < 0 || at >= static_cast<int>(aggregate_.tasks.size())) {
        plot_->setTask(TaskAggregate{}, SweepAxis::Sparsity);
        return;
    }
    plot_->setTask(aggregate_.tasks[static_cast<std::size_t>(at)],
                   static_cast<SweepAxis>(axis_->currentData().toInt()));
}

QString SweepsTab::selectedRunFolder() const {
    const auto rows = table_->selectionModel()->selectedRows();
    if (rows.isEmpty()) return {};
    const int index = model_->status().at(static_cast<std::size_t>(rows.front().row())).index;
    const QString run = runFolders_.value(index);
    // A cell that never started has no run folder yet.
    return QFileInfo::exists(QDir(run).filePath(QStringLiteral("config.json"))) ? run : QString();
}

void SweepsTab::updateCellActions() {
    openRun_->setEnabled(!selectedRunFolder().isEmpty());
    const bool known = !currentSweep().isEmpty() && model_->rowCount() > 0;
    cancel_->setEnabled(known && model_->isActive());
    // A command line just started shows no running cell for a moment: no
    // second one meanwhile.
    const bool starting = started_.isValid() && started_.elapsed() < 10000;
    continue_->setEnabled(known && !starting && !model_->isActive() && !model_->isDone());
}

} // namespace sa
