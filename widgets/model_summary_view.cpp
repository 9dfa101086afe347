#include "model_summary_view.h"
#include "core_path.h"
#include "count_text.h"

#include <QFile>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QVBoxLayout>

namespace sa {

namespace {

void fillList(QListWidget* list, const std::vector<std::string>& items, bool paths) {
    list->clear();
    for (const auto& item : items)
        list->addItem(paths ? fromCorePath(item) : QString::fromStdString(item));
}

} // namespace

ModelSummaryView::ModelSummaryView(QWidget* parent) : QWidget(parent) {
    auto* form = new QFormLayout;
    directory_ = addRow(form, tr("Checkpoint:"));
    architecture_ = addRow(form, tr("Architecture:"));
    head_ = addRow(form, tr("Task head:"));
    layers_ = addRow(form, tr("Layers:"));
    hidden_ = addRow(form, tr("Hidden size:"));
    heads_ = addRow(form, tr("Attention heads:"));
    feedForward_ = addRow(form, tr("Feed-forward size:"));
    vocabSize_ = addRow(form, tr("Vocabulary size:"));
    maxPositions_ = addRow(form, tr("Max positions:"));
    labels_ = addRow(form, tr("Labels:"));
    parameters_ = addRow(form, tr("Parameters:"));
    weightsFormat_ = addRow(form, tr("Weights format:"));
    tokenizer_ = addRow(form, tr("Tokenizer:"));
    unused_ = addRow(form, tr("Unused checkpoint tensors:"));

    auto* filesBox = new QGroupBox(tr("Files read"));
    filesRead_ = new QListWidget;
    auto* filesLayout = new QVBoxLayout(filesBox);
    filesLayout->addWidget(filesRead_);

    // Head weights the checkpoint lacks are drawn at random: worth seeing
    // before a run, since only training makes them meaningful.
    initialisedBox_ = new QGroupBox(tr("Newly initialised (not in the checkpoint)"));
    initialisedHead_ = new QListWidget;
    auto* initialisedLayout = new QVBoxLayout(initialisedBox_);
    initialisedLayout->addWidget(initialisedHead_);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(filesBox, 1);
    layout->addWidget(initialisedBox_, 1);
}

QLabel* ModelSummaryView::addRow(QFormLayout* form, const QString& label) {
    auto* value = new QLabel;
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setWordWrap(true);
    form->addRow(label, value);
    return value;
}

void ModelSummaryView::setSummary(const ModelSummary& s) {
    directory_->setText(fromCorePath(s.directory));
    architecture_->setText(QString::fromStdString(s.modelType));
    head_->setText(QString::fromStdString(s.head));
    layers_->setText(s.decoderLayers > 0
                         ? tr("%1 encoder + %2 decoder").arg(countText(s.encoderLayers), countText(s.decoderLayers))
                         : countText(s.encoderLayers));
    hidden_->setText(countText(s.hidden));
    heads_->setText(countText(s.heads));
    feedForward_->setText(tr("%1 (%2)").arg(countText(s.intermediate), QString::fromStdString(s.activation)));
    vocabSize_->setText(countText(s.vocabSize));
    maxPositions_->setText(countText(s.maxPositions));
    labels_->setText(countText(s.numLabels));
    parameters_->setText(countText(s.parameters));
    weightsFormat_->setText(QString::fromStdString(s.weightsFormat));
    tokenizer_->setText(QString::fromStdString(s.tokenizer));
    unused_->setText(countText(static_cast<int64_t>(s.unexpected.size())));
    fillList(filesRead_, s.filesRead, true);
    fillList(initialisedHead_, s.initialisedHead, false);
    initialisedBox_->setVisible(!s.initialisedHead.empty());
}

} // namespace sa
