// The pruning scores of a round as a histogram (Train ▸ Masks), with the
// threshold that cut them marked: weights scoring at or below the line were
// pruned. SNIP-like scores span many decades, so non-negative scores are
// binned by |score| on a log axis and the exact zeros, which have no place
// on it, are counted in the caption.
#pragma once

#include <QString>
#include <QWidget>

#include "train/training_events.h"

class QCPGraph;
class QCPItemStraightLine;
class QCPItemText;
class QCPTextElement;
class QCustomPlot;

namespace sa {

class ScoreHistogramView : public QWidget {
    Q_OBJECT

public:
    explicit ScoreHistogramView(QWidget* parent = nullptr);

    // Shows `scores` in place of the previous round's; "no scores for this
    // round" when they are not available.
    void setScores(const ScoreSummary& scores);
    // Shows nothing (no pruning round yet).
    void clear();

    QCustomPlot* plot() const { return plot_; }
    int binCount() const { return bins_; }
    // Where the threshold line stands; NaN where none is drawn (no single
    // threshold, or 0 on a log axis: then only zeros were pruned).
    double shownThreshold() const;
    // The caption above the plot (method, weights, zeros, threshold).
    QString caption() const;
    // The whole histogram in view (also on a double click).
    void resetZoom();

private:
    void showMessage(const QString& message);

    QCustomPlot* plot_;
    QCPTextElement* caption_;
    QCPGraph* graph_;
    QCPItemStraightLine* threshold_;
    QCPItemText* thresholdLabel_;
    QCPItemText* message_;
    int bins_ = 0;
    double homeLeft_ = 0.0, homeRight_ = 1.0, homeTop_ = 1.0;
};

} // namespace sa
