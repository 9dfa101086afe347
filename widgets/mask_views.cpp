#include "mask_views.h"

#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QSplitter>
#include <QVBoxLayout>

#include "category_axis.h"
#include "mask_matrix_view.h"
#include "plot_export.h"
#include "plot_palette.h"
#include "sa_qcustomplot.h"
#include "score_histogram_view.h"
#include "sparsity/mask_statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sa {

namespace {

// Exports of a plot that is not on screen (its size is then meaningless).
const QSize kHiddenExportSize(800, 500);
// Layer indices above this are not believed (a name such as "layer.99999999"
// would otherwise allocate that many rows): such masks go to "other".
constexpr int kMaxLayerIndex = 1023;

enum class Stack { Encoder, Decoder, Other };

struct ParsedName {
    Stack stack = Stack::Other;
    int layer = -1;
    QString column;
};

// The known module kinds, in display order; unknown kinds follow, sorted.
const QStringList& knownColumns() {
    static const QStringList columns{
        QStringLiteral("attn down"),    QStringLiteral("attn up"),         QStringLiteral("self attn down"),
        QStringLiteral("self attn up"), QStringLiteral("cross attn down"), QStringLiteral("cross attn up"),
        QStringLiteral("ffn down"),     QStringLiteral("ffn up"),          QStringLiteral("LoRA q A"),
        QStringLiteral("LoRA q B"),     QStringLiteral("LoRA v A"),        QStringLiteral("LoRA v B")};
    return columns;
}

// Where a mask sits, by core's one parser of mask names
// (sparsity/mask_statistics.h): "…encoder.layer.3.attention.output.
// ef_attn_adapter.down_mask" → encoder layer 3, "attn down"; BART's
// "…decoder.layers.1.encoder_attn.ef_attn_adapter.up_mask" → decoder layer
// 1, "cross attn up".
ParsedName parseMaskName(const QString& name) {
    const auto site = parseMaskedSite(name.toStdString());
    ParsedName parsed;
    if (site.layer >= 0 && site.layer <= kMaxLayerIndex) {
        parsed.layer = site.layer;
        parsed.stack = site.stack == LayerStack::Decoder ? Stack::Decoder : Stack::Encoder;
    }
    const QString part = QString::fromLatin1(maskedPartName(site.part));
    switch (site.module) {
    case MaskedModule::AttentionAdapter:
        parsed.column = QStringLiteral("attn ") + part;
        break;
    case MaskedModule::SelfAttentionAdapter:
        parsed.column = QStringLiteral("self attn ") + part;
        break;
    case MaskedModule::CrossAttentionAdapter:
        parsed.column = QStringLiteral("cross attn ") + part;
        break;
    case MaskedModule::FfnAdapter:
        parsed.column = QStringLiteral("ffn ") + part;
        break;
    case MaskedModule::LoraQuery:
        parsed.column = QStringLiteral("LoRA q ") + part;
        break;
    case MaskedModule::LoraValue:
        parsed.column = QStringLiteral("LoRA v ") + part;
        break;
    case MaskedModule::Other: {
        // Unknown kinds by their last two name parts.
        const QStringList parts = name.split(QLatin1Char('.'));
        parsed.column = parts.size() >= 2 ? parts[parts.size() - 2] + QLatin1Char('.') + parts.last() : name;
        if (parsed.column.isEmpty()) parsed.column = QStringLiteral("?");
        break;
    }
    }
    return parsed;
}

// Weights a mask covers: rows × cols, or its value count where the shape is
// missing or absurd.
int64_t maskSize(const MaskTensor& tensor) {
    if (tensor.rows > 0 && tensor.cols > 0 && tensor.rows <= std::numeric_limits<int64_t>::max() / tensor.cols)
        return tensor.rows * tensor.cols;
    return static_cast<int64_t>(tensor.values.size());
}

} // namespace

