#include "fusion_source_dialog.h"
#include "core_path.h"

#include "error.h"
#include "experiment/fusion_sources.h"
#include "experiment/run_index.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

#include <string>
#include <vector>

namespace sa {

namespace {

constexpr int kFolderRole = Qt::UserRole;

std::vector<std::string> corePaths(const QStringList& folders) {
    std::vector<std::string> out;
    for (const QString& f : folders)
        out.push_back(toCorePath(f));
    return out;
}

} // namespace

FusionSourceDialog::FusionSourceDialog(const QString& runsRoot, const QStringList& chosen, const QString& model,
                                       QWidget* parent)
    : QDialog(parent), chosen_(chosen), model_(model) {
    setWindowTitle(tr("Add Source Runs"));
    auto* intro = new QLabel(tr("Runs of the same model whose adapters match the sources already chosen. "
                                "Greyed-out runs say why they cannot be fused (hover)."));
    intro->setWordWrap(true);
    list_ = new QListWidget;
    list_->setObjectName(QStringLiteral("fusionSourceRuns"));
    list_->setSelectionMode(QAbstractItemView::NoSelection);
    empty_ = new QLabel(tr("No runs in %1.").arg(QDir::toNativeSeparators(runsRoot)));
    empty_->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    auto* browseButton = buttons->addButton(tr("Browse…"), QDialogButtonBox::ActionRole);
    connect(browseButton, &QPushButton::clicked, this, &FusionSourceDialog::browse);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(list_, 1);
    layout->addWidget(empty_);
    layout->addWidget(buttons);
    fill(runsRoot);
}

void FusionSourceDialog::fill(const QString& runsRoot) {
    std::vector<RunRecord> runs;
    try {
        runs = listRuns(toCorePath(runsRoot));
    } catch (const Error&) {
        // No runs folder yet: the list stays empty and says so.
    }
    const auto chosen = corePaths(chosen_);
    for (const auto& run : runs) {
        const QString folder = fromCorePath(run.folder);
        if (chosen_.contains(folder)) continue;
        auto* item = new QListWidgetItem(QStringLiteral("%1  (%2, %3)")
                                             .arg(QString::fromStdString(run.name), QString::fromStdString(run.task),
                                                  QString::fromStdString(run.adapter)));
        item->setData(kFolderRole, folder);
        const QString refusal = fromCorePath(fusionSourceRefusal(run.folder, chosen, toCorePath(model_)));
        if (refusal.isEmpty()) {
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
            item->setCheckState(Qt::Unchecked);
            item->setToolTip(QDir::toNativeSeparators(folder));
        } else {
            item->setFlags(Qt::NoItemFlags); // greyed out, not checkable
            item->setToolTip(refusal);
        }
        list_->addItem(item);
    }
    empty_->setVisible(list_->count() == 0);
}

void FusionSourceDialog::browse() {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Add a Source Run"), QDir::homePath());
    if (folder.isEmpty()) return;
    const QString clean = QDir::cleanPath(folder);
    const QString refusal =
        fromCorePath(fusionSourceRefusal(toCorePath(clean), corePaths(chosen_ + picked()), toCorePath(model_)));
    if (!refusal.isEmpty()) {
        QMessageBox::warning(this, tr("Not a source for this fusion"), refusal);
        return;
    }
    auto* item = new QListWidgetItem(QDir::toNativeSeparators(clean));
    item->setData(kFolderRole, clean);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
    item->setCheckState(Qt::Checked);
    list_->addItem(item);
    empty_->hide();
}

QStringList FusionSourceDialog::picked() const {
    QStringList out;
    for (int i = 0; i < list_->count(); ++i)
        if (list_->item(i)->checkState() == Qt::Checked) out << list_->item(i)->data(kFolderRole).toString();
    return out;
}

int FusionSourceDialog::runCount() const {
    return list_->count();
}

bool FusionSourceDialog::isPickable(int row) const {
    return list_->item(row)->flags().testFlag(Qt::ItemIsUserCheckable);
}

QString FusionSourceDialog::refusal(int row) const {
    return isPickable(row) ? QString() : list_->item(row)->toolTip();
}

QString FusionSourceDialog::runFolder(int row) const {
    return list_->item(row)->data(kFolderRole).toString();
}

void FusionSourceDialog::setPicked(int row, bool picked) {
    if (isPickable(row)) list_->item(row)->setCheckState(picked ? Qt::Checked : Qt::Unchecked);
}

} // namespace sa
