// A finished (or partly finished) grid turned into the paper's tables and
// figures: the task's main metric, mean ± std over seeds, per pruning method
// × sparsity with the dense adapter as a row, and the Large-Sparse table of
// k against the parameter budget. Torch-free: it reads run records.
//
// The metric of a run is its best evaluation's main metric (the paper
// reports the best dev score). std is the sample standard deviation (n − 1),
// empty for a single seed. Unfinished runs are left out, and counted.
#pragma once

#include "experiment/report_tables.h"
#include "experiment/run_index.h"
#include "experiment/sweep_folder.h"

#include <string>
#include <vector>

namespace sa {

// One point of a figure: the mean over seeds and its standard deviation.
struct AggregatePoint {
    double x = 0.0;
    double mean = 0.0, std = 0.0; // std 0 for one seed
    int seeds = 0;
};

struct AggregateSeries {
    std::string label;                  // a pruning method, or "dense"
    std::vector<AggregatePoint> points; // by x
};

// Per task (in order of first appearance).
struct TaskAggregate {
    std::string task, metric;
    std::vector<AggregateSeries> bySparsity; // one per method, x = sparsity; Large-Sparse runs left out
    bool hasDense = false;
    AggregatePoint dense; // pruning "none" at k = 1 (x = 0)
    std::vector<AggregateSeries>
        byLargeSparse; // one per method, x = k > 1; the dense adapter is the same-budget reference
};

struct SweepAggregate {
    std::vector<TaskAggregate> tasks;
    Table metricTable;      // task (when several), method, sparsity, seeds, mean, std
    Table largeSparseTable; // task (when several), method, k, width, sparsity, trainable, effective trainable, seeds,
                            // mean, std (empty without k > 1)
    int unfinished = 0;     // runs without a best metric, left out
};

SweepAggregate aggregateRuns(const std::vector<RunRecord>& runs);
// The runs SweepFolder::status() read, one per cell (a cell that never
// started counts as unfinished): `report` and the Studio's live figure.
SweepAggregate aggregateCells(const std::vector<CellStatus>& cells);

// Writes metric.{csv,md,tex} and, with k > 1 runs, large-sparse.{csv,md,tex}
// into `outDir`; returns the paths.
std::vector<std::string> writeSweepTables(const SweepAggregate& aggregate, const std::string& outDir);

} // namespace sa
