// The points of one run's curves, from a live run's events or from a run
// folder's metrics.jsonl, with each point placed on all three x axes the
// curves offer (step, epoch, wall time).
#pragma once

#include <QMetaType>
#include <QString>
#include <QVector>

#include <limits>

namespace sa {

struct MetricSeries;

enum class CurveAxis { Step, Epoch, WallTime };

// Where a point sits: optimizer steps done, epochs done (fractional:
// step / steps per epoch) and the run's training time in seconds. NaN for
// what is unknown; such a point is left out on that axis.
struct CurvePoint {
    double step = std::numeric_limits<double>::quiet_NaN();
    double epoch = std::numeric_limits<double>::quiet_NaN();
    double seconds = std::numeric_limits<double>::quiet_NaN();
};

struct RunCurves {
    struct Eval {
        CurvePoint at;
        QString metric;
        double value = 0.0;
    };

    QString label; // the run's name in legends
    QVector<CurvePoint> stepAt;
    QVector<double> loss, learningRate; // as stepAt
    QVector<Eval> evals;                // in arrival order
    QString mainMetric;                 // empty before the first evaluation
};

// `series` of a run; `stepsPerEpoch` > 0 places points on the epoch axis
// (0: derived from the records' epochs where a second epoch has begun,
// otherwise the epoch axis is left empty).
RunCurves runCurvesFromSeries(const QString& label, const MetricSeries& series, double stepsPerEpoch = 0.0);

// The curves of the run folder `folder`, labelled with the run's name; its
// steps per epoch from config.json and summary.json where the records do not
// tell. Throws sa::Error naming the file at fault.
RunCurves readRunCurves(const QString& folder);

// "step", "epoch", "wall time (s)": the axis label, translated.
QString curveAxisLabel(CurveAxis axis);

} // namespace sa

Q_DECLARE_METATYPE(sa::CurveAxis)
