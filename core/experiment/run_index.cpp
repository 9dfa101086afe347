#include "experiment/run_index.h"

#include "error.h"
#include "experiment/experiment_config.h"
#include "experiment/run_directory.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

namespace sa {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Typed, optional access to one JSON document by dotted key; a value of the
// wrong type throws sa::Error naming the file and the key. Absent and null
// values are "missing" (std::nullopt).
class Document {
public:
    Document(const json* root, std::string file) : root_(root), file_(std::move(file)) {}

    bool present() const { return root_ != nullptr; }
    const std::string& file() const { return file_; }

    const json* find(const std::string& key) const {
        const json* at = root_;
        std::size_t begin = 0;
        while (at) {
            const auto dot = key.find('.', begin);
            const auto part = key.substr(begin, dot == std::string::npos ? std::string::npos : dot - begin);
            if (!at->is_object()) return nullptr;
            const auto it = at->find(part);
            if (it == at->end() || it->is_null()) return nullptr;
            at = &*it;
            if (dot == std::string::npos) return at;
            begin = dot + 1;
        }
        return nullptr;
    }

    std::optional<std::string> text(const std::string& key) const {
        const json* v = find(key);
        if (!v) return std::nullopt;
        if (!v->is_string()) throw wrongType(key, "a string", *v);
        return v->get<std::string>();
    }
    std::optional<int64_t> integer(const std::string& key) const {
        const json* v = find(key);
        if (!v) return std::nullopt;
        if (!v->is_number_integer()) throw wrongType(key, "an integer", *v);
        return v->get<int64_t>();
    }
    std::optional<double> number(const std::string& key) const {
        const json* v = find(key);
        if (!v) return std::nullopt;
        if (!v->is_number()) throw wrongType(key, "a number", *v);
        return v->get<double>();
    }
    std::optional<bool> boolean(const std::string& key) const {
        const json* v = find(key);
        if (!v) return std::nullopt;
        if (!v->is_boolean()) throw wrongType(key, "true or false", *v);
        return v->get<bool>();
    }
    const json* object(const std::string& key) const {
        const json* v = find(key);
        if (v && !v->is_object()) throw wrongType(key, "an object", *v);
        return v;
    }

private:
    Error wrongType(const std::string& key, const char* what, const json& got) const {
        return fileError(file_, "'" + key + "' must be " + what + ", got " + got.dump());
    }

