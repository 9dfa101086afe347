#include "run_curves.h"
#include "core_path.h"

#include "experiment/run_directory.h"
#include "experiment/run_index.h"

#include <QCoreApplication>
#include <QFile>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace sa {

namespace {

// Steps of the first epoch, once the records show a second one began: the
// step before the second epoch's first (steps count from 1). Not a count of
// records, which a resumed run may repeat.
double stepsPerEpochFromRecords(const MetricSeries& series) {
    for (std::size_t i = 0; i < series.epoch.size(); ++i)
        if (series.epoch[i] >= 1) return series.step[i] > 1 ? (series.step[i] - 1) / series.epoch[i] : 0.0;
    return 0.0;
}

// The run's wall time at `step`: the last record of that step (an
// evaluation follows its step; a resumed run may repeat steps).
double secondsAtStep(const MetricSeries& series, double step) {
    for (std::size_t i = series.step.size(); i-- > 0;)
        if (series.step[i] == step)
            return i < series.seconds.size() ? series.seconds[i] : std::numeric_limits<double>::quiet_NaN();
    return std::numeric_limits<double>::quiet_NaN();
}

} // namespace

RunCurves runCurvesFromSeries(const QString& label, const MetricSeries& series, double stepsPerEpoch) {
    if (!(stepsPerEpoch > 0)) stepsPerEpoch = stepsPerEpochFromRecords(series);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    auto epochOf = [&](double step) { return stepsPerEpoch > 0 ? step / stepsPerEpoch : nan; };

    RunCurves curves;
    curves.label = label;
    curves.mainMetric = QString::fromStdString(series.mainMetric);
    const auto n = series.step.size();
    curves.stepAt.reserve(static_cast<qsizetype>(n));
    for (std::size_t i = 0; i < n; ++i) {
        const double step = series.step[i];
        curves.stepAt.append({step, epochOf(step), i < series.seconds.size() ? series.seconds[i] : nan});
        curves.loss.append(series.loss[i]);
        curves.learningRate.append(series.lr[i]);
    }
    for (std::size_t e = 0; e < series.evalStep.size(); ++e) {
        const double step = static_cast<double>(series.evalStep[e]);
        const CurvePoint at{step, epochOf(step), secondsAtStep(series, step)};
        for (const auto& [name, values] : series.eval)
            if (!std::isnan(values[e])) curves.evals.append({at, QString::fromStdString(name), values[e]});
    }
    return curves;
}

RunCurves readRunCurves(const QString& folder) {
    const std::string path = toCorePath(folder);
    const RunRecord record = readRun(path);
    const MetricSeries series = readMetricSeries(path);

    // A run still in its first epoch: config.json's epochs divide its total.
    double stepsPerEpoch = stepsPerEpochFromRecords(series);
    if (!(stepsPerEpoch > 0) && record.totalSteps > 0) {
        const auto config = readJsonFile((std::filesystem::path(path) / "config.json").string());
        const auto it = config.find("optimization");
        // readRun has checked the types of the keys it reads; these two it
        // does not read, so a mistyped one only leaves the epoch axis empty.
        if (it != config.end() && it->is_object()) {
            const auto maxSteps = it->find("max_steps");
            const auto epochs = it->find("epochs");
            const bool byEpochs = maxSteps == it->end() || (maxSteps->is_number_integer() && *maxSteps <= 0);
            if (byEpochs && epochs != it->end() && epochs->is_number_integer() && *epochs > 0)
                stepsPerEpoch = static_cast<double>(record.totalSteps) / epochs->get<double>();
        }
    }
    return runCurvesFromSeries(QString::fromStdString(record.name), series, stepsPerEpoch);
}

QString curveAxisLabel(CurveAxis axis) {
    switch (axis) {
    case CurveAxis::Step:
        return QCoreApplication::translate("sa::TrainingCurves", "step");
    case CurveAxis::Epoch:
        return QCoreApplication::translate("sa::TrainingCurves", "epoch");
    case CurveAxis::WallTime:
        return QCoreApplication::translate("sa::TrainingCurves", "wall time (s)");
    }
    return {};
}

} // namespace sa
