#include "experiment/resume_check.h"

#include "error.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <set>

namespace sa {

namespace fs = std::filesystem;

namespace {

std::string restartHint(const RunDirectory& run) {
    return "to start this run over with its config, keeping the current files in previous-N/: sparseadapter "
           "resume " +
           run.path() + " --restart";
}

// Moves everything but config.json (and the lock) into the first free
// previous-N/ folder; returns its name.
std::string moveAside(const RunDirectory& run) {
    fs::path target;
    for (int n = 1;; ++n) {
        target = fs::path(run.path()) / ("previous-" + std::to_string(n));
        if (!fs::exists(target)) break;
    }
    fs::create_directory(target);
    for (const auto& entry : fs::directory_iterator(run.path())) {
        const auto name = entry.path().filename().string();
        if (name == "config.json" || name == ".lock" || name.rfind("previous-", 0) == 0) continue;
        std::error_code error;
        fs::rename(entry.path(), target / name, error);
        if (error)
            throw fileError(entry.path().string(), "cannot move it to " + target.string() + ": " + error.message());
    }
    return target.filename().string();
}

} // namespace

RunFolderFacts checkRunFolder(const RunDirectory& run, const ResumeOptions& options) {
    RunFolderFacts facts;
    if (options.restart) {
        const auto aside = moveAside(run);
        facts.notes.push_back("restarted from step 0; the earlier files are in " + aside + "/");
        return facts;
    }
    facts.hasCheckpoint = fs::exists(run.checkpointPath());
    if (fs::exists(run.summaryPath())) {
        try {
            const auto summary = readJsonFile(run.summaryPath());
            facts.status = summary.value("status", std::string());
            facts.runId = summary.value("run_id", std::string());
            facts.stepsDone = summary.value("steps_done", int64_t{0});
        } catch (const std::exception& e) {
            // It is rewritten from the checkpoint's state; say it was not read.
            facts.notes.push_back(std::string("summary.json was unreadable and is rewritten (") + e.what() + ")");
        }
    }
    if (facts.status == "finished")
        throw Error(run.path() + ": this run has finished (summary.json: status finished, " +
                    std::to_string(facts.stepsDone) + " steps); there is nothing to resume, and a finished run is " +
                    "never trained again in place; " + restartHint(run));
    if (!facts.hasCheckpoint) {
        const auto records = run.readMetrics();
        if (!records.empty() || facts.stepsDone > 0 || facts.status == "stopped")
            throw Error(run.path() + ": checkpoint.safetensors is missing, but the run has recorded work (" +
                        std::to_string(records.size()) + " records in metrics.jsonl, status " +
                        (facts.status.empty() ? std::string("unknown") : facts.status) +
                        "); resuming would start again at step 0 over them; " + restartHint(run));
    }
    return facts;
}

std::string missingSteps(const std::vector<nlohmann::json>& records, int64_t step) {
    std::set<int64_t> seen;
    for (const auto& r : records)
        if (r.is_object() && r.value("type", std::string()) == "step" && r.contains("step") &&
            r.at("step").is_number_integer())
            seen.insert(r.at("step").get<int64_t>());
    std::string text;
    int64_t runStart = 0;
    auto close = [&](int64_t last) {
        if (!text.empty()) text += ", ";
        text += runStart == last ? std::to_string(last) : std::to_string(runStart) + "\u2013" + std::to_string(last);
    };
    for (int64_t s = 1; s <= step; ++s) {
        const bool missing = seen.count(s) == 0;
        if (missing && runStart == 0) runStart = s;
        if (!missing && runStart != 0) {
            close(s - 1);
            runStart = 0;
        }
    }
    if (runStart != 0) close(step);
    return text;
}

std::string newRunId() {
    std::random_device device;
    std::mt19937_64 generator((static_cast<uint64_t>(device()) << 32) ^ device() ^
                              static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
    char text[20];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(generator()));
    return text;
}

} // namespace sa
