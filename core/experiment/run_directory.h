// The folder one experiment writes (DESIGN.md "Run directory"):
//
//   runs/<name>/config.json         the full resolved ExperimentConfig
//               metrics.jsonl       one JSON object per logged step / eval / pruning round
//               masks.safetensors   the binary masks, official names
//               adapter.safetensors the trained adapters (+ head), at the best evaluation
//               summary.json        status, final and best metrics, budget, timings, versions
//               checkpoint.safetensors  the last resumable state (weights, masks, Adam moments)
//               predictions.json, nbest_predictions.json   QA: the best evaluation's answers
//               predictions/step-<N>_predictions.json      QA: every evaluation's answers
//               tb/events.out.tfevents.*   the same records for TensorBoard, appended live
//                                          (one file per session; experiment/run_tensorboard.h)
//
// Every file is written whole to a temporary name and renamed, so a crash
// never leaves a half-written file. metrics.jsonl lines are buffered and the
// file rewritten at each checkpoint, so it always matches the checkpoint a
// resume starts from.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace sa {

class RunDirectory {
public:
    // A new folder `root`/`name`; when that exists, `name-2`, `name-3`, ...
    static RunDirectory create(const std::string& root, const std::string& name);
    // An existing run (for resume / export); throws sa::Error naming the
    // folder when it has no config.json.
    static RunDirectory open(const std::string& path);

    const std::string& path() const { return path_; }
    std::string file(const char* name) const; // path()/name
    std::string configPath() const { return file("config.json"); }
    std::string tensorboardPath() const { return file("tb"); } // a folder of event files
    std::string metricsPath() const { return file("metrics.jsonl"); }
    std::string masksPath() const { return file("masks.safetensors"); }
    std::string adapterPath() const { return file("adapter.safetensors"); }
    std::string summaryPath() const { return file("summary.json"); }
    std::string checkpointPath() const { return file("checkpoint.safetensors"); }

    void writeJson(const std::string& path, const nlohmann::json& value) const;
    // `content` as path()/relative (folders below created as needed).
    void writeText(const std::string& relative, const std::string& content) const;

    // metrics.jsonl: append() buffers; flush() rewrites the file atomically.
    void appendMetrics(const nlohmann::json& record);
    void flushMetrics();
    // Keeps only records with "step" <= `step` (resume from that checkpoint).
    void truncateMetricsAfter(int64_t step);
    // Removes the temporary files of writes a killed process left behind
    // (".NAME.tmpNNN", here and in predictions/); call while holding the
    // folder's lock. Returns their names.
    std::vector<std::string> removeStaleTemporaries() const;
    // Every record of metrics.jsonl; a malformed line throws sa::Error naming file:line.
    std::vector<nlohmann::json> readMetrics() const;

private:
    explicit RunDirectory(std::string path) : path_(std::move(path)) {}
    std::string path_;
    std::vector<std::string> lines_; // every line of the file, flushed or not
};

nlohmann::json readJsonFile(const std::string& path); // errors name the file

} // namespace sa
