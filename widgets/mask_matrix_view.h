// One mask matrix weight by weight (Train ▸ Masks): a list of every mask of
// the round and an image of the chosen one, one cell per weight, kept or
// pruned, row 0 on top. The mouse wheel zooms, dragging pans, a double
// click shows the whole matrix again; a new round of the same matrix keeps
// the zoom, so one region can be watched across iterative pruning.
#pragma once

#include <QString>
#include <QStringList>
#include <QWidget>

#include "train/training_events.h"

#include <cstdint>
#include <vector>

class QCPColorMap;
class QCPColorScale;
class QComboBox;
class QCustomPlot;
class QLabel;

namespace sa {

class MaskMatrixView : public QWidget {
    Q_OBJECT

public:
    explicit MaskMatrixView(QWidget* parent = nullptr);

    // Shows `tensors` in place of the previous round's; the selected matrix
    // stays selected while its name is among them, else the first is.
    void setMasks(const std::vector<MaskTensor>& tensors);
    void clear();

    QStringList matrixNames() const;
    // Shows the matrix called `name`; names not in the round are ignored.
    void selectMatrix(const QString& name);
    QString selectedMatrix() const; // empty when there is none
    QCustomPlot* plot() const { return plot_; }
    // 1 kept, 0 pruned, as the image holds it; NaN outside the matrix.
    double cellValue(int64_t row, int64_t col) const;
    // The whole matrix in view.
    void resetZoom();

Q_SIGNALS:
    void matrixSelected(const QString& name);

private:
    void showSelected(bool keepZoom);
    const MaskTensor* selected() const;

    QComboBox* names_;
    QLabel* shape_;
    QCustomPlot* plot_;
    QCPColorMap* image_;
    QCPColorScale* scale_;
    std::vector<MaskTensor> tensors_;
    int64_t shownRows_ = 0, shownCols_ = 0;
};

} // namespace sa
