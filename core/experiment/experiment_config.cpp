#include "experiment/experiment_config.h"

#include "error.h"
#include "text/glue_dataset.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <functional>
#include <limits>
#include <sstream>

namespace sa {
namespace {

// Ordered, so toJson and experimentConfigKeys keep the document order.
using ojson = nlohmann::ordered_json;

const std::vector<std::string> kTopKeys{"name",    "model",        "task",   "adapter",
                                        "pruning", "optimization", "device", "output_dir"};
const std::vector<std::string> kTaskKeys{
    "name", "data_dir", "max_seq_length", "max_train_examples", "max_eval_examples", "padding", "group_by_length"};
const std::vector<std::string> kPruningKeys{
    "method",   "sparsity",    "scope",        "scoring_batches", "iterations",
    "schedule", "start_epoch", "large_sparse", "break_ties",      "reference_gradient_leak"};
const std::vector<std::string> kOptimizationKeys{
    "epochs",       "max_steps",     "batch_size", "eval_batch_size",  "learning_rate",          "weight_decay",
    "warmup_ratio", "max_grad_norm", "seed",       "eval_every_steps", "checkpoint_every_steps", "dropout"};

// The AdapterOptions::toJson() object as ordered JSON.
ojson optionsJson(const AdapterOptions& options) {
    return ojson::parse(options.toJson());
}

// "preset", "bottleneck", then the AdapterOptions keys.
const std::vector<std::string>& adapterKeys() {
    static const std::vector<std::string> keys = [] {
        std::vector<std::string> k{"preset", "bottleneck"};
        const ojson options = optionsJson(AdapterOptions{});
        for (const auto& item : options.items())
            k.push_back(item.key());
        return k;
    }();
    return keys;
}

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

std::string dotted(const std::string& prefix, const std::string& key) {
    return prefix.empty() ? key : prefix + "." + key;
}

// Reads one JSON object (a section), refusing keys it does not know and
// values of the wrong type or out of range, each error naming the dotted key.
class Section {
public:
    Section(const std::string& source, const ojson& j, std::string prefix, const std::vector<std::string>& known)
        : source_(source), j_(j), prefix_(std::move(prefix)) {
        for (const auto& item : j_.items())
            if (std::find(known.begin(), known.end(), item.key()) == known.end()) {
                const std::string where = prefix_.empty() ? "top level" : "'" + prefix_ + "'";
                throw fileError(source_, "unknown key '" + dotted(prefix_, item.key()) + "' (known keys at " + where +
                                             ": " + joined(known) + ")");
            }
    }

    const ojson* find(const std::string& key) const {
        auto it = j_.find(key);
        return it == j_.end() ? nullptr : &*it;
    }
    std::string key(const std::string& k) const { return dotted(prefix_, k); }

    [[noreturn]] void fail(const std::string& k, const ojson& v, const std::string& what) const {
        throw fileError(source_, "'" + key(k) + "' must be " + what + ", got " + v.dump());
    }
    // `call` throws sa::Error for a bad value; the rethrown error names the key.
    template <typename T> T named(const std::string& k, const ojson& v, const std::function<T()>& call) const {
        try {
            return call();
        } catch (const Error& e) {
            throw fileError(source_, "'" + key(k) + "' is " + v.dump() + ": " + e.what());
        }
    }

    void string(const std::string& k, std::string& out, bool nonEmpty = false) const {
        const ojson* v = find(k);
        if (!v) return;
        if (!v->is_string() || (nonEmpty && v->get<std::string>().empty()))
            fail(k, *v, nonEmpty ? "a non-empty string" : "a string");
        out = v->get<std::string>();
    }

    void boolean(const std::string& k, bool& out) const {
        const ojson* v = find(k);
        if (!v) return;
        if (!v->is_boolean()) fail(k, *v, "true or false");
        out = v->get<bool>();
    }

