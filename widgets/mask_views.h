// The masks of the latest pruning round (Train ▸ Run): a layers × modules
// heatmap of the fraction of adapter weights kept, one mask weight by weight
// (MaskMatrixView; a click on a heatmap cell picks that cell's first mask),
// a bar chart of the weights kept per layer, the round's score histogram
// with its threshold (ScoreHistogramView), and a one-line summary above
// them. Each new round (iterative pruning: each iteration) replaces all of
// it; the matrix shown stays while the round has it. Rows are the layer
// index parsed from the mask names ("layer.3", "layers.3"); a BART model's
// decoder layers follow its encoder's ("enc 0", …, "dec 0", …). Masks whose
// name has no layer index go to a last row, "other".
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>
#include <QVector>
#include <QWidget>

#include "train/training_events.h"

#include <cstdint>

class QCPBars;
class QCPColorMap;
class QCPColorScale;
class QCustomPlot;
class QLabel;
class QMouseEvent;

namespace sa {

class MaskMatrixView;
class ScoreHistogramView;

class MaskViews : public QWidget {
    Q_OBJECT

public:
    explicit MaskViews(QWidget* parent = nullptr);

    // Shows `event`'s masks in place of the previous round's.
    void setMasks(const MaskEvent& event);
    // Shows nothing (no pruning round yet).
    void clear();

    QCustomPlot* heatmap() const { return heatmap_; }
    QCustomPlot* barChart() const { return barChart_; }
    QString title() const;
    // The round's warnings (achieved density far from the target, fully
    // pruned tensors) as shown above the plots; empty when there are none.
    QString warningText() const;

    // Kept fraction of the masks in row `layer` and `column` (a name of
    // columns()); NaN where there are none.
    double cellDensity(int layer, const QString& column) const;
    // Module kinds present, in display order: "attn down", "attn up",
    // ("self"/"cross" prefixed for BART), "ffn down", "ffn up", "LoRA q A",
    // …, then unknown names by their last two parts, sorted.
    QStringList columns() const { return columns_; }
    // Heatmap rows (layers, decoder layers after the encoder's, "other").
    int layerCount() const { return static_cast<int>(rowLabels_.size()); }
    QStringList layerLabels() const { return rowLabels_; }
    // Weights kept in row `layer`, 0 outside the rows.
    int64_t keptInLayer(int layer) const;

    // The weight-level image: every mask of the round by official name, in
    // event order; the one shown (empty when none); its image cell, 1 kept,
    // 0 pruned, NaN outside the matrix.
    QStringList matrixNames() const;
    void selectMatrix(const QString& name); // names not in the round are ignored
    QString selectedMatrix() const;
    double matrixCell(int64_t row, int64_t col) const;
    // Shows the first mask of heatmap cell (`layer`, `column`); what a click
    // on the cell does. False, changing nothing, where the cell has none.
    bool selectCell(int layer, const QString& column);

    // The score histogram: its bin count (0 when nothing is binned) and the
    // threshold line's score (NaN where none is drawn).
    int histogramBinCount() const;
    double shownThreshold() const;

    QCustomPlot* matrixPlot() const;
    QCustomPlot* histogramPlot() const;
    MaskMatrixView* matrixView() const { return matrixView_; }
    ScoreHistogramView* scoreView() const { return scoreView_; }

    // Writes `plot` (heatmap(), barChart(), matrixPlot(), histogramPlot()) as
    // .png, .pdf or .svg where supported, as TrainingCurves::exportPlot does.
    bool exportPlot(QCustomPlot* plot, const QString& path) const;

private:
    struct Cell {
        int64_t kept = 0;
        int64_t total = 0;
    };

    void rebuildPlots();
    void selectClickedCell(QMouseEvent* event);

    QLabel* title_;
    QLabel* warning_;
    QCustomPlot* heatmap_;
    QCustomPlot* barChart_;
    QCPColorMap* colorMap_;
    QCPColorScale* colorScale_;
    QCPBars* bars_;
    MaskMatrixView* matrixView_;
    ScoreHistogramView* scoreView_;

    QStringList columns_;
    QStringList rowLabels_;
    // Key: row * columns_.size() + column.
    QHash<int, Cell> cells_;
    QVector<int64_t> rowKept_;
    // Per mask of the round, in event order: its cell key (as cells_).
    QVector<int> tensorCells_;
    QStringList tensorNames_;
};

} // namespace sa
