// `sparseadapter export --figures DIR`: the runs' curves drawn by the GUI's
// own plot widgets on Qt's offscreen platform, so the files are the same
// with or without a display. Only GUI builds have it (it needs Qt Widgets
// and QCustomPlot); a core-only build says so.
#pragma once

#include "experiment/sweep_report.h"

#include <string>
#include <vector>

namespace sa::cli {

// Writes the figures of `runFolders` into `outDir`; returns the paths.
std::vector<std::string> exportFigures(const std::vector<std::string>& runFolders, const std::string& outDir,
                                       const std::string& formats, const std::string& axis);

// Writes the figures of a sweep (widgets/sweep_plot.h) into `outDir`.
std::vector<std::string> exportSweepFigures(const SweepAggregate& aggregate, const std::string& outDir,
                                            const std::string& formats);

} // namespace sa::cli