    // An integer in [lo, hi], stored into `out` (int or int64_t).
    template <typename Int>
    void integer(const std::string& k, Int& out, int64_t lo, int64_t hi = std::numeric_limits<Int>::max()) const {
        const ojson* v = find(k);
        if (!v) return;
        const bool tooLarge = v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(hi);
        // The upper bound is named when it is a real limit or was exceeded.
        const std::string what = hi == std::numeric_limits<Int>::max() && !tooLarge
                                     ? "an integer >= " + std::to_string(lo)
                                     : "an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
        if (!v->is_number_integer() || tooLarge) fail(k, *v, what);
        const auto x = v->get<int64_t>();
        if (x < lo || x > hi) fail(k, *v, what);
        out = static_cast<Int>(x);
    }

    void unsignedInteger(const std::string& k, uint64_t& out) const {
        const ojson* v = find(k);
        if (!v) return;
        if (!v->is_number_integer() || (!v->is_number_unsigned() && v->get<int64_t>() < 0))
            fail(k, *v, "a non-negative integer");
        out = v->get<uint64_t>();
    }

    void number(const std::string& k, double& out, const std::function<bool(double)>& ok,
                const std::string& what) const {
        const ojson* v = find(k);
        if (!v) return;
        if (!v->is_number() || !std::isfinite(v->get<double>()) || !ok(v->get<double>())) fail(k, *v, what);
        out = v->get<double>();
    }

    template <typename E>
    void choice(const std::string& k, E& out, const std::vector<std::pair<E, std::string>>& table) const {
        const ojson* v = find(k);
        if (!v) return;
        std::vector<std::string> names;
        for (const auto& [value, name] : table) {
            if (v->is_string() && v->get<std::string>() == name) {
                out = value;
                return;
            }
            names.push_back(name);
        }
        fail(k, *v, "one of " + joined(names));
    }

    // The named sub-section, which must be an object when present.
    Section sub(const std::string& k, const std::vector<std::string>& known, const ojson& empty) const {
        const ojson* v = find(k);
        if (v && !v->is_object()) fail(k, *v, "an object");
        return Section(source_, v ? *v : empty, key(k), known);
    }

