#include "export_figures.h"
#include "core_path.h"

#include "error.h"
#include "run_figures.h"
#include "sweep_plot.h"

#include <QApplication>
#include <QFile>
#include <QLocale>

namespace sa::cli {

namespace {

// The offscreen platform whatever the environment: figures must not depend
// on (or wait for) a display.
class OffscreenApplication {
public:
    OffscreenApplication() : app_((qputenv("QT_QPA_PLATFORM", "offscreen"), argc_), argv_) {
        // Numbers on the axes as papers print them (0.5, not the system's 0,5).
        QLocale::setDefault(QLocale::c());
    }

private:
    int argc_ = 1;
    char name_[16] = "sparseadapter";
    char* argv_[2] = {name_, nullptr};
    QApplication app_;
};

QStringList formatList(const std::string& formats) {
    return QString::fromStdString(formats).split(QLatin1Char(','), Qt::SkipEmptyParts);
}

std::vector<std::string> corePaths(const QStringList& paths) {
    std::vector<std::string> out;
    for (const QString& path : paths)
        out.push_back(toCorePath(path));
    return out;
}

} // namespace

std::vector<std::string> exportFigures(const std::vector<std::string>& runFolders, const std::string& outDir,
                                       const std::string& formats, const std::string& axis) {
    FigureOptions options;
    options.formats = formatList(formats);
    if (axis == "step")
        options.axis = CurveAxis::Step;
    else if (axis == "epoch")
        options.axis = CurveAxis::Epoch;
    else if (axis == "time")
        options.axis = CurveAxis::WallTime;
    else
        throw Error("--x-axis: expected step, epoch or time, got '" + axis + "'");

    OffscreenApplication app;

    QStringList folders;
    for (const auto& f : runFolders)
        folders << fromCorePath(f);
    return corePaths(writeRunFigures(folders, fromCorePath(outDir), options));
}

std::vector<std::string> exportSweepFigures(const SweepAggregate& aggregate, const std::string& outDir,
                                            const std::string& formats) {
    OffscreenApplication app;
    return corePaths(writeSweepFigures(aggregate, fromCorePath(outDir), formatList(formats)));
}

} // namespace sa::cli
