// One writer per run folder. A process that writes a run folder (run,
// resume, a sweep's job, a data-parallel rank 0) holds `.lock` in it: an
// advisory lock (flock) the kernel drops when the process ends however it
// ends, over a file that says who holds it (pid, host, since when). A second
// writer is refused with those facts; a lock file left by a process that died
// is stale, taken over, and reported.
#pragma once

#include <string>

namespace sa {

class RunLock {
public:
    // Takes the lock of `folder` or throws sa::Error naming the holder.
    static RunLock acquire(const std::string& folder);
    RunLock(RunLock&& other) noexcept;
    RunLock& operator=(RunLock&& other) noexcept;
    RunLock(const RunLock&) = delete;
    RunLock& operator=(const RunLock&) = delete;
    ~RunLock(); // removes the lock file and releases the lock

    // "pid N on host H since T" of a lock file found stale; empty otherwise.
    const std::string& staleHolder() const { return stale_; }

    // Who holds `folder`'s lock now ("pid N on host H since T"), or empty
    // when nobody does (the GUI's Runs view marks such runs as live).
    static std::string holder(const std::string& folder);
    // Sends `signal` to the holder of `folder`'s lock when it runs on this
    // host (`sweep cancel`); false when nobody holds it or it runs elsewhere.
    static bool signalHolder(const std::string& folder, int signal);

private:
    RunLock() = default;
    int fd_ = -1;
    std::string path_, stale_;
};

} // namespace sa
