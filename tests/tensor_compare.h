// Tensor parity for the LibTorch tests: |actual − expected| ≤ atol +
// rtol·|expected| element-wise, in float64, with the largest difference for
// the failure message.
#pragma once

#include <QString>

#include <torch/torch.h>

namespace sa_test {

inline QString closeness(const torch::Tensor& actual, const torch::Tensor& expected, double atol, double rtol,
                         bool& ok) {
    const auto a = actual.detach().to(torch::kFloat64), e = expected.to(torch::kFloat64);
    if (a.sizes() != e.sizes()) {
        ok = false;
        return QStringLiteral("shape mismatch");
    }
    const auto diff = (a - e).abs();
    ok = diff.numel() == 0 || (diff - (atol + rtol * e.abs())).max().item<double>() <= 0.0;
    return QStringLiteral("max |diff| %1 (atol %2 rtol %3)")
        .arg(diff.numel() ? diff.max().item<double>() : 0.0)
        .arg(atol)
        .arg(rtol);
}

} // namespace sa_test
