#include "mask_matrix_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

#include "sa_qcustomplot.h"

#include <algorithm>
#include <limits>

namespace sa {

namespace {

const QColor kKeptColor(0x1f77b4);
const QColor kPrunedColor(0xe6e6e6);

// Rows × cols when the values are all there; a mask whose shape and values
// disagree is not drawn rather than read past its end.
bool drawable(const MaskTensor& tensor) {
    return tensor.rows > 0 && tensor.cols > 0 && tensor.rows <= std::numeric_limits<int64_t>::max() / tensor.cols &&
           static_cast<uint64_t>(tensor.rows * tensor.cols) == tensor.values.size();
}

// A colour map dimension of one cell has no extent: it is drawn as two equal
// cells a half apart, which with the loose boundary covers -0.5 .. 0.5.
QCPRange cellRange(int64_t count) {
    return count > 1 ? QCPRange(0, static_cast<double>(count - 1)) : QCPRange(-0.25, 0.25);
}

} // namespace

MaskMatrixView::MaskMatrixView(QWidget* parent) : QWidget(parent) {
    names_ = new QComboBox;
    names_->setAccessibleName(tr("Mask matrix"));
    // Official names are long; the list shows them whole.
    names_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    names_->setMinimumContentsLength(24);
    shape_ = new QLabel;

    plot_ = new QCustomPlot(this);
    plot_->setAccessibleName(tr("Kept and pruned weights of one mask"));
    plot_->setMinimumHeight(150);
    plot_->xAxis->setLabel(tr("column"));
    plot_->yAxis->setLabel(tr("row"));
    plot_->yAxis->setRangeReversed(true); // row 0 on top, as the matrix is written
    plot_->xAxis->grid()->setVisible(false);
    plot_->yAxis->grid()->setVisible(false);
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot_->axisRect()->setRangeDrag(Qt::Horizontal | Qt::Vertical);
    plot_->axisRect()->setRangeZoom(Qt::Horizontal | Qt::Vertical);
    image_ = new QCPColorMap(plot_->xAxis, plot_->yAxis);
    image_->setInterpolate(false);
    image_->setTightBoundary(false);
    scale_ = new QCPColorScale(plot_);
    plot_->plotLayout()->addElement(0, 1, scale_);
    scale_->setType(QCPAxis::atRight);
    scale_->setBarWidth(10);
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    ticker->addTick(0.0, tr("pruned"));
    ticker->addTick(1.0, tr("kept"));
    scale_->axis()->setTicker(ticker);
    image_->setColorScale(scale_);
    QCPColorGradient gradient;
    gradient.setColorStops({{0.0, kPrunedColor}, {1.0, kKeptColor}});
    gradient.setLevelCount(2);
    scale_->setGradient(gradient);
    scale_->setDataRange(QCPRange(0.0, 1.0));
    auto* margins = new QCPMarginGroup(plot_);
    plot_->axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
    scale_->setMarginGroup(QCP::msTop | QCP::msBottom, margins);

    connect(plot_, &QCustomPlot::mouseDoubleClick, this, [this] { resetZoom(); });
    connect(names_, &QComboBox::currentIndexChanged, this, [this] {
        showSelected(false);
        Q_EMIT matrixSelected(selectedMatrix());
    });

    auto* top = new QHBoxLayout;
    top->addWidget(names_, 1);
    top->addWidget(shape_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(plot_, 1);

    clear();
}

void MaskMatrixView::clear() {
    setMasks({});
}

void MaskMatrixView::setMasks(const std::vector<MaskTensor>& tensors) {
    const MaskTensor* before = selected();
    const QString name = before ? QString::fromStdString(before->name) : QString();
    const int64_t rows = before ? before->rows : -1, cols = before ? before->cols : -1;
    tensors_ = tensors;
    {
        const QSignalBlocker blocker(names_);
        names_->clear();
        for (const MaskTensor& tensor : tensors_)
            names_->addItem(QString::fromStdString(tensor.name));
        const int index = static_cast<int>(names_->findText(name, Qt::MatchExactly));
        names_->setCurrentIndex(index >= 0 ? index : (tensors_.empty() ? -1 : 0));
    }
    const MaskTensor* now = selected();
    const bool same = now && QString::fromStdString(now->name) == name && now->rows == rows && now->cols == cols;
    showSelected(same);
    if (!same) Q_EMIT matrixSelected(selectedMatrix());
}

QStringList MaskMatrixView::matrixNames() const {
    QStringList out;
    for (const MaskTensor& tensor : tensors_)
        out.append(QString::fromStdString(tensor.name));
    return out;
}

void MaskMatrixView::selectMatrix(const QString& name) {
    const int index = static_cast<int>(names_->findText(name, Qt::MatchExactly));
    if (index >= 0) names_->setCurrentIndex(index);
}

QString MaskMatrixView::selectedMatrix() const {
    const MaskTensor* tensor = selected();
    return tensor ? QString::fromStdString(tensor->name) : QString();
}

const MaskTensor* MaskMatrixView::selected() const {
    const int index = names_->currentIndex();
    return index >= 0 && static_cast<std::size_t>(index) < tensors_.size() ? &tensors_[static_cast<std::size_t>(index)]
                                                                           : nullptr;
}

double MaskMatrixView::cellValue(int64_t row, int64_t col) const {
    if (row < 0 || col < 0 || row >= shownRows_ || col >= shownCols_) return std::numeric_limits<double>::quiet_NaN();
    return image_->data()->cell(static_cast<int>(col), static_cast<int>(row));
}

void MaskMatrixView::resetZoom() {
    plot_->xAxis->setRange(-0.5, static_cast<double>(std::max<int64_t>(shownCols_, 1)) - 0.5);
    plot_->yAxis->setRange(-0.5, static_cast<double>(std::max<int64_t>(shownRows_, 1)) - 0.5);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void MaskMatrixView::showSelected(bool keepZoom) {
    const MaskTensor* tensor = selected();
    QCPColorMapData* data = image_->data();
    if (!tensor || !drawable(*tensor)) {
        shownRows_ = shownCols_ = 0;
        data->setSize(0, 0);
        image_->setVisible(false);
        shape_->setText(tensor ? tr("shape and values disagree") : QString());
        names_->setToolTip(tensor ? QString::fromStdString(tensor->name) : QString());
        resetZoom();
        return;
    }
    shownRows_ = tensor->rows;
    shownCols_ = tensor->cols;
    const int keySize = static_cast<int>(std::max<int64_t>(shownCols_, 2));
    const int valueSize = static_cast<int>(std::max<int64_t>(shownRows_, 2));
    data->setSize(keySize, valueSize);
    data->setRange(cellRange(shownCols_), cellRange(shownRows_));
    for (int y = 0; y < valueSize; ++y) {
        const int64_t row = std::min<int64_t>(y, shownRows_ - 1);
        for (int x = 0; x < keySize; ++x) {
            const int64_t col = std::min<int64_t>(x, shownCols_ - 1);
            data->setCell(x, y, tensor->values[static_cast<std::size_t>(row * shownCols_ + col)] ? 1.0 : 0.0);
        }
    }
    image_->setVisible(true);

    const QLocale locale;
    const int64_t total = shownRows_ * shownCols_;
    const double percent = 100.0 * static_cast<double>(tensor->kept) / static_cast<double>(total);
    shape_->setText(tr("%1 × %2, %3 % kept")
                        .arg(locale.toString(static_cast<qlonglong>(shownRows_)),
                             locale.toString(static_cast<qlonglong>(shownCols_)), locale.toString(percent, 'f', 1)));
    names_->setToolTip(QString::fromStdString(tensor->name));
    if (keepZoom)
        plot_->replot(QCustomPlot::rpQueuedReplot);
    else
        resetZoom();
}

} // namespace sa
