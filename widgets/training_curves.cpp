#include "training_curves.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QSignalBlocker>
#include <QSlider>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

#include "plot_export.h"
#include "sa_qcustomplot.h"

#include <algorithm>
#include <cmath>

namespace sa {

namespace {

constexpr int kReplotIntervalMs = 50;
constexpr double kMaxSmoothing = 0.99;
// Exports of a plot that is not on screen (its size is then meaningless).
const QSize kHiddenExportSize(800, 500);

// Tableau 10: distinct on white and for the common colour blindnesses.
QColor paletteColor(int index) {
    static const QRgb colors[] = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
                                  0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf};
    constexpr int count = static_cast<int>(sizeof(colors) / sizeof(colors[0]));
    return QColor(colors[index % count]);
}

QCustomPlot* makePlot(QWidget* parent) {
    auto* plot = new QCustomPlot(parent);
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot->setNoAntialiasingOnDrag(true);
    plot->legend->setVisible(true);
    plot->xAxis->setLabel(TrainingCurves::tr("step"));
    plot->setMinimumHeight(160);
    return plot;
}

} // namespace

TrainingCurves::TrainingCurves(QWidget* parent) : QWidget(parent) {
    // Loss: raw (light, thin) under its smoothed trend (bold), learning rate
    // on the right axis.
    lossPlot_ = makePlot(this);
    lossPlot_->yAxis->setLabel(tr("loss"));
    lossPlot_->yAxis2->setVisible(true);
    lossPlot_->yAxis2->setLabel(tr("learning rate"));
    lossPlot_->yAxis2->setNumberFormat(QStringLiteral("gb"));
    lossPlot_->axisRect()->setRangeDragAxes(QList<QCPAxis*>{lossPlot_->xAxis},
                                            QList<QCPAxis*>{lossPlot_->yAxis, lossPlot_->yAxis2});
    lossPlot_->axisRect()->setRangeZoomAxes(QList<QCPAxis*>{lossPlot_->xAxis},
                                            QList<QCPAxis*>{lossPlot_->yAxis, lossPlot_->yAxis2});
    lossPlot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);

    const QColor lossColor = paletteColor(0);
    QColor rawColor = lossColor;
    rawColor.setAlpha(80);
    rawLoss_ = lossPlot_->addGraph(lossPlot_->xAxis, lossPlot_->yAxis);
    rawLoss_->setName(tr("loss"));
    rawLoss_->setPen(QPen(rawColor, 1));
    smoothedLoss_ = lossPlot_->addGraph(lossPlot_->xAxis, lossPlot_->yAxis);
    smoothedLoss_->setName(tr("loss (smoothed)"));
    smoothedLoss_->setPen(QPen(lossColor, 2.5));
    learningRate_ = lossPlot_->addGraph(lossPlot_->xAxis, lossPlot_->yAxis2);
    learningRate_->setName(tr("learning rate"));
    learningRate_->setPen(QPen(paletteColor(1), 1.5, Qt::DashLine));

    // Metrics: one graph per name, added as results arrive.
    metricPlot_ = makePlot(this);
    metricPlot_->yAxis->setLabel(tr("value"));
    metricPlot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);

    // Dragging or zooming stops following the data; a double click resumes.
    connect(lossPlot_, &QCustomPlot::mousePress, this, [this] { followLoss_ = false; });
    connect(lossPlot_, &QCustomPlot::mouseWheel, this, [this] { followLoss_ = false; });
    connect(lossPlot_, &QCustomPlot::mouseDoubleClick, this, [this] {
        followLoss_ = true;
        lossDirty_ = true;
        replotNow();
    });
    connect(metricPlot_, &QCustomPlot::mousePress, this, [this] { followMetrics_ = false; });
    connect(metricPlot_, &QCustomPlot::mouseWheel, this, [this] { followMetrics_ = false; });
    connect(metricPlot_, &QCustomPlot::mouseDoubleClick, this, [this] {
        followMetrics_ = true;
        metricsDirty_ = true;
        replotNow();
    });

    replotTimer_ = new QTimer(this);
    replotTimer_->setSingleShot(true);
    replotTimer_->setInterval(kReplotIntervalMs);
    connect(replotTimer_, &QTimer::timeout, this, &TrainingCurves::replotNow);

    auto* smoothingLabel = new QLabel(tr("Smoothing"));
    smoothingSlider_ = new QSlider(Qt::Horizontal);
    smoothingSlider_->setRange(0, static_cast<int>(std::lround(kMaxSmoothing * 100)));
    smoothingSlider_->setValue(static_cast<int>(std::lround(smoothing_ * 100)));
    smoothingSlider_->setAccessibleName(tr("Smoothing"));
    smoothingSlider_->setToolTip(tr("Weight of the exponential moving average drawn over the loss (0: none)"));
    smoothingLabel->setBuddy(smoothingSlider_);
    smoothingValue_ = new QLabel;
    smoothingValue_->setMinimumWidth(smoothingValue_->fontMetrics().horizontalAdvance(QStringLiteral("0.000")));
    smoothingValue_->setText(QLocale().toString(smoothing_, 'f', 2));
    connect(smoothingSlider_, &QSlider::valueChanged, this, [this](int value) { setSmoothing(value / 100.0); });

    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(lossPlot_);
    splitter->addWidget(metricPlot_);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

    auto* smoothingRow = new QHBoxLayout;
    smoothingRow->addWidget(smoothingLabel);
    smoothingRow->addWidget(smoothingSlider_, 1);
    smoothingRow->addWidget(smoothingValue_);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addLayout(smoothingRow);
}

