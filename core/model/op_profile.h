// Where a training step's time goes, per ATen operator: `bench train
// --profile`. An observer of ATen's RecordFunction (the hook the PyTorch
// profiler itself is built on, so both sides of a comparison are measured
// the same way) times every operator, autograd node and named scope on the
// recording thread; an operator's self time is its time less that of the
// operators it called. tools/reference_train_bench.py --profile groups
// PyTorch's own profile of the reference with the same opCategory rules.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace sa {

struct OpTime {
    std::string name;
    double selfMs = 0.0;
    double totalMs = 0.0; // with everything it called
    int64_t calls = 0;
};

// Records while it exists; one at a time per process.
class OpProfiler {
public:
    OpProfiler();
    ~OpProfiler();
    OpProfiler(const OpProfiler&) = delete;
    OpProfiler& operator=(const OpProfiler&) = delete;

    // By self time, largest first.
    std::vector<OpTime> ops() const;

private:
    uint64_t handle_ = 0;
};

// The kind of work an operator name stands for: "matrix products (mm,
// addmm)", "attention products (bmm)", "element-wise", "GELU",
// "LayerNorm", "softmax", "copies (copy_, clone, contiguous)", "reductions
// (sum, norm)", "views, allocation, dispatch", "autograd bookkeeping",
// "outside operators" (the self time of the step's named phases,
// sa::forward, sa::backward and sa::optimizer: code between operators),
// "other ops".
std::string opCategory(const std::string& name);

// Self time summed per category.
std::map<std::string, double> categoryTotals(const std::vector<OpTime>& ops);

} // namespace sa
