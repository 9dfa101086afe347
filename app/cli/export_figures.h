// `sparseadapter export --figures DIR`: the runs' curves drawn by the GUI's
// own plot widgets on Qt's offscreen platform, so the files are the same
// with or without a display. Only GUI builds have it (it needs Qt Widgets
// and QCustomPlot); a core-only build says so.
#pragma once

#include <string>
#include <vector>

namespace sa::cli {

// Writes the figures of `runFolders` into `outDir`; returns the paths.
std::vector<std::string> exportFigures(const std::vector<std::string>& runFolders, const std::string& outDir,
                                       const std::string& formats, const std::string& axis);

} // namespace sa::cli
