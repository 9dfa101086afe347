#include "experiment/local_executor.h"

#include "error.h"
#include "experiment/child_process.h"
#include "experiment/run_lock.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <deque>
#include <filesystem>
#include <thread>

namespace sa {
namespace {

using Clock = std::chrono::steady_clock;

struct Running {
    int cell = 0;
    int failuresBefore = 0;
    ChildProcess process;
};

} // namespace

std::pair<int, int> localSlots(const LocalExecutorOptions& options, int cores) {
    cores = std::max(cores, 1);
    int parallel = options.parallel, threads = options.threadsPerCell;
    if (parallel <= 0 && threads <= 0) threads = 1;
    if (parallel <= 0) parallel = std::max(1, cores / threads);
    if (threads <= 0) threads = std::max(1, cores / parallel);
    return {parallel, threads};
}

std::vector<CellStatus> runLocalSweep(const SweepFolder& folder, const LocalRunOptions& options) {
    namespace fs = std::filesystem;
    const auto lock = RunLock::acquire(folder.path());
    if (options.log && !lock.staleHolder().empty())
        options.log("took over the sweep's lock from " + lock.staleHolder());
    fs::create_directories(folder.file("logs"));

    std::deque<int> queue;
    for (int index : cellsToRun(folder.status()))
        queue.push_back(index);
    std::vector<Running> running;
    bool stopping = false;
    auto stopDeadline = Clock::time_point::max();
    auto lastReport = Clock::time_point();
    auto report = [&](bool force) {
        if (!options.onStatus || (!force && Clock::now() - lastReport < std::chrono::seconds(2))) return;
        lastReport = Clock::now();
        options.onStatus(folder.status());
    };
    report(true);
    while (!running.empty() || (!queue.empty() && !stopping)) {
        if (!stopping && ((options.stopRequested && options.stopRequested()) || folder.cancelled())) {
            stopping = true;
            stopDeadline = Clock::now() + std::chrono::minutes(1);
            for (const auto& r : running)
                r.process.signal(SIGTERM);
            if (options.log) options.log("stopping " + std::to_string(running.size()) + " running cell(s)");
        }
        if (stopping && Clock::now() > stopDeadline)
            for (const auto& r : running)
                r.process.signal(SIGKILL);
        bool changed = false;
        while (!stopping && !queue.empty() && static_cast<int>(running.size()) < options.parallel) {
            const auto& cell = folder.cell(queue.front());
            queue.pop_front();
            Running r{cell.index, folder.attempts(cell).failures, {}};
            r.process = ChildProcess::start(
                {options.program, "sweep", "run-cell", folder.path(), std::to_string(cell.index)},
                {{"SPARSEADAPTER_THREADS", std::to_string(options.threadsPerCell)}}, folder.logPath(cell));
            if (options.log) options.log("started " + cell.name + " (pid " + std::to_string(r.process.pid()) + ")");
            running.push_back(std::move(r));
            changed = true;
        }
        for (auto it = running.begin(); it != running.end();) {
            const auto code = it->process.poll();
            if (!code) {
                ++it;
                continue;
            }
            const auto& cell = folder.cell(it->cell);
            const bool stopped = *code == 130 || (stopping && (*code == 128 + SIGTERM || *code == 128 + SIGKILL));
            if (*code != 0 && !stopped) {
                // A crash or a kill leaves no record of its own.
                if (folder.attempts(cell).failures == it->failuresBefore)
                    folder.recordFailure(cell,
                                         "exit status " + std::to_string(*code) + "; see " + folder.logPath(cell));
                const auto a = folder.attempts(cell);
                const bool retry = a.failures <= folder.spec().retries && !stopping;
                if (retry) queue.push_back(cell.index);
                if (options.log)
                    options.log(
                        cell.name + " failed (" + a.lastError + ")" +
                        (retry ? "; retrying" : "; giving up after " + std::to_string(a.failures) + " failures"));
            }
            it = running.erase(it);
            changed = true;
        }
        report(changed);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    const auto final = folder.status();
    if (options.onStatus) options.onStatus(final);
    return final;
}

} // namespace sa
