// y = x·Wᵀ + b for a few rows of x: a beam-search decoding step of
// bart-large multiplies 12 rows (2 sources × 6 beams) by every weight of
// the decoder and the 50,265 × 1,024 LM head. Such a product is bound by
// reading W, and OpenBLAS, which copies W into packed panels for every
// call, reads it at about 6 GB/s on 2 cores here; this kernel reads each
// weight once, in place, for four output features at a time and every row
// of x, at about 9–10 GB/s (bench generate, README). Sums are taken in
// another order than the BLAS's, so results differ in the last bits.
#pragma once

#include <torch/torch.h>

namespace sa {

// At most this many rows: beyond it the BLAS's packing pays off.
constexpr int64_t kFewRowsMax = 16;

// Whether fewRowsLinear takes x [..., K] · weight [N, K]ᵀ: no autograd
// recording, CPU float32, a contiguous 2-D weight, at most kFewRowsMax rows,
// and an x86-64 CPU with AVX2 and FMA.
bool fewRowsLinearApplies(const torch::Tensor& x, const torch::Tensor& weight);

// torch::linear(x, weight, bias) when fewRowsLinearApplies, computed by the
// kernel over matrixThreads() threads; otherwise torch::linear itself.
torch::Tensor fewRowsLinear(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias = {});

// A module's projection through fewRowsLinear.
torch::Tensor fewRowsLinear(torch::nn::Linear& linear, const torch::Tensor& x);

} // namespace sa
