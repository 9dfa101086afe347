#include "train/lr_schedule.h"

#include <algorithm>
#include <cmath>

namespace sa {

double LinearSchedule::rate(int64_t step) const {
    if (step < warmupSteps)
        return baseRate * static_cast<double>(step) / static_cast<double>(std::max<int64_t>(1, warmupSteps));
    const double remaining =
        static_cast<double>(totalSteps - step) / static_cast<double>(std::max<int64_t>(1, totalSteps - warmupSteps));
    return baseRate * std::max(0.0, remaining);
}

int64_t warmupStepsForRatio(int64_t totalSteps, double ratio) {
    return static_cast<int64_t>(std::ceil(static_cast<double>(totalSteps) * ratio));
}

} // namespace sa
