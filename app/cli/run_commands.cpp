// `sparseadapter run`, `resume`, `bench train` and `bench epoch`: the
// headless batch mode. Progress goes to stderr (a live bar on a terminal,
// plain lines otherwise), results and the run folder to stdout.
#include "cli_options.h"
#include "ranks.h"
#include "train/rank_launcher.h"

#include "experiment/dp_bench.h"
#include "experiment/experiment.h"
#include "experiment/run_directory.h"
#include "experiment/run_model.h"
#include "experiment/train_bench.h"
#include "model/stopwatch.h"
#include "model/threads.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <unistd.h>

namespace sa::cli {

namespace {

RunControl g_runControl; // one run per process
RunControl* g_control = nullptr;

extern "C" void onInterrupt(int) {
    if (g_control) g_control->requestStopFromSignal();
    // A second Ctrl-C ends the process at once.
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

void stopOnInterrupt() {
    g_control = &g_runControl;
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
}

// A rank catches Ctrl-C from its start: one killed while loading would
// fail the run, one that stops at its first step leaves it resumable.
void stopOnInterruptIfRank() {
    if (distributedEnvFromProcess()) stopOnInterrupt();
}

std::string duration(double s) {
    const auto t = static_cast<long>(s + 0.5);
    char text[32];
    if (t >= 3600)
        std::snprintf(text, sizeof text, "%ldh%02ldm", t / 3600, t / 60 % 60);
    else
        std::snprintf(text, sizeof text, "%ldm%02lds", t / 60, t % 60);
    return text;
}

std::string metricsText(const EvalEvent& e) {
    std::string text;
    char part[96];
    for (const auto& [name, value] : e.metrics) {
        std::snprintf(part, sizeof part, "%s%s %.4f", text.empty() ? "" : ", ", name.c_str(), value);
        text += part;
    }
    return text;
}

// The progress display: a bar redrawn in place on a terminal; on a pipe or
// file one line per ~5 % of the run, so logs stay readable.
class Progress : public TrainingObserver {
public:
    Progress() : tty_(isatty(STDERR_FILENO) != 0) {}

    void onStatus(const std::string& message) override { line(message); }
    void onMasks(const MaskEvent& e) override {
        char text[200];
        std::snprintf(
            text, sizeof text, "pruned: %lld of %lld adapter weights kept, density %.4f (target %.4f) in %.1f s",
            static_cast<long long>(e.kept), static_cast<long long>(e.total), e.achievedDensity(), e.density, e.seconds);
        line(text);
        for (const auto& warning : e.warnings)
            line("warning: " + warning);
    }
    void onStep(const StepEvent& e) override {
        // The epoch's rows in the task's unit (examples, or SQuAD's features):
        // every batch but an epoch's last is full.
        batchRows_ = std::max(batchRows_, e.rows);
        const int64_t rows = std::min(e.epochRows, e.stepInEpoch * batchRows_);
        char text[240];
        std::snprintf(text, sizeof text,
                      "step %lld/%lld  epoch %d/%d (%lld/%lld %s)  loss %.4f  lr %.2e  %.0f tok/s  ETA %s",
                      static_cast<long long>(e.step), static_cast<long long>(e.totalSteps), e.epoch + 1, e.epochs,
                      static_cast<long long>(rows), static_cast<long long>(e.epochRows), e.rowUnit.c_str(), e.loss,
                      e.learningRate, e.tokensPerSecond, duration(e.etaSeconds()).c_str());
        bar(e.step, e.totalSteps, text);
    }
    void onProgress(const ProgressEvent& e) override {
        char text[160];
        std::snprintf(text, sizeof text, "%s %lld/%lld %s", e.phase.c_str(), static_cast<long long>(e.done),
                      static_cast<long long>(e.total), e.unit.c_str());
        bar(e.done, e.total, text);
    }
    void onEval(const EvalEvent& e) override {
        line("eval at step " + std::to_string(e.step) + ": " + metricsText(e) + (e.best ? "  (best)" : ""));
    }

private:
    // Redrawn in place on a terminal; elsewhere a line per ~5 % and the last.
    void bar(int64_t done, int64_t total, const char* text) {
        if (tty_) {
            const int width = 24;
            const int filled = static_cast<int>(width * std::min(done, total) / std::max<int64_t>(1, total));
            std::fprintf(stderr, "\r[%s%s] %s\033[K", std::string(filled, '#').c_str(),
                         std::string(width - filled, '.').c_str(), text);
            std::fflush(stderr);
            open_ = true;
        } else if (done == total || done % std::max<int64_t>(1, total / 20) == 0) {
            std::fprintf(stderr, "%s\n", text);
        }
    }
    void line(const std::string& text) {
        if (open_) std::fprintf(stderr, "\n");
        open_ = false;
        std::fprintf(stderr, "%s\n", text.c_str());
        std::fflush(stderr);
    }
    bool tty_;
    bool open_ = false;
    int64_t batchRows_ = 0; // the largest batch seen: a full one
};

} // namespace

int trainToEnd(Experiment& experiment, const Communicator* ranks) {
    const bool silent = !leads(ranks);
    if (!silent) std::cout << "run folder: " << experiment.runDirectory() << std::endl;
    Progress progress;
    if (!silent) experiment.setObserver(&progress);
    stopOnInterrupt();
    FinishedEvent finished;
    try {
        finished = experiment.run(&g_runControl);
    } catch (...) {
        g_control = nullptr;
        throw;
    }
    g_control = nullptr;
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    if (silent) return finished.stopped ? 130 : 0;
    if (finished.stopped) {
        std::cout << "stopped after step " << finished.steps << "; continue with: sparseadapter resume "
                  << experiment.runDirectory() << std::endl;
        return 130;
    }
    if (finished.hasEval)
        std::cout << "finished " << finished.steps << " steps in " << duration(finished.seconds) << "; best "
                  << finished.best.mainMetric << " " << finished.best.mainValue << " at step " << finished.best.step
                  << " (final: " << metricsText(finished.last) << ")" << std::endl;
    else
        std::cout << "finished " << finished.steps << " steps in " << duration(finished.seconds) << std::endl;
    return 0;
}

namespace {

int runOne(const Args& args) {
    std::string file;
    bool demo = false;
    std::string demoTask = "sst-2";
    std::vector<std::string> overrides;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto& a = args[i];
        if (a == "--demo") {
            demo = true;
            // An optional task name right after it: --demo squad.
            if (i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0 &&
                args[i + 1].find(".json") == std::string::npos)
                demoTask = args[++i];
        } else if (a == "--set") {
            if (i + 1 >= args.size()) throw Error("option '--set' needs key=value");
            overrides.push_back(args[++i]);
        } else if (a.rfind("--set=", 0) == 0) {
            overrides.push_back(a.substr(6));
        } else if (a.rfind("--", 0) == 0) {
            throw Error("unknown option '" + a +
                        "' (run takes CONFIG.json or --demo [sst-2|squad|summarization|fusion], and --set key=value)");
        } else if (file.empty()) {
            file = a;
        } else {
            throw Error("unexpected argument '" + a + "'");
        }
    }
    if (demo == !file.empty()) throw Error("give either a CONFIG.json or --demo");
    // Five runs, not one: its own loop, in one process.
    if (demo && demoTask == "fusion") {
        if (distributedEnvFromProcess())
            throw Error(
                "run --demo fusion runs in one process: drop --nproc (and srun's or torchrun's rank variables)");
        return runFusionDemo(overrides);
    }
    auto config = demo ? builtinDemoConfig(demoTask) : ExperimentConfig::fromFile(file);
    for (const auto& assignment : overrides)
        config.applyOverride(assignment);
    auto* ranks = joinRanks(resolveDevice(config.device));
    const bool speaks = leads(ranks);
    if (speaks)
        std::cerr << "preparing " << config.runName() << " (" << config.model << ", " << config.task.name << ")"
                  << (ranks ? " on " + std::to_string(ranks->worldSize()) + " ranks" : "") << "\n";
    auto experiment = Experiment::create(config, nullptr, ranks);
    for (const auto& note : experiment->notes())
        if (speaks) std::cerr << "note: " << note << '\n';
    return trainToEnd(*experiment, ranks);
}

int resumeOne(const Args& args) {
    Options o(args, {}, 1, {"--restart", "--allow-metrics-gaps"});
    if (o.positional().empty()) throw Error("resume needs the run folder");
    ResumeOptions options;
    options.restart = o.flag("--restart");
    options.allowMetricsGaps = o.flag("--allow-metrics-gaps");
    const auto& folder = o.positional()[0];
    Communicator* ranks = nullptr;
    if (distributedEnvFromProcess())
        ranks = joinRanks(resolveDevice(ExperimentConfig::fromFile(RunDirectory::open(folder).configPath()).device));
    auto experiment = Experiment::resume(folder, nullptr, options, ranks);
    for (const auto& note : experiment->notes())
        if (leads(ranks)) std::cerr << "note: " << note << '\n';
    return trainToEnd(*experiment, ranks);
}

} // namespace

// --nproc N: N ranks of this same command (core/train/rank_launcher.h).
int run(const Args& args) {
    Args rest = args;
    const int nproc = takeNproc(rest);
    if (nproc > 1) return launchRanks("run", rest, nproc);
    stopOnInterruptIfRank();
    return asRank([&] { return runOne(rest); });
}

int resume(const Args& args) {
    Args rest = args;
    const int nproc = takeNproc(rest);
    if (nproc > 1) return launchRanks("resume", rest, nproc);
    stopOnInterruptIfRank();
    return asRank([&] { return resumeOne(rest); });
}

int benchTrain(const Args& args) {
    Options o(args,
              {"--geometry", "--adapter", "--bottleneck", "--sparsity", "--batch", "--seq", "--repeats", "--warmup",
               "--threads", "--blas-threads", "--save-weights"},
              0, {"--profile"});
    TrainBenchOptions b;
    readBenchSetup(o, b);
    b.profile = o.flag("--profile");
    b.saveWeights = o.text("--save-weights", "");
    b.adapter = o.text("--adapter", b.adapter);
    b.bottleneck = o.integer("--bottleneck", b.bottleneck);
    b.sparsity = o.number("--sparsity").value_or(b.sparsity);
    std::cout << runTrainBench(b, progressBar) << std::endl;
    return 0;
}

int benchEpoch(const Args& args) {
    Options o(args,
              {"--geometry", "--task", "--data", "--tokenizer", "--padding", "--group-by-length", "--batch",
               "--max-length", "--max-steps", "--save-weights"},
              0);
    EpochBenchOptions b;
    b.geometry = o.text("--geometry", b.geometry);
    b.task = o.text("--task", b.task);
    b.dataDir = o.text("--data", b.dataDir);
    b.tokenizerDir = o.text("--tokenizer", b.tokenizerDir);
    b.padding = o.text("--padding", b.padding);
    b.groupByLength = o.text("--group-by-length", "no") == "yes";
    b.batch = o.integer("--batch", b.batch);
    b.maxLength = o.integer("--max-length", b.maxLength);
    b.maxSteps = o.integer("--max-steps", 0);
    b.saveWeights = o.text("--save-weights", "");
    std::cout << runEpochBench(b, progressBar) << std::endl;
    return 0;
}

// The launcher starts this same command as the ranks; rank 0 leaves its
// line in the file this variable names, so the comparison can follow.
constexpr const char* kDataParallelBenchResult = "SPARSEADAPTER_BENCH_DP_RESULT";

int benchDataParallel(const Args& args) {
    Args rest = args;
    const int nproc = takeNproc(rest);
    Options o(rest,
              {"--geometry", "--adapter", "--bottleneck", "--sparsity", "--batch", "--seq", "--repeats", "--warmup",
               "--rounds"},
              0);
    DataParallelBenchOptions b;
    b.seq = 64; // a 2-core machine runs a roberta-base step of 16 x 64 in seconds
    readBenchSetup(o, b);
    b.adapter = o.text("--adapter", b.adapter);
    b.bottleneck = o.integer("--bottleneck", b.bottleneck);
    b.sparsity = o.number("--sparsity").value_or(b.sparsity);
    if (distributedEnvFromProcess()) {
        // A rank: its share of the cores (joinRanks) for the BLAS.
        return asRank([&] {
            auto* ranks = joinRanks(torch::kCPU);
            const auto line = runDataParallelBench(b, ranks);
            const char* result = std::getenv(kDataParallelBenchResult);
            if (!leads(ranks)) return 0;
            if (!result) {
                std::cout << line << std::endl;
            } else {
                std::ofstream out(result);
                out << line << '\n';
            }
            return 0;
        });
    }
    if (nproc < 2) throw Error("bench dp compares data parallelism with one process: --nproc must be at least 2");
    const int rounds = o.integer("--rounds", 2);
    if (rounds < 1) throw Error("option '--rounds' must be at least 1, got " + std::to_string(rounds));
    const auto result =
        std::filesystem::temp_directory_path() / ("sparseadapter-bench-dp-" + std::to_string(::getpid()) + ".json");
    Args dpArgs = {"dp"};
    dpArgs.insert(dpArgs.end(), rest.begin(), rest.end());
    const std::vector<std::string> resultFile = {std::string(kDataParallelBenchResult) + "=" + result.string()};
    // Rounds alternate the two, so that load from elsewhere on the machine
    // weighs on both alike.
    std::vector<std::string> one, dp;
    for (int round = 0; round < rounds; ++round) {
        configureThreads(requestedThreads()); // one process: every core (it may use) for the BLAS
        one.push_back(runDataParallelBench(b, nullptr));
        std::cout << one.back() << std::endl;
        const int code = launchRanks("bench", dpArgs, nproc, resultFile);
        std::string line;
        std::getline(std::ifstream(result), line);
        std::filesystem::remove(result);
        if (code != 0 || line.empty())
            throw Error("bench dp: the ranks ended without a result (exit code " + std::to_string(code) + ")");
        dp.push_back(line);
        std::cout << line << std::endl;
    }
    std::cout << compareDataParallelBench(one, dp) << std::endl;
    return 0;
}

} // namespace sa::cli
