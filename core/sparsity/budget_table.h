// Plain-text tables of a parameter budget and a Large-Sparse plan, for
// `sparseadapter inspect` and anything else that prints to a terminal.
#pragma once

#include "adapters/parameter_budget.h"
#include "sparsity/large_sparse_plan.h"

#include <cstdint>
#include <string>

namespace sa {

// 1234567 → "1,234,567".
std::string groupThousands(int64_t n);

// `title` describes the configuration (e.g. "houlsby, bottleneck 64").
std::string formatBudget(const ParameterBudget& budget, const std::string& title);

// One row per k, the row of `highlightK` marked (0: none).
std::string formatPlan(const LargeSparsePlan& plan, const std::string& title, int highlightK = 0);

} // namespace sa
