#include "fusion_view.h"

#include "category_axis.h"
#include "plot_export.h"
#include "plot_palette.h"

#include <QFontMetrics>
#include <QLocale>
#include <QVBoxLayout>

#include "sa_qcustomplot.h"

#include <algorithm>
#include <limits>

namespace sa {

namespace {

const QSize kHiddenExportSize(800, 500);
// Viridis is dark below about this value and light above: the cell's text
// takes the contrasting colour.
constexpr double kDarkBelow = 0.6;

// A colour map dimension of one cell has no extent: it is drawn as two equal
// cells a half apart, which with the loose boundary covers -0.5 .. 0.5.
QCPRange cellRange(int count) {
    return count > 1 ? QCPRange(0, count - 1) : QCPRange(-0.25, 0.25);
}

QStringList labels(const std::vector<std::string>& names) {
    QStringList out;
    for (const std::string& name : names)
        out.append(QString::fromStdString(name));
    return out;
}

QString cellNumber(double value) {
    return QLocale().toString(value, 'f', 2);
}

} // namespace

FusionView::FusionView(QWidget* parent) : QWidget(parent) {
    plot_ = new QCustomPlot(this);
    plot_->setAccessibleName(tr("Fusion attention per site and source adapter"));
    plot_->setMinimumHeight(200);
    plot_->xAxis->setLabel(tr("source adapter"));
    plot_->yAxis->setLabel(tr("fusion site"));
    plot_->yAxis->setRangeReversed(true); // site 0 on top, as in the model
    styleCategoryAxis(plot_->xAxis);
    styleCategoryAxis(plot_->yAxis);
    plot_->plotLayout()->insertRow(0);
    caption_ = new QCPTextElement(plot_, QString());
    plot_->plotLayout()->addElement(0, 0, caption_);

    colorMap_ = new QCPColorMap(plot_->xAxis, plot_->yAxis);
    colorMap_->setInterpolate(false);
    colorMap_->setTightBoundary(false);
    colorScale_ = new QCPColorScale(plot_);
    plot_->plotLayout()->addElement(1, 1, colorScale_);
    colorScale_->setType(QCPAxis::atRight);
    colorScale_->axis()->setLabel(tr("mean attention probability"));
    colorMap_->setColorScale(colorScale_);
    colorScale_->setGradient(viridisGradient());
    // Fixed, not fitted to the data: the same colour means the same
    // probability at every evaluation and in every run.
    colorScale_->setDataRange(QCPRange(0.0, 1.0));
    auto* margins = new QCPMarginGroup(plot_);
    plot_->axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
    colorScale_->setMarginGroup(QCP::msTop | QCP::msBottom, margins);

    message_ = new QCPItemText(plot_);
    message_->position->setType(QCPItemPosition::ptAxisRectRatio);
    message_->position->setCoords(0.5, 0.5);
    message_->setPositionAlignment(Qt::AlignCenter);

    // After the layout, before drawing: the cells' size is known for the
    // size being drawn, the window's or an exported figure's.
    connect(plot_, &QCustomPlot::afterLayout, this, &FusionView::placeCellTexts);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);

    clear();
}

void FusionView::clear() {
    caption_->setText(tr("Fusion attention"));
    showMessage(tr("No evaluation yet"));
}

void FusionView::setAttention(const FusionAttention& attention, int64_t step) {
    caption_->setText(step >= 0 ? tr("Fusion attention at step %1").arg(QLocale().toString(qlonglong(step)))
                                : tr("Fusion attention"));
    if (attention.empty()) {
        showMessage(tr("No fusion layers in this run"));
        return;
    }
    // Labels and values that disagree are not drawn rather than read past
    // their end.
    if (attention.sites.empty() || attention.sources.empty() ||
        attention.values.size() != attention.sites.size() * attention.sources.size()) {
        showMessage(tr("The fusion attention's labels and values disagree"));
        return;
    }
    sites_ = labels(attention.sites);
    sources_ = labels(attention.sources);
    values_ = QVector<double>(attention.values.begin(), attention.values.end());
    message_->setVisible(false);
    rebuild();
}

void FusionView::showMessage(const QString& message) {
    sites_.clear();
    sources_.clear();
    values_.clear();
    message_->setText(message);
    message_->setVisible(true);
    rebuild();
}

QString FusionView::message() const {
    return message_->visible() ? message_->text() : QString();
}

double FusionView::cellValue(int site, int source) const {
    if (site < 0 || source < 0 || site >= siteCount() || source >= sourceCount())
        return std::numeric_limits<double>::quiet_NaN();
    return colorMap_->data()->cell(source, site);
}

QString FusionView::cellText(int site, int source) const {
    if (site < 0 || source < 0 || site >= siteCount() || source >= sourceCount()) return {};
    const QCPItemText* text = cellTexts_.value(site * sourceCount() + source);
    return text && text->visible() ? text->text() : QString();
}

bool FusionView::exportPlot(const QString& path) const {
    return exportPlotToFile(plot_, path, kHiddenExportSize);
}

void FusionView::rebuild() {
    const int rows = siteCount(), columns = sourceCount();
    QCPColorMapData* data = colorMap_->data();
    if (rows == 0 || columns == 0) {
        data->setSize(0, 0);
        colorMap_->setVisible(false);
    } else {
        const int keySize = std::max(columns, 2), valueSize = std::max(rows, 2);
        data->setSize(keySize, valueSize);
        data->setRange(cellRange(columns), cellRange(rows));
        for (int x = 0; x < keySize; ++x)
            for (int y = 0; y < valueSize; ++y)
                data->setCell(x, y, values_[std::min(y, rows - 1) * columns + std::min(x, columns - 1)]);
        colorMap_->setVisible(true);
    }

    for (QCPItemText* text : cellTexts_)
        plot_->removeItem(text);
    cellTexts_.clear();
    for (int row = 0; row < rows; ++row)
        for (int column = 0; column < columns; ++column) {
            const double value = values_[row * columns + column];
            auto* text = new QCPItemText(plot_);
            text->position->setType(QCPItemPosition::ptPlotCoords);
            text->position->setCoords(column, row);
            text->setPositionAlignment(Qt::AlignCenter);
            text->setText(cellNumber(value));
            text->setColor(value < kDarkBelow ? Qt::white : Qt::black);
            text->setClipToAxisRect(true);
            cellTexts_.append(text);
        }

    plot_->xAxis->setTicker(textTicker(sources_));
    plot_->yAxis->setTicker(textTicker(sites_));
    // Long task names side by side would overlap.
    plot_->xAxis->setTickLabelRotation(columns > 4 ? 30 : 0);
    plot_->xAxis->setRange(-0.5, std::max(columns, 1) - 0.5);
    plot_->yAxis->setRange(-0.5, std::max(rows, 1) - 0.5);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void FusionView::placeCellTexts() {
    if (cellTexts_.isEmpty()) return;
    const QRect area = plot_->axisRect()->rect();
    const QFontMetrics metrics(cellTexts_.front()->font());
    // The widest value ("0.00" in the locale) with a little room around it.
    const int needWidth = metrics.horizontalAdvance(cellNumber(0.0)) + 4;
    const int needHeight = metrics.height() + 2;
    const bool room = area.width() >= needWidth * sourceCount() && area.height() >= needHeight * siteCount();
    for (QCPItemText* text : cellTexts_)
        text->setVisible(room);
}

} // namespace sa
