// Stop and pause requests from another thread (GUI buttons, Ctrl-C). The
// trainer polls them once per step, so a request takes effect within one
// step; a stop leaves a checkpoint to resume from.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace sa {

class RunControl {
public:
    void requestStop() {
        stop_ = true;
        std::lock_guard<std::mutex> lock(mutex_);
        paused_ = false;
        changed_.notify_all();
    }
    // For a signal handler: sets the lock-free flag only (the CLI never pauses).
    void requestStopFromSignal() { stop_ = true; }
    bool stopRequested() const { return stop_; }

    void setPaused(bool paused) {
        std::lock_guard<std::mutex> lock(mutex_);
        paused_ = paused;
        changed_.notify_all();
    }
    bool paused() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return paused_;
    }
    // Blocks while paused (returns at once on a stop request).
    void waitWhilePaused() {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [this] { return !paused_ || stop_; });
    }

private:
    std::atomic<bool> stop_{false};
    bool paused_ = false;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
};

} // namespace sa