    const std::string& source() const { return source_; }

private:
    const std::string& source_;
    const ojson& j_;
    std::string prefix_;
};

const std::vector<std::pair<Padding, std::string>> kPaddings{{Padding::Longest, "longest"}, {Padding::Max, "max"}};
const std::vector<std::pair<DeviceChoice, std::string>> kDevices{
    {DeviceChoice::Auto, "auto"}, {DeviceChoice::Cpu, "cpu"}, {DeviceChoice::Cuda, "cuda"}};

void readTask(const Section& s, TaskConfig& t) {
    if (const ojson* v = s.find("name")) {
        if (!v->is_string()) s.fail("name", *v, "a string (a GLUE task)");
        s.named<GlueTask>("name", *v, [&] { return glueTaskByName(v->get<std::string>()); });
        t.name = v->get<std::string>();
    }
    s.string("data_dir", t.dataDir);
    // [CLS] and [SEP] (or <s> and </s>) take two positions of every row.
    s.integer<int64_t>("max_seq_length", t.maxSeqLength, 8, 4096);
    s.integer<int64_t>("max_train_examples", t.maxTrainExamples, 0);
    s.integer<int64_t>("max_eval_examples", t.maxEvalExamples, 0);
    s.choice("padding", t.padding, kPaddings);
    s.boolean("group_by_length", t.groupByLength);
}

void readAdapter(const Section& s, AdapterConfig& a) {
    s.string("preset", a.preset);
    s.integer<int64_t>("bottleneck", a.bottleneck, 1);
    const ojson presetValue = s.find("preset") ? *s.find("preset") : ojson(a.preset);
    const AdapterOptions base =
        s.named<AdapterOptions>("preset", presetValue, [&] { return AdapterOptions::preset(a.preset, a.bottleneck); });
    ojson merged = optionsJson(base);
    for (auto& item : merged.items()) {
        const ojson* v = s.find(item.key());
        if (!v) continue;
        const ojson& def = item.value();
        if (def.is_string() && !v->is_string()) s.fail(item.key(), *v, "a string");
        if (def.is_boolean() && !v->is_boolean()) s.fail(item.key(), *v, "true or false");
        if (def.is_number_integer() && (!v->is_number_integer() || (!v->is_number_unsigned() && v->get<int64_t>() < 0)))
            s.fail(item.key(), *v, "a non-negative integer");
        if (def.is_number_float() && (!v->is_number() || !std::isfinite(v->get<double>())))
            s.fail(item.key(), *v, "a finite number");
        item.value() = *v;
    }
    try {
        a.options = AdapterOptions::fromJson(merged.dump(), "adapter");
    } catch (const Error& e) {
        // "adapter: field 'attn_mode' is 'x' (...)" → "'adapter.attn_mode' is 'x' (...)".
        std::string what = e.what();
        const std::string head = "adapter: ", field = "field '";
        if (what.rfind(head, 0) == 0) what.erase(0, head.size());
        if (what.rfind(field, 0) == 0)
            what = "'adapter." + what.substr(field.size());
        else
            what = "adapter '" + a.preset + "' " + std::to_string(a.bottleneck) + " with overrides: " + what;
        throw fileError(s.source(), what);
    }
}

void readPruning(const Section& s, PruningConfig& p) {
    if (const ojson* v = s.find("method")) {
        if (!v->is_string()) s.fail("method", *v, "a string (a pruning method or \"none\")");
        const auto name = v->get<std::string>();
        p.enabled = name != "none";
        if (p.enabled)
            p.options.method = s.named<PruneMethod>("method", *v, [&] {
                try {
                    return pruneMethodByName(name);
                } catch (const Error& e) {
                    throw Error(std::string(e.what()) + "; \"none\" turns pruning off");
                }
            });
    }
    s.number(
        "sparsity", p.options.sparsity, [](double x) { return x >= 0 && x < 1; },
        "a number in [0, 1) (the fraction of adapter weights removed)");
    if (const ojson* v = s.find("scope")) {
        if (!v->is_string()) s.fail("scope", *v, "a string (global or local)");
        p.options.scope = s.named<MaskScope>("scope", *v, [&] { return maskScopeByName(v->get<std::string>()); });
    }
    s.integer<int>("scoring_batches", p.scoringBatches, 1);
    s.integer<int>("iterations", p.options.iterations, 1);
    if (const ojson* v = s.find("schedule")) {
        if (!v->is_string()) s.fail("schedule", *v, "a string (exponential or linear)");
        p.options.schedule =
            s.named<PruneSchedule>("schedule", *v, [&] { return pruneScheduleByName(v->get<std::string>()); });
    }
    s.integer<int>("start_epoch", p.options.startEpoch, 0);
    s.integer<int>("large_sparse", p.largeSparse, 1, 16);
    s.boolean("break_ties", p.options.breakTies);
    s.boolean("reference_gradient_leak", p.referenceGradientLeak);
}

void readOptimization(const Section& s, OptimizationConfig& o) {
    s.integer<int>("epochs", o.epochs, 1);
    s.integer<int64_t>("max_steps", o.maxSteps, 0);
    s.integer<int64_t>("batch_size", o.batchSize, 1);
    s.integer<int64_t>("eval_batch_size", o.evalBatchSize, 1);
    s.number(
        "learning_rate", o.learningRate, [](double x) { return x > 0; }, "a positive finite number");
    s.number(
        "weight_decay", o.weightDecay, [](double x) { return x >= 0; }, "a non-negative finite number");
    s.number(
        "warmup_ratio", o.warmupRatio, [](double x) { return x >= 0 && x <= 1; }, "a number in [0, 1]");
    s.number(
        "max_grad_norm", o.maxGradNorm, [](double) { return true; }, "a finite number (<= 0: no clipping)");
    s.unsignedInteger("seed", o.seed);
    s.integer<int64_t>("eval_every_steps", o.evalEverySteps, 0);
    s.integer<int64_t>("checkpoint_every_steps", o.checkpointEverySteps, 0);
    s.boolean("dropout", o.dropout);
}

// The config as ordered JSON, adapter option keys equal to the preset's
// dropped (what applyOverride edits, so a new preset re-derives them).
ojson documentWithoutPresetDefaults(const ExperimentConfig& config) {
    ojson doc = ojson::parse(config.toJson());
    ojson& adapter = doc["adapter"];
    const ojson defaults = optionsJson(AdapterOptions::preset(config.adapter.preset, config.adapter.bottleneck));
    for (const auto& item : defaults.items())
        if (adapter.contains(item.key()) && adapter[item.key()] == item.value()) adapter.erase(item.key());
    return doc;
}

void collectLeaves(const ojson& j, const std::string& prefix, std::vector<std::string>& out) {
    for (const auto& item : j.items()) {
        const std::string k = dotted(prefix, item.key());
        if (item.value().is_object())
            collectLeaves(item.value(), k, out);
        else
            out.push_back(k);
    }
}

} // namespace

const char* paddingName(Padding padding) {
    return padding == Padding::Max ? "max" : "longest";
}

const char* deviceChoiceName(DeviceChoice device) {
    switch (device) {
    case DeviceChoice::Auto:
        return "auto";
    case DeviceChoice::Cpu:
        return "cpu";
    case DeviceChoice::Cuda:
        return "cuda";
    }
    return "?";
}

std::string ExperimentConfig::toJson() const {
    ojson adapterJson = ojson::object();
    adapterJson["preset"] = adapter.preset;
    adapterJson["bottleneck"] = adapter.bottleneck;
    const ojson options = optionsJson(adapter.options);
    for (const auto& item : options.items())
        adapterJson[item.key()] = item.value();

    ojson j = ojson::object();
    j["name"] = name;
    j["model"] = model;
    j["task"] = {{"name", task.name},
                 {"data_dir", task.dataDir},
                 {"max_seq_length", task.maxSeqLength},
                 {"max_train_examples", task.maxTrainExamples},
                 {"max_eval_examples", task.maxEvalExamples},
                 {"padding", paddingName(task.padding)},
                 {"group_by_length", task.groupByLength}};
    j["adapter"] = adapterJson;
    j["pruning"] = {{"method", pruning.enabled ? pruneMethodName(pruning.options.method) : "none"},
                    {"sparsity", pruning.options.sparsity},
                    {"scope", maskScopeName(pruning.options.scope)},
                    {"scoring_batches", pruning.scoringBatches},
                    {"iterations", pruning.options.iterations},
                    {"schedule", pruneScheduleName(pruning.options.schedule)},
                    {"start_epoch", pruning.options.startEpoch},
                    {"large_sparse", pruning.largeSparse},
                    {"break_ties", pruning.options.breakTies},
                    {"reference_gradient_leak", pruning.referenceGradientLeak}};
    j["optimization"] = {{"epochs", optimization.epochs},
                         {"max_steps", optimization.maxSteps},
                         {"batch_size", optimization.batchSize},
                         {"eval_batch_size", optimization.evalBatchSize},
                         {"learning_rate", optimization.learningRate},
                         {"weight_decay", optimization.weightDecay},
                         {"warmup_ratio", optimization.warmupRatio},
                         {"max_grad_norm", optimization.maxGradNorm},
                         {"seed", optimization.seed},
                         {"eval_every_steps", optimization.evalEverySteps},
                         {"checkpoint_every_steps", optimization.checkpointEverySteps},
                         {"dropout", optimization.dropout}};
    j["device"] = deviceChoiceName(device);
    j["output_dir"] = outputDir;
    return j.dump(2);
}

ExperimentConfig ExperimentConfig::fromJson(const std::string& json, const std::string& source) {
    ojson j;
    try {
        j = ojson::parse(json);
    } catch (const ojson::exception& e) {
        throw fileError(source, std::string("not valid JSON: ") + e.what());
    }
    if (!j.is_object()) throw fileError(source, "an experiment configuration must be a JSON object, got " + j.dump());
    const Section top(source, j, "", kTopKeys);
    const ojson empty = ojson::object();

    ExperimentConfig c;
    top.string("name", c.name);
    if (c.name == "." || c.name == ".." || c.name.find_first_of("/\\") != std::string::npos)
        top.fail("name", *top.find("name"), "a folder name (no '/' or '\\', not '.' or '..'; empty = derived)");
    top.string("model", c.model, true);
    readTask(top.sub("task", kTaskKeys, empty), c.task);
    readAdapter(top.sub("adapter", adapterKeys(), empty), c.adapter);
    readPruning(top.sub("pruning", kPruningKeys, empty), c.pruning);
    readOptimization(top.sub("optimization", kOptimizationKeys, empty), c.optimization);
    top.choice("device", c.device, kDevices);
    top.string("output_dir", c.outputDir, true);
    // One seed for the run: the random and er pruners draw from it too.
    c.pruning.options.seed = c.optimization.seed;
    return c;
}

ExperimentConfig ExperimentConfig::fromFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw fileError(path, "cannot open the experiment configuration");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw fileError(path, "cannot read the experiment configuration");
    return fromJson(text.str(), path);
}