    const json* root_;
    std::string file_;
};

// The folder's own name, also for "runs/x/" (a trailing separator).
std::string folderName(const std::string& folder) {
    fs::path p = fs::path(folder).lexically_normal();
    if (p.filename().empty()) p = p.parent_path();
    return p.filename().string();
}

json readObject(const std::string& path) {
    json j = readJsonFile(path);
    if (!j.is_object()) throw fileError(path, "not a JSON object");
    return j;
}

// Everything config.json can tell, for a record without a (usable) summary.
void fillFromConfig(RunRecord& r, const Document& c) {
    if (r.name.empty()) r.name = c.text("name").value_or("");
    r.task = c.text("task.name").value_or("");
    r.model = c.text("model").value_or("");
    r.adapter = c.text("adapter.preset").value_or("");
    r.bottleneck = c.integer("adapter.bottleneck").value_or(0);
    r.largeSparse = c.integer("pruning.large_sparse").value_or(1);
    r.pruning = c.text("pruning.method").value_or("");
    if (r.pruning == "none")
        r.sparsity = 0.0;
    else if (r.largeSparse <= 1) // with Large-Sparse the trained sparsity is only in summary.json
        r.sparsity = c.number("pruning.sparsity").value_or(RunRecord::kMissing);
}

RunRecord recordOf(const std::string& folder, const Document& s, const Document& c) {
    RunRecord r;
    r.folder = folder;
    fillFromConfig(r, c);
    r.name = s.text("name").value_or(r.name);
    if (r.name.empty()) r.name = folderName(folder);
    r.status = s.present() ? s.text("status").value_or("unknown") : "unknown";
    r.error = s.text("error").value_or("");

    r.task = s.text("task").value_or(r.task);
    r.model = s.text("model").value_or(r.model);
    r.adapter = s.text("adapter").value_or(r.adapter);
    r.bottleneck = s.integer("bottleneck").value_or(r.bottleneck);
    r.largeSparse = s.integer("large_sparse").value_or(r.largeSparse);
    r.pruning = s.text("pruning").value_or(r.pruning);
    r.sparsity = s.number("sparsity").value_or(r.sparsity);
    if (r.adapter == kFusionPreset) r.bottleneck = 0; // a fusion run's widths are its sources'
    r.stepsDone = s.integer("steps_done").value_or(0);
    r.totalSteps = s.integer("total_steps").value_or(0);

    if (s.object("best")) {
        r.mainMetric = s.text("best.main").value_or("");
        r.bestValue = s.number("best.main_value").value_or(RunRecord::kMissing);
        r.bestStep = s.integer("best.step").value_or(-1);
    }
    if (s.object("final")) {
        if (r.mainMetric.empty()) r.mainMetric = s.text("final.main").value_or("");
        r.finalValue = s.number("final.main_value").value_or(RunRecord::kMissing);
    }

    if (const json* b = s.object("budget")) {
        r.budget = budgetFromJson(*b, s.file());
        r.trainable = s.integer("budget.trainable").value_or(r.budget->trainable());
        r.effectiveTrainable = s.integer("budget.effective_trainable").value_or(r.budget->effectiveTrainable());
        r.trainablePercent = s.number("budget.trainable_percent_of_backbone")
                                 .value_or(r.budget->percentOfBackbone(r.budget->trainable()));
        r.effectivePercent = s.number("budget.effective_percent_of_backbone")
                                 .value_or(r.budget->percentOfBackbone(r.budget->effectiveTrainable()));
    }

    r.trainSeconds = s.number("timings.train_s").value_or(RunRecord::kMissing);
    // train_s is filled when training ends or stops; before that (and in a
    // failed run) summary.json says 0.
    if (r.trainSeconds == 0.0 && r.status != "finished" && r.status != "stopped") r.trainSeconds = RunRecord::kMissing;
    return r;
}

std::string lineError(const std::string& path, std::size_t line) {
    return path + ":" + std::to_string(line);
}

} // namespace

ParameterBudget budgetFromJson(const json& budget, const std::string& file) {
    const json wrapped = {{"budget", budget}};
    const Document d(&wrapped, file);
    if (!budget.is_object()) throw fileError(file, "'budget' must be an object, got " + budget.dump());
    auto required = [&](const std::optional<int64_t>& v, const char* key) {
        if (!v) throw fileError(file, std::string("'budget.") + key + "' is missing");
        return *v;
    };
    ParameterBudget b;
    b.backbone = required(d.integer("budget.backbone"), "backbone");
    b.head = required(d.integer("budget.head"), "head");
    b.adapterWeights = required(d.integer("budget.adapter_weights"), "adapter_weights");
    b.adapterWeightsKept = required(d.integer("budget.adapter_weights_kept"), "adapter_weights_kept");
    b.biasesAndNorms = required(d.integer("budget.biases_and_norms"), "biases_and_norms");
    b.prefix = d.integer("budget.prefix").value_or(0);
    b.trainHead = d.boolean("budget.train_head").value_or(false);
    b.density = d.number("budget.density").value_or(1.0);
    // A fusion run's sources (absent elsewhere).
    b.fusedSources.count = d.integer("budget.fused_sources.count").value_or(0);
    b.fusedSources.weights = d.integer("budget.fused_sources.weights").value_or(0);
    b.fusedSources.weightsKept = d.integer("budget.fused_sources.weights_kept").value_or(0);
    b.fusedSources.biasesAndNorms = d.integer("budget.fused_sources.biases_and_norms").value_or(0);
    return b;
}

RunRecord readRun(const std::string& folder) {
    if (!fs::is_directory(folder)) throw fileError(folder, "no such run folder");
    const auto configPath = (fs::path(folder) / "config.json").string();
    const auto summaryPath = (fs::path(folder) / "summary.json").string();
    if (!fs::exists(configPath)) throw fileError(folder, "not a run folder (no config.json)");
    const json config = readObject(configPath);
    json summary;
    const bool hasSummary = fs::exists(summaryPath);
    // A model checkpoint has a config.json too, of another kind.
    if (config.contains("model_type") || config.contains("architectures"))
        throw fileError(folder, "not a run folder: its config.json describes a model (a checkpoint folder)");
    if (hasSummary) summary = readObject(summaryPath);
    return recordOf(folder, Document(hasSummary ? &summary : nullptr, summaryPath), Document(&config, configPath));
}

