#include "experiment/sweep_spec.h"

#include "error.h"
#include "experiment/config_check.h"
#include "experiment/experiment_budget.h"
#include "text/text_files.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

namespace sa {
namespace {

namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;

// Reads one section of the spec, naming the JSON path of a bad value.
class SpecReader {
public:
    SpecReader(std::string source) : source_(std::move(source)) {}

    [[noreturn]] void fail(const std::string& path, const std::string& what) const {
        throw fileError(source_, "'" + path + "' " + what);
    }
    void known(const ojson& j, const std::string& path, const std::set<std::string>& keys) const {
        if (!j.is_object()) fail(path, "must be an object, got " + j.dump());
        for (const auto& item : j.items())
            if (!keys.count(item.key())) {
                std::string list;
                for (const auto& k : keys)
                    list += (list.empty() ? "" : ", ") + k;
                fail(path.empty() ? item.key() : path + "." + item.key(), "is not a sweep key (known: " + list + ")");
            }
    }
    std::string text(const ojson& j, const std::string& path) const {
        if (!j.is_string()) fail(path, "must be a string, got " + j.dump());
        return j.get<std::string>();
    }
    int integer(const ojson& j, const std::string& path, int lo, int hi) const {
        if (!j.is_number_integer() || j.get<int64_t>() < lo || j.get<int64_t>() > hi)
            fail(path,
                 "must be an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " + j.dump());
        return j.get<int>();
    }

private:
    std::string source_;
};

// Folder-safe: a name is a path component of the run folder.
bool safeName(const std::string& name) {
    if (name.empty() || name == "." || name == "..") return false;
    for (char c : name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '+'))
            return false;
    return true;
}

SweepSpec::Dimension readValues(const SpecReader& r, const ojson& group, const std::string& path, bool zipped) {
    SweepSpec::Dimension d;
    d.zipped = zipped;
    if (!group.is_object() || group.empty()) r.fail(path, "must be an object of key: [values], got " + group.dump());
    for (const auto& item : group.items()) {
        const std::string at = path + "." + item.key();
        if (item.key() == "name" || item.key() == "output_dir")
            r.fail(at, "cannot be varied: the sweep names each cell and keeps its runs in its own folder");
        if (!item.value().is_array() || item.value().empty())
            r.fail(at, "must be a non-empty list of values, got " + item.value().dump());
        std::vector<nlohmann::json> values;
        std::set<std::string> seen;
        for (std::size_t i = 0; i < item.value().size(); ++i) {
            const auto& v = item.value()[i];
            // A fusion run's sources are a list: one list of run folders per cell.
            const bool runList = item.key() == "adapter.fusion.sources" && v.is_array() && !v.empty() &&
                                 std::all_of(v.begin(), v.end(), [](const ojson& e) { return e.is_string(); });
            if ((v.is_object() || v.is_array()) && !runList)
                r.fail(at + "[" + std::to_string(i) + "]",
                       item.key() == "adapter.fusion.sources"
                           ? "must be a list of run folders (one cell's sources), got " + v.dump()
                           : "must be a string, number, boolean or null, got " + v.dump());
            if (!seen.insert(v.dump()).second)
                r.fail(at + "[" + std::to_string(i) + "]", "repeats the value " + v.dump());
            values.push_back(nlohmann::json::parse(v.dump()));
        }
        if (zipped && !d.values.empty() && values.size() != d.values.front().size())
            r.fail(at, "has " + std::to_string(values.size()) + " values, but '" + path + "." + d.keys.front() +
                           "' has " + std::to_string(d.values.front().size()) + " (zipped lists vary together)");
        d.keys.push_back(item.key());
        d.values.push_back(std::move(values));
    }
    return d;
}

} // namespace

