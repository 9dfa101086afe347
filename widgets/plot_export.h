// Writing a QCustomPlot to an image file, shared by the plot widgets
// (TrainingCurves, MaskViews).
#pragma once

#include <QSize>
#include <QString>

class QCustomPlot;

namespace sa {

// Writes `plot` as .png, .pdf (vector) or, where Qt Svg was found at build
// time, .svg (vector), chosen by the file suffix. The plot is drawn at its
// on-screen size, or `hiddenSize` while hidden (or smaller than 50x50).
// Writes to a temporary file beside `path` first: on failure returns false,
// and neither leaves a partial file nor touches an existing file at `path`.
bool exportPlotToFile(QCustomPlot* plot, const QString& path, const QSize& hiddenSize = QSize(800, 500));
// Whether exportPlotToFile() accepts .svg in this build.
bool plotExportSupportsSvg();

} // namespace sa
