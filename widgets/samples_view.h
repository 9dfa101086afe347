// The Samples tab of a summarization run: at every evaluation a few
// evaluation documents with the source excerpt, the reference and the
// generated summary, the words they share highlighted in both; earlier
// evaluations stay selectable, so a user sees the summaries improve. Plain
// data in (sa::PredictionSample), no LibTorch.
#pragma once

#include "train/training_events.h"

#include <QString>
#include <QWidget>

#include <utility>
#include <vector>

class QComboBox;
class QLabel;
class QListWidget;
class QTextBrowser;

namespace sa {

class SamplesView : public QWidget {
    Q_OBJECT

public:
    explicit SamplesView(QWidget* parent = nullptr);

    // Adds the evaluation at `step` and shows it (the selected document stays selected).
    void addEvaluation(const std::vector<PredictionSample>& samples, qint64 step);
    void clear();

    int evaluationCount() const { return static_cast<int>(evaluations_.size()); }
    int sampleCount() const; // of the evaluation shown
    void selectEvaluation(int index);
    void selectSample(int row);
    QString detailHtml() const; // the shown document: source, reference, summary
    QString headline() const;

private:
    void showEvaluation(int index);
    void showSample(int row);

    QLabel* headline_;
    QComboBox* evaluation_;
    QListWidget* list_;
    QTextBrowser* detail_;
    std::vector<std::pair<qint64, std::vector<PredictionSample>>> evaluations_;
};

// `text` escaped, with every word highlighted that holds a token (as
// rouge_score's tokenizer cuts it, without stemming) that `other` holds too:
// ROUGE-1's notion of a match.
QString highlightSharedWords(const QString& text, const QString& other);

} // namespace sa