MaskViews::MaskViews(QWidget* parent) : QWidget(parent) {
    title_ = new QLabel;
    title_->setWordWrap(true);
    title_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    // Heatmap: one cell per layer and module kind, coloured by the fraction
    // kept, with its scale on the right.
    heatmap_ = new QCustomPlot(this);
    heatmap_->setAccessibleName(tr("Kept fraction per layer and module"));
    heatmap_->setMinimumHeight(200);
    heatmap_->yAxis->setLabel(tr("layer"));
    heatmap_->yAxis->setRangeReversed(true); // layer 0 on top, as in the model
    styleCategoryAxis(heatmap_->xAxis);
    styleCategoryAxis(heatmap_->yAxis);
    heatmap_->xAxis->setTickLabelRotation(30);
    colorMap_ = new QCPColorMap(heatmap_->xAxis, heatmap_->yAxis);
    colorMap_->setInterpolate(false);
    colorMap_->setTightBoundary(false);
    colorScale_ = new QCPColorScale(heatmap_);
    heatmap_->plotLayout()->addElement(0, 1, colorScale_);
    colorScale_->setType(QCPAxis::atRight);
    colorScale_->axis()->setLabel(tr("kept fraction"));
    colorMap_->setColorScale(colorScale_);
    QCPColorGradient gradient = viridisGradient();
    gradient.setNanHandling(QCPColorGradient::nhTransparent); // no mask of that kind
    colorScale_->setGradient(gradient);
    colorScale_->setDataRange(QCPRange(0.0, 1.0));
    auto* margins = new QCPMarginGroup(heatmap_);
    heatmap_->axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
    colorScale_->setMarginGroup(QCP::msTop | QCP::msBottom, margins);

    // Bars: weights kept per layer.
    barChart_ = new QCustomPlot(this);
    barChart_->setAccessibleName(tr("Weights kept per layer"));
    barChart_->setMinimumHeight(150);
    barChart_->xAxis->setLabel(tr("layer"));
    barChart_->yAxis->setLabel(tr("kept weights"));
    styleCategoryAxis(barChart_->xAxis);
    bars_ = new QCPBars(barChart_->xAxis, barChart_->yAxis);
    bars_->setName(tr("kept weights"));
    bars_->setWidth(0.7);
    bars_->setPen(QPen(QColor(0x1f77b4)));
    bars_->setBrush(QColor(0x1f77b4).lighter(130));

    matrixView_ = new MaskMatrixView;
    scoreView_ = new ScoreHistogramView;
    connect(heatmap_, &QCustomPlot::mousePress, this, &MaskViews::selectClickedCell);

    // Two by two: the overview beside the chosen matrix, the per-layer
    // counts beside the scores.
    auto* top = new QSplitter(Qt::Horizontal);
    top->addWidget(heatmap_);
    top->addWidget(matrixView_);
    top->setChildrenCollapsible(false);
    auto* bottom = new QSplitter(Qt::Horizontal);
    bottom->addWidget(barChart_);
    bottom->addWidget(scoreView_);
    bottom->setChildrenCollapsible(false);
    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(top);
    splitter->addWidget(bottom);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

    // A round that kept other than asked says so above everything else.
    warning_ = new QLabel;
    warning_->setWordWrap(true);
    warning_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    warning_->setStyleSheet(QStringLiteral("QLabel { color: #b00020; font-weight: bold; }"));
    warning_->hide();

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(warning_);
    layout->addWidget(title_);
    layout->addWidget(splitter, 1);

    clear();
}

QString MaskViews::title() const {
    return title_->text();
}

QString MaskViews::warningText() const {
    return warning_->isHidden() ? QString() : warning_->text();
}

void MaskViews::clear() {
    columns_.clear();
    rowLabels_.clear();
    cells_.clear();
    rowKept_.clear();
    tensorCells_.clear();
    tensorNames_.clear();
    title_->setText(tr("No pruning round yet."));
    warning_->clear();
    warning_->hide();
    matrixView_->clear();
    scoreView_->clear();
    rebuildPlots();
}

