// Tables of runs and parameter budgets for papers and spreadsheets: one small
// table model and three writers (CSV, Markdown, LaTeX booktabs). Behind
// `sparseadapter export RUN... --tables DIR`; torch-free.
//
// Cells are already formatted text: metrics with 4 decimals, sparsity and
// density with 4, counts without decimals or separators, percentages with 2
// (the "%" lives in the column header), durations in seconds with 1. A
// missing value is an empty cell.
#pragma once

#include "adapters/parameter_budget.h"
#include "experiment/run_index.h"

#include <string>
#include <vector>

namespace sa {

struct Table {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows; // each as wide as header
    std::vector<bool> numeric;                  // per column: right-aligned
};

// One row per run, in the given order: name, status, task, model (the last
// path component of a checkpoint folder), adapter, bottleneck, Large-Sparse
// k, pruning, sparsity, steps, total steps, metric, best, best step, final,
// trainable, effective trainable, both in % of the backbone, train seconds.
Table runsTable(const std::vector<RunRecord>& runs);

// Rows: backbone, task head, prunable adapter weights (dense), kept at the
// density, adapter biases and LayerNorms, prefix networks, trainable,
// effective trainable; columns: part, parameters, % of backbone.
Table budgetTable(const ParameterBudget& budget);

// `value` with `decimals` decimals; "" for a missing (NaN) value.
std::string fixedText(double value, int decimals);

// RFC 4180: CRLF line ends; a field holding a comma, a double quote, CR or LF
// is quoted, its quotes doubled.
std::string toCsv(const Table& table);
// A GitHub pipe table, columns padded; numeric columns right-aligned (`---:`);
// "|" escaped, line breaks in a cell become spaces.
std::string toMarkdown(const Table& table);
// A booktabs tabular (needs \usepackage{booktabs}): column spec r for numeric
// columns and l otherwise, \toprule / \midrule / \bottomrule, LaTeX's special
// characters & % $ # _ { } ~ ^ \ escaped.
std::string toLatex(const Table& table);

// Reads every run folder (readRun: errors name the file) and writes into
// `outDir` (created when missing): runs.csv, runs.md, runs.tex for all of
// them, and budget-<run name>.{csv,md,tex} per run that has a budget (a name
// given twice gets -2, -3, ...). Returns the paths written, in order.
std::vector<std::string> writeRunTables(const std::vector<std::string>& runFolders, const std::string& outDir);

} // namespace sa