std::vector<RunRecord> listRuns(const std::string& runsRoot) {
    std::error_code ec;
    if (!fs::exists(runsRoot, ec)) return {};
    if (!fs::is_directory(runsRoot, ec)) throw fileError(runsRoot, "not a folder");
    std::vector<fs::path> folders;
    try {
        for (const auto& entry : fs::directory_iterator(runsRoot))
            if (entry.is_directory() && fs::exists(entry.path() / "config.json")) folders.push_back(entry.path());
    } catch (const fs::filesystem_error& e) {
        throw fileError(runsRoot, std::string("cannot list the folder: ") + e.code().message());
    }
    std::sort(folders.begin(), folders.end(),
              [](const fs::path& a, const fs::path& b) { return a.filename().string() < b.filename().string(); });

    std::vector<RunRecord> runs;
    for (const auto& folder : folders) {
        try {
            runs.push_back(readRun(folder.string()));
        } catch (const std::exception& e) {
            RunRecord r;
            r.folder = folder.string();
            r.name = folder.filename().string();
            r.status = "unreadable";
            r.error = e.what();
            try { // what config.json can still tell (when it is the readable one)
                const json config = readObject((folder / "config.json").string());
                fillFromConfig(r, Document(&config, (folder / "config.json").string()));
            } catch (const std::exception&) {}
            runs.push_back(std::move(r));
        }
    }
    return runs;
}

MetricSeries readMetricSeries(const std::string& folder) {
    if (!fs::is_directory(folder)) throw fileError(folder, "no such run folder");
    const auto path = (fs::path(folder) / "metrics.jsonl").string();
    MetricSeries m;
    if (!fs::exists(path)) return m;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw fileError(path, "cannot open");

    std::size_t number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        const auto where = lineError(path, number);
        const json record = json::parse(line, nullptr, false);
        if (record.is_discarded() || !record.is_object()) throw fileError(where, "not a JSON object");
        const Document d(&record, where);
        const auto type = d.text("type");
        if (!type) throw fileError(where, "no \"type\" (step, eval or prune)");
        auto requiredNumber = [&](const char* key) {
            const json* v = d.find(key);
            if (!v || !v->is_number()) throw fileError(where, std::string("'") + key + "' must be a number");
            return v->get<double>();
        };
        auto requiredStep = [&]() {
            const auto step = d.integer("step");
            if (!step) throw fileError(where, "'step' is missing");
            return *step;
        };
        const auto nan = RunRecord::kMissing;
        if (*type == "step") {
            m.step.push_back(static_cast<double>(requiredStep()));
            m.loss.push_back(d.number("loss").value_or(nan));
            m.lr.push_back(d.number("lr").value_or(nan));
            m.epoch.push_back(static_cast<int>(d.integer("epoch").value_or(-1)));
            m.seconds.push_back(d.number("time_s").value_or(nan));
        } else if (*type == "eval") {
            const auto previous = m.evalStep.size();
            m.evalStep.push_back(requiredStep());
            m.evalLoss.push_back(d.number("loss").value_or(nan));
            const json* metrics = d.object("metrics");
            if (!metrics) throw fileError(where, "'metrics' is missing");
            for (const auto& [name, value] : metrics->items()) {
                if (!value.is_null() && !value.is_number())
                    throw fileError(where, "'metrics." + name + "' must be a number, got " + value.dump());
                auto& series = m.eval[name];
                series.resize(previous, nan); // a metric first seen now: NaN before
                series.push_back(value.is_null() ? nan : value.get<double>());
            }
            for (auto& [name, series] : m.eval)
                series.resize(m.evalStep.size(), nan); // a metric this record lacks
            if (const auto mainName = d.text("main")) m.mainMetric = *mainName;
        } else if (*type == "prune") {
            m.pruneStep.push_back(requiredStep());
            m.pruneDensity.push_back(requiredNumber("density"));
        }
    }
    return m;
}

} // namespace sa
