#include "score_histogram_view.h"

#include <QLocale>
#include <QVBoxLayout>

#include "sa_qcustomplot.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sa {

namespace {

const QColor kBarColor(0x1f77b4);
const QColor kThresholdColor(0xd62728);
// Room left and right of the outer bins, as a fraction of the axis span (in
// decades on a log axis).
constexpr double kPad = 0.02;

QString number(double value) {
    return QLocale().toString(value, 'g', 4);
}

QString count(int64_t value) {
    return QLocale().toString(static_cast<qlonglong>(value));
}

} // namespace

ScoreHistogramView::ScoreHistogramView(QWidget* parent) : QWidget(parent) {
    plot_ = new QCustomPlot(this);
    plot_->setAccessibleName(tr("Histogram of the pruning scores"));
    plot_->setMinimumHeight(150);
    plot_->yAxis->setLabel(tr("weights"));
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot_->axisRect()->setRangeDrag(Qt::Horizontal);
    plot_->axisRect()->setRangeZoom(Qt::Horizontal);
    plot_->plotLayout()->insertRow(0);
    caption_ = new QCPTextElement(plot_, QString());
    plot_->plotLayout()->addElement(0, 0, caption_);

    graph_ = plot_->addGraph();
    graph_->setName(tr("weights"));
    graph_->setLineStyle(QCPGraph::lsStepLeft);
    graph_->setPen(QPen(kBarColor));
    graph_->setBrush(QColor(kBarColor.red(), kBarColor.green(), kBarColor.blue(), 90));

    threshold_ = new QCPItemStraightLine(plot_);
    QPen pen(kThresholdColor);
    pen.setStyle(Qt::DashLine);
    pen.setWidthF(1.5);
    threshold_->setPen(pen);
    thresholdLabel_ = new QCPItemText(plot_);
    thresholdLabel_->position->setTypeX(QCPItemPosition::ptPlotCoords);
    thresholdLabel_->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    thresholdLabel_->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    thresholdLabel_->setColor(kThresholdColor);
    thresholdLabel_->setPadding(QMargins(4, 2, 4, 2));
    thresholdLabel_->setClipToAxisRect(true);

    message_ = new QCPItemText(plot_);
    message_->position->setType(QCPItemPosition::ptAxisRectRatio);
    message_->position->setCoords(0.5, 0.5);
    message_->setPositionAlignment(Qt::AlignCenter);

    connect(plot_, &QCustomPlot::mouseDoubleClick, this, [this] { resetZoom(); });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);

    clear();
}

void ScoreHistogramView::clear() {
    caption_->setText(tr("Pruning scores"));
    showMessage(tr("No pruning round yet."));
}

void ScoreHistogramView::showMessage(const QString& message) {
    bins_ = 0;
    graph_->data()->clear();
    threshold_->setVisible(false);
    thresholdLabel_->setVisible(false);
    message_->setText(message);
    message_->setVisible(true);
    plot_->xAxis->setScaleType(QCPAxis::stLinear);
    plot_->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    plot_->xAxis->setLabel(tr("score"));
    homeLeft_ = 0.0;
    homeRight_ = homeTop_ = 1.0;
    resetZoom();
}

void ScoreHistogramView::resetZoom() {
    plot_->xAxis->setRange(homeLeft_, homeRight_);
    plot_->yAxis->setRange(0.0, homeTop_);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

QString ScoreHistogramView::caption() const {
    return caption_->text();
}

double ScoreHistogramView::shownThreshold() const {
    return threshold_->visible() ? threshold_->point1->key() : std::numeric_limits<double>::quiet_NaN();
}

void ScoreHistogramView::setScores(const ScoreSummary& scores) {
    if (!scores.available) {
        caption_->setText(tr("Pruning scores"));
        showMessage(tr("No scores for this round."));
        return;
    }
    const double t = scores.threshold;
    QStringList details;
    if (scores.logScale && scores.zeros > 0)
        details << tr("%1 exactly zero (not on the log axis)").arg(count(scores.zeros));
    if (scores.nonFinite > 0) details << tr("%1 not finite").arg(count(scores.nonFinite));
    if (std::isnan(t))
        details << tr("no single threshold (local scope, Erdős–Rényi, or nothing pruned)");
    else if (scores.logScale && t <= 0.0)
        details << tr("threshold 0: only the zero scores were pruned");
    else
        details << tr("pruned: score ≤ %1").arg(number(t));
    caption_->setText(tr("%1 scores of %2 weights").arg(QString::fromStdString(scores.method), count(scores.total)) +
                      QLatin1Char('\n') + details.join(QStringLiteral(" · ")));

    const bool binned = scores.edges.size() >= 2 && scores.edges.size() == scores.counts.size() + 1;
    if (!binned) {
        showMessage(tr("No score to bin (all zero or not finite)."));
        return;
    }
    message_->setVisible(false);
    bins_ = static_cast<int>(scores.counts.size());

    // A step graph (not bars): bar widths are in axis units, which a log
    // axis does not have. Each bin's count holds from its left edge on.
    QVector<double> keys, values;
    double most = 0.0;
    for (std::size_t i = 0; i < scores.edges.size(); ++i) {
        keys.append(scores.edges[i]);
        values.append(static_cast<double>(scores.counts[std::min(i, scores.counts.size() - 1)]));
        most = std::max(most, values.back());
    }
    graph_->setData(keys, values, true);

    const bool log = scores.logScale && scores.edges.front() > 0.0;
    plot_->xAxis->setScaleType(log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (log)
        plot_->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTickerLog));
    else
        plot_->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    plot_->xAxis->setNumberFormat(log ? QStringLiteral("eb") : QStringLiteral("gb"));
    plot_->xAxis->setNumberPrecision(log ? 0 : 3);
    plot_->xAxis->setLabel(scores.logScale ? tr("|score|") : tr("score"));

    const bool line = std::isfinite(t) && (!log || t > 0.0);
    double lo = scores.edges.front(), hi = scores.edges.back();
    if (line) {
        lo = std::min(lo, t);
        hi = std::max(hi, t);
    }
    if (log) {
        const double pad = std::pow(10.0, kPad * std::max(std::log10(hi / lo), 1.0));
        homeLeft_ = lo / pad;
        homeRight_ = hi * pad;
    } else {
        const double pad = kPad * std::max(hi - lo, 1e-300);
        homeLeft_ = lo - pad;
        homeRight_ = hi + pad;
    }
    homeTop_ = most > 0.0 ? most * 1.1 : 1.0;

    threshold_->setVisible(line);
    thresholdLabel_->setVisible(line);
    if (line) {
        threshold_->point1->setCoords(t, 0.0);
        threshold_->point2->setCoords(t, 1.0);
        thresholdLabel_->position->setCoords(t, 0.0);
        thresholdLabel_->setText(tr("threshold %1").arg(number(t)));
    }
    resetZoom();
}

} // namespace sa
