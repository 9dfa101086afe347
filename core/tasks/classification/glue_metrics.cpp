#include "tasks/classification/glue_metrics.h"

#include "error.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <map>
#include <numeric>

namespace sa {

namespace {

template <typename T, typename U>
void checkSizes(const char* what, const std::vector<T>& a, const char* aName, const std::vector<U>& b,
                const char* bName) {
    if (a.size() != b.size() || a.empty())
        throw Error(std::string(what) + ": " + std::to_string(a.size()) + " " + aName + " but " +
                    std::to_string(b.size()) + " " + bName + (a.size() == b.size() ? " (no examples)" : ""));
}

// Pearson's r without the size check; NaN for zero variance.
double pearson(const std::vector<double>& x, const std::vector<double>& y) {
    const double n = static_cast<double>(x.size());
    const double meanX = std::accumulate(x.begin(), x.end(), 0.0) / n;
    const double meanY = std::accumulate(y.begin(), y.end(), 0.0) / n;
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double dx = x[i] - meanX, dy = y[i] - meanY;
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if (std::isnan(sxy) || std::isnan(sxx) || std::isnan(syy) || sxx == 0 || syy == 0)
        return std::numeric_limits<double>::quiet_NaN();
    return std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
}

// 1-based ranks, ties sharing the average of the ranks they span
// (scipy.stats.rankdata(method="average")). Input must be NaN-free.
std::vector<double> averageRanks(const std::vector<double>& values) {
    std::vector<std::size_t> order(values.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    std::vector<double> ranks(values.size());
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i + 1;
        while (j < order.size() && values[order[j]] == values[order[i]])
            ++j;
        // Positions i..j-1 hold ranks i+1..j; their mean is (i+1+j)/2.
        const double rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
        for (std::size_t k = i; k < j; ++k)
            ranks[order[k]] = rank;
        i = j;
    }
    return ranks;
}

bool hasNan(const std::vector<double>& values) {
    return std::any_of(values.begin(), values.end(), [](double v) { return std::isnan(v); });
}

} // namespace

double accuracy(const std::vector<std::int64_t>& predictions, const std::vector<std::int64_t>& labels) {
    checkSizes("accuracy", predictions, "predictions", labels, "labels");
    std::size_t correct = 0;
    for (std::size_t i = 0; i < labels.size(); ++i)
        correct += predictions[i] == labels[i] ? 1 : 0;
    return static_cast<double>(correct) / static_cast<double>(labels.size());
}

double f1Score(const std::vector<std::int64_t>& predictions, const std::vector<std::int64_t>& labels,
               std::int64_t positive) {
    checkSizes("f1", predictions, "predictions", labels, "labels");
    std::size_t tp = 0, fp = 0, fn = 0;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const bool predicted = predictions[i] == positive, actual = labels[i] == positive;
        if (predicted && actual) ++tp;
        if (predicted && !actual) ++fp;
        if (!predicted && actual) ++fn;
    }
    if (tp == 0) return 0.0; // also covers 0/0 (zero_division=0)
    return 2.0 * static_cast<double>(tp) / static_cast<double>(2 * tp + fp + fn);
}

double matthewsCorrelation(const std::vector<std::int64_t>& predictions, const std::vector<std::int64_t>& labels) {
    checkSizes("matthews_correlation", predictions, "predictions", labels, "labels");
    // Per class: how often it is the label (t), the prediction (p); and the
    // number of correct predictions. sklearn's formula on the confusion matrix:
    //   cov(yt, yp) = correct·n − Σ t_k·p_k
    //   cov(yp, yp) = n² − Σ p_k²,  cov(yt, yt) = n² − Σ t_k²
    //   MCC = cov(yt, yp) / sqrt(cov(yt, yt)·cov(yp, yp))
    std::map<std::int64_t, std::pair<double, double>> counts; // class → (t, p)
    double correct = 0;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        counts[labels[i]].first += 1;
        counts[predictions[i]].second += 1;
        if (predictions[i] == labels[i]) correct += 1;
    }
    const double n = static_cast<double>(labels.size());
    double tp = 0, tt = 0, pp = 0;
    for (const auto& [cls, tpCounts] : counts) {
        const auto [t, p] = tpCounts;
        tp += t * p;
        tt += t * t;
        pp += p * p;
    }
    const double covYtYp = correct * n - tp;
    const double covYpYp = n * n - pp;
    const double covYtYt = n * n - tt;
    const double denominator = covYtYt * covYpYp;
    if (denominator == 0) return 0.0;
    return covYtYp / std::sqrt(denominator);
}

double pearsonCorrelation(const std::vector<double>& x, const std::vector<double>& y) {
    checkSizes("pearson", x, "values in x", y, "values in y");
    return pearson(x, y);
}

double spearmanCorrelation(const std::vector<double>& x, const std::vector<double>& y) {
    checkSizes("spearmanr", x, "values in x", y, "values in y");
    if (hasNan(x) || hasNan(y)) return std::numeric_limits<double>::quiet_NaN();
    return pearson(averageRanks(x), averageRanks(y));
}

double GlueMetrics::main() const {
    for (const auto& [name, value] : values)
        if (name == mainName) return value;
    throw Error("GLUE metrics: no value named '" + mainName + "'");
}

std::string glueMainMetricName(GlueTask task) {
    switch (task) {
    case GlueTask::CoLA:
        return "matthews_correlation";
    case GlueTask::STSB:
        return "pearson";
    case GlueTask::MRPC:
    case GlueTask::QQP:
        return "f1";
    default:
        return "accuracy";
    }
}

GlueMetrics glueMetrics(GlueTask task, const std::vector<std::int64_t>& predictions,
                        const std::vector<std::int64_t>& labels) {
    if (task == GlueTask::STSB)
        throw Error("GLUE metrics: STS-B is a regression task; its metrics need scores, not class labels");
    checkSizes(("GLUE " + glueTaskName(task) + " metrics").c_str(), predictions, "predictions", labels, "labels");
    GlueMetrics metrics;
    metrics.mainName = glueMainMetricName(task);
    switch (task) {
    case GlueTask::CoLA:
        metrics.values.emplace_back("matthews_correlation", matthewsCorrelation(predictions, labels));
        break;
    case GlueTask::MRPC:
    case GlueTask::QQP:
        metrics.values.emplace_back("accuracy", accuracy(predictions, labels));
        metrics.values.emplace_back("f1", f1Score(predictions, labels, 1));
        break;
    default:
        metrics.values.emplace_back("accuracy", accuracy(predictions, labels));
        break;
    }
    return metrics;
}

GlueMetrics glueRegressionMetrics(const std::vector<double>& predictions, const std::vector<double>& scores) {
    checkSizes("GLUE STS-B metrics", predictions, "predictions", scores, "scores");
    GlueMetrics metrics;
    metrics.mainName = glueMainMetricName(GlueTask::STSB);
    metrics.values.emplace_back("pearson", pearsonCorrelation(predictions, scores));
    metrics.values.emplace_back("spearmanr", spearmanCorrelation(predictions, scores));
    return metrics;
}

} // namespace sa
