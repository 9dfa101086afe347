#include "samples_view.h"

#include "tasks/summarization/rouge.h"

#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QRegularExpression>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>
#include <set>
#include <string>

namespace sa {

namespace {

QString fromUtf8(const std::string& s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

// A word's tokens as ROUGE sees them (rouge_score's tokenizer, no stemming).
std::vector<std::string> rougeWords(const QString& word) {
    return rougeTokens(word.toStdString(), false);
}

} // namespace

QString highlightSharedWords(const QString& text, const QString& other) {
    const auto otherTokens = rougeWords(other);
    const std::set<std::string> words(otherTokens.begin(), otherTokens.end());
    QString html;
    static const QRegularExpression kToken(QStringLiteral("(\\s+)|(\\S+)"));
    auto it = kToken.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        const QString piece = m.captured(0);
        if (!m.captured(1).isEmpty()) {
            html += piece.contains(QLatin1Char('\n')) ? QStringLiteral("<br>") : QStringLiteral(" ");
            continue;
        }
        const QString escaped = piece.toHtmlEscaped();
        const auto tokens = rougeWords(piece);
        const bool shared =
            std::any_of(tokens.begin(), tokens.end(), [&](const std::string& t) { return words.count(t) > 0; });
        html += shared ? QStringLiteral("<span style=\"background-color:#c8e6c9;color:#000\">%1</span>").arg(escaped)
                       : escaped;
    }
    return html;
}

SamplesView::SamplesView(QWidget* parent) : QWidget(parent) {
    headline_ = new QLabel;
    headline_->setObjectName(QStringLiteral("samples.headline"));
    headline_->setWordWrap(true);
    evaluation_ = new QComboBox;
    evaluation_->setObjectName(QStringLiteral("samples.evaluation"));
    list_ = new QListWidget;
    list_->setObjectName(QStringLiteral("samples.list"));
    detail_ = new QTextBrowser;
    detail_->setObjectName(QStringLiteral("samples.detail"));
    detail_->setOpenLinks(false);
    connect(evaluation_, &QComboBox::currentIndexChanged, this, [this](int i) { showEvaluation(i); });
    connect(list_, &QListWidget::currentRowChanged, this, [this](int row) { showSample(row); });
    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(list_);
    split->addWidget(detail_);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(headline_);
    layout->addWidget(evaluation_);
    layout->addWidget(split, 1);
    clear();
}

void SamplesView::clear() {
    evaluations_.clear();
    evaluation_->clear();
    list_->clear();
    detail_->clear();
    headline_->setText(tr("Generated summaries appear here at every evaluation of a summarization run."));
}

void SamplesView::addEvaluation(const std::vector<PredictionSample>& samples, qint64 step) {
    evaluations_.emplace_back(step, samples);
    evaluation_->addItem(tr("Evaluation at step %1").arg(step));
    selectEvaluation(evaluation_->count() - 1);
}

int SamplesView::sampleCount() const {
    const int i = evaluation_->currentIndex();
    return i < 0 ? 0 : static_cast<int>(evaluations_[static_cast<std::size_t>(i)].second.size());
}

void SamplesView::selectEvaluation(int index) {
    evaluation_->setCurrentIndex(index);
    showEvaluation(index);
}

void SamplesView::selectSample(int row) {
    list_->setCurrentRow(row);
    showSample(row);
}

void SamplesView::showEvaluation(int index) {
    if (index < 0 || index >= static_cast<int>(evaluations_.size())) return;
    const int keep = std::max(0, list_->currentRow());
    const auto& [step, samples] = evaluations_[static_cast<std::size_t>(index)];
    list_->clear();
    double rouge = 0;
    for (const auto& s : samples) {
        list_->addItem(QStringLiteral("%1  (ROUGE-2 %2)").arg(fromUtf8(s.id)).arg(100 * s.f1, 0, 'f', 1));
        rouge += s.f1;
    }
    headline_->setText(tr("Evaluation at step %1: %2 documents, mean ROUGE-2 F %3 (the run's metrics average over "
                          "all generated summaries).")
                           .arg(step)
                           .arg(samples.size())
                           .arg(samples.empty() ? 0.0 : 100 * rouge / static_cast<double>(samples.size()), 0, 'f', 1));
    if (!samples.empty()) selectSample(std::min(keep, static_cast<int>(samples.size()) - 1));
}

void SamplesView::showSample(int row) {
    const int e = evaluation_->currentIndex();
    if (e < 0 || row < 0 || row >= sampleCount()) {
        detail_->clear();
        return;
    }
    const auto& s = evaluations_[static_cast<std::size_t>(e)].second[static_cast<std::size_t>(row)];
    const QString reference = s.references.empty() ? QString() : fromUtf8(s.references.front());
    const QString prediction = fromUtf8(s.prediction);
    detail_->setHtml(QStringLiteral("<h4>%1</h4><p>%2</p><h4>%3</h4><p>%4</p><h4>%5</h4><p>%6</p>")
                         .arg(tr("Source (excerpt)"), fromUtf8(s.input).toHtmlEscaped(), tr("Reference"),
                              highlightSharedWords(reference, prediction), tr("Generated summary"),
                              highlightSharedWords(prediction, reference)));
}

QString SamplesView::detailHtml() const {
    return detail_->toHtml();
}

QString SamplesView::headline() const {
    return headline_->text();
}

} // namespace sa