SweepSpec SweepSpec::fromJson(const std::string& text, const std::string& source, const std::string& baseFolder) {
    ojson doc;
    try {
        doc = ojson::parse(text);
    } catch (const std::exception& e) {
        throw fileError(source, std::string("not valid JSON: ") + e.what());
    }
    const SpecReader r(source);
    r.known(doc, "", {"name", "base", "grid", "zip", "retries", "output_dir", "local", "slurm"});
    SweepSpec spec;
    if (!doc.contains("name")) r.fail("name", "is missing (the sweep's folder name)");
    spec.name = r.text(doc["name"], "name");
    if (!safeName(spec.name))
        r.fail("name", "must be a folder name of letters, digits and . _ + -, got " + doc["name"].dump());
    if (!doc.contains("base")) r.fail("base", "is missing (a config file's path or an inline config)");
    const auto& base = doc["base"];
    if (base.is_string()) {
        fs::path p(base.get<std::string>());
        if (p.is_relative()) p = fs::path(baseFolder) / p;
        spec.base = text_files::readJson(p.string());
    } else if (base.is_object()) {
        spec.base = nlohmann::json::parse(base.dump());
    } else {
        r.fail("base", "must be a config file's path or an inline config object, got " + base.dump());
    }
    if (!spec.base.is_object()) r.fail("base", "must hold a JSON object");
    std::set<std::string> varied;
    auto add = [&](Dimension d, const std::string& path) {
        for (const auto& k : d.keys)
            if (!varied.insert(k).second) r.fail(path + "." + k, "is varied twice");
        spec.dimensions.push_back(std::move(d));
    };
    if (doc.contains("grid")) {
        const auto grid = readValues(r, doc["grid"], "grid", false);
        for (std::size_t i = 0; i < grid.keys.size(); ++i)
            add({{grid.keys[i]}, {grid.values[i]}, false}, "grid");
    }
    if (doc.contains("zip")) {
        const auto& zip = doc["zip"];
        if (zip.is_array())
            for (std::size_t i = 0; i < zip.size(); ++i)
                add(readValues(r, zip[i], "zip[" + std::to_string(i) + "]", true), "zip[" + std::to_string(i) + "]");
        else
            add(readValues(r, zip, "zip", true), "zip");
    }
    if (doc.contains("retries")) spec.retries = r.integer(doc["retries"], "retries", 0, 100);
    if (doc.contains("output_dir")) spec.outputDir = r.text(doc["output_dir"], "output_dir");
    if (doc.contains("local")) {
        const auto& l = doc["local"];
        r.known(l, "local", {"parallel", "threads_per_cell"});
        if (l.contains("parallel")) spec.local.parallel = r.integer(l["parallel"], "local.parallel", 0, 1024);
        if (l.contains("threads_per_cell"))
            spec.local.threadsPerCell = r.integer(l["threads_per_cell"], "local.threads_per_cell", 0, 1024);
    }
    if (doc.contains("slurm")) {
        const auto& s = doc["slurm"];
        r.known(s, "slurm", {"partition", "time", "cpus_per_task", "mem", "gpus", "max_running", "extra"});
        if (s.contains("partition")) spec.slurm.partition = r.text(s["partition"], "slurm.partition");
        if (s.contains("time")) spec.slurm.time = r.text(s["time"], "slurm.time");
        if (s.contains("mem")) spec.slurm.mem = r.text(s["mem"], "slurm.mem");
        if (s.contains("cpus_per_task"))
            spec.slurm.cpusPerTask = r.integer(s["cpus_per_task"], "slurm.cpus_per_task", 1, 4096);
        if (s.contains("gpus")) spec.slurm.gpus = r.integer(s["gpus"], "slurm.gpus", 0, 64);
        if (s.contains("max_running"))
            spec.slurm.maxRunning = r.integer(s["max_running"], "slurm.max_running", 0, 100000);
        if (s.contains("extra")) {
            if (!s["extra"].is_array())
                r.fail("slurm.extra", "must be a list of sbatch options, got " + s["extra"].dump());
            for (std::size_t i = 0; i < s["extra"].size(); ++i) {
                const auto line = r.text(s["extra"][i], "slurm.extra[" + std::to_string(i) + "]");
                if (line.find('\n') != std::string::npos || line.rfind("-", 0) != 0)
                    r.fail("slurm.extra[" + std::to_string(i) + "]",
                           "must be one sbatch option starting with '-' (e.g. \"--qos=short\"), got " +
                               s["extra"][i].dump());
                spec.slurm.extra.push_back(line);
            }
        }
    }
    return spec;
}

SweepSpec SweepSpec::fromFile(const std::string& path) {
    return fromJson(text_files::read(path), path, fs::path(path).parent_path().string());
}

nlohmann::json SweepSpec::toJson() const {
    ojson doc;
    doc["name"] = name;
    doc["base"] = ojson::parse(base.dump());
    ojson grid = ojson::object();
    ojson zips = ojson::array();
    for (const auto& d : dimensions) {
        ojson group = ojson::object();
        for (std::size_t k = 0; k < d.keys.size(); ++k)
            group[d.keys[k]] = ojson::parse(nlohmann::json(d.values[k]).dump());
        if (d.zipped)
            zips.push_back(group);
        else
            grid.update(group);
    }
    if (!grid.empty()) doc["grid"] = grid;
    if (!zips.empty()) doc["zip"] = zips;
    doc["retries"] = retries;
    doc["output_dir"] = outputDir;
    doc["local"] = {{"parallel", local.parallel}, {"threads_per_cell", local.threadsPerCell}};
    doc["slurm"] = {{"partition", slurm.partition},
                    {"time", slurm.time},
                    {"cpus_per_task", slurm.cpusPerTask},
                    {"mem", slurm.mem},
                    {"gpus", slurm.gpus},
                    {"max_running", slurm.maxRunning},
                    {"extra", slurm.extra}};
    return nlohmann::json::parse(doc.dump()); // plain json sorts keys: a stable file
}

