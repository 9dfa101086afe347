// Figures of finished (or stopped) runs for papers, drawn by the same
// widgets the Studio shows and written without a display: behind
// `sparseadapter export RUN... --figures DIR` and the Studio's
// File ▸ Export Figures. Needs a QApplication (the offscreen platform does).
#pragma once

#include "run_curves.h"

#include <QSize>
#include <QString>
#include <QStringList>

namespace sa {

struct FigureOptions {
    // File suffixes to write; empty = png, pdf and (where this build has Qt
    // Svg) svg. PDF and SVG are vector.
    QStringList formats;
    QSize size{800, 500}; // pixels (png), points (pdf), user units (svg)
    CurveAxis axis = CurveAxis::Step;
    double smoothing = 0.6; // EMA weight of the smoothed loss
};

// For each run, "<run name>-loss" (raw and smoothed loss, learning rate)
// and, once it has evaluated, "<run name>-metrics"; with several runs also
// "compare-loss" and "compare-metrics" with all of them overlaid. In file
// names, characters other than letters, digits and . _ + - become "_"; a
// name given twice (or a run named "compare" among several) gets -2, -3, ... Creates `outDir` when missing; returns the
// files written, in order. Throws sa::Error naming the run folder or file
// at fault (an unreadable run, a format this build cannot write, a file that
// cannot be written).
QStringList writeRunFigures(const QStringList& runFolders, const QString& outDir, const FigureOptions& options = {});

// The formats writeRunFigures() writes by default in this build.
QStringList defaultFigureFormats();
// `formats` lower-cased, or the defaults when empty; throws sa::Error for a
// format this build cannot write.
QStringList checkedFigureFormats(QStringList formats);

} // namespace sa
