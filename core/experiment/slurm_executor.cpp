#include "experiment/slurm_executor.h"

#include "error.h"
#include "experiment/child_process.h"
#include "io/atomic_write.h"
#include "text/text_files.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <sstream>
#include <thread>

namespace sa {
namespace {

namespace fs = std::filesystem;

std::string trimmed(std::string text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.pop_back();
    return text;
}

std::string jobsPath(const SweepFolder& folder) {
    return folder.file("slurm/jobs.json");
}

// slurm/jobs.json as (job id, the first cell of its block), oldest first.
std::vector<std::pair<std::string, int>> recordedJobs(const SweepFolder& folder) {
    std::vector<std::pair<std::string, int>> out;
    if (!text_files::exists(jobsPath(folder))) return out;
    for (const auto& j : text_files::readJson(jobsPath(folder)))
        if (j.is_object() && j.contains("job_id") && j["job_id"].is_string())
            out.emplace_back(j["job_id"].get<std::string>(), j.value("offset", 0));
    return out;
}

bool inSlurmsHands(const std::vector<CellStatus>& status) {
    for (const auto& s : status)
        if (s.state == CellState::Running || s.state == CellState::Queued) return true;
    return false;
}

} // namespace

std::string slurmArraySpec(const std::vector<int>& cells, int maxRunning) {
    auto sorted = cells;
    std::sort(sorted.begin(), sorted.end());
    std::string spec;
    for (std::size_t i = 0; i < sorted.size();) {
        std::size_t j = i;
        while (j + 1 < sorted.size() && sorted[j + 1] == sorted[j] + 1)
            ++j;
        spec += (spec.empty() ? "" : ",") + std::to_string(sorted[i]);
        if (j > i) spec += "-" + std::to_string(sorted[j]);
        i = j + 1;
    }
    if (maxRunning > 0) spec += "%" + std::to_string(maxRunning);
    return spec;
}

std::string slurmBatchScript(const SweepFolder& folder, const std::string& program) {
    const auto& s = folder.spec().slurm;
    std::ostringstream out;
    out << "#!/bin/bash\n"
        << "# Written by sparseadapter sweep for " << folder.path() << "\n"
        << "#SBATCH --job-name=sa-" << folder.spec().name << "\n"
        << "#SBATCH --output=" << folder.file("logs") << "/slurm-%A_%a.out\n"
        << "#SBATCH --ntasks=1\n"
        << "#SBATCH --cpus-per-task=" << s.cpusPerTask << "\n";
    if (!s.partition.empty()) out << "#SBATCH --partition=" << s.partition << "\n";
    if (!s.time.empty()) out << "#SBATCH --time=" << s.time << "\n";
    if (!s.mem.empty()) out << "#SBATCH --mem=" << s.mem << "\n";
    if (s.gpus > 0) out << "#SBATCH --gpus=" << s.gpus << "\n";
    for (const auto& line : s.extra)
        out << "#SBATCH " << line << "\n";
    out << "# The array task id plus the block's offset is the cell's index in\n"
        << "# cells.json; a stopped or killed cell continues from its checkpoint\n"
        << "# when submitted again.\n"
        << "export SPARSEADAPTER_THREADS=\"${SLURM_CPUS_PER_TASK:-1}\"\n"
        << "exec " << shellQuoted(program) << " sweep run-cell " << shellQuoted(folder.path())
        << " \"$((${SPARSEADAPTER_CELL_OFFSET:-0} + SLURM_ARRAY_TASK_ID))\"\n";
    return out.str();
}

std::string slurmUnavailableReason() {
    for (const char* program : {"sbatch", "squeue", "scancel"})
        if (findOnPath(program).empty())
            return std::string(program) + " was not found on PATH (install slurm-client, or run on a login node)";
    return {};
}

int slurmMaxArraySize() {
    if (findOnPath("scontrol").empty()) return 1001;
    const auto result = runCommand({"scontrol", "show", "config"}, 60.0);
    std::istringstream lines(result.out);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("MaxArraySize", 0) != 0) continue;
        try {
            return std::max(1, std::stoi(line.substr(line.find('=') + 1)));
        } catch (const std::exception&) {
            break;
        }
    }
    return 1001;
}

