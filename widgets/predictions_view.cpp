#include "predictions_view.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>
#include <string>

namespace sa {

namespace {

enum Column { Input, References, Prediction, Score, kColumns };

QString fromUtf8(const std::string& s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

} // namespace

QString highlightedPassage(const PredictionSample& s) {
    const std::string& text = s.context;
    const auto size = static_cast<int64_t>(text.size());
    // Every boundary where a mark opens or closes, then the text between
    // them escaped with the marks that cover it.
    std::vector<int64_t> cuts{0, size};
    auto valid = [&](int64_t b, int64_t e) { return b >= 0 && b < e && e <= size; };
    const bool predicted = valid(s.predictionBegin, s.predictionEnd);
    if (predicted) cuts.insert(cuts.end(), {s.predictionBegin, s.predictionEnd});
    for (const auto& [b, e] : s.referenceSpans)
        if (valid(b, e)) cuts.insert(cuts.end(), {b, e});
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    QString html;
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
        const int64_t b = cuts[i], e = cuts[i + 1];
        bool gold = false;
        for (const auto& [gb, ge] : s.referenceSpans)
            gold = gold || (valid(gb, ge) && gb <= b && e <= ge);
        const bool mark = predicted && s.predictionBegin <= b && e <= s.predictionEnd;
        QString piece =
            fromUtf8(text.substr(static_cast<std::size_t>(b), static_cast<std::size_t>(e - b))).toHtmlEscaped();
        piece.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
        if (gold) piece = QStringLiteral("<u>%1</u>").arg(piece);
        if (mark)
            piece = QStringLiteral("<span style=\"background-color:#ffd54f;color:#000\"><b>%1</b></span>").arg(piece);
        html += piece;
    }
    return html;
}

PredictionsView::PredictionsView(QWidget* parent) : QWidget(parent) {
    headline_ = new QLabel;
    headline_->setObjectName(QStringLiteral("predictions.headline"));
    headline_->setWordWrap(true);
    table_ = new QTableWidget(0, kColumns);
    table_->setObjectName(QStringLiteral("predictions.table"));
    table_->setHorizontalHeaderLabels({tr("Question / input"), tr("Gold"), tr("Predicted"), tr("F1")});
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setWordWrap(false);
    table_->verticalHeader()->setVisible(false);
    table_->horizontalHeader()->setSectionResizeMode(Input, QHeaderView::Stretch);
    table_->horizontalHeader()->setSectionResizeMode(References, QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(Prediction, QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(Score, QHeaderView::ResizeToContents);
    passage_ = new QTextBrowser;
    passage_->setObjectName(QStringLiteral("predictions.passage"));
    passage_->setOpenLinks(false);
    connect(table_, &QTableWidget::currentCellChanged, this, [this](int row) { showPassage(row); });

    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(table_);
    split->addWidget(passage_);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(headline_);
    layout->addWidget(split, 1);
    clear();
}

void PredictionsView::clear() {
    samples_.clear();
    table_->setRowCount(0);
    passage_->clear();
    headline_->setText(tr("Sample predictions appear here at every evaluation of a run."));
}

void PredictionsView::setSamples(const std::vector<PredictionSample>& samples, qint64 step) {
    const int keep = std::max(0, currentSample());
    samples_ = samples;
    table_->setRowCount(static_cast<int>(samples_.size()));
    int right = 0;
    for (int row = 0; row < static_cast<int>(samples_.size()); ++row) {
        const auto& s = samples_[static_cast<std::size_t>(row)];
        QStringList golds;
        for (const auto& r : s.references)
            golds << fromUtf8(r);
        const QString cells[kColumns] = {fromUtf8(s.input), golds.join(QStringLiteral(" | ")), fromUtf8(s.prediction),
                                         QString::number(s.f1, 'f', 2)};
        for (int c = 0; c < kColumns; ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            item->setToolTip(cells[c]);
            // Right answers in green, wrong ones in red (the palette's text otherwise).
            if (c == Prediction) item->setForeground(s.exactMatch > 0 ? QColor(0x2e7d32) : QColor(0xc62828));
            table_->setItem(row, c, item);
        }
        right += s.exactMatch > 0 ? 1 : 0;
    }
    headline_->setText(
        tr("Evaluation at step %1: %2 of %3 sample predictions right.").arg(step).arg(right).arg(samples_.size()));
    if (!samples_.empty()) selectSample(std::min(keep, static_cast<int>(samples_.size()) - 1));
}

int PredictionsView::currentSample() const {
    return table_->currentRow();
}

void PredictionsView::selectSample(int row) {
    table_->setCurrentCell(row, 0);
    showPassage(row);
}

void PredictionsView::showPassage(int row) {
    if (row < 0 || row >= static_cast<int>(samples_.size())) {
        passage_->clear();
        return;
    }
    const auto& s = samples_[static_cast<std::size_t>(row)];
    QString html = QStringLiteral("<p><b>%1</b></p>").arg(fromUtf8(s.input).toHtmlEscaped());
    if (!s.context.empty()) html += QStringLiteral("<p>%1</p>").arg(highlightedPassage(s));
    passage_->setHtml(html);
}

QString PredictionsView::cellText(int row, int column) const {
    const auto* item = table_->item(row, column);
    return item ? item->text() : QString();
}

QString PredictionsView::passageHtml() const {
    const int row = currentSample();
    if (row < 0 || row >= static_cast<int>(samples_.size()) || samples_[static_cast<std::size_t>(row)].context.empty())
        return {};
    return highlightedPassage(samples_[static_cast<std::size_t>(row)]);
}

QString PredictionsView::headline() const {
    return headline_->text();
}

} // namespace sa
