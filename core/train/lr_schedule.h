// The learning-rate schedule of the reference (HF get_linear_schedule_with_
// warmup): linear warm-up from 0 to the base rate, then linear decay to 0 at
// the last step.
#pragma once

#include <cstdint>

namespace sa {

struct LinearSchedule {
    double baseRate = 1e-3;
    int64_t warmupSteps = 0;
    int64_t totalSteps = 1;

    // The rate optimizer step `step` (0-based) uses: base·s/w for s < w, else
    // base·max(0, (T − s)/(T − w)).
    double rate(int64_t step) const;
};

// HF TrainingArguments.get_warmup_steps: ceil(total · ratio).
int64_t warmupStepsForRatio(int64_t totalSteps, double ratio);

} // namespace sa
