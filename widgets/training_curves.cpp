#include "training_curves.h"
#include "plot_palette.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
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

struct TrainingCurves::Series {
    QString label;
    QVector<CurvePoint> stepAt;
    QVector<double> loss, learningRate;
    QVector<RunCurves::Eval> evals;
    QCPGraph* raw = nullptr;
    QCPGraph* smoothed = nullptr;
    QCPGraph* learningRateGraph = nullptr; // the first run's only
    QHash<QString, QCPGraph*> metricGraphs;
    QStringList metricOrder;
    // EMA state over arrival order: the biased accumulator and the number
    // of finite losses seen.
    double emaLast = 0.0;
    int emaCount = 0;

    // TensorBoard's smoothing: an EMA started at zero and divided by the
    // weight the zero start still has (1 - w^t), so early points are not
    // dragged to zero. Non-finite losses pass through and leave the average
    // alone.
    double smoothNext(double value, double weight) {
        if (!std::isfinite(value)) return value;
        emaLast = weight * emaLast + (1.0 - weight) * value;
        ++emaCount;
        return emaLast / (1.0 - std::pow(weight, emaCount));
    }
};

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

    // Metrics: one graph per run and name, added as results arrive.
    metricPlot_ = makePlot(this);
    metricPlot_->yAxis->setLabel(tr("value"));
    metricPlot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);

    // Dragging or zooming stops following the data (a click, or the right
    // click of the context menu, does not); a double click resumes.
    auto dragging = [](QMouseEvent* event) { return (event->buttons() & Qt::LeftButton) != 0; };
    connect(lossPlot_, &QCustomPlot::mouseMove, this, [this, dragging](QMouseEvent* event) {
        if (dragging(event)) followLoss_ = false;
    });
    connect(lossPlot_, &QCustomPlot::mouseWheel, this, [this] { followLoss_ = false; });
    connect(lossPlot_, &QCustomPlot::mouseDoubleClick, this, [this] {
        followLoss_ = true;
        lossDirty_ = true;
        replotNow();
    });
    connect(metricPlot_, &QCustomPlot::mouseMove, this, [this, dragging](QMouseEvent* event) {
        if (dragging(event)) followMetrics_ = false;
    });
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

    auto* axisLabel = new QLabel(tr("x axis"));
    axisBox_ = new QComboBox;
    for (const CurveAxis a : {CurveAxis::Step, CurveAxis::Epoch, CurveAxis::WallTime})
        axisBox_->addItem(curveAxisLabel(a), QVariant::fromValue(a));
    axisBox_->setAccessibleName(tr("x axis"));
    axisLabel->setBuddy(axisBox_);
    connect(axisBox_, &QComboBox::currentIndexChanged, this,
            [this](int index) { setAxis(axisBox_->itemData(index).value<CurveAxis>()); });

    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(lossPlot_);
    splitter->addWidget(metricPlot_);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

    auto* controls = new QHBoxLayout;
    controls->addWidget(axisLabel);
    controls->addWidget(axisBox_);
    controls->addSpacing(16);
    controls->addWidget(smoothingLabel);
    controls->addWidget(smoothingSlider_, 1);
    controls->addWidget(smoothingValue_);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addLayout(controls);

    addSeries({});
    styleSeries();
}

TrainingCurves::~TrainingCurves() {
    qDeleteAll(series_);
}

TrainingCurves::Series& TrainingCurves::addSeries(const QString& label) {
    auto* s = new Series;
    s->label = label;
    s->raw = lossPlot_->addGraph(lossPlot_->xAxis, lossPlot_->yAxis);
    s->smoothed = lossPlot_->addGraph(lossPlot_->xAxis, lossPlot_->yAxis);
    if (series_.isEmpty()) s->learningRateGraph = lossPlot_->addGraph(lossPlot_->xAxis, lossPlot_->yAxis2);
    series_.append(s);
    return *s;
}

