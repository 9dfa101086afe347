#include "experiment/run_directory.h"

#include "error.h"
#include "io/atomic_write.h"
#include "text/text_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace sa {

namespace fs = std::filesystem;

RunDirectory RunDirectory::create(const std::string& root, const std::string& name) {
    std::error_code error;
    if (fs::exists(root, error) && !fs::is_directory(root, error))
        throw fileError(root, "output_dir is a file, not a folder for run folders");
    fs::create_directories(root, error);
    if (error) throw fileError(root, "cannot create output_dir: " + error.message());
    for (int n = 1;; ++n) {
        const auto candidate = fs::path(root) / (n == 1 ? name : name + "-" + std::to_string(n));
        error.clear();
        if (fs::create_directory(candidate, error)) return RunDirectory(candidate.string());
        if (error) throw fileError(candidate.string(), "cannot create the run folder: " + error.message());
    }
}

RunDirectory RunDirectory::open(const std::string& path) {
    if (!fs::is_directory(path)) throw fileError(path, "no such run folder");
    RunDirectory run(path);
    if (!fs::exists(run.configPath())) throw fileError(path, "not a run folder (no config.json)");
    if (fs::exists(run.metricsPath())) {
        std::ifstream in(run.metricsPath());
        for (std::string line; std::getline(in, line);)
            if (!line.empty()) run.lines_.push_back(line);
    }
    return run;
}

std::string RunDirectory::file(const char* name) const {
    return (fs::path(path_) / name).string();
}

void RunDirectory::writeJson(const std::string& path, const nlohmann::json& value) const {
    writeFileAtomically(path, [&](std::ostream& out) { out << value.dump(2) << '\n'; });
}

void RunDirectory::writeText(const std::string& relative, const std::string& content) const {
    const auto path = fs::path(path_) / relative;
    fs::create_directories(path.parent_path());
    writeFileAtomically(path.string(), [&](std::ostream& out) { out << content; });
}

void RunDirectory::appendMetrics(const nlohmann::json& record) {
    lines_.push_back(record.dump());
}

void RunDirectory::flushMetrics() {
    writeFileAtomically(metricsPath(), [&](std::ostream& out) {
        for (const auto& line : lines_)
            out << line << '\n';
    });
}

void RunDirectory::truncateMetricsAfter(int64_t step) {
    std::vector<std::string> kept;
    for (const auto& line : lines_) {
        const auto record = nlohmann::json::parse(line, nullptr, false);
        // Only an integer step is compared: get<int64_t>() of a float is undefined past
        // int64 ("step": 1e300); a record kept here is refused by the readers with its line.
        if (record.is_discarded() || !record.contains("step") || !record["step"].is_number_integer() ||
            record["step"].get<int64_t>() <= step)
            kept.push_back(line);
    }
    lines_ = std::move(kept);
    flushMetrics();
}

std::vector<std::string> RunDirectory::removeStaleTemporaries() const {
    std::vector<std::string> removed;
    for (const auto& folder : {fs::path(path_), fs::path(path_) / "predictions", fs::path(tensorboardPath())}) {
        std::error_code error;
        if (!fs::is_directory(folder, error)) continue;
        for (const auto& entry : fs::directory_iterator(folder, error)) {
            const auto name = entry.path().filename().string();
            // writeFileAtomically's names: "." + file + ".tmp" + digits.
            const auto tmp = name.rfind(".tmp");
            if (name.size() < 6 || name[0] != '.' || tmp == std::string::npos || tmp + 4 >= name.size() ||
                name.find_first_not_of("0123456789", tmp + 4) != std::string::npos || !entry.is_regular_file(error))
                continue;
            if (fs::remove(entry.path(), error)) removed.push_back(entry.path().string());
        }
    }
    return removed;
}

std::vector<nlohmann::json> RunDirectory::readMetrics() const {
    std::vector<nlohmann::json> records;
    std::size_t number = 0;
    for (const auto& line : lines_) {
        ++number;
        auto record = nlohmann::json::parse(line, nullptr, false);
        if (record.is_discarded()) throw fileError(metricsPath() + ":" + std::to_string(number), "not a JSON object");
        records.push_back(std::move(record));
    }
    return records;
}

nlohmann::json readJsonFile(const std::string& path) {
    const auto text = text_files::read(path);
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw fileError(path, std::string("not valid JSON: ") + e.what());
    }
}

} // namespace sa
