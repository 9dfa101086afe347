// What an AdapterFusion run attends to (Train ▸ Fusion): at every fusion
// site (rows, site 0 on top as in the model) the mean attention probability
// each frozen source adapter (columns) got at the latest evaluation, as a
// heatmap on a fixed 0..1 scale, so evaluations and runs compare by colour.
// Cells carry their value where they are large enough to hold it.
#pragma once

#include <QString>
#include <QStringList>
#include <QVector>
#include <QWidget>

#include "train/training_events.h"

#include <cstdint>

class QCPColorMap;
class QCPColorScale;
class QCPItemText;
class QCPTextElement;
class QCustomPlot;

namespace sa {

class FusionView : public QWidget {
    Q_OBJECT

public:
    explicit FusionView(QWidget* parent = nullptr);

    // Shows `attention` of the evaluation at `step` (-1: not known); an empty
    // one says the run has no fusion layers.
    void setAttention(const FusionAttention& attention, int64_t step = -1);
    // Shows nothing: no evaluation yet.
    void clear();

    QCustomPlot* plot() const { return plot_; }
    int siteCount() const { return static_cast<int>(sites_.size()); }
    int sourceCount() const { return static_cast<int>(sources_.size()); }
    // The tick labels: rows top-down, columns left to right.
    QStringList siteLabels() const { return sites_; }
    QStringList sourceLabels() const { return sources_; }
    // The probability the colour map holds for that cell; NaN outside.
    double cellValue(int site, int source) const;
    // The text written in that cell, empty where there is none (too small).
    QString cellText(int site, int source) const;
    // The empty state's text; empty while attention is shown.
    QString message() const;
    // As exportPlotToFile (PNG, PDF, SVG by suffix), 800 × 500 while hidden.
    bool exportPlot(const QString& path) const;

private:
    void showMessage(const QString& message);
    void rebuild();
    // Writes the values in the cells when a cell has room for them at the
    // size the plot is about to be drawn (on screen or exported).
    void placeCellTexts();

    QCustomPlot* plot_;
    QCPTextElement* caption_;
    QCPColorMap* colorMap_;
    QCPColorScale* colorScale_;
    QCPItemText* message_;
    QVector<QCPItemText*> cellTexts_; // sites × sources, row-major
    QStringList sites_, sources_;
    QVector<double> values_;
};

} // namespace sa
