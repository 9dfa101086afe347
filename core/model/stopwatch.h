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

// CPU seconds (user + system) of all this process's threads so far; a
// thread pool that spins while waiting shows here, not in wall time.
inline double processCpuSeconds() {
#if defined(__unix__) || defined(__APPLE__)
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
#else
    return -1.0;
#endif
}

} // namespace sa