int64_t SweepSpec::cellCount() const {
    int64_t n = 1;
    for (const auto& d : dimensions)
        n *= static_cast<int64_t>(d.values.front().size());
    return n;
}

std::string SweepSpec::folder() const {
    return (fs::path(outputDir) / name).string();
}

std::string cellValueText(const nlohmann::json& value) {
    std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    if (value.is_array()) {
        // Run folders (fusion sources) by their own names: "dense+pruned".
        text.clear();
        for (const auto& e : value) {
            const auto item = e.is_string() ? e.get<std::string>() : e.dump();
            const auto trimmed = item.substr(0, item.find_last_not_of('/') + 1);
            text += (text.empty() ? "" : "+") + trimmed.substr(trimmed.find_last_of('/') + 1);
        }
    }
    for (char& c : text)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '+' || c == '-')) c = '-';
    return text.empty() ? "empty" : text;
}

std::vector<SweepCell> expandCells(const SweepSpec& spec, const std::string& sweepFolder) {
    const int64_t count = spec.cellCount();
    if (count > 100000)
        throw Error("sweep '" + spec.name + "' has " + std::to_string(count) + " cells (at most 100000)");
    // Short key names, unless two varied keys end alike.
    std::map<std::string, int> lastUses;
    auto last = [](const std::string& k) { return k.substr(k.rfind('.') + 1); };
    for (const auto& d : spec.dimensions)
        for (const auto& k : d.keys)
            ++lastUses[last(k)];
    auto shortKey = [&](const std::string& k) {
        if (lastUses[last(k)] == 1) return last(k);
        std::string s = k;
        for (char& c : s)
            if (c == '.') c = '-';
        return s;
    };

    const ExperimentConfig base = ExperimentConfig::fromJson(spec.base.dump(), "sweep '" + spec.name + "' base");
    std::map<std::string, std::optional<ModelConfig>> models; // one read per backbone
    std::vector<SweepCell> cells;
    std::map<std::string, int> names;
    // Names first, all of them: a clash is found before any cell is checked.
    for (int64_t index = 0; index < count; ++index) {
        SweepCell cell;
        cell.index = static_cast<int>(index);
        // Mixed radix, the last dimension fastest.
        int64_t rest = index;
        std::vector<int64_t> position(spec.dimensions.size());
        for (std::size_t d = spec.dimensions.size(); d-- > 0;) {
            const auto n = static_cast<int64_t>(spec.dimensions[d].values.front().size());
            position[d] = rest % n;
            rest /= n;
        }
        std::string name;
        for (std::size_t d = 0; d < spec.dimensions.size(); ++d)
            for (std::size_t k = 0; k < spec.dimensions[d].keys.size(); ++k) {
                const auto& key = spec.dimensions[d].keys[k];
                const auto& value = spec.dimensions[d].values[k][static_cast<std::size_t>(position[d])];
                cell.values.emplace_back(key, value);
                name += (name.empty() ? "" : "_") + shortKey(key) + "-" + cellValueText(value);
            }
        cell.name = name.empty() ? "base" : name;
        auto [previous, fresh] = names.emplace(cell.name, cell.index);
        if (!fresh)
            throw Error("sweep '" + spec.name + "': cells " + std::to_string(previous->second) + " and " +
                        std::to_string(cell.index) + " are both named '" + cell.name +
                        "' (their values differ only in characters a folder name cannot hold)");
        cells.push_back(std::move(cell));
    }
    for (auto& cell : cells) {
        cell.config = base;
        const std::string where =
            "sweep '" + spec.name + "' cell " + std::to_string(cell.index) + " '" + cell.name + "'";
        for (const auto& [key, value] : cell.values) {
            try {
                cell.config.applyOverride(key + "=" + value.dump());
            } catch (const Error& e) {
                std::string message = e.what();
                if (message.rfind("--set: ", 0) == 0) message = message.substr(7);
                throw Error(where + ": " + message);
            }
        }
        cell.config.name = cell.name;
        cell.config.outputDir = (fs::path(sweepFolder) / "runs").string();
        auto found = models.find(cell.config.model);
        if (found == models.end()) {
            std::optional<ModelConfig> model;
            try {
                model = experimentModelConfig(cell.config);
            } catch (const Error& e) {
                throw Error(where + ": model: " + e.what());
            }
            found = models.emplace(cell.config.model, model).first;
        }
        const auto problems = checkExperimentConfig(cell.config, found->second ? &*found->second : nullptr);
        if (!problems.empty())
            throw Error(where + ": " + (problems.front().key.empty() ? "" : problems.front().key + ": ") +
                        problems.front().message);
    }
    return cells;
}

} // namespace sa