std::vector<SlurmSubmission> submitSlurmArrays(const SweepFolder& folder, const std::vector<int>& cells,
                                               const std::string& program, int maxArraySize) {
    if (cells.empty()) throw Error("no cells to submit");
    if (const auto why = slurmUnavailableReason(); !why.empty()) throw Error("cannot submit to Slurm: " + why);
    if (maxArraySize <= 0) maxArraySize = slurmMaxArraySize();
    fs::create_directories(folder.file("logs"));
    const std::string script = folder.file("slurm/sweep.sbatch");
    fs::create_directories(fs::path(script).parent_path());
    writeFileAtomically(script, [&](std::ostream& out) { out << slurmBatchScript(folder, program); });
    // Blocks of task ids 0 … maxArraySize − 1.
    std::map<int, std::vector<int>> blocks;
    for (int cell : cells)
        blocks[cell / maxArraySize * maxArraySize].push_back(cell - cell / maxArraySize * maxArraySize);
    std::vector<SlurmSubmission> out;
    for (const auto& [offset, tasks] : blocks) {
        SlurmSubmission s;
        s.offset = offset;
        s.array = slurmArraySpec(tasks, folder.spec().slurm.maxRunning);
        for (int t : tasks)
            s.cells.push_back(offset + t);
        const auto result = runCommand({"sbatch", "--parsable", "--array=" + s.array,
                                        "--export=ALL,SPARSEADAPTER_CELL_OFFSET=" + std::to_string(offset), script},
                                       120.0);
        if (result.exitCode != 0)
            throw Error("sbatch refused the sweep's job array (exit status " + std::to_string(result.exitCode) +
                        "): " + trimmed(result.err.empty() ? result.out : result.err));
        // --parsable prints "jobid" or "jobid;cluster".
        s.jobId = trimmed(result.out);
        s.jobId = s.jobId.substr(0, s.jobId.find(';'));
        if (s.jobId.empty() || s.jobId.find_first_not_of("0123456789") != std::string::npos)
            throw Error("sbatch printed '" + trimmed(result.out) + "', not a job id");
        auto jobs =
            text_files::exists(jobsPath(folder)) ? text_files::readJson(jobsPath(folder)) : nlohmann::json::array();
        const std::time_t now = std::time(nullptr);
        char when[32] = {};
        std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
        jobs.push_back(
            {{"job_id", s.jobId}, {"array", s.array}, {"offset", offset}, {"cells", s.cells}, {"submitted", when}});
        writeFileAtomically(jobsPath(folder), [&](std::ostream& o) { o << jobs.dump(2) << '\n'; });
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<std::string> slurmJobs(const SweepFolder& folder) {
    std::vector<std::string> out;
    for (const auto& [job, offset] : recordedJobs(folder))
        out.push_back(job);
    return out;
}

std::map<int, std::string> slurmQueue(const SweepFolder& folder) {
    std::map<int, std::string> queue;
    std::map<std::string, int> offsets; // job id → its block's first cell
    for (const auto& [job, offset] : recordedJobs(folder))
        offsets[job] = offset;
    if (offsets.empty() || findOnPath("squeue").empty()) return queue;
    std::string list;
    for (const auto& [job, offset] : offsets)
        list += (list.empty() ? "" : ",") + job;
    // --array: one line per array task, pending ones included; %F the
    // array's job id, %K the task id (%a would be the account), %T the state.
    const auto result = runCommand({"squeue", "--noheader", "--array", "--jobs=" + list, "--format=%F %K %T"}, 60.0);
    // squeue fails for ids it has forgotten; those jobs have ended.
    if (result.exitCode != 0 && result.err.find("Invalid job id") == std::string::npos)
        throw Error("squeue failed (exit status " + std::to_string(result.exitCode) + "): " + trimmed(result.err));
    std::istringstream lines(result.out);
    for (std::string job, task, state; lines >> job >> task >> state;) {
        const auto found = offsets.find(job);
        if (found == offsets.end()) continue;
        try {
            queue[found->second + std::stoi(task)] = state;
        } catch (const std::exception&) {
            // A task range of a pending array ("0-3%2") despite --array: ignored.
        }
    }
    return queue;
}

int cancelSlurmJobs(const SweepFolder& folder) {
    int cancelled = 0;
    if (findOnPath("scancel").empty()) return 0;
    for (const auto& job : slurmJobs(folder))
        if (runCommand({"scancel", job}, 60.0).exitCode == 0) ++cancelled;
    return cancelled;
}

SlurmRunResult runSlurmSweep(const SweepFolder& folder, const SlurmRunOptions& options) {
    SlurmRunResult result;
    for (int round = 0;; ++round) {
        result.status = folder.status(slurmQueue(folder));
        const auto toRun = cellsToRun(result.status);
        const bool busy = inSlurmsHands(result.status);
        if (!toRun.empty() && !busy && round <= folder.spec().retries + 1) {
            for (const auto& submission : submitSlurmArrays(folder, toRun, options.program))
                if (options.onSubmitted) options.onSubmitted(submission);
        } else if (!busy) {
            return result;
        } else if (options.detach && options.log) {
            options.log("cells are still queued or running; nothing submitted");
        }
        if (options.detach) {
            result.detached = true;
            return result;
        }
        for (;;) {
            if ((options.stopRequested && options.stopRequested()) || folder.cancelled()) {
                const int jobs = cancelSlurmJobs(folder);
                if (options.log) options.log("cancelling: " + std::to_string(jobs) + " job(s)");
                result.cancelled = true;
                result.status = folder.status(slurmQueue(folder));
                return result;
            }
            result.status = folder.status(slurmQueue(folder));
            if (options.onStatus) options.onStatus(result.status);
            if (!inSlurmsHands(result.status)) break;
            std::this_thread::sleep_for(std::chrono::duration<double>(options.pollSeconds));
        }
    }
}

} // namespace sa
