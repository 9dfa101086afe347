#include "experiment/run_tensorboard.h"

#include "error.h"
#include "experiment/child_process.h"
#include "experiment/run_directory.h"

#include <chrono>
#include <filesystem>
#include <map>

namespace fs = std::filesystem;

namespace sa {

namespace {

void addNumber(std::vector<TensorBoardScalar>& out, const std::string& tag, const nlohmann::json& value) {
    if (value.is_number()) out.push_back({tag, value.get<double>()});
}

std::string recordType(const nlohmann::json& record) {
    const auto type = record.find("type");
    return type != record.end() && type->is_string() ? type->get<std::string>() : std::string();
}

int64_t recordStep(const nlohmann::json& record) {
    const auto step = record.find("step");
    return step != record.end() && step->is_number_integer() ? step->get<int64_t>() : 0;
}

// The folder, once older sessions' records after `resumedAt` are gone: the
// writer's new file must not be the one cut.
const std::string& afterDropping(const std::string& directory, int64_t resumedAt,
                                 const std::vector<nlohmann::json>& kept) {
    if (resumedAt < 0) return directory;
    std::map<std::string, int> atStep = {{"eval/", 0}, {"pruning/", 0}};
    for (const auto& record : kept) {
        if (recordStep(record) != resumedAt) continue;
        const auto type = recordType(record);
        if (type == "eval") ++atStep["eval/"];
        if (type == "prune") ++atStep["pruning/"];
    }
    dropEventsAfter(directory, resumedAt, atStep);
    return directory;
}

} // namespace

std::vector<TensorBoardScalar> tensorboardScalars(const nlohmann::json& record) {
    std::vector<TensorBoardScalar> out;
    if (!record.is_object()) return out;
    const auto field = [&](const char* name) { return record.contains(name) ? record.at(name) : nlohmann::json(); };
    const auto type = recordType(record);
    if (type == "step") {
        addNumber(out, "train/loss", field("loss"));
        addNumber(out, "train/learning_rate", field("lr"));
        addNumber(out, "train/grad_norm", field("grad_norm"));
        addNumber(out, "train/clip_coefficient", field("clip"));
        addNumber(out, "train/tokens_per_s", field("tokens_per_s"));
    } else if (type == "eval") {
        addNumber(out, "eval/loss", field("loss"));
        const auto metrics = field("metrics");
        if (metrics.is_object())
            for (const auto& [name, value] : metrics.items())
                addNumber(out, "eval/" + name, value);
        addNumber(out, "eval/tokens_per_s", field("tokens_per_s"));
    } else if (type == "prune") {
        addNumber(out, "pruning/density", field("achieved_density"));
        addNumber(out, "pruning/target_density", field("density"));
        const auto layers = field("layer_density");
        if (layers.is_object())
            for (const auto& [name, value] : layers.items())
                addNumber(out, "pruning/layer_density/" + name, value);
    }
    return out;
}

RunTensorBoard::RunTensorBoard(const std::string& directory, int64_t resumedAt, const std::vector<nlohmann::json>& kept)
    : writer_(afterDropping(directory, resumedAt, kept), unixSeconds()) {}

void RunTensorBoard::add(const nlohmann::json& record) {
    const auto scalars = tensorboardScalars(record);
    if (scalars.empty()) return;
    writer_.writeScalars(recordStep(record), unixSeconds(), scalars);
    const auto type = recordType(record);
    if (type == "eval" || type == "prune") flush();
}

void RunTensorBoard::flush() {
    writer_.flush();
}

std::string tensorboardCommand(const std::string& logdir) {
    return "tensorboard --logdir " + shellQuoted(logdir);
}

std::string exportRunTensorBoard(const std::string& runFolder, const std::string& directory) {
    const auto run = RunDirectory::open(runFolder);
    const auto records = run.readMetrics();
    // The run's start: config.json is written once, when the run is made.
    std::error_code error;
    const auto written = fs::last_write_time(run.configPath(), error);
    double start = unixSeconds();
    if (!error)
        start = std::chrono::duration<double>((written - fs::file_time_type::clock::now()) +
                                              std::chrono::system_clock::now().time_since_epoch())
                    .count();
    EventFileWriter writer(directory, start);
    // Step records carry the training seconds so far; evaluations and
    // pruning rounds their own duration, so they take the last step's time.
    double seconds = 0.0;
    for (const auto& record : records) {
        if (recordType(record) == "step" && record.contains("time_s") && record.at("time_s").is_number())
            seconds = record.at("time_s").get<double>();
        const auto scalars = tensorboardScalars(record);
        if (!scalars.empty()) writer.writeScalars(recordStep(record), start + seconds, scalars);
    }
    writer.flush();
    return writer.path();
}

} // namespace sa