void TrainingCurves::clear() {
    steps_.clear();
    losses_.clear();
    stepsAscending_ = true;
    emaLast_ = 0.0;
    emaCount_ = 0;
    rawLoss_->data()->clear();
    smoothedLoss_->data()->clear();
    learningRate_->data()->clear();
    metricPlot_->clearGraphs();
    metricGraphs_.clear();
    metricOrder_.clear();
    followLoss_ = true;
    followMetrics_ = true;
    lossDirty_ = true;
    metricsDirty_ = true;
    scheduleReplot();
}

void TrainingCurves::addStep(double step, double loss, double learningRate) {
    if (!std::isfinite(step)) return;
    if (!steps_.isEmpty() && step < steps_.back()) stepsAscending_ = false;
    steps_.append(step);
    losses_.append(loss);
    // Non-finite values (a diverged loss) show as gaps, as in QCustomPlot.
    rawLoss_->addData(step, loss);
    smoothedLoss_->addData(step, smoothNext(loss));
    learningRate_->addData(step, learningRate);
    lossDirty_ = true;
    scheduleReplot();
}

void TrainingCurves::addEval(double step, const QString& metric, double value) {
    if (!std::isfinite(step)) return;
    QCPGraph* graph = metricGraphs_.value(metric, nullptr);
    if (!graph) {
        graph = metricPlot_->addGraph();
        graph->setName(metric);
        const QColor color = paletteColor(static_cast<int>(metricOrder_.size()));
        graph->setPen(QPen(color, 1.5));
        graph->setLineStyle(QCPGraph::lsLine);
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, color, color, 6));
        metricGraphs_.insert(metric, graph);
        metricOrder_.append(metric);
    }
    graph->addData(step, value);
    metricsDirty_ = true;
    scheduleReplot();
}

int TrainingCurves::evalPointCount(const QString& metric) const {
    const QCPGraph* graph = metricGraphs_.value(metric, nullptr);
    return graph ? graph->dataCount() : 0;
}

void TrainingCurves::setSmoothing(double weight) {
    if (std::isnan(weight)) return;
    weight = std::clamp(weight, 0.0, kMaxSmoothing);
    if (weight == smoothing_) return;
    smoothing_ = weight;
    {
        const QSignalBlocker blocker(smoothingSlider_);
        smoothingSlider_->setValue(static_cast<int>(std::lround(weight * 100)));
    }
    smoothingValue_->setText(QLocale().toString(weight, 'f', 2));
    recomputeSmoothed();
    lossDirty_ = true;
    scheduleReplot();
    Q_EMIT smoothingChanged(weight);
}

// TensorBoard's smoothing: an EMA started at zero and divided by the weight
// the zero start still has (1 - w^t), so early points are not dragged to
// zero. Non-finite losses pass through and leave the average alone.
double TrainingCurves::smoothNext(double loss) {
    if (!std::isfinite(loss)) return loss;
    emaLast_ = smoothing_ * emaLast_ + (1.0 - smoothing_) * loss;
    ++emaCount_;
    return emaLast_ / (1.0 - std::pow(smoothing_, emaCount_));
}

void TrainingCurves::recomputeSmoothed() {
    emaLast_ = 0.0;
    emaCount_ = 0;
    QVector<QCPGraphData> data;
    data.reserve(steps_.size());
    for (qsizetype i = 0; i < steps_.size(); ++i)
        data.append(QCPGraphData(steps_[i], smoothNext(losses_[i])));
    smoothedLoss_->data()->set(data, stepsAscending_);
}

void TrainingCurves::scheduleReplot() {
    // One pending redraw at a time: whatever arrives within the next 50 ms
    // is drawn with it.
    if (!replotTimer_->isActive()) replotTimer_->start();
}

void TrainingCurves::replotNow() {
    replotTimer_->stop();
    // A hidden widget (another tab) draws when it is shown again.
    if (!isVisible()) return;
    if (lossDirty_) {
        lossDirty_ = false;
        if (followLoss_) rescale(lossPlot_);
        lossPlot_->replot(QCustomPlot::rpQueuedRefresh);
    }
    if (metricsDirty_) {
        metricsDirty_ = false;
        if (followMetrics_) rescale(metricPlot_);
        metricPlot_->replot(QCustomPlot::rpQueuedRefresh);
    }
}

void TrainingCurves::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (lossDirty_ || metricsDirty_) scheduleReplot();
}

void TrainingCurves::rescale(QCustomPlot* plot) const {
    if (plot->graphCount() == 0) return;
    plot->rescaleAxes(true);
    // A little air above and below, so the extremes (and the metric plot's
    // scatter points) do not sit on the frame.
    plot->yAxis->scaleRange(1.1);
    if (plot->yAxis2->visible()) plot->yAxis2->scaleRange(1.1);
}

bool TrainingCurves::canExportSvg() {
    return plotExportSupportsSvg();
}

bool TrainingCurves::exportPlot(QCustomPlot* plot, const QString& path) const {
    if (!plot) return false;
    // Draw the data as they are now, not as of the last coalesced redraw.
    if ((plot == lossPlot_ && followLoss_) || (plot == metricPlot_ && followMetrics_)) rescale(plot);
    return exportPlotToFile(plot, path, kHiddenExportSize);
}

} // namespace sa