// One run: the loss in colour 0, the learning rate dashed, one colour per
// metric. Several: one colour per run, its metrics told apart by marker;
// the learning rates (often identical schedules) would only add clutter.
void TrainingCurves::styleSeries() {
    const bool several = series_.size() > 1;
    static const QCPScatterStyle::ScatterShape shapes[] = {QCPScatterStyle::ssCircle, QCPScatterStyle::ssSquare,
                                                           QCPScatterStyle::ssTriangle, QCPScatterStyle::ssDiamond,
                                                           QCPScatterStyle::ssCross};
    constexpr int shapeCount = static_cast<int>(sizeof(shapes) / sizeof(shapes[0]));
    for (int i = 0; i < series_.size(); ++i) {
        Series& s = *series_[i];
        const QColor color = seriesColor(i);
        QColor faint = color;
        faint.setAlpha(several ? 50 : 80);
        s.raw->setPen(QPen(faint, 1));
        s.raw->setName(several ? tr("%1 (raw)").arg(s.label) : tr("loss"));
        s.smoothed->setPen(QPen(color, several ? 2.0 : 2.5));
        s.smoothed->setName(several ? s.label : tr("loss (smoothed)"));
        if (several)
            s.raw->removeFromLegend();
        else
            s.raw->addToLegend();
        if (s.learningRateGraph) {
            s.learningRateGraph->setName(tr("learning rate"));
            s.learningRateGraph->setPen(QPen(seriesColor(1), 1.5, Qt::DashLine));
            s.learningRateGraph->setVisible(!several);
            if (several)
                s.learningRateGraph->removeFromLegend();
            else
                s.learningRateGraph->addToLegend();
        }
        for (int m = 0; m < s.metricOrder.size(); ++m) {
            QCPGraph* graph = s.metricGraphs.value(s.metricOrder[m]);
            const QColor mc = several ? color : seriesColor(m);
            graph->setName(several ? tr("%1: %2").arg(s.label, s.metricOrder[m]) : s.metricOrder[m]);
            graph->setPen(QPen(mc, 1.5));
            graph->setScatterStyle(
                QCPScatterStyle(several ? shapes[m % shapeCount] : QCPScatterStyle::ssCircle, mc, mc, 6));
        }
    }
    lossPlot_->yAxis2->setVisible(!several);
}

QCPGraph* TrainingCurves::metricGraphFor(Series& series, const QString& metric) {
    QCPGraph* graph = series.metricGraphs.value(metric, nullptr);
    if (graph) return graph;
    graph = metricPlot_->addGraph();
    graph->setLineStyle(QCPGraph::lsLine);
    series.metricGraphs.insert(metric, graph);
    series.metricOrder.append(metric);
    styleSeries();
    return graph;
}

void TrainingCurves::clear(const QString& label) {
    qDeleteAll(series_);
    series_.clear();
    lossPlot_->clearGraphs();
    metricPlot_->clearGraphs();
    addSeries(label);
    styleSeries();
    followLoss_ = true;
    followMetrics_ = true;
    lossDirty_ = true;
    metricsDirty_ = true;
    scheduleReplot();
}

void TrainingCurves::setRuns(const QVector<RunCurves>& runs) {
    clear(runs.isEmpty() ? QString() : runs.front().label);
    for (int i = 0; i < runs.size(); ++i) {
        Series& s = i == 0 ? *series_.front() : addSeries(runs[i].label);
        s.stepAt = runs[i].stepAt;
        s.loss = runs[i].loss;
        s.learningRate = runs[i].learningRate;
        s.evals = runs[i].evals;
        for (const auto& e : s.evals)
            if (!s.metricGraphs.contains(e.metric)) metricGraphFor(s, e.metric);
    }
    styleSeries();
    rebuildGraphs();
}

QStringList TrainingCurves::runLabels() const {
    QStringList out;
    for (const Series* s : series_)
        out << s->label;
    return out;
}

double TrainingCurves::x(const CurvePoint& at) const {
    switch (axis_) {
    case CurveAxis::Step:
        return at.step;
    case CurveAxis::Epoch:
        return at.epoch;
    case CurveAxis::WallTime:
        return at.seconds;
    }
    return at.step;
}

void TrainingCurves::addStep(const CurvePoint& at, double loss, double learningRate) {
    Series& s = *series_.front();
    s.stepAt.append(at);
    s.loss.append(loss);
    s.learningRate.append(learningRate);
    // The EMA runs over arrival order whichever axis is shown.
    const double smoothed = s.smoothNext(loss, smoothing_);
    const double key = x(at);
    if (!std::isfinite(key)) return;
    // Non-finite values (a diverged loss) show as gaps, as in QCustomPlot.
    s.raw->addData(key, loss);
    s.smoothed->addData(key, smoothed);
    s.learningRateGraph->addData(key, learningRate);
    lossDirty_ = true;
    scheduleReplot();
}

