// The paper's figures of a sweep, live in the Sweeps tab and written for
// papers by `sparseadapter report`: a task's main metric against sparsity,
// one line per pruning method with error bars over seeds and the dense
// adapter as a dashed horizontal reference; or against the Large-Sparse
// factor k at the dense adapter's budget.
#pragma once

#include "experiment/sweep_report.h"

#include <QStringList>
#include <QWidget>

class QCustomPlot;
class QCPTextElement;

namespace sa {

enum class SweepAxis { Sparsity, LargeSparse };

class SweepPlot : public QWidget {
    Q_OBJECT
public:
    explicit SweepPlot(QWidget* parent = nullptr);
    void setTask(const TaskAggregate& task, SweepAxis axis);
    QCustomPlot* plot() const { return plot_; }
    int seriesCount() const; // lines drawn, the dense reference included

private:
    QCustomPlot* plot_;
    QCPTextElement* title_;
};

// Per task, "<task>-sparsity" and, when the sweep varied k, "<task>-large-sparse"
// in each format (png, pdf, svg; empty: all this build writes). Throws
// sa::Error naming a file that cannot be written. Needs a QApplication.
QStringList writeSweepFigures(const SweepAggregate& aggregate, const QString& outDir, QStringList formats = {});

} // namespace sa
