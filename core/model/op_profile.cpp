#include "model/op_profile.h"

#include "error.h"

#include <ATen/record_function.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <unordered_map>

namespace sa {
namespace {

using Clock = std::chrono::steady_clock;

struct Frame {
    const char* name;
    Clock::time_point start;
    double childMs = 0.0;
};

struct Totals {
    std::mutex mutex;
    std::unordered_map<std::string, OpTime> ops;
};

Totals& totals() {
    static Totals t;
    return t;
}

std::atomic<bool> recording{false};
thread_local std::vector<Frame> stack;
// Each profile's number: a thread's stack may hold frames entered under an
// earlier profile whose exits came after it ended (any thread, not only the
// one that ended it), and these must not pair with this profile's exits.
std::atomic<uint64_t> generation{0};
thread_local uint64_t stackGeneration = 0;

void freshStack() {
    const uint64_t current = generation.load();
    if (stackGeneration == current) return;
    stack.clear();
    stackGeneration = current;
}

std::unique_ptr<at::ObserverContext> onEnter(const at::RecordFunction& fn) {
    freshStack();
    stack.push_back({fn.name(), Clock::now()});
    return nullptr;
}

void onExit(const at::RecordFunction& fn, at::ObserverContext*) {
    (void)fn;
    freshStack();
    if (stack.empty()) return; // entered before recording began
    const auto frame = stack.back();
    stack.pop_back();
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - frame.start).count();
    if (!stack.empty()) stack.back().childMs += ms;
    std::lock_guard<std::mutex> lock(totals().mutex);
    auto& op = totals().ops[frame.name];
    op.selfMs += ms - frame.childMs;
    op.totalMs += ms;
    ++op.calls;
}

bool oneOf(const std::string& name, std::initializer_list<const char*> names) {
    return std::any_of(names.begin(), names.end(), [&](const char* n) { return name == n; });
}

} // namespace

OpProfiler::OpProfiler() {
    if (recording.exchange(true)) throw Error("OpProfiler: a profile is already recording");
    {
        std::lock_guard<std::mutex> lock(totals().mutex);
        totals().ops.clear();
    }
    ++generation;
    handle_ = at::addGlobalCallback(at::RecordFunctionCallback(onEnter, onExit));
}

OpProfiler::~OpProfiler() {
    at::removeCallback(handle_);
    recording = false;
}

std::vector<OpTime> OpProfiler::ops() const {
    std::vector<OpTime> out;
    {
        std::lock_guard<std::mutex> lock(totals().mutex);
        for (const auto& [name, op] : totals().ops) {
            out.push_back(op);
            out.back().name = name;
        }
    }
    std::sort(out.begin(), out.end(), [](const OpTime& a, const OpTime& b) { return a.selfMs > b.selfMs; });
    return out;
}

std::string opCategory(const std::string& n) {
    if (n.rfind("sa::", 0) == 0) return "outside operators";
    if (oneOf(n, {"aten::mm", "aten::addmm"})) return "matrix products (mm, addmm)";
    if (n == "aten::bmm") return "attention products (bmm)";
    if (oneOf(n, {"aten::gelu", "aten::gelu_backward"})) return "GELU";
    if (oneOf(n, {"aten::native_layer_norm", "aten::native_layer_norm_backward"})) return "LayerNorm";
    if (oneOf(n, {"aten::_softmax", "aten::_softmax_backward_data"})) return "softmax";
    if (oneOf(n, {"aten::copy_", "aten::clone", "aten::contiguous", "aten::_to_copy"}))
        return "copies (copy_, clone, contiguous)";
    if (oneOf(n, {"aten::sum", "aten::norm", "aten::linalg_vector_norm", "aten::stack"}))
        return "reductions (sum, norm)";
    if (oneOf(n, {"aten::add",
                  "aten::add_",
                  "aten::mul",
                  "aten::mul_",
                  "aten::div",
                  "aten::div_",
                  "aten::sub",
                  "aten::rsub",
                  "aten::addcmul_",
                  "aten::addcdiv_",
                  "aten::sqrt",
                  "aten::relu",
                  "aten::threshold_backward",
                  "aten::tanh",
                  "aten::tanh_backward",
                  "aten::reciprocal",
                  "aten::clamp_max",
                  "aten::fill_",
                  "aten::zero_",
                  "aten::ne",
                  "aten::masked_fill"}))
        return "element-wise";
    if (oneOf(n, {"aten::view",
                  "aten::permute",
                  "aten::transpose",
                  "aten::t",
                  "aten::expand",
                  "aten::select",
                  "aten::narrow",
                  "aten::slice",
                  "aten::as_strided",
                  "aten::unsqueeze",
                  "aten::squeeze",
                  "aten::reshape",
                  "aten::_reshape_alias",
                  "aten::_unsafe_view",
                  "aten::detach",
                  "aten::alias",
                  "aten::empty",
                  "aten::empty_strided",
                  "aten::empty_like",
                  "aten::resize_",
                  "aten::to",
                  "aten::zeros",
                  "aten::zeros_like",
                  "aten::ones_like",
                  "aten::linear",
                  "aten::matmul"}))
        return "views, allocation, dispatch";
    if (n.find("Backward") != std::string::npos || n.rfind("autograd::", 0) == 0 ||
        n.rfind("torch::autograd::", 0) == 0)
        return "autograd bookkeeping";
    return "other ops";
}

std::map<std::string, double> categoryTotals(const std::vector<OpTime>& ops) {
    std::map<std::string, double> out;
    for (const auto& op : ops)
        out[opCategory(op.name)] += op.selfMs;
    return out;
}

} // namespace sa
