// Timing and memory figures for the benchmark subcommands.
#pragma once

#include <algorithm>
#include <chrono>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#include <sys/resource.h>
#endif

namespace sa {

template <typename F> double seconds(F&& f) {
    const auto start = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Runs `f` warmup + repeats times, calling `tick` after each, and returns
// the durations of the timed (non-warm-up) runs.
template <typename F, typename T> std::vector<double> timedRuns(int warmup, int repeats, F&& f, T&& tick) {
    std::vector<double> timed;
    for (int i = 0; i < warmup + repeats; ++i) {
        const double s = seconds(f);
        if (i >= warmup) timed.push_back(s);
        tick();
    }
    return timed;
}

inline double median(std::vector<double> v) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    const auto n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// Peak resident set size of this process in MiB (-1 where unknown).
inline double peakRssMb() {
#if defined(__unix__) || defined(__APPLE__)
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
#ifdef __APPLE__
    return static_cast<double>(usage.ru_maxrss) / (1024.0 * 1024.0);
#else
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
#endif
#else
    return -1.0;
#endif
}

} // namespace sa