void MaskViews::setMasks(const MaskEvent& event) {
    std::vector<ParsedName> parsed;
    parsed.reserve(event.tensors.size());
    int encoderLayers = 0, decoderLayers = 0;
    bool other = false;
    QStringList present;
    for (const MaskTensor& tensor : event.tensors) {
        parsed.push_back(parseMaskName(QString::fromStdString(tensor.name)));
        const ParsedName& name = parsed.back();
        if (name.stack == Stack::Encoder) encoderLayers = std::max(encoderLayers, name.layer + 1);
        if (name.stack == Stack::Decoder) decoderLayers = std::max(decoderLayers, name.layer + 1);
        if (name.stack == Stack::Other) other = true;
        if (!present.contains(name.column)) present.append(name.column);
    }

    // Known kinds in their fixed order, then the unknown ones sorted.
    columns_.clear();
    for (const QString& column : knownColumns())
        if (present.contains(column)) columns_.append(column);
    QStringList unknown;
    for (const QString& column : present)
        if (!knownColumns().contains(column)) unknown.append(column);
    unknown.sort();
    columns_ += unknown;

    rowLabels_.clear();
    const bool seq2seq = decoderLayers > 0;
    for (int i = 0; i < encoderLayers; ++i)
        rowLabels_.append(seq2seq ? tr("enc %1").arg(i) : QString::number(i));
    for (int i = 0; i < decoderLayers; ++i)
        rowLabels_.append(tr("dec %1").arg(i));
    if (other) rowLabels_.append(tr("other"));

    cells_.clear();
    tensorCells_.clear();
    tensorNames_.clear();
    rowKept_ = QVector<int64_t>(rowLabels_.size(), 0);
    const int columnCount = static_cast<int>(columns_.size());
    for (size_t i = 0; i < event.tensors.size(); ++i) {
        const MaskTensor& tensor = event.tensors[i];
        const ParsedName& name = parsed[i];
        int row = encoderLayers + decoderLayers; // other
        if (name.stack == Stack::Encoder) row = name.layer;
        if (name.stack == Stack::Decoder) row = encoderLayers + name.layer;
        const int64_t total = maskSize(tensor);
        const int64_t kept = std::clamp<int64_t>(tensor.kept, 0, total);
        const int key = row * columnCount + static_cast<int>(columns_.indexOf(name.column));
        tensorCells_.append(key);
        tensorNames_.append(QString::fromStdString(tensor.name));
        Cell& cell = cells_[key];
        cell.kept += kept;
        cell.total += total;
        rowKept_[row] += kept;
    }

    const QLocale locale;
    const double percent = event.total > 0 ? 100.0 * static_cast<double>(event.kept) / event.total : 0.0;
    title_->setText(tr("Pruning round %1 of %2 (epoch %3): %4 of %5 adapter weights kept (%6 %)")
                        .arg(event.iteration + 1)
                        .arg(event.iterations)
                        .arg(event.epoch + 1)
                        .arg(locale.toString(static_cast<qlonglong>(event.kept)),
                             locale.toString(static_cast<qlonglong>(event.total)), locale.toString(percent, 'f', 1)));
    QStringList warnings;
    for (const auto& warning : event.warnings)
        warnings << tr("Warning: %1").arg(QString::fromStdString(warning));
    warning_->setText(warnings.join(QLatin1Char('\n')));
    warning_->setVisible(!warnings.isEmpty());
    matrixView_->setMasks(event.tensors);
    scoreView_->setScores(event.scores);
    rebuildPlots();
}

QStringList MaskViews::matrixNames() const {
    return matrixView_->matrixNames();
}

void MaskViews::selectMatrix(const QString& name) {
    matrixView_->selectMatrix(name);
}

QString MaskViews::selectedMatrix() const {
    return matrixView_->selectedMatrix();
}

double MaskViews::matrixCell(int64_t row, int64_t col) const {
    return matrixView_->cellValue(row, col);
}

bool MaskViews::selectCell(int layer, const QString& column) {
    const int index = static_cast<int>(columns_.indexOf(column));
    if (layer < 0 || layer >= layerCount() || index < 0) return false;
    const int position = static_cast<int>(tensorCells_.indexOf(layer * static_cast<int>(columns_.size()) + index));
    if (position < 0) return false;
    matrixView_->selectMatrix(tensorNames_[position]);
    return true;
}

