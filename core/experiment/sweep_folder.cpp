#include "experiment/sweep_folder.h"

#include "error.h"
#include "experiment/run_index.h"
#include "experiment/run_lock.h"
#include "io/atomic_write.h"
#include "text/text_files.h"

#include <cmath>
#include <filesystem>

namespace sa {
namespace {

namespace fs = std::filesystem;

void writeJson(const std::string& path, const nlohmann::json& value) {
    fs::create_directories(fs::path(path).parent_path());
    writeFileAtomically(path, [&](std::ostream& out) { out << value.dump(2) << '\n'; });
}

nlohmann::json cellsDocument(const std::vector<SweepCell>& cells) {
    auto doc = nlohmann::json::array();
    for (const auto& c : cells) {
        auto values = nlohmann::json::object();
        for (const auto& [key, value] : c.values)
            values[key] = value;
        doc.push_back({{"index", c.index},
                       {"name", c.name},
                       {"values", values},
                       {"config", nlohmann::json::parse(c.config.toJson())}});
    }
    return doc;
}

// The first difference between two expansions, for the refusal.
std::string firstDifference(const nlohmann::json& before, const nlohmann::json& now) {
    if (before.size() != now.size())
        return "it had " + std::to_string(before.size()) + " cells, the spec makes " + std::to_string(now.size());
    for (std::size_t i = 0; i < now.size(); ++i) {
        if (before[i].value("name", "") != now[i]["name"])
            return "cell " + std::to_string(i) + " was '" + before[i].value("name", "") + "', now '" +
                   now[i]["name"].get<std::string>() + "'";
        const auto patch = nlohmann::json::diff(before[i]["config"], now[i]["config"]);
        if (!patch.empty())
            return "cell '" + now[i]["name"].get<std::string>() + "' differs at " +
                   patch.front().value("path", std::string("/"));
    }
    return {};
}

} // namespace

const char* cellStateName(CellState state) {
    switch (state) {
    case CellState::Pending:
        return "pending";
    case CellState::Queued:
        return "queued";
    case CellState::Running:
        return "running";
    case CellState::Stopped:
        return "stopped";
    case CellState::Failed:
        return "failed";
    case CellState::Finished:
        return "finished";
    }
    return "?";
}

SweepFolder::SweepFolder(std::string path, SweepSpec spec, std::vector<SweepCell> cells)
    : path_(std::move(path)), spec_(std::move(spec)), cells_(std::move(cells)) {}

SweepFolder SweepFolder::prepare(const SweepSpec& spec) {
    const std::string folder = fs::absolute(spec.folder()).lexically_normal().string();
    auto cells = expandCells(spec, folder);
    const auto doc = cellsDocument(cells);
    const std::string cellsPath = (fs::path(folder) / "cells.json").string();
    if (text_files::exists(cellsPath)) {
        const auto before = text_files::readJson(cellsPath);
        const auto difference = firstDifference(before, doc);
        if (!difference.empty())
            throw Error("sweep folder " + folder + " was made from another spec (" + difference +
                        "); give the sweep another name, or remove the folder");
    } else {
        writeJson(cellsPath, doc);
    }
    // Resources and retries may change between calls; the cells may not.
    writeJson((fs::path(folder) / "spec.json").string(), spec.toJson());
    return SweepFolder(folder, spec, std::move(cells));
}

SweepFolder SweepFolder::open(const std::string& path) {
    const std::string folder = fs::absolute(path).lexically_normal().string();
    const std::string specPath = (fs::path(folder) / "spec.json").string();
    if (!text_files::exists(specPath)) throw Error(folder + ": not a sweep folder (no spec.json)");
    auto spec = SweepSpec::fromJson(text_files::read(specPath), specPath, folder);
    const std::string cellsPath = (fs::path(folder) / "cells.json").string();
    const auto doc = text_files::readJson(cellsPath);
    std::vector<SweepCell> cells;
    try {
        for (const auto& c : doc) {
            SweepCell cell;
            cell.index = c.at("index").get<int>();
            cell.name = c.at("name").get<std::string>();
            for (const auto& item : c.at("values").items())
                cell.values.emplace_back(item.key(), item.value());
            cell.config = ExperimentConfig::fromJson(c.at("config").dump(), cellsPath + " cell '" + cell.name + "'");
            if (cell.index != static_cast<int>(cells.size()))
                throw Error("cell '" + cell.name + "' has index " + std::to_string(cell.index) + ", expected " +
                            std::to_string(cells.size()));
            cells.push_back(std::move(cell));
        }
    } catch (const nlohmann::json::exception& e) {
        throw fileError(cellsPath, e.what());
    }
    return SweepFolder(folder, std::move(spec), std::move(cells));
}

const SweepCell& SweepFolder::cell(int index) const {
    if (index < 0 || index >= static_cast<int>(cells_.size()))
        throw Error("sweep " + path_ + " has cells 0–" + std::to_string(cells_.size() - 1) + ", not " +
                    std::to_string(index));
    return cells_[static_cast<std::size_t>(index)];
}

std::string SweepFolder::file(const std::string& relative) const {
    return (fs::path(path_) / relative).string();
}

std::string SweepFolder::runFolder(const SweepCell& cell) const {
    return file("runs/" + cell.name);
}

std::string SweepFolder::logPath(const SweepCell& cell) const {
    return file("logs/" + cell.name + ".log");
}

void SweepFolder::markCancelled() const {
    writeFileAtomically(file("cancelled"), [](std::ostream&) {});
}

void SweepFolder::clearCancelled() const {
    std::error_code ignored;
    fs::remove(file("cancelled"), ignored);
}

bool SweepFolder::cancelled() const {
    return fs::exists(file("cancelled"));
}

CellAttempts SweepFolder::attempts(const SweepCell& cell) const {
    const std::string path = file("attempts/" + cell.name + ".json");
    CellAttempts a;
    if (!text_files::exists(path)) return a;
    const auto j = text_files::readJson(path);
    a.attempts = j.value("attempts", 0);
    a.failures = j.value("failures", 0);
    a.lastError = j.value("last_error", std::string());
    return a;
}

void SweepFolder::recordStart(const SweepCell& cell) const {
    auto a = attempts(cell);
    ++a.attempts;
    writeJson(file("attempts/" + cell.name + ".json"),
              {{"attempts", a.attempts}, {"failures", a.failures}, {"last_error", a.lastError}});
}

void SweepFolder::recordFailure(const SweepCell& cell, const std::string& error) const {
    auto a = attempts(cell);
    ++a.failures;
    writeJson(file("attempts/" + cell.name + ".json"),
              {{"attempts", a.attempts}, {"failures", a.failures}, {"last_error", error}});
}

std::vector<CellStatus> SweepFolder::status(const std::map<int, std::string>& queue) const {
    std::vector<CellStatus> out;
    for (const auto& cell : cells_) {
        CellStatus s;
        s.index = cell.index;
        s.name = cell.name;
        s.attempts = attempts(cell);
        s.givenUp = s.attempts.failures > spec_.retries;
        const std::string run = runFolder(cell);
        const bool exists = text_files::exists(run + "/config.json");
        RunRecord& record = s.run;
        if (exists) {
            try {
                record = readRun(run);
            } catch (const Error& e) {
                record.status = "unreadable";
                record.error = e.what();
            }
            s.stepsDone = record.stepsDone;
            s.totalSteps = record.totalSteps;
            s.mainMetric = record.mainMetric;
            s.hasBest = std::isfinite(record.bestValue);
            s.best = s.hasBest ? record.bestValue : 0.0;
        }
        const auto queued = queue.find(cell.index);
        s.holder = exists ? RunLock::holder(run) : std::string();
        if (!s.holder.empty())
            s.state = CellState::Running;
        else if (queued != queue.end() && (queued->second == "PENDING" || queued->second == "REQUEUED"))
            s.state = CellState::Queued;
        else if (queued != queue.end())
            s.state = CellState::Running; // started, not yet holding its run folder
        else if (record.status == "finished")
            s.state = CellState::Finished;
        else if (record.status == "failed" || s.givenUp)
            s.state = CellState::Failed;
        else if (record.status == "stopped")
            s.state = CellState::Stopped;
        else
            s.state = CellState::Pending; // never started, or killed: continued from its checkpoint
        if (queued != queue.end() && s.holder.empty()) s.holder = "Slurm " + queued->second;
        if (s.state == CellState::Failed && s.attempts.lastError.empty()) s.attempts.lastError = record.error;
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<int> cellsToRun(const std::vector<CellStatus>& status) {
    std::vector<int> out;
    for (const auto& s : status)
        if (s.state != CellState::Finished && s.state != CellState::Running && s.state != CellState::Queued &&
            !s.givenUp)
            out.push_back(s.index);
    return out;
}

std::string statusCounts(const std::vector<CellStatus>& status) {
    std::map<int, int> counts;
    for (const auto& s : status)
        ++counts[static_cast<int>(s.state)];
    std::string text;
    for (const auto& [state, n] : counts)
        text += (text.empty() ? "" : ", ") + std::to_string(n) + " " + cellStateName(static_cast<CellState>(state));
    return text;
}

} // namespace sa
