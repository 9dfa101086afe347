#include "sweep_plot.h"

#include "core_path.h"
#include "error.h"
#include "plot_export.h"
#include "plot_palette.h"
#include "run_figures.h"
#include "sa_qcustomplot.h"

#include <QDir>
#include <QRegularExpression>
#include <QVBoxLayout>

#include <limits>

namespace sa {

SweepPlot::SweepPlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    plot_->legend->setVisible(true);
    plot_->plotLayout()->insertRow(0);
    title_ = new QCPTextElement(plot_, QString());
    plot_->plotLayout()->addElement(0, 0, title_);
    followPalette(plot_);
}

int SweepPlot::seriesCount() const {
    return plot_->graphCount();
}

void SweepPlot::setTask(const TaskAggregate& task, SweepAxis axis) {
    plot_->clearPlottables();
    plot_->clearItems();
    const auto& series = axis == SweepAxis::Sparsity ? task.bySparsity : task.byLargeSparse;
    double lo = std::numeric_limits<double>::max(), hi = std::numeric_limits<double>::lowest();
    double ylo = lo, yhi = hi;
    for (std::size_t i = 0; i < series.size(); ++i) {
        QVector<double> x, y, err;
        for (const auto& p : series[i].points) {
            x << p.x;
            y << p.mean;
            err << p.std;
            lo = std::min(lo, p.x);
            hi = std::max(hi, p.x);
            ylo = std::min(ylo, p.mean - p.std);
            yhi = std::max(yhi, p.mean + p.std);
        }
        auto* graph = plot_->addGraph();
        graph->setName(QString::fromStdString(series[i].label));
        graph->setPen(QPen(seriesColor(static_cast<int>(i)), 2));
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 6));
        graph->setData(x, y, true);
        auto* bars = new QCPErrorBars(plot_->xAxis, plot_->yAxis);
        bars->removeFromLegend();
        bars->setDataPlottable(graph);
        bars->setData(err);
        bars->setPen(QPen(seriesColor(static_cast<int>(i))));
    }
    if (task.hasDense) {
        // A line over the whole x range, in the legend like the methods.
        if (lo > hi) lo = 0.0, hi = 1.0;
        auto* dense = plot_->addGraph();
        dense->setName(tr("dense adapter"));
        QPen pen(Qt::gray, 1.5, Qt::DashLine);
        dense->setPen(pen);
        dense->setData({lo, hi}, {task.dense.mean, task.dense.mean}, true);
        ylo = std::min(ylo, task.dense.mean - task.dense.std);
        yhi = std::max(yhi, task.dense.mean + task.dense.std);
    }
    const QString metric = QString::fromStdString(task.metric.empty() ? "metric" : task.metric);
    plot_->xAxis->setLabel(axis == SweepAxis::Sparsity ? tr("sparsity (fraction removed)")
                                                       : tr("Large-Sparse k (bottleneck × k, sparsity 1 − 1/k)"));
    plot_->yAxis->setLabel(tr("%1, mean ± std over seeds").arg(metric));
    title_->setText(QString::fromStdString(task.task));
    if (lo <= hi) {
        const double pad = hi > lo ? (hi - lo) * 0.05 : 0.05;
        plot_->xAxis->setRange(lo - pad, hi + pad);
    }
    if (ylo <= yhi) {
        const double pad = yhi > ylo ? (yhi - ylo) * 0.1 : 0.01;
        plot_->yAxis->setRange(ylo - pad, yhi + pad);
    }
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

QStringList writeSweepFigures(const SweepAggregate& aggregate, const QString& outDir, QStringList formats) {
    formats = checkedFigureFormats(formats);
    if (!QDir().mkpath(outDir))
        throw Error(toCorePath(QDir::toNativeSeparators(outDir)) + ": cannot create the folder");
    QStringList written;
    SweepPlot view;
    view.resize(800, 500);
    LightPlotColours light(view.plot());
    for (const auto& task : aggregate.tasks) {
        QString base = QString::fromStdString(task.task);
        base.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._+-]")), QStringLiteral("_"));
        const std::pair<SweepAxis, QString> figures[] = {{SweepAxis::Sparsity, QStringLiteral("-sparsity")},
                                                         {SweepAxis::LargeSparse, QStringLiteral("-large-sparse")}};
        for (const auto& [axis, suffix] : figures) {
            if (axis == SweepAxis::Sparsity && task.bySparsity.empty() && !task.hasDense) continue;
            if (axis == SweepAxis::LargeSparse && task.byLargeSparse.empty()) continue;
            view.setTask(task, axis);
            for (const QString& format : formats) {
                const QString path = QDir(outDir).filePath(base + suffix + QLatin1Char('.') + format);
                if (!exportPlotToFile(view.plot(), path))
                    throw Error(toCorePath(QDir::toNativeSeparators(path)) + ": could not be written");
                written << path;
            }
        }
    }
    return written;
}

} // namespace sa