void MaskViews::selectClickedCell(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || !heatmap_->axisRect()->rect().contains(event->position().toPoint()))
        return;
    const double x = heatmap_->xAxis->pixelToCoord(event->position().x());
    const double y = heatmap_->yAxis->pixelToCoord(event->position().y());
    const int column = static_cast<int>(std::lround(x));
    if (column < 0 || column >= columns_.size()) return;
    selectCell(static_cast<int>(std::lround(y)), columns_[column]);
}

int MaskViews::histogramBinCount() const {
    return scoreView_->binCount();
}

double MaskViews::shownThreshold() const {
    return scoreView_->shownThreshold();
}

QCustomPlot* MaskViews::matrixPlot() const {
    return matrixView_->plot();
}

QCustomPlot* MaskViews::histogramPlot() const {
    return scoreView_->plot();
}

double MaskViews::cellDensity(int layer, const QString& column) const {
    const int index = static_cast<int>(columns_.indexOf(column));
    if (layer < 0 || layer >= layerCount() || index < 0) return std::numeric_limits<double>::quiet_NaN();
    const auto it = cells_.constFind(layer * static_cast<int>(columns_.size()) + index);
    if (it == cells_.constEnd() || it->total <= 0) return std::numeric_limits<double>::quiet_NaN();
    return static_cast<double>(it->kept) / static_cast<double>(it->total);
}

int64_t MaskViews::keptInLayer(int layer) const {
    return layer >= 0 && layer < rowKept_.size() ? rowKept_[layer] : 0;
}

void MaskViews::rebuildPlots() {
    const int columnCount = static_cast<int>(columns_.size());
    const int rowCount = layerCount();

    // A colour map dimension of one cell has no extent (its range is a
    // point): such a dimension is drawn as two equal cells a half apart,
    // which with the loose boundary covers -0.5 .. 0.5 like one cell would.
    QCPColorMapData* data = colorMap_->data();
    if (columnCount == 0 || rowCount == 0) {
        data->setSize(0, 0);
        colorMap_->setVisible(false);
    } else {
        const int keySize = std::max(columnCount, 2);
        const int valueSize = std::max(rowCount, 2);
        data->setSize(keySize, valueSize);
        data->setRange(columnCount > 1 ? QCPRange(0, columnCount - 1) : QCPRange(-0.25, 0.25),
                       rowCount > 1 ? QCPRange(0, rowCount - 1) : QCPRange(-0.25, 0.25));
        for (int x = 0; x < keySize; ++x)
            for (int y = 0; y < valueSize; ++y)
                data->setCell(x, y,
                              cellDensity(std::min(y, rowCount - 1), columns_.value(std::min(x, columnCount - 1))));
        colorMap_->setVisible(true);
    }
    heatmap_->xAxis->setTicker(textTicker(columns_));
    heatmap_->yAxis->setTicker(textTicker(rowLabels_));
    heatmap_->xAxis->setRange(-0.5, std::max(columnCount, 1) - 0.5);
    heatmap_->yAxis->setRange(-0.5, std::max(rowCount, 1) - 0.5);

    QVector<double> keys, values;
    double most = 0.0;
    for (int row = 0; row < rowCount; ++row) {
        keys.append(row);
        values.append(static_cast<double>(rowKept_[row]));
        most = std::max(most, values.back());
    }
    bars_->setData(keys, values, true);
    barChart_->xAxis->setTicker(textTicker(rowLabels_));
    barChart_->xAxis->setTickLabelRotation(rowLabels_.size() > 12 ? 60 : 0);
    barChart_->xAxis->setRange(-0.5, std::max(rowCount, 1) - 0.5);
    barChart_->yAxis->setRange(0.0, most > 0 ? most * 1.1 : 1.0);

    heatmap_->replot(QCustomPlot::rpQueuedReplot);
    barChart_->replot(QCustomPlot::rpQueuedReplot);
}

bool MaskViews::exportPlot(QCustomPlot* plot, const QString& path) const {
    return exportPlotToFile(plot, path, kHiddenExportSize);
}

} // namespace sa
