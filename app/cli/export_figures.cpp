#include "export_figures.h"
#include "core_path.h"

#include "error.h"
#include "run_figures.h"

#include <QApplication>
#include <QFile>
#include <QLocale>

namespace sa::cli {

std::vector<std::string> exportFigures(const std::vector<std::string>& runFolders, const std::string& outDir,
                                       const std::string& formats, const std::string& axis) {
    FigureOptions options;
    if (!formats.empty()) options.formats = QString::fromStdString(formats).split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (axis == "step")
        options.axis = CurveAxis::Step;
    else if (axis == "epoch")
        options.axis = CurveAxis::Epoch;
    else if (axis == "time")
        options.axis = CurveAxis::WallTime;
    else
        throw Error("--x-axis: expected step, epoch or time, got '" + axis + "'");

    // The offscreen platform whatever the environment: figures must not
    // depend on (or wait for) a display.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    static int argc = 1;
    static char name[] = "sparseadapter";
    static char* argv[] = {name, nullptr};
    QApplication app(argc, argv);
    // Numbers on the axes as papers print them (0.5, not the system's 0,5).
    QLocale::setDefault(QLocale::c());

    QStringList folders;
    for (const auto& f : runFolders)
        folders << fromCorePath(f);
    const QStringList written = writeRunFigures(folders, fromCorePath(outDir), options);
    std::vector<std::string> out;
    for (const QString& path : written)
        out.push_back(toCorePath(path));
    return out;
}

} // namespace sa::cli
