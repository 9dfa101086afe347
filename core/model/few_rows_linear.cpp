#include "model/few_rows_linear.h"

#include "model/helper_threads.h"

#include <algorithm>
#include <utility>

#if (defined(__GNUC__) || defined(__clang__)) && defined(__x86_64__)
#define SA_FEW_ROWS_KERNEL 1
#endif

namespace sa {
namespace {

#ifdef SA_FEW_ROWS_KERNEL

// Output features n0 … n1 − 1 of y [M, N] for x [M, K] and W [N, K]: four
// weight rows at a time, each read once, against the M rows of x (held in
// cache), in lanes of 16 that the compiler turns into vector FMAs; the tail
// of K and of the features one by one. Always inlined into the wrappers
// below, so it is compiled once for each instruction set they name.
template <int M>
inline __attribute__((always_inline)) void features(const float* x, const float* w, const float* b, float* y, int64_t k,
                                                    int64_t n, int64_t n0, int64_t n1) {
    constexpr int kLanes = 16, kFeatures = 4;
    const int64_t bodyK = k - k % kLanes;
    int64_t f = n0;
    for (; f + kFeatures <= n1; f += kFeatures) {
        float acc[kFeatures][M][kLanes] = {};
        for (int64_t c = 0; c < bodyK; c += kLanes)
            for (int m = 0; m < M; ++m) {
                const float* xm = x + m * k + c;
                for (int r = 0; r < kFeatures; ++r) {
                    const float* wr = w + (f + r) * k + c;
                    for (int j = 0; j < kLanes; ++j)
                        acc[r][m][j] += xm[j] * wr[j];
                }
            }
        for (int r = 0; r < kFeatures; ++r)
            for (int m = 0; m < M; ++m) {
                float sum = 0;
                for (int j = 0; j < kLanes; ++j)
                    sum += acc[r][m][j];
                for (int64_t c = bodyK; c < k; ++c)
                    sum += x[m * k + c] * w[(f + r) * k + c];
                y[m * n + f + r] = sum + (b ? b[f + r] : 0.0f);
            }
    }
    for (; f < n1; ++f)
        for (int m = 0; m < M; ++m) {
            float sum = 0;
            for (int64_t c = 0; c < k; ++c)
                sum += x[m * k + c] * w[f * k + c];
            y[m * n + f] = sum + (b ? b[f] : 0.0f);
        }
}

template <int M>
__attribute__((target("avx512f,avx512vl,fma"))) void
featuresAvx512(const float* x, const float* w, const float* b, float* y, int64_t k, int64_t n, int64_t n0, int64_t n1) {
    features<M>(x, w, b, y, k, n, n0, n1);
}

template <int M>
__attribute__((target("avx2,fma"))) void featuresAvx2(const float* x, const float* w, const float* b, float* y,
                                                      int64_t k, int64_t n, int64_t n0, int64_t n1) {
    features<M>(x, w, b, y, k, n, n0, n1);
}

using Kernel = void (*)(const float*, const float*, const float*, float*, int64_t, int64_t, int64_t, int64_t);

template <int... Ms> Kernel kernelFor(int rows, bool avx512, std::integer_sequence<int, Ms...>) {
    Kernel chosen = nullptr;
    ((rows == Ms + 1 ? (chosen = avx512 ? &featuresAvx512<Ms + 1> : &featuresAvx2<Ms + 1>, 0) : 0), ...);
    return chosen;
}

struct CpuFeatures {
    bool avx2 = false, avx512 = false;
    CpuFeatures() {
        __builtin_cpu_init();
        avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
        avx512 = avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl");
    }
};

const CpuFeatures& cpu() {
    static const CpuFeatures features;
    return features;
}

#endif

} // namespace

bool fewRowsLinearApplies(const torch::Tensor& x, const torch::Tensor& weight) {
#ifdef SA_FEW_ROWS_KERNEL
    if (!cpu().avx2 || torch::GradMode::is_enabled()) return false;
    if (!x.device().is_cpu() || x.scalar_type() != torch::kFloat32 || weight.scalar_type() != torch::kFloat32)
        return false;
    if (weight.dim() != 2 || !weight.is_contiguous() || !weight.device().is_cpu() || x.dim() < 1 ||
        x.size(-1) != weight.size(1) || weight.size(1) == 0)
        return false;
    const auto rows = x.numel() / weight.size(1);
    return rows >= 1 && rows <= kFewRowsMax;
#else
    (void)x;
    (void)weight;
    return false;
#endif
}

torch::Tensor fewRowsLinear(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias) {
#ifdef SA_FEW_ROWS_KERNEL
    const bool biasOk =
        !bias.defined() || (bias.scalar_type() == torch::kFloat32 && bias.is_contiguous() && bias.dim() == 1 &&
                            bias.size(0) == weight.size(0) && bias.device().is_cpu());
    if (fewRowsLinearApplies(x, weight) && biasOk) {
        const int64_t k = weight.size(1), n = weight.size(0);
        const auto flat = x.reshape({-1, k}).contiguous();
        const int rows = static_cast<int>(flat.size(0));
        auto out = torch::empty({rows, n}, flat.options());
        const Kernel kernel = kernelFor(rows, cpu().avx512, std::make_integer_sequence<int, kFewRowsMax>{});
        const float* xp = flat.data_ptr<float>();
        const float* wp = weight.data_ptr<float>();
        const float* bp = bias.defined() ? bias.data_ptr<float>() : nullptr;
        float* yp = out.data_ptr<float>();
        // Parts of whole cache lines of features, at least 256 features each.
        const int parts = static_cast<int>(std::clamp<int64_t>(n / 256, 1, matrixThreads()));
        const int64_t step = (n + parts - 1) / parts;
        runParts(parts, [&](int part) {
            const int64_t n0 = std::min(n, part * step), n1 = std::min(n, n0 + step);
            if (n0 < n1) kernel(xp, wp, bp, yp, k, n, n0, n1);
        });
        auto sizes = x.sizes().vec();
        sizes.back() = n;
        return out.view(sizes);
    }
#endif
    return torch::linear(x, weight, bias);
}

torch::Tensor fewRowsLinear(torch::nn::Linear& linear, const torch::Tensor& x) {
    if (!fewRowsLinearApplies(x, linear->weight)) return linear(x);
    return fewRowsLinear(x, linear->weight, linear->bias);
}

} // namespace sa
