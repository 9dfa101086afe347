// Shows what a checkpoint turned out to be once loaded (File ▸ Open Model):
// the same facts as `sparseadapter inspect`, as a form.
#pragma once

#include "model/model_summary.h"

#include <QWidget>

class QFormLayout;
class QGroupBox;
class QLabel;
class QListWidget;

namespace sa {

class ModelSummaryView : public QWidget {
    Q_OBJECT

public:
    explicit ModelSummaryView(QWidget* parent = nullptr);

    void setSummary(const ModelSummary& summary);

private:
    QLabel* addRow(QFormLayout* form, const QString& label);

    QLabel* directory_;
    QLabel* architecture_;
    QLabel* head_;
    QLabel* layers_;
    QLabel* hidden_;
    QLabel* heads_;
    QLabel* feedForward_;
    QLabel* vocabSize_;
    QLabel* maxPositions_;
    QLabel* labels_;
    QLabel* parameters_;
    QLabel* weightsFormat_;
    QLabel* tokenizer_;
    QLabel* unused_;
    QListWidget* filesRead_;
    QGroupBox* initialisedBox_;
    QListWidget* initialisedHead_;
};

} // namespace sa
