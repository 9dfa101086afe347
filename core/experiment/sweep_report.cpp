#include "experiment/sweep_report.h"

#include "io/atomic_write.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <tuple>

namespace sa {
namespace {

// Sparsities as trained come from float arithmetic (1 − 1/k): equal to
// 1e-6 is equal.
double rounded(double x) {
    return std::round(x * 1e6) / 1e6;
}

AggregatePoint aggregate(double x, const std::vector<double>& values) {
    AggregatePoint p;
    p.x = x;
    p.seeds = static_cast<int>(values.size());
    double sum = 0.0;
    for (double v : values)
        sum += v;
    p.mean = sum / static_cast<double>(values.size());
    if (values.size() > 1) {
        double squares = 0.0;
        for (double v : values)
            squares += (v - p.mean) * (v - p.mean);
        p.std = std::sqrt(squares / static_cast<double>(values.size() - 1));
    }
    return p;
}

std::string stdText(const AggregatePoint& p) {
    return p.seeds > 1 ? fixedText(p.std, 4) : std::string();
}

struct Group {
    std::vector<double> values;
    const RunRecord* first = nullptr;
};

} // namespace

SweepAggregate aggregateRuns(const std::vector<RunRecord>& runs) {
    SweepAggregate out;
    std::vector<std::string> taskOrder;
    // (task, method, sparsity) for k = 1; (task, method, k) for Large-Sparse,
    // whose same-budget reference is the dense adapter (k = 1, sparsity 0).
    std::map<std::tuple<std::string, std::string, double>, Group> bySparsity;
    std::map<std::tuple<std::string, std::string, int64_t>, Group> byK;
    std::map<std::string, std::string> metricOf;
    for (const auto& r : runs) {
        if (!std::isfinite(r.bestValue)) {
            ++out.unfinished;
            continue;
        }
        if (std::find(taskOrder.begin(), taskOrder.end(), r.task) == taskOrder.end()) taskOrder.push_back(r.task);
        metricOf.emplace(r.task, r.mainMetric);
        const std::string method = r.pruning == "none" ? "dense" : r.pruning;
        if (r.largeSparse <= 1) {
            auto& g = bySparsity[{r.task, method, method == "dense" ? 0.0 : rounded(r.sparsity)}];
            g.values.push_back(r.bestValue);
            if (!g.first) g.first = &r;
        }
        if (r.largeSparse > 1) {
            auto& g = byK[{r.task, method, r.largeSparse}];
            g.values.push_back(r.bestValue);
            if (!g.first) g.first = &r;
        }
    }
    const bool manyTasks = taskOrder.size() > 1;
    auto withTask = [&](std::vector<std::string> header) {
        if (manyTasks) header.insert(header.begin(), "task");
        return header;
    };
    out.metricTable.header = withTask({"method", "sparsity", "seeds", "mean", "std"});
    for (const auto& h : out.metricTable.header)
        out.metricTable.numeric.push_back(h != "task" && h != "method");
    out.largeSparseTable.header =
        withTask({"method", "k", "width", "sparsity", "trainable", "effective trainable", "seeds", "mean", "std"});
    for (const auto& h : out.largeSparseTable.header)
        out.largeSparseTable.numeric.push_back(h != "task" && h != "method");

    for (const auto& task : taskOrder) {
        TaskAggregate t;
        t.task = task;
        t.metric = metricOf[task];
        std::map<std::string, AggregateSeries> series;
        std::vector<std::string> methods;
        for (const auto& [key, group] : bySparsity) {
            const auto& [groupTask, method, sparsity] = key;
            if (groupTask != task) continue;
            const auto point = aggregate(sparsity, group.values);
            std::vector<std::string> row = {method, fixedText(sparsity, 4), std::to_string(point.seeds),
                                            fixedText(point.mean, 4), stdText(point)};
            if (manyTasks) row.insert(row.begin(), task);
            out.metricTable.rows.push_back(row);
            if (method == "dense") {
                t.hasDense = true;
                t.dense = point;
                continue;
            }
            if (!series.count(method)) methods.push_back(method);
            series[method].label = method;
            series[method].points.push_back(point);
        }
        for (const auto& m : methods)
            t.bySparsity.push_back(series[m]);
        std::map<std::string, AggregateSeries> kSeries;
        std::vector<std::string> kMethods;
        for (const auto& [key, group] : byK) {
            const auto& [groupTask, method, k] = key;
            if (groupTask != task) continue;
            const auto point = aggregate(static_cast<double>(k), group.values);
            const RunRecord& r = *group.first;
            std::vector<std::string> row = {method,
                                            std::to_string(k),
                                            std::to_string(r.bottleneck * k),
                                            fixedText(r.sparsity, 4),
                                            r.trainable < 0 ? "" : std::to_string(r.trainable),
                                            r.effectiveTrainable < 0 ? "" : std::to_string(r.effectiveTrainable),
                                            std::to_string(point.seeds),
                                            fixedText(point.mean, 4),
                                            stdText(point)};
            if (manyTasks) row.insert(row.begin(), task);
            out.largeSparseTable.rows.push_back(row);
            if (!kSeries.count(method)) kMethods.push_back(method);
            kSeries[method].label = method;
            kSeries[method].points.push_back(point);
        }
        for (const auto& m : kMethods)
            t.byLargeSparse.push_back(kSeries[m]);
        out.tasks.push_back(std::move(t));
    }
    return out;
}

SweepAggregate aggregateCells(const std::vector<CellStatus>& cells) {
    std::vector<RunRecord> runs;
    runs.reserve(cells.size());
    for (const auto& c : cells)
        runs.push_back(c.run);
    return aggregateRuns(runs);
}

std::vector<std::string> writeSweepTables(const SweepAggregate& aggregate, const std::string& outDir) {
    namespace fs = std::filesystem;
    fs::create_directories(outDir);
    std::vector<std::string> written;
    auto write = [&](const std::string& name, const std::string& content) {
        const std::string path = (fs::path(outDir) / name).string();
        writeFileAtomically(path, [&](std::ostream& out) { out << content; });
        written.push_back(path);
    };
    const std::pair<const char*, const Table*> tables[] = {{"metric", &aggregate.metricTable},
                                                           {"large-sparse", &aggregate.largeSparseTable}};
    for (const auto& [name, table] : tables) {
        if (table->rows.empty()) continue;
        write(std::string(name) + ".csv", toCsv(*table));
        write(std::string(name) + ".md", toMarkdown(*table));
        write(std::string(name) + ".tex", toLatex(*table));
    }
    return written;
}

} // namespace sa
