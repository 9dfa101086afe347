// QCustomPlot draws with its own colours (white background, black axes),
// not the widget palette: these give plots the colours of a palette, so the
// dark theme has dark plots, while exported figures stay dark-on-white.
#pragma once

class QColor;
class QCPColorGradient;
class QCustomPlot;
class QPalette;

namespace sa {

// Background, axes, grid, tick labels and legend of `plot` from `palette`.
void applyPlotPalette(QCustomPlot* plot, const QPalette& palette);

// Applies the plot's palette now and again whenever it changes (the
// application's theme switched), and keeps the plot's drawing buffer at the
// device pixel ratio of its screen (sharp on high-DPI screens).
void followPalette(QCustomPlot* plot);

// The colour of the index-th series of a plot: Tableau 10, distinct on
// white and for the common colour blindnesses.
QColor seriesColor(int index);
// Viridis on 0..1 for heatmaps: ordered in lightness, readable in grey and
// by the colour blind, and its top (yellow) is not the white of an empty
// cell.
QCPColorGradient viridisGradient();
// Whether `palette` is a dark one (light text on a dark window).
bool isDarkPalette(const QPalette& palette);

// Draws `plot` with the default light colours for the duration of the
// object, e.g. while exporting a figure for a paper from a dark-themed app.
class LightPlotColours {
public:
    explicit LightPlotColours(QCustomPlot* plot);
    ~LightPlotColours();
    LightPlotColours(const LightPlotColours&) = delete;
    LightPlotColours& operator=(const LightPlotColours&) = delete;

private:
    QCustomPlot* plot_;
    bool switched_;
};

} // namespace sa
