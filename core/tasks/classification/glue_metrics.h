// GLUE evaluation metrics, computed the way HuggingFace's `glue` metric does
// (sklearn's accuracy_score, f1_score, matthews_corrcoef and scipy's pearsonr,
// spearmanr). Plain doubles and integers: no LibTorch, so the trainer, the CLI
// and the GUI share one definition and tests check it against hand-computed
// values.
//
// Every function throws sa::Error naming both sizes when its two inputs differ
// in length or are empty.
#pragma once

#include "tasks/classification/glue_dataset.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace sa {

// The fraction of positions where prediction and label agree.
double accuracy(const std::vector<std::int64_t>& predictions, const std::vector<std::int64_t>& labels);

// Binary F1 of class `positive` against every other class: 2·TP / (2·TP + FP
// + FN). 0 when there is no true positive (also when the denominator is 0),
// as sklearn's f1_score(average="binary", zero_division=0).
double f1Score(const std::vector<std::int64_t>& predictions, const std::vector<std::int64_t>& labels,
               std::int64_t positive = 1);

// Matthews correlation coefficient over the classes present in either input,
// binary or multiclass, as sklearn's matthews_corrcoef (Gorodkin's R_K). 0
// when the denominator is 0 (e.g. every prediction is the same class).
double matthewsCorrelation(const std::vector<std::int64_t>& predictions, const std::vector<std::int64_t>& labels);

// Pearson's r, clamped to [-1, 1] against rounding. NaN when either input is
// constant (zero variance), as scipy.stats.pearsonr; callers that need a
// number must check std::isnan.
double pearsonCorrelation(const std::vector<double>& x, const std::vector<double>& y);

// Spearman's rho: Pearson's r of the ranks, tied values sharing their average
// rank, as scipy.stats.spearmanr. NaN when either input is constant.
double spearmanCorrelation(const std::vector<double>& x, const std::vector<double>& y);

// The metrics of one GLUE evaluation, named and ordered as HF's glue metric
// reports them, and the one model selection uses.
struct GlueMetrics {
    std::vector<std::pair<std::string, double>> values;
    std::string mainName;

    // The value named mainName; throws sa::Error if it is missing.
    double main() const;
};

// The main metric of a task: CoLA "matthews_correlation"; STS-B "pearson";
// MRPC and QQP "f1"; every other task "accuracy".
std::string glueMainMetricName(GlueTask task);

// Classification tasks: CoLA → matthews_correlation; MRPC, QQP → accuracy,
// f1 (positive class 1); others → accuracy. Labels are indices into
// glueTaskInfo(task).labels. STS-B throws: use glueRegressionMetrics.
GlueMetrics glueMetrics(GlueTask task, const std::vector<std::int64_t>& predictions,
                        const std::vector<std::int64_t>& labels);

// STS-B: pearson, spearmanr (main "pearson"); NaN for constant input.
GlueMetrics glueRegressionMetrics(const std::vector<double>& predictions, const std::vector<double>& scores);

} // namespace sa
