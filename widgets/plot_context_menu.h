// Right-click ▸ Save Plot As… on any plot: PNG, PDF or SVG (where this build
// has Qt Svg), written by exportPlotToFile (atomic, dark on white).
#pragma once

class QCustomPlot;

namespace sa {

// `name` suggests the file name ("training-loss").
void addPlotContextMenu(QCustomPlot* plot, const char* name);

} // namespace sa
