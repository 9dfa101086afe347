// The live parameter budget beside the experiment form: what the configured
// adapters train (nominal, and non-zero after pruning) against the frozen
// backbone, and a bar chart of the same adapter dense, sparse and
// Large-Sparse. Shows core's resolveExperimentBudget result as it is, so the
// numbers are the ones a run records in summary.json.
#pragma once

#include "experiment/experiment_budget.h"

#include <QVector>
#include <QWidget>

#include <cstdint>

class QCPBars;
class QCustomPlot;
class QLabel;

namespace sa {

class FormGrid;

class BudgetPanel : public QWidget {
    Q_OBJECT

public:
    explicit BudgetPanel(QWidget* parent = nullptr);

    void setBudget(const ExperimentBudget& budget);
    // No budget for the current form (an error it cannot be computed past).
    void setUnavailable(const QString& reason);

    // "attention adapter 64, FFN adapter 64": the widths `options` attach.
    static QString widthsText(const AdapterOptions& options);

    bool hasBudget() const { return hasBudget_; }
    // The numbers on show (0 while unavailable). Trainable counts include the
    // task head when the adapter trains it, as ParameterBudget::trainable().
    int64_t shownBackbone() const { return shown_.backbone; }
    int64_t shownTrainable() const { return shown_.trainable(); }
    int64_t shownEffective() const { return shown_.effectiveTrainable(); }
    double shownPercent() const { return shown_.percentOfBackbone(shown_.trainable()); }
    double shownEffectivePercent() const { return shown_.percentOfBackbone(shown_.effectiveTrainable()); }
    int64_t shownPrunable() const { return shown_.adapterWeights; }
    int64_t shownKept() const { return shown_.adapterWeightsKept; }
    double shownSparsity() const { return shownSparsity_; }
    // Adapter parameters (dense) in the encoder and in the decoder of an
    // encoder-decoder model; both 0 for an encoder-only one.
    std::pair<int64_t, int64_t> shownEncoderDecoder() const;
    // The "Fused sources (frozen):" row of a fusion run (its weights kept,
    // biases and norms); empty while the row is hidden (no fusion budget).
    QString shownFusedSources() const;

    // The bar chart: one category per comparison (dense, sparse, Large-Sparse
    // when it exists), two bars each.
    QCustomPlot* chart() const { return chart_; }
    QStringList barCategories() const { return categories_; }
    QVector<double> nominalBars() const;
    QVector<double> effectiveBars() const;

private:
    QLabel* addRow(FormGrid* form, const QString& label);
    void updateChart(const ExperimentBudget& budget);

    bool hasBudget_ = false;
    ParameterBudget shown_;
    double shownSparsity_ = 0.0;
    QStringList categories_;

    QLabel* status_;
    QLabel* backbone_;
    QLabel* trainable_;
    QLabel* effective_;
    QLabel* prunable_;
    QLabel* sparsity_;
    QLabel* widths_;
    QLabel* stacks_; // encoder vs decoder adapters (BART)
    QLabel* stacksLabel_;
    QLabel* sources_; // a fusion run's frozen source adapters
    QLabel* sourcesLabel_;
    QLabel* notes_;
    QCustomPlot* chart_;
    QCPBars* nominal_;
    QCPBars* effectiveBars_;
};

} // namespace sa
