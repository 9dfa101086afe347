// ExperimentForm's AdapterFusion rows: the source run folders
// (adapter.fusion.sources) with Add… and Remove, the fusion preset and
// whether to prune the fusion layers, shown in place of the bottleneck while
// adapter.preset is "fusion". A folder is checked against the sources
// already chosen as it is added (core's fusionSourceRefusal), so a list that
// cannot train together is never built up.
#include "core_path.h"
#include "experiment_form.h"

#include "config_document.h"
#include "experiment/experiment_config.h"
#include "experiment/fusion_sources.h"
#include "form_grid.h"
#include "fusion_source_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include <string>
#include <vector>

namespace sa {

namespace {

const QString kFusionKey = QStringLiteral("fusion");
const QString kSourcesKey = QStringLiteral("sources");

bool isFusion(const QJsonObject& doc) {
    return doc.value(QStringLiteral("adapter")).toObject().value(QStringLiteral("preset")).toString() ==
           QLatin1String(kFusionPreset);
}

} // namespace

void ExperimentForm::buildFusionSources(FormGrid* form) {
    fusionList_ = new QListWidget;
    fusionList_->setObjectName(QStringLiteral("adapter.fusion.sources"));
    fusionList_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    fusionList_->setMaximumHeight(fusionList_->fontMetrics().height() * 6);
    auto* add = new QPushButton(tr("Add…"));
    add->setObjectName(QStringLiteral("adapter.fusion.add"));
    add->setToolTip(tr("A finished run of the same model, with the same adapters as the sources already chosen"));
    auto* remove = new QPushButton(tr("Remove"));
    remove->setObjectName(QStringLiteral("adapter.fusion.remove"));
    remove->setEnabled(false);
    fusionRefusal_ = newProblemLabel();
    fusionRefusal_->setObjectName(QStringLiteral("adapter.fusion.refusal"));

    connect(add, &QPushButton::clicked, this, &ExperimentForm::chooseFusionSource);
    connect(remove, &QPushButton::clicked, this, [this] {
        QStringList kept;
        for (int i = 0; i < fusionList_->count(); ++i)
            if (!fusionList_->item(i)->isSelected()) kept << fusionList_->item(i)->text();
        fusionRefusal_->hide();
        setFusionSources(kept);
    });
    connect(fusionList_, &QListWidget::itemSelectionChanged, remove,
            [this, remove] { remove->setEnabled(!fusionList_->selectedItems().isEmpty()); });

    auto* buttons = new QVBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    auto* row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(fusionList_, 1);
    row->addLayout(buttons);
    fusionBox_ = new QWidget;
    fusionBox_->setObjectName(QStringLiteral("adapter.fusion"));
    auto* box = new QVBoxLayout(fusionBox_);
    box->setContentsMargins(0, 0, 0, 0);
    box->addLayout(row);
    box->addWidget(fusionRefusal_);
    addField(form, QStringLiteral("adapter.fusion.sources"), tr("Source runs:"), fusionBox_);

    auto* preset =
        choice(QStringLiteral("adapter.fusion.preset"), {QStringLiteral("dynamic"), QStringLiteral("static")});
    {
        // A tooltip on the current item is a change of its data: the combo
        // would report a new text to a form not built yet.
        const QSignalBlocker quiet(preset);
        preset->setItemData(0, tr("AdapterHub's default: query, key and value matrices, with the value regulariser"),
                            Qt::ToolTipRole);
        preset->setItemData(1, tr("Query and key only: the attention mixes the sources' outputs as they are"),
                            Qt::ToolTipRole);
    }
    addField(form, QStringLiteral("adapter.fusion.preset"), tr("Fusion preset:"), preset);
    auto* prune = check(QStringLiteral("adapter.fusion.prune"), tr("Prune the fusion layers"));
    prune->setToolTip(tr("Prunes the fusion layers' query, key and value matrices with the Pruning section's method "
                         "and sparsity; the sources keep their own masks"));
    addField(form, QStringLiteral("adapter.fusion.prune"), QString(), prune);
}

QStringList ExperimentForm::fusionSources() const {
    QStringList out;
    const QJsonObject fusion = doc_.value(QStringLiteral("adapter")).toObject().value(kFusionKey).toObject();
    for (const QJsonValue& v : fusion.value(kSourcesKey).toArray())
        out << v.toString();
    return out;
}

void ExperimentForm::populateFusionSources() {
    fusionList_->clear();
    fusionList_->addItems(fusionSources());
    // A fusion run's adapters are its sources': the bottleneck does not apply.
    const bool fusion = isFusion(doc_);
    for (const auto& field : fields_) {
        bool shown = true;
        if (field.key.startsWith(QLatin1String("adapter.fusion.")))
            shown = fusion;
        else if (field.key == QLatin1String("adapter.bottleneck"))
            shown = !fusion;
        else
            continue;
        field.widget->setVisible(shown);
        if (field.label) field.label->setVisible(shown);
        if (!shown) field.problem->hide(); // when shown, showProblems decides
    }
    if (!fusion) fusionRefusal_->hide();
}

void ExperimentForm::setFusionSources(const QStringList& sources) {
    QJsonObject adapter = doc_.value(QStringLiteral("adapter")).toObject();
    QJsonObject fusion = adapter.value(kFusionKey).toObject();
    if (sources.isEmpty())
        fusion.remove(kSourcesKey); // core then asks for them at the list
    else
        fusion.insert(kSourcesKey, QJsonArray::fromStringList(sources));
    adapter.insert(kFusionKey, fusion);
    doc_.insert(QStringLiteral("adapter"), adapter);
    loadError_.clear();
    populating_ = true;
    populateFusionSources();
    populating_ = false;
    validate();
    Q_EMIT configChanged();
}

bool ExperimentForm::addFusionSource(const QString& runDir) {
    const QStringList chosen = fusionSources();
    std::vector<std::string> corePaths;
    for (const QString& source : chosen)
        corePaths.push_back(toCorePath(source));
    const std::string model = toCorePath(doc_.value(QStringLiteral("model")).toString());
    const std::string refusal = fusionSourceRefusal(toCorePath(runDir), corePaths, model);
    if (!refusal.empty()) {
        fusionRefusal_->setText(tr("Not added: %1").arg(fromCorePath(refusal)));
        fusionRefusal_->show();
        return false;
    }
    fusionRefusal_->hide();
    setFusionSources(chosen + QStringList{runDir});
    return true;
}

void ExperimentForm::chooseFusionSource() {
    // Runs go to output_dir: the sources are most likely there (the Runs
    // table's folder by default).
    const QStringList chosen = fusionSources();
    FusionSourceDialog dialog(doc_.value(QStringLiteral("output_dir")).toString(), chosen,
                              doc_.value(QStringLiteral("model")).toString(), this);
    if (dialog.exec() != QDialog::Accepted) return;
    // One at a time: each is checked against those added before it.
    for (const QString& run : dialog.picked())
        if (!addFusionSource(run)) break;
}

void ExperimentForm::keepFusionOverrides() {
    // Core's rule (adapterOverrides, as --set applies it): options equal to
    // the old fusion preset's re-derive from the new one, the user's stay.
    const QJsonDocument adapter(doc_.value(QStringLiteral("adapter")).toObject());
    const auto kept = adapterOverrides(adapter.toJson(QJsonDocument::Compact).toStdString());
    doc_.insert(QStringLiteral("adapter"), QJsonDocument::fromJson(QByteArray::fromStdString(kept)).object());
}

void ExperimentForm::keepFusionSection(const QString& preset) {
    QJsonObject adapter = doc_.value(QStringLiteral("adapter")).toObject();
    if (preset == QLatin1String(kFusionPreset)) {
        if (!adapter.contains(kFusionKey) && !setAsideFusion_.isEmpty()) adapter.insert(kFusionKey, setAsideFusion_);
    } else if (adapter.contains(kFusionKey)) {
        setAsideFusion_ = adapter.value(kFusionKey).toObject();
        adapter.remove(kFusionKey);
    }
    doc_.insert(QStringLiteral("adapter"), adapter);
}

} // namespace sa
