#include "experiment/sweep_bench.h"

#include "error.h"
#include "experiment/child_process.h"
#include "experiment/experiment.h"
#include "experiment/slurm_executor.h"
#include "experiment/sweep_folder.h"
#include "io/atomic_write.h"
#include "text/text_files.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <thread>
#include <unistd.h>

namespace sa {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

void writeJson(const fs::path& path, const nlohmann::json& doc) {
    writeFileAtomically(path.string(), [&](std::ostream& out) { out << doc.dump(2); });
}

// The demo, short: `steps` steps, a checkpoint (and so metrics.jsonl) after
// every `checkpointEvery`, one evaluation at the end.
nlohmann::json demoConfig(int steps, int checkpointEvery) {
    auto c = nlohmann::json::parse(builtinDemoConfig("sst-2").toJson());
    c["optimization"]["max_steps"] = steps;
    c["optimization"]["epochs"] = 1;
    c["optimization"]["eval_every_steps"] = steps;
    c["optimization"]["checkpoint_every_steps"] = checkpointEvery;
    return c;
}

bool hasStepRecord(const fs::path& metrics) {
    if (!text_files::exists(metrics.string())) return false;
    return text_files::read(metrics.string()).find("\"type\":\"step\"") != std::string::npos;
}

// Seconds from starting `argv` until `metrics` holds a step; the process is
// then stopped and reaped.
double secondsToFirstStep(const std::vector<std::string>& argv, const fs::path& metrics, const fs::path& log) {
    const auto start = Clock::now();
    auto child = ChildProcess::start(argv, {}, log.string());
    for (;;) {
        if (hasStepRecord(metrics)) break;
        // `sweep --detach` ends after the submission (status 0): the cell goes on.
        if (const auto code = child.poll(); code && *code != 0 && !hasStepRecord(metrics))
            throw Error("bench sweep: '" + argv[1] + "' ended (exit status " + std::to_string(*code) +
                        ") before a training step; see " + log.string());
        if (Clock::now() - start > std::chrono::minutes(10)) {
            child.signal(SIGKILL);
            throw Error("bench sweep: no training step after 10 minutes; see " + log.string());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    child.signal(SIGTERM);
    while (!child.poll())
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return seconds;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

} // namespace

std::string runSweepBench(const SweepBenchOptions& o, const std::function<void(int, int)>& progress) {
    if (o.executor != "local" && o.executor != "slurm")
        throw Error("--executor: expected local or slurm, got '" + o.executor + "'");
    const std::string program = currentExecutable();
    const int cores = o.cores > 0 ? o.cores : std::max(1u, std::thread::hardware_concurrency());
    // On a shared file system when the executor is Slurm: the compute node
    // writes the cell's files there.
    const fs::path root = fs::absolute(fs::path("sparseadapter-bench-sweep-" + std::to_string(::getpid())));
    fs::create_directories(root);
    const int total = 2 * o.repeats + (o.executor == "local" ? 2 : 0);
    int done = 0;
    auto step = [&] {
        if (progress) progress(++done, total);
    };
    std::vector<double> direct, swept;
    for (int r = 0; r < o.repeats; ++r) {
        // Alternating, so drift of a noisy machine hits both alike.
        auto config = demoConfig(2, 1);
        config["name"] = "run";
        config["output_dir"] = (root / ("direct-" + std::to_string(r))).string();
        writeJson(root / "run.json", config);
        direct.push_back(secondsToFirstStep({program, "run", (root / "run.json").string()},
                                            root / ("direct-" + std::to_string(r)) / "run" / "metrics.jsonl",
                                            root / "run.log"));
        step();
        const std::string name = "overhead-" + std::to_string(r);
        writeJson(root / (name + ".json"),
                  {{"name", name}, {"base", demoConfig(2, 1)}, {"output_dir", (root / "sweeps").string()}});
        std::vector<std::string> argv = {program, "sweep", (root / (name + ".json")).string(), "--executor",
                                         o.executor};
        if (o.executor == "slurm") argv.push_back("--detach");
        swept.push_back(secondsToFirstStep(argv, root / "sweeps" / name / "runs" / "base" / "metrics.jsonl",
                                           root / (name + ".log")));
        if (o.executor == "slurm") {
            // The array task trains on; the next measurement wants the node.
            ChildProcess cancel = ChildProcess::start({program, "sweep", "cancel", (root / "sweeps" / name).string()},
                                                      {}, (root / (name + ".log")).string());
            while (!cancel.poll())
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            const auto folder = SweepFolder::open((root / "sweeps" / name).string());
            while (!slurmQueue(folder).empty())
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        step();
    }
    nlohmann::json overhead = {{"bench", "sweep-overhead"},
                               {"executor", o.executor},
                               {"repeats", o.repeats},
                               {"sweep_to_first_step_s_median", median(swept)},
                               {"run_to_first_step_s_median", median(direct)},
                               {"overhead_s", median(swept) - median(direct)},
                               {"sweep_to_first_step_s", swept},
                               {"run_to_first_step_s", direct}};
    std::string out = overhead.dump();
    if (o.executor == "local") {
        nlohmann::json throughput = {
            {"bench", "sweep-throughput"}, {"cells", 4}, {"steps_per_cell", o.steps}, {"cores", cores}};
        for (int parallel : {1, 2}) {
            const std::string name = "grid-" + std::to_string(parallel);
            writeJson(root / (name + ".json"),
                      {{"name", name},
                       {"base", demoConfig(o.steps, o.steps)},
                       {"grid", {{"pruning.method", {"snip", "random"}}, {"optimization.seed", {1, 2}}}},
                       {"output_dir", (root / "sweeps").string()}});
            const int threads = std::max(1, cores / parallel);
            const auto start = Clock::now();
            auto child = ChildProcess::start({program, "sweep", (root / (name + ".json")).string(), "--parallel",
                                              std::to_string(parallel), "--threads", std::to_string(threads)},
                                             {}, (root / (name + ".log")).string());
            std::optional<int> code;
            while (!(code = child.poll()))
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            if (*code != 0)
                throw Error("bench sweep: the grid ended with exit status " + std::to_string(*code) + "; see " +
                            (root / (name + ".log")).string());
            const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
            const std::string key = "parallel_" + std::to_string(parallel);
            throughput[key] = {
                {"threads_per_cell", threads}, {"wall_s", seconds}, {"cells_per_min", 4 * 60.0 / seconds}};
            step();
        }
        throughput["speedup_2_over_1"] = throughput["parallel_2"]["cells_per_min"].get<double>() /
                                         throughput["parallel_1"]["cells_per_min"].get<double>();
        out += "\n" + throughput.dump();
    }
    std::error_code ignored;
    fs::remove_all(root, ignored);
    return out;
}

} // namespace sa
