// Live training curves (Train ▸ Run): the loss with its TensorBoard-style
// smoothed trend and the learning rate on a second y axis, and above that the
// evaluation metrics, one graph per metric name. Points may arrive thousands
// of times a second; the plots redraw at most every 50 ms.
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>
#include <QVector>
#include <QWidget>

class QCPGraph;
class QCustomPlot;
class QLabel;
class QSlider;
class QTimer;

namespace sa {

class TrainingCurves : public QWidget {
    Q_OBJECT

public:
    explicit TrainingCurves(QWidget* parent = nullptr);

    // Drops every point and every metric graph.
    void clear();

    // Appends one training step; the redraw is coalesced (at most one per
    // 50 ms), so calling this in a tight loop never stalls the event loop.
    void addStep(double step, double loss, double learningRate);
    // Appends one evaluation result; the first value of a metric name adds
    // its graph to the metric plot.
    void addEval(double step, const QString& metric, double value);

    // EMA weight w in [0, 0.99] (clamped): s_t = w*s_{t-1} + (1-w)*x_t,
    // divided by 1 - w^t as TensorBoard does, so the curve starts at the
    // first loss instead of at zero. 0 shows the raw loss. Also set by the
    // "Smoothing" slider under the plots.
    void setSmoothing(double weight);
    double smoothing() const { return smoothing_; }

    int lossPointCount() const { return static_cast<int>(steps_.size()); }
    int evalPointCount(const QString& metric) const;
    QStringList metrics() const { return metricOrder_; }

    QCustomPlot* lossPlot() const { return lossPlot_; }
    QCustomPlot* metricPlot() const { return metricPlot_; }
    QCPGraph* rawLossGraph() const { return rawLoss_; }
    QCPGraph* smoothedLossGraph() const { return smoothedLoss_; }
    QCPGraph* learningRateGraph() const { return learningRate_; }
    // nullptr for a metric name never passed to addEval().
    QCPGraph* metricGraph(const QString& metric) const { return metricGraphs_.value(metric, nullptr); }

    // Writes `plot` as .png, .pdf (vector) or, where Qt Svg was found at
    // build time, .svg (vector), chosen by the file suffix. The plot is drawn
    // at its on-screen size, or 800x500 while hidden. Writes to a temporary
    // file beside `path` first: on failure returns false, and neither leaves
    // a partial file nor touches an existing file at `path`.
    bool exportPlot(QCustomPlot* plot, const QString& path) const;
    // Whether exportPlot() accepts .svg in this build.
    static bool canExportSvg();

Q_SIGNALS:
    void smoothingChanged(double weight);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void scheduleReplot();
    void replotNow();
    void rescale(QCustomPlot* plot) const;
    void recomputeSmoothed();
    double smoothNext(double loss);

    QCustomPlot* lossPlot_;
    QCustomPlot* metricPlot_;
    QCPGraph* rawLoss_;
    QCPGraph* smoothedLoss_;
    QCPGraph* learningRate_;
    QHash<QString, QCPGraph*> metricGraphs_;
    QStringList metricOrder_;
    QSlider* smoothingSlider_;
    QLabel* smoothingValue_;
    QTimer* replotTimer_;

    // Loss points in arrival order: the EMA runs over arrival order, and the
    // graphs keep theirs sorted by step.
    QVector<double> steps_;
    QVector<double> losses_;
    bool stepsAscending_ = true;
    double smoothing_ = 0.6;
    // EMA state: the biased accumulator and the number of finite losses seen.
    double emaLast_ = 0.0;
    int emaCount_ = 0;
    // Whether a plot has changed since its last redraw.
    bool lossDirty_ = false;
    bool metricsDirty_ = false;
    // Follow the data (rescale on each redraw) until the user drags or zooms
    // a plot; a double click on that plot follows again.
    bool followLoss_ = true;
    bool followMetrics_ = true;
};

} // namespace sa