void TrainingCurves::addEval(const CurvePoint& at, const QString& metric, double value) {
    Series& s = *series_.front();
    s.evals.append({at, metric, value});
    QCPGraph* graph = metricGraphFor(s, metric);
    const double key = x(at);
    if (!std::isfinite(key)) return;
    graph->addData(key, value);
    metricsDirty_ = true;
    scheduleReplot();
}

void TrainingCurves::addStep(double step, double loss, double learningRate) {
    CurvePoint at;
    at.step = step;
    addStep(at, loss, learningRate);
}

void TrainingCurves::addEval(double step, const QString& metric, double value) {
    CurvePoint at;
    at.step = step;
    addEval(at, metric, value);
}

void TrainingCurves::rebuildGraphs() {
    for (Series* s : series_) {
        s->emaLast = 0.0;
        s->emaCount = 0;
        QVector<QCPGraphData> raw, smoothed, rate;
        for (qsizetype i = 0; i < s->stepAt.size(); ++i) {
            const double value = s->smoothNext(s->loss[i], smoothing_);
            const double key = x(s->stepAt[i]);
            if (!std::isfinite(key)) continue;
            raw.append(QCPGraphData(key, s->loss[i]));
            smoothed.append(QCPGraphData(key, value));
            rate.append(QCPGraphData(key, s->learningRate[i]));
        }
        // Sorted by key here, so a resumed run's repeated steps stay in order.
        s->raw->data()->set(raw, false);
        s->smoothed->data()->set(smoothed, false);
        if (s->learningRateGraph) s->learningRateGraph->data()->set(rate, false);
        QHash<QString, QVector<QCPGraphData>> metrics;
        for (const auto& e : s->evals) {
            const double key = x(e.at);
            if (std::isfinite(key)) metrics[e.metric].append(QCPGraphData(key, e.value));
        }
        for (auto it = s->metricGraphs.begin(); it != s->metricGraphs.end(); ++it)
            it.value()->data()->set(metrics.value(it.key()), false);
    }
    lossPlot_->xAxis->setLabel(curveAxisLabel(axis_));
    metricPlot_->xAxis->setLabel(curveAxisLabel(axis_));
    lossDirty_ = true;
    metricsDirty_ = true;
    scheduleReplot();
}

void TrainingCurves::setAxis(CurveAxis axis) {
    if (axis == axis_) return;
    axis_ = axis;
    {
        const QSignalBlocker blocker(axisBox_);
        axisBox_->setCurrentIndex(axisBox_->findData(QVariant::fromValue(axis)));
    }
    // A new axis is a new range: follow the data again.
    followLoss_ = true;
    followMetrics_ = true;
    rebuildGraphs();
    Q_EMIT axisChanged(axis);
}

QStringList TrainingCurves::metrics() const {
    return series_.front()->metricOrder;
}

int TrainingCurves::lossPointCount(int run) const {
    return run >= 0 && run < series_.size() ? static_cast<int>(series_[run]->stepAt.size()) : 0;
}

int TrainingCurves::evalPointCount(int run, const QString& metric) const {
    const QCPGraph* graph = metricGraph(metric, run);
    return graph ? graph->dataCount() : 0;
}

QCPGraph* TrainingCurves::rawLossGraph(int run) const {
    return run >= 0 && run < series_.size() ? series_[run]->raw : nullptr;
}

QCPGraph* TrainingCurves::smoothedLossGraph(int run) const {
    return run >= 0 && run < series_.size() ? series_[run]->smoothed : nullptr;
}

QCPGraph* TrainingCurves::learningRateGraph(int run) const {
    return run >= 0 && run < series_.size() ? series_[run]->learningRateGraph : nullptr;
}

QCPGraph* TrainingCurves::metricGraph(const QString& metric, int run) const {
    return run >= 0 && run < series_.size() ? series_[run]->metricGraphs.value(metric, nullptr) : nullptr;
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
    rebuildGraphs();
    Q_EMIT smoothingChanged(weight);
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
