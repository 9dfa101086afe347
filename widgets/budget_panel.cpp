#include "budget_panel.h"
#include "category_axis.h"
#include "count_text.h"
#include "form_grid.h"

#include "sa_qcustomplot.h"
#include "sparsity/density.h"

#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

#include <algorithm>

namespace sa {

namespace {

QString percent(double p) {
    // Adapter budgets are often well under 1 % of the backbone: keep 3 decimals.
    return QLocale().toString(p, 'f', 3) + QStringLiteral(" %");
}

} // namespace

QString BudgetPanel::widthsText(const AdapterOptions& o) {
    QStringList parts;
    switch (o.attnMode) {
    case AttnMode::Adapter:
        parts << tr("attention adapter %1").arg(o.attnBn);
        break;
    case AttnMode::Lora:
        parts << tr("LoRA rank %1").arg(o.attnBn);
        break;
    case AttnMode::Prefix:
        parts << tr("prefix length %1").arg(o.attnBn);
        break;
    case AttnMode::None:
        break;
    }
    if (o.ffnMode == FfnMode::Adapter) parts << tr("FFN adapter %1").arg(o.ffnBn);
    return parts.isEmpty() ? tr("no adapters") : parts.join(QStringLiteral(", "));
}

BudgetPanel::BudgetPanel(QWidget* parent) : QWidget(parent) {
    status_ = new QLabel;
    status_->setWordWrap(true);
    status_->setStyleSheet(QStringLiteral("color: #b00020;"));
    status_->hide();

    // A FormGrid: the encoder/decoder row hides for encoder-only models.
    auto* form = new FormGrid(nullptr);
    backbone_ = addRow(form, tr("Backbone (frozen):"));
    trainable_ = addRow(form, tr("Trainable (nominal):"));
    effective_ = addRow(form, tr("Trainable (non-zero):"));
    prunable_ = addRow(form, tr("Prunable weights kept:"));
    sparsity_ = addRow(form, tr("Sparsity pruned to:"));
    widths_ = addRow(form, tr("Adapter widths:"));
    stacks_ = addRow(form, tr("Encoder / decoder:"));
    stacksLabel_ = form->labelForField(stacks_);
    sources_ = addRow(form, tr("Fused sources (frozen):"));
    sourcesLabel_ = form->labelForField(sources_);
    notes_ = new QLabel;
    notes_->setWordWrap(true);

    chart_ = new QCustomPlot;
    chart_->setObjectName(QStringLiteral("budgetChart"));
    chart_->setMinimumSize(260, 220);
    nominal_ = new QCPBars(chart_->xAxis, chart_->yAxis);
    nominal_->setName(tr("nominal"));
    nominal_->setBrush(QColor(0x90, 0xa4, 0xae));
    effectiveBars_ = new QCPBars(chart_->xAxis, chart_->yAxis);
    effectiveBars_->setName(tr("non-zero"));
    effectiveBars_->setBrush(QColor(0x1e, 0x88, 0xe5));
    auto* group = new QCPBarsGroup(chart_);
    nominal_->setBarsGroup(group);
    effectiveBars_->setBarsGroup(group);
    nominal_->setWidth(0.35);
    effectiveBars_->setWidth(0.35);
    chart_->yAxis->setLabel(tr("trainable parameters"));
    // The legend in a row of its own under the bars: a Large-Sparse bar is
    // as tall as the plot and would run under an inset legend.
    chart_->legend->setVisible(true);
    chart_->axisRect()->insetLayout()->take(chart_->legend);
    chart_->plotLayout()->addElement(1, 0, chart_->legend);
    chart_->plotLayout()->setRowStretchFactor(1, 0.001);
    chart_->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(status_);
    layout->addLayout(form);
    layout->addWidget(notes_);
    layout->addWidget(chart_, 1);
    setUnavailable(tr("No configuration yet."));
}

QLabel* BudgetPanel::addRow(FormGrid* form, const QString& label) {
    auto* value = new QLabel;
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(label, value);
    return value;
}

void BudgetPanel::setBudget(const ExperimentBudget& budget) {
    hasBudget_ = true;
    shown_ = budget.budget;
    shownSparsity_ = budget.sparsity;
    status_->hide();
    const auto& b = budget.budget;
    backbone_->setText(countText(b.backbone));
    trainable_->setText(tr("%1 (%2 of the backbone)").arg(countText(b.trainable()), percent(shownPercent())));
    effective_->setText(
        tr("%1 (%2 of the backbone)").arg(countText(b.effectiveTrainable()), percent(shownEffectivePercent())));
    prunable_->setText(tr("%1 of %2").arg(countText(b.adapterWeightsKept), countText(b.adapterWeights)));
    sparsity_->setText(QLocale().toString(100.0 * budget.sparsity, 'f', 2) + QStringLiteral(" %"));
    widths_->setText(widthsText(budget.adapter));
    const auto [encoder, decoder] = shownEncoderDecoder();
    stacks_->setText(tr("%1 in the encoder, %2 in the decoder (self- and cross-attention)")
                         .arg(countText(encoder), countText(decoder)));
    stacks_->setVisible(decoder > 0);
    if (stacksLabel_) stacksLabel_->setVisible(decoder > 0);
    // A fusion run trains its fusion layers (the rows above) over frozen sources.
    const auto& fused = b.fusedSources;
    const bool fusion = fused.count > 0;
    if (fusion) {
        widths_->setText(tr("fusion over %n source(s) with %1", nullptr, static_cast<int>(fused.count))
                             .arg(widthsText(budget.adapter)));
        sources_->setText(
            tr("%1 weights kept of %2, %3 biases and norms")
                .arg(countText(fused.weightsKept), countText(fused.weights), countText(fused.biasesAndNorms)));
    }
    sources_->setVisible(fusion);
    if (sourcesLabel_) sourcesLabel_->setVisible(fusion);
    QStringList notes;
    if (b.trainHead) notes << tr("Includes the task head (%1), trained with the adapters.").arg(countText(b.head));
    for (const auto& n : b.notes)
        notes << QString::fromStdString(n);
    notes_->setText(notes.join(QLatin1Char('\n')));
    notes_->setVisible(!notes.isEmpty());
    updateChart(budget);
}

void BudgetPanel::setUnavailable(const QString& reason) {
    hasBudget_ = false;
    shown_ = ParameterBudget{};
    shownSparsity_ = 0.0;
    status_->setText(tr("No budget: %1").arg(reason));
    status_->show();
    for (auto* label : {backbone_, trainable_, effective_, prunable_, sparsity_, widths_})
        label->setText(QStringLiteral("–"));
    notes_->hide();
    stacks_->hide();
    if (stacksLabel_) stacksLabel_->hide();
    sources_->hide();
    if (sourcesLabel_) sourcesLabel_->hide();
    categories_.clear();
    nominal_->data()->clear();
    effectiveBars_->data()->clear();
    chart_->replot();
}

std::pair<int64_t, int64_t> BudgetPanel::shownEncoderDecoder() const {
    const int64_t decoder = shown_.decoderSiteParameters();
    return {decoder > 0 ? shown_.adapterWeights + shown_.biasesAndNorms - decoder : 0, decoder};
}

void BudgetPanel::updateChart(const ExperimentBudget& budget) {
    struct Bar {
        QString name;
        const ParameterBudget* budget;
    };
    const QString sparse = QLocale().toString(100.0 * sparsityFromDensity(budget.sparse.density), 'f', 0);
    // A fusion run compares all-dense (sources and fusion layers) with its
    // sources as trained and the fusion layers pruned, each counted with
    // the sources: what the fused model holds, not only what it trains.
    const bool fusion = budget.budget.fusedSources.count > 0;
    std::vector<Bar> bars{
        {fusion ? tr("dense fusion") : tr("dense"), &budget.dense},
        {fusion ? tr("sparse fusion %1 %").arg(sparse) : tr("sparse %1 %").arg(sparse), &budget.sparse}};
    if (budget.largeSparse) bars.push_back({tr("Large-Sparse ×%1").arg(budget.largeSparseK), &*budget.largeSparse});
    chart_->yAxis->setLabel(fusion ? tr("adapter parameters (sources + fusion)") : tr("trainable parameters"));

    categories_.clear();
    QVector<double> keys, nominal, effective;
    for (std::size_t i = 0; i < bars.size(); ++i) {
        categories_ << bars[i].name;
        keys << static_cast<double>(i);
        const auto& sources = bars[i].budget->fusedSources;
        nominal << static_cast<double>(bars[i].budget->trainable() + sources.parameters());
        effective << static_cast<double>(bars[i].budget->effectiveTrainable() + sources.nonZeros());
    }
    nominal_->setData(keys, nominal, true);
    effectiveBars_->setData(keys, effective, true);
    chart_->xAxis->setTicker(textTicker(categories_));
    chart_->xAxis->setRange(-0.6, static_cast<double>(bars.size()) - 0.4);
    double top = 0.0;
    for (double v : nominal)
        top = std::max(top, v);
    chart_->yAxis->setRange(0.0, top > 0.0 ? top * 1.15 : 1.0);
    chart_->replot();
}

QString BudgetPanel::shownFusedSources() const {
    return sources_->isHidden() ? QString() : sources_->text();
}

QVector<double> BudgetPanel::nominalBars() const {
    QVector<double> out;
    for (auto it = nominal_->data()->constBegin(); it != nominal_->data()->constEnd(); ++it)
        out << it->value;
    return out;
}

QVector<double> BudgetPanel::effectiveBars() const {
    QVector<double> out;
    for (auto it = effectiveBars_->data()->constBegin(); it != effectiveBars_->data()->constEnd(); ++it)
        out << it->value;
    return out;
}

} // namespace sa