void ExperimentConfig::applyOverride(const std::string& assignment) {
    const std::string source = "--set";
    const auto eq = assignment.find('=');
    if (eq == std::string::npos)
        throw fileError(source, "'" + assignment + "' is not KEY=VALUE (e.g. optimization.learning_rate=5e-4)");
    const std::string key = assignment.substr(0, eq);
    const std::string text = assignment.substr(eq + 1);

    const auto keys = experimentConfigKeys();
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
        const auto dot = key.find('.');
        const std::string section = key.substr(0, dot);
        std::vector<std::string> known;
        for (const auto& k : keys)
            if (dot != std::string::npos && k.rfind(section + ".", 0) == 0) known.push_back(k);
        if (known.empty()) known = keys;
        throw fileError(source, "unknown key '" + key + "' (known: " + joined(known) + ")");
    }

    ojson value;
    try {
        value = ojson::parse(text);
    } catch (const ojson::exception&) {
        value = text; // not JSON: a plain string (lora, cuda, /data/glue)
    }

    ojson doc = documentWithoutPresetDefaults(*this);
    ojson* node = &doc;
    std::string::size_type start = 0;
    for (auto dot = key.find('.'); dot != std::string::npos; dot = key.find('.', start)) {
        node = &(*node)[key.substr(start, dot - start)];
        start = dot + 1;
    }
    (*node)[key.substr(start)] = value;
    *this = fromJson(doc.dump(), source);
}

std::string ExperimentConfig::defaultRunName() const {
    std::string adapterPart = adapter.preset + std::to_string(adapter.bottleneck);
    if (pruning.largeSparse > 1) adapterPart += "x" + std::to_string(pruning.largeSparse);
    const std::string pruningPart =
        pruning.enabled ? pruneMethodName(pruning.options.method) +
                              std::to_string(static_cast<long long>(std::llround(pruning.options.sparsity * 100)))
                        : std::string("dense");
    std::string out = task.name + "_" + adapterPart + "_" + pruningPart + "_s" + std::to_string(optimization.seed);
    for (char& ch : out) {
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-';
        if (!ok) ch = '-';
    }
    return out;
}

std::vector<std::string> experimentConfigKeys() {
    static const std::vector<std::string> keys = [] {
        std::vector<std::string> out;
        collectLeaves(ojson::parse(ExperimentConfig{}.toJson()), "", out);
        return out;
    }();
    return keys;
}

} // namespace sa
