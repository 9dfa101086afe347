// `sparseadapter sweep SPEC.json --executor local|slurm`, `sweep status DIR`,
// `sweep cancel DIR` and the internal `sweep run-cell DIR INDEX` that every
// cell process runs. Spec, folder, executors and states live in core
// (experiment/sweep_*.h, local_executor.h, slurm_executor.h).
#include "cli_commands.h"
#include "cli_options.h"

#include "experiment/child_process.h"
#include "experiment/local_executor.h"
#include "experiment/run_lock.h"
#include "experiment/slurm_executor.h"
#include "experiment/sweep_bench.h"
#include "experiment/sweep_cell.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <thread>

namespace sa::cli {
namespace {

std::atomic<bool> g_stop{false};

extern "C" void onSweepInterrupt(int) {
    g_stop = true;
}

bool interrupted() {
    return g_stop;
}

std::string clock() {
    const std::time_t now = std::time(nullptr);
    char text[16];
    std::strftime(text, sizeof text, "%H:%M:%S", std::localtime(&now));
    return text;
}

std::string cellLine(const CellStatus& s) {
    char text[512];
    std::string metric;
    if (s.hasBest) {
        char m[64];
        std::snprintf(m, sizeof m, "  best %s %.4f", s.mainMetric.c_str(), s.best);
        metric = m;
    }
    std::snprintf(text, sizeof text, "%4d  %-40s %-9s %6lld/%-6lld%s%s", s.index, s.name.c_str(),
                  (std::string(cellStateName(s.state)) + (s.givenUp ? "!" : "")).c_str(),
                  static_cast<long long>(s.stepsDone), static_cast<long long>(s.totalSteps), metric.c_str(),
                  s.state == CellState::Failed ? ("  " + s.attempts.lastError).c_str() : "");
    return text;
}

// Prints what changed since the last call, then the counts as a bar.
class StatusPrinter {
public:
    void operator()(const std::vector<CellStatus>& status) {
        bool changed = false;
        for (const auto& s : status) {
            const auto before = states_.find(s.index);
            if (before != states_.end() && before->second == s.state) continue;
            if (before != states_.end() || s.state != CellState::Pending)
                std::cerr << "\r[" << clock() << "] " << s.name << ": " << cellStateName(s.state)
                          << (s.state == CellState::Failed ? " (" + s.attempts.lastError + ")" : std::string()) << '\n';
            changed = changed || before == states_.end() || before->second != s.state;
            states_[s.index] = s.state;
        }
        int done = 0;
        for (const auto& s : status)
            done += s.state == CellState::Finished || s.givenUp;
        if (changed || done != done_) progressBar(done, static_cast<int>(status.size()));
        done_ = done;
    }

private:
    std::map<int, CellState> states_;
    int done_ = -1;
};

int exitCode(const std::vector<CellStatus>& status) {
    std::cout << statusCounts(status) << std::endl;
    for (const auto& s : status)
        if (s.state != CellState::Finished) return s.state == CellState::Failed ? 1 : 130;
    return 0;
}

int runLocal(const SweepFolder& folder, const Options& o) {
    auto local = folder.spec().local;
    local.parallel = o.integer("--parallel", local.parallel);
    local.threadsPerCell = o.integer("--threads", local.threadsPerCell);
    const auto [parallel, threads] = localSlots(local, static_cast<int>(std::thread::hardware_concurrency()));
    std::cerr << "running " << folder.cells().size() << " cells, " << parallel << " at a time with " << threads
              << " thread(s) each; logs in " << folder.file("logs") << '\n';
    LocalRunOptions options;
    options.program = currentExecutable();
    options.parallel = parallel;
    options.threadsPerCell = threads;
    options.stopRequested = interrupted;
    StatusPrinter printer;
    options.onStatus = [&](const std::vector<CellStatus>& s) { printer(s); };
    options.log = [](const std::string& line) { std::cerr << "\r[" << clock() << "] " << line << '\n'; };
    return exitCode(runLocalSweep(folder, options));
}

int runSlurm(const SweepFolder& folder, bool detach) {
    SlurmRunOptions options;
    options.program = currentExecutable();
    options.detach = detach;
    options.stopRequested = interrupted;
    StatusPrinter printer;
    options.onStatus = [&](const std::vector<CellStatus>& s) { printer(s); };
    options.onSubmitted = [](const SlurmSubmission& submission) {
        std::cerr << "submitted " << submission.cells.size() << " cell(s) as Slurm job " << submission.jobId
                  << " (array " << submission.array
                  << (submission.offset ? ", cells from " + std::to_string(submission.offset) : std::string()) << ")\n";
        std::cout << submission.jobId << std::endl;
    };
    options.log = [](const std::string& line) { std::cerr << "\r[" << clock() << "] " << line << '\n'; };
    const auto result = runSlurmSweep(folder, options);
    if (result.detached) return 0;
    if (result.cancelled) return 130;
    printer(result.status);
    return exitCode(result.status);
}

int sweepRun(const Args& args) {
    const Options o(args, {"--executor", "--parallel", "--threads"}, 1, {"--detach"});
    if (o.positional().empty()) throw Error("sweep needs the spec file (sweep SPEC.json --executor local|slurm)");
    const auto spec = SweepSpec::fromFile(o.positional()[0]);
    const std::string executor = o.text("--executor", "local");
    if (executor != "local" && executor != "slurm")
        throw Error("--executor: expected local or slurm, got '" + executor + "'");
    std::cerr << "checking " << spec.cellCount() << " cells of sweep '" << spec.name << "'\n";
    const auto folder = SweepFolder::prepare(spec);
    folder.clearCancelled();
    std::signal(SIGINT, onSweepInterrupt);
    std::signal(SIGTERM, onSweepInterrupt);
    return executor == "local" ? runLocal(folder, o) : runSlurm(folder, o.flag("--detach"));
}

int sweepStatus(const Args& args) {
    const Options o(args, {}, 1);
    if (o.positional().empty()) throw Error("sweep status needs the sweep folder");
    const auto folder = SweepFolder::open(o.positional()[0]);
    const auto status = folder.status(slurmQueue(folder));
    for (const auto& s : status)
        std::cout << cellLine(s) << '\n';
    std::cout << statusCounts(status) << std::endl;
    return 0;
}

int sweepCancel(const Args& args) {
    const Options o(args, {}, 1);
    if (o.positional().empty()) throw Error("sweep cancel needs the sweep folder");
    const auto folder = SweepFolder::open(o.positional()[0]);
    folder.markCancelled();
    // One SIGTERM per cell: a second one ends a run at once, without its
    // checkpoint. A local executor passes it on to its cells, Slurm sends it
    // to its tasks; only cells that neither holds (an executor that died)
    // are signalled here.
    int signalled = RunLock::signalHolder(folder.path(), SIGTERM) ? 1 : 0;
    const int jobs = cancelSlurmJobs(folder);
    if (signalled == 0 && slurmJobs(folder).empty())
        for (const auto& cell : folder.cells())
            signalled += RunLock::signalHolder(folder.runFolder(cell), SIGTERM) ? 1 : 0;
    std::cout << "cancelled: " << signalled << " process(es) on this host signalled, " << jobs
              << " Slurm job(s) cancelled" << std::endl;
    return 0;
}

int sweepRunCell(const Args& args) {
    const Options o(args, {}, 2);
    if (o.positional().size() != 2) throw Error("sweep run-cell needs the sweep folder and the cell's index");
    const auto folder = SweepFolder::open(o.positional()[0]);
    int index = -1;
    try {
        index = std::stoi(o.positional()[1]);
    } catch (const std::exception&) {
        throw Error("sweep run-cell: '" + o.positional()[1] + "' is not a cell index");
    }
    const auto& cell = folder.cell(index);
    if (folder.cancelled()) {
        std::cerr << "sweep " << folder.path() << " was cancelled; cell " << cell.name << " not started\n";
        return 130;
    }
    folder.recordStart(cell);
    try {
        auto experiment = openSweepCell(folder, cell);
        if (!experiment) {
            std::cerr << "cell " << cell.name << " has finished already\n";
            return 0;
        }
        for (const auto& note : experiment->notes())
            std::cerr << "note: " << note << '\n';
        return trainToEnd(*experiment);
    } catch (const std::exception& e) {
        folder.recordFailure(cell, userMessage(e));
        throw;
    }
}

} // namespace

int benchSweep(const Args& args) {
    const Options o(args, {"--executor", "--repeats", "--steps", "--cores"}, 0);
    SweepBenchOptions b;
    b.executor = o.text("--executor", b.executor);
    b.repeats = o.integer("--repeats", b.repeats);
    b.steps = o.integer("--steps", b.steps);
    b.cores = o.integer("--cores", b.cores);
    std::cout << runSweepBench(b, progressBar) << std::endl;
    return 0;
}

int sweep(const Args& args) {
    const std::string sub = args.empty() ? "" : args[0];
    const Args rest(args.begin() + (args.empty() ? 0 : 1), args.end());
    if (sub == "status") return sweepStatus(rest);
    if (sub == "cancel") return sweepCancel(rest);
    if (sub == "run-cell") return sweepRunCell(rest);
    return sweepRun(args);
}

} // namespace sa::cli
