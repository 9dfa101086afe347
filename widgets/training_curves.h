// Training curves (Train ▸ Run, and runs opened or compared from the runs
// table): the loss with its TensorBoard-style smoothed trend and the
// learning rate on a second y axis, and above that the evaluation metrics,
// one graph per metric name. Several runs can be overlaid, one colour each;
// the x axis shows steps, epochs or wall time. Points may arrive thousands
// of times a second; the plots redraw at most every 50 ms.
#pragma once

#include "run_curves.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <QVector>
#include <QWidget>

class QCPGraph;
class QComboBox;
class QCustomPlot;
class QLabel;
class QSlider;
class QTimer;

namespace sa {

class TrainingCurves : public QWidget {
    Q_OBJECT

public:
    explicit TrainingCurves(QWidget* parent = nullptr);
    ~TrainingCurves() override;

    // Drops every point, every overlaid run and every metric graph, leaving
    // one empty (live) run named `label`.
    void clear(const QString& label = {});
    // Shows `runs` overlaid (the first one takes addStep()/addEval()).
    void setRuns(const QVector<RunCurves>& runs);
    int runCount() const { return static_cast<int>(series_.size()); }
    QStringList runLabels() const;

    // Appends one training step / evaluation to the first run; the redraw is
    // coalesced (at most one per 50 ms), so calling these in a tight loop
    // never stalls the event loop. The first value of a metric name adds
    // its graph to the metric plot.
    void addStep(const CurvePoint& at, double loss, double learningRate);
    void addEval(const CurvePoint& at, const QString& metric, double value);
    // Step-only shorthands (epoch and wall time unknown: those axes skip
    // the point).
    void addStep(double step, double loss, double learningRate);
    void addEval(double step, const QString& metric, double value);

    // What the x axis shows; also set by the "x axis" box under the plots.
    void setAxis(CurveAxis axis);
    CurveAxis axis() const { return axis_; }

    // EMA weight w in [0, 0.99] (clamped): s_t = w*s_{t-1} + (1-w)*x_t,
    // divided by 1 - w^t as TensorBoard does, so the curve starts at the
    // first loss instead of at zero. 0 shows the raw loss. Also set by the
    // "Smoothing" slider under the plots.
    void setSmoothing(double weight);
    double smoothing() const { return smoothing_; }

    // Of the first run.
    int lossPointCount() const { return lossPointCount(0); }
    int evalPointCount(const QString& metric) const { return evalPointCount(0, metric); }
    QStringList metrics() const;
    int lossPointCount(int run) const;
    int evalPointCount(int run, const QString& metric) const;

    QCustomPlot* lossPlot() const { return lossPlot_; }
    QCustomPlot* metricPlot() const { return metricPlot_; }
    // The graphs of run `run` (default: the first); nullptr for a run that
    // does not exist or a metric it never reported. Only the first run has a
    // learning-rate graph, hidden while several runs are shown.
    QCPGraph* rawLossGraph(int run = 0) const;
    QCPGraph* smoothedLossGraph(int run = 0) const;
    QCPGraph* learningRateGraph(int run = 0) const;
    QCPGraph* metricGraph(const QString& metric, int run = 0) const;

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
    void axisChanged(sa::CurveAxis axis);

protected:
    void showEvent(QShowEvent* event) override;

private:
    struct Series;

    Series& addSeries(const QString& label);
    void styleSeries();
    QCPGraph* metricGraphFor(Series& series, const QString& metric);
    void rebuildGraphs();
    void scheduleReplot();
    void replotNow();
    void rescale(QCustomPlot* plot) const;
    double x(const CurvePoint& at) const;

    QCustomPlot* lossPlot_;
    QCustomPlot* metricPlot_;
    QVector<Series*> series_; // owned; at least one
    QSlider* smoothingSlider_;
    QLabel* smoothingValue_;
    QComboBox* axisBox_;
    QTimer* replotTimer_;

    CurveAxis axis_ = CurveAxis::Step;
    double smoothing_ = 0.6;
    // Whether a plot has changed since its last redraw.
    bool lossDirty_ = false;
    bool metricsDirty_ = false;
    // Follow the data (rescale on each redraw) until the user drags or zooms
    // a plot; a double click on that plot follows again.
    bool followLoss_ = true;
    bool followMetrics_ = true;
};

} // namespace sa
