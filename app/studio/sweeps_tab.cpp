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
// Behind another tab the sweep is read less often: each read of a Slurm
// sweep asks squeue, which a cluster's controller answers for everyone.
constexpr int kShownInterval = 1500, kHiddenInterval = 15000;

} // namespace

QLabel* SweepsTab::noteLabel(const QString& objectName) {
    auto* label = new QLabel;
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->hide();
    return label;
}

SweepsTab::SweepsTab(QWidget* parent) : QWidget(parent) {
    monitor_ = new SweepMonitor(this);
    connect(monitor_, &SweepMonitor::updated, this, &SweepsTab::showSnapshot);

    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(buildLaunchPanel());
    splitter->addWidget(buildMonitorPanel());
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({420, 680});
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    // Sweeps of an earlier session are followed again, whether their
    // processes or Slurm jobs still run or not; folders deleted meanwhile go.
    const QString current = QSettings().value(kCurrentKey).toString();
    for (const QString& folder : QSettings().value(kFoldersKey).toStringList())
        if (QFileInfo::exists(QDir(folder).filePath(QStringLiteral("spec.json")))) showSweep(folder);
    if (folders_.contains(current)) showSweep(current);
    saveFolders();
    findTools();
    updateCellActions();
}

QWidget* SweepsTab::buildMonitorPanel() {
    sweeps_ = new QComboBox;
    sweeps_->setObjectName(QStringLiteral("sweepList"));
    sweeps_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    connect(sweeps_, &QComboBox::currentIndexChanged, this, [this] {
        model_->setStatus({});
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
    table_->setWordWrap(false);
    // The cell's name takes what the numbers leave.
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(SweepTableModel::Cell, QHeaderView::Stretch);
    connect(table_, &QTableView::doubleClicked, this, &SweepsTab::openSelectedRun);
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &SweepsTab::updateCellActions);

    openRun_ = new QPushButton(tr("Open Run"));
    openRun_->setObjectName(QStringLiteral("openCellRun"));
    connect(openRun_, &QPushButton::clicked, this, &SweepsTab::openSelectedRun);
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

void SweepsTab::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    findTools();
    monitor_->setInterval(kShownInterval);
    monitor_->refresh();
}

void SweepsTab::hideEvent(QHideEvent* event) {
    QWidget::hideEvent(event);
    monitor_->setInterval(kHiddenInterval);
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

void SweepsTab::openSelectedRun() {
    if (const QString run = selectedRunFolder(); !run.isEmpty()) Q_EMIT runOpened(run);
}

QString SweepsTab::selectedRunFolder() const {
    const auto rows = table_->selectionModel()->selectedRows();
    if (rows.isEmpty()) return {};
    // Empty for a cell that never started: its run was read only if it exists.
    return fromCorePath(model_->status().at(static_cast<std::size_t>(rows.front().row())).run.folder);
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
