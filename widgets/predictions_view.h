// The Predictions tab: a few evaluation examples at every evaluation, each
// with its gold answers (or label) and the model's prediction, and for
// question answering the passage with the predicted answer highlighted and
// the gold spans underlined. Plain data in (sa::PredictionSample), no
// LibTorch.
#pragma once

#include "train/training_events.h"

#include <QString>
#include <QWidget>

#include <vector>

class QLabel;
class QTableWidget;
class QTextBrowser;

namespace sa {

class PredictionsView : public QWidget {
    Q_OBJECT

public:
    explicit PredictionsView(QWidget* parent = nullptr);

    // The samples of the evaluation at `step`; the selected row stays selected.
    void setSamples(const std::vector<PredictionSample>& samples, qint64 step);
    void clear();

    int sampleCount() const { return static_cast<int>(samples_.size()); }
    int currentSample() const;
    void selectSample(int row);
    // What the table shows for a sample (columns: input, references,
    // prediction, score) and the passage as HTML (empty without one).
    QString cellText(int row, int column) const;
    QString passageHtml() const;
    QString headline() const;

private:
    void showPassage(int row);

    QLabel* headline_;
    QTableWidget* table_;
    QTextBrowser* passage_;
    std::vector<PredictionSample> samples_;
};

// `context` as HTML with [predictionBegin, predictionEnd) highlighted and the
// reference spans underlined (UTF-8 byte offsets, as PredictionSample has
// them); escaped, paragraphs kept.
QString highlightedPassage(const PredictionSample& sample);

} // namespace sa
