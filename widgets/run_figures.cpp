#include "run_figures.h"

#include "core_path.h"
#include "error.h"
#include "plot_export.h"
#include "training_curves.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace sa {

namespace {

void writeCurves(const QVector<RunCurves>& runs, const QString& base, const FigureOptions& options,
                 QStringList& written) {
    TrainingCurves curves;
    curves.resize(options.size);
    curves.setSmoothing(options.smoothing);
    curves.setAxis(options.axis);
    curves.setRuns(runs);
    // exportPlot() fits the axes to the data before drawing.
    auto write = [&](QCustomPlot* plot, const QString& name) {
        for (const QString& format : options.formats) {
            const QString path = name + QLatin1Char('.') + format;
            if (!curves.exportPlot(plot, path))
                throw Error(toCorePath(QDir::toNativeSeparators(path)) + ": could not be written");
            written << path;
        }
    };
    write(curves.lossPlot(), base + QStringLiteral("-loss"));
    const bool evaluated =
        std::any_of(runs.begin(), runs.end(), [](const RunCurves& run) { return !run.evals.isEmpty(); });
    if (evaluated) write(curves.metricPlot(), base + QStringLiteral("-metrics"));
}

} // namespace

QStringList defaultFigureFormats() {
    QStringList formats{QStringLiteral("png"), QStringLiteral("pdf")};
    if (plotExportSupportsSvg()) formats << QStringLiteral("svg");
    return formats;
}

QStringList checkedFigureFormats(QStringList formats) {
    if (formats.isEmpty()) formats = defaultFigureFormats();
    for (QString& format : formats) {
        format = format.toLower();
        if (!defaultFigureFormats().contains(format))
            throw Error("figure format '" + format.toStdString() + "' is not one this build writes (" +
                        defaultFigureFormats().join(QStringLiteral(", ")).toStdString() + ")");
    }
    return formats;
}

QStringList writeRunFigures(const QStringList& runFolders, const QString& outDir, const FigureOptions& given) {
    FigureOptions options = given;
    options.formats = checkedFigureFormats(options.formats);
    if (!QDir().mkpath(outDir))
        throw Error(toCorePath(QDir::toNativeSeparators(outDir)) + ": cannot create the folder");

    // Read every run before writing anything: a bad run fails the export
    // without leaving half of its figures behind.
    QVector<RunCurves> runs;
    for (const QString& folder : runFolders)
        runs.append(readRunCurves(folder));

    // File names from run names: characters a file system may refuse become
    // "_", and each name is used once ("compare" is the overlay's).
    QStringList written;
    QSet<QString> taken;
    auto uniqueName = [&](QString name) {
        name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._+-]")), QStringLiteral("_"));
        if (name.isEmpty() || name.startsWith(QLatin1Char('.'))) name.prepend(QStringLiteral("run"));
        QString candidate = name;
        for (int n = 2; taken.contains(candidate.toLower()); ++n)
            candidate = QStringLiteral("%1-%2").arg(name).arg(n);
        taken.insert(candidate.toLower());
        return candidate;
    };
    if (runs.size() > 1) taken.insert(QStringLiteral("compare"));
    const QDir out(outDir);
    for (const RunCurves& run : runs)
        writeCurves({run}, out.filePath(uniqueName(run.label)), options, written);
    if (runs.size() > 1) writeCurves(runs, out.filePath(QStringLiteral("compare")), options, written);
    return written;
}

} // namespace sa
