// The Sweeps tab's left side: the grid over the form's config, the sweep's
// name and folder, and launching it locally or on Slurm. The fields come
// back as they were left (QSettings).
#include "sweeps_tab.h"

#include "core_path.h"
#include "experiment/slurm_executor.h"
#include "form_grid.h"
#include "sweep_grid_editor.h"

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace sa {

namespace {

const QString kRootKey = QStringLiteral("sweeps/root");
const QString kGridKey = QStringLiteral("sweeps/grid");
const QString kParallelKey = QStringLiteral("sweeps/parallel");
const QString kPartitionKey = QStringLiteral("sweeps/slurm_partition");
const QString kTimeKey = QStringLiteral("sweeps/slurm_time");

QString newSweepName() {
    return QStringLiteral("sweep-") + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
}

} // namespace

QWidget* SweepsTab::buildLaunchPanel() {
    editor_ = new SweepGridEditor;
    connect(editor_, &SweepGridEditor::evaluated, this, [this] {
        updateLaunchButtons();
        saveLaunchFields();
    });
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

    restoreLaunchFields();
    connect(parallel_, &QSpinBox::valueChanged, this, &SweepsTab::saveLaunchFields);
    for (auto* edit : {partition_, time_})
        connect(edit, &QLineEdit::editingFinished, this, &SweepsTab::saveLaunchFields);

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

void SweepsTab::restoreLaunchFields() {
    QSettings settings;
    // [["pruning.method", "snip, random"], …]: JSON, legible in the settings file.
    const auto rows = QJsonDocument::fromJson(settings.value(kGridKey).toString().toUtf8()).array();
    for (const QJsonValue& row : rows)
        if (row.toArray().size() == 2) editor_->addKey(row[0].toString(), row[1].toString());
    parallel_->setValue(settings.value(kParallelKey, 0).toInt());
    partition_->setText(settings.value(kPartitionKey).toString());
    time_->setText(settings.value(kTimeKey).toString());
}

void SweepsTab::saveLaunchFields() const {
    QJsonArray grid;
    for (int i = 0; i < editor_->keyCount(); ++i)
        grid.append(QJsonArray{editor_->keyBox(i)->currentText(), editor_->valuesEdit(i)->text()});
    QSettings settings;
    settings.setValue(kGridKey, QString::fromUtf8(QJsonDocument(grid).toJson(QJsonDocument::Compact)));
    settings.setValue(kParallelKey, parallel_->value());
    settings.setValue(kPartitionKey, partition_->text());
    settings.setValue(kTimeKey, time_->text());
}

QString SweepsTab::launchProblem() const {
    return launchProblem_->text();
}

void SweepsTab::findTools() {
    cliMissing_ = SweepLauncher::unavailableReason();
    slurmMissing_ = QString::fromStdString(slurmUnavailableReason());
    updateLaunchButtons();
}

QString SweepsTab::whyNot(SweepExecutor executor) const {
    static const QRegularExpression folderName(QStringLiteral("^[A-Za-z0-9._+-]+$"));
    if (executor == SweepExecutor::Slurm && !slurmMissing_.isEmpty()) return slurmMissing_;
    if (const QString grid = editor_->problem(); !grid.isEmpty()) return grid;
    if (!folderName.match(name_->text()).hasMatch())
        return tr("the sweep's name must be a folder name of letters, digits and . _ + -");
    return cliMissing_;
}

void SweepsTab::updateLaunchButtons() {
    const QString local = whyNot(SweepExecutor::Local), slurm = whyNot(SweepExecutor::Slurm);
    runLocal_->setEnabled(local.isEmpty());
    runLocal_->setToolTip(local.isEmpty()
                              ? tr("Train the cells as processes on this computer, detached from the Studio")
                              : tr("Not now: %1").arg(local));
    submitSlurm_->setEnabled(slurm.isEmpty());
    submitSlurm_->setToolTip(slurm.isEmpty() ? tr("Submit the cells as one Slurm job array")
                                             : tr("Not now: %1").arg(slurm));
    slurmNote_->setText(tr("Slurm cannot be used from here: %1").arg(slurmMissing_));
    slurmNote_->setVisible(!slurmMissing_.isEmpty());
}

bool SweepsTab::launch(SweepExecutor executor) {
    findTools();
    SweepLaunch result;
    if (const QString why = whyNot(executor); !why.isEmpty()) {
        result.error = tr("Not now: %1").arg(why);
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

} // namespace sa
