#include "experiment/experiment_config.h"

#include "error.h"
#include "experiment/config_section.h"
#include "experiment/task_config.h"
#include "text/text_files.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace sa {
namespace {

const std::vector<std::string> kTopKeys{"name",    "model",   "reinit_head",  "adapter_dir", "task",
                                        "adapter", "pruning", "optimization", "device",      "output_dir"};
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
        k.push_back("fusion");
        return k;
    }();
    return keys;
}

// The adapter options a preset stands for. A fusion run attaches its
// sources' adapters, found only when they are read: here, none.
AdapterOptions presetOptions(const std::string& preset, int64_t bottleneck) {
    return preset == kFusionPreset ? AdapterOptions{} : AdapterOptions::preset(preset, bottleneck);
}

// "fusion": {"sources", "preset", FusionOptions keys, "prune"}.
const std::vector<std::string>& fusionKeys() {
    static const std::vector<std::string> keys = [] {
        std::vector<std::string> k{"sources", "preset"};
        const ojson options = ojson::parse(FusionOptions{}.toJson());
        for (const auto& item : options.items())
            k.push_back(item.key());
        k.push_back("prune");
        return k;
    }();
    return keys;
}

void readFusion(const ConfigSection& s, FusionConfig& f) {
    if (const ojson* v = s.find("sources")) {
        const bool ok = v->is_array() && !v->empty() && std::all_of(v->begin(), v->end(), [](const ojson& e) {
                            return e.is_string() && !e.get<std::string>().empty();
                        });
        if (ok)
            f.sources = v->get<std::vector<std::string>>();
        else
            s.fail("sources", *v, "a list of run folders (at least one, each a non-empty string)");
    }
    // No sources yet is a config being written (the form, --set one key at
    // a time); a run refuses it (resolveFusionSources).
    s.string("preset", f.preset);
    const auto base =
        s.named<FusionOptions>("preset", ojson(f.preset), [&] { return FusionOptions::preset(f.preset); });
    if (!base) f.preset = "dynamic";
    f.options = base ? *base : FusionOptions{};
    for (const auto& [key, member] : FusionOptions::switches())
        s.boolean(key, f.options.*member);
    const ojson* dropout = s.find("dropout_prob");
    if (dropout && dropout->is_null())
        f.options.dropoutProb = 0.0; // AdapterHub's "no dropout"
    else
        s.number(
            "dropout_prob", f.options.dropoutProb, [](double x) { return x >= 0 && x < 1; },
            "null or a number in [0, 1)");
    s.boolean("prune", f.prune);
}

const std::vector<std::pair<DeviceChoice, std::string>> kDevices{
    {DeviceChoice::Auto, "auto"}, {DeviceChoice::Cpu, "cpu"}, {DeviceChoice::Cuda, "cuda"}};

void readAdapter(const ConfigSection& s, AdapterConfig& a) {
    s.string("preset", a.preset);
    s.integer<int64_t>("bottleneck", a.bottleneck, 1, kMaxAdapterWidth, "wider than any model's hidden size");
    const ojson presetValue = s.find("preset") ? *s.find("preset") : ojson(a.preset);
    const auto base =
        s.named<AdapterOptions>("preset", presetValue, [&] { return presetOptions(a.preset, a.bottleneck); });
    if (!base) {
        a = AdapterConfig{};
        return;
    }
    ojson merged = optionsJson(*base);
    bool typesOk = true;
    for (auto& item : merged.items()) {
        const ojson* v = s.find(item.key());
        if (!v) continue;
        const ojson& def = item.value();
        const std::size_t before = s.problems().size();
        if (def.is_string() && !v->is_string()) s.fail(item.key(), *v, "a string");
        if (def.is_boolean() && !v->is_boolean()) s.fail(item.key(), *v, "true or false");
        if (def.is_number_integer() && (!v->is_number_integer() || (!v->is_number_unsigned() && v->get<int64_t>() < 0)))
            s.fail(item.key(), *v, "a non-negative integer");
        if (def.is_number_float() && (!v->is_number() || !std::isfinite(v->get<double>())))
            s.fail(item.key(), *v, "a finite number");
        if (s.problems().size() == before)
            item.value() = *v;
        else
            typesOk = false;
    }
    try {
        a.options = AdapterOptions::fromJson(merged.dump(), "adapter");
    } catch (const Error& e) {
        // "adapter: field 'attn_mode' is 'x' (...)" → "'adapter.attn_mode' is 'x' (...)".
        std::string what = e.what();
        const std::string head = "adapter: ", field = "field '";
        if (what.rfind(head, 0) == 0) what.erase(0, head.size());
        std::string key = "adapter.preset";
        if (what.rfind(field, 0) == 0) {
            key = "adapter." + what.substr(field.size(), what.find('\'', field.size()) - field.size());
            what = "'adapter." + what.substr(field.size());
        } else {
            what = "adapter '" + a.preset + "' " + std::to_string(a.bottleneck) + " with overrides: " + what;
        }
        if (typesOk) s.problems().push_back({key, what});
        a.options = *base;
    }
    if (a.isFusion()) {
        // Only what a fusion run itself decides may differ from "none".
        const ojson given = optionsJson(a.options), none = optionsJson(*base);
        for (const auto& item : none.items())
            if (item.key() != "train_head" && item.key() != "reference_quirks" && given[item.key()] != item.value())
                s.problem(item.key(), "'" + s.key(item.key()) +
                                          "' does not apply to a fusion run: its adapters are those of "
                                          "adapter.fusion.sources, as they were trained");
        a.options.trainHead = given["train_head"].get<bool>();
        a.options.referenceQuirks = given["reference_quirks"].get<bool>();
        a.options.attnMode = AttnMode::None;
        a.options.ffnMode = FfnMode::None;
        readFusion(s.sub("fusion", fusionKeys()), a.fusion);
    } else if (const ojson* v = s.find("fusion")) {
        s.fail("fusion", *v, "absent unless adapter.preset is \"fusion\"");
    }
}

void readPruning(const ConfigSection& s, PruningConfig& p) {
    if (const ojson* v = s.find("method")) {
        if (!v->is_string()) {
            s.fail("method", *v, "a string (a pruning method or \"none\")");
        } else {
            const auto name = v->get<std::string>();
            if (name == "none") {
                p.enabled = false;
            } else if (const auto method = s.named<PruneMethod>("method", *v, [&] {
                           try {
                               return pruneMethodByName(name);
                           } catch (const Error& e) {
                               throw Error(std::string(e.what()) + "; \"none\" turns pruning off");
                           }
                       })) {
                p.enabled = true;
                p.options.method = *method;
            }
        }
    }
    s.number(
        "sparsity", p.options.sparsity, [](double x) { return x >= 0 && x < 1; },
        "a number in [0, 1) (the fraction of adapter weights removed)");
    if (const ojson* v = s.find("scope")) {
        if (!v->is_string())
            s.fail("scope", *v, "a string (global or local)");
        else if (const auto scope =
                     s.named<MaskScope>("scope", *v, [&] { return maskScopeByName(v->get<std::string>()); }))
            p.options.scope = *scope;
    }
    s.integer<int>("scoring_batches", p.scoringBatches, 1, 10000, "each is a forward and backward pass");
    s.integer<int>("iterations", p.options.iterations, 1, 1000, "one pruning round per epoch");
    if (const ojson* v = s.find("schedule")) {
        if (!v->is_string())
            s.fail("schedule", *v, "a string (exponential or linear)");
        else if (const auto schedule =
                     s.named<PruneSchedule>("schedule", *v, [&] { return pruneScheduleByName(v->get<std::string>()); }))
            p.options.schedule = *schedule;
    }
    s.integer<int>("start_epoch", p.options.startEpoch, 0, 1000000, "no run has more epochs");
    s.integer<int>("large_sparse", p.largeSparse, 1, 16);
    s.boolean("break_ties", p.options.breakTies);
    s.boolean("reference_gradient_leak", p.referenceGradientLeak);
}

void readOptimization(const ConfigSection& s, OptimizationConfig& o) {
    // Bounds far beyond any real run, so that a typo fails here, named,
    // rather than in the allocator or after the first step.
    s.integer<int>("epochs", o.epochs, 1, 1000000, "no run has more epochs");
    s.integer<int64_t>("max_steps", o.maxSteps, 0, int64_t{1} << 40, "no run has more steps");
    s.integer<int64_t>("batch_size", o.batchSize, 1, 65536, "larger batches do not fit in memory");
    s.integer<int64_t>("eval_batch_size", o.evalBatchSize, 1, 65536, "larger batches do not fit in memory");
    s.number(
        "learning_rate", o.learningRate, [](double x) { return x > 0 && x <= 10; },
        "a number in (0, 10] (AdamW steps of a larger rate diverge at once)");
    s.number(
        "weight_decay", o.weightDecay, [](double x) { return x >= 0 && x <= 100; },
        "a number in [0, 100] (AdamW shrinks weights by rate x decay each step)");
    s.number(
        "warmup_ratio", o.warmupRatio, [](double x) { return x >= 0 && x <= 1; }, "a number in [0, 1]");
    s.number(
        "max_grad_norm", o.maxGradNorm, [](double) { return true; }, "a finite number (<= 0: no clipping)");
    s.unsignedInteger("seed", o.seed);
    s.integer<int64_t>("eval_every_steps", o.evalEverySteps, 0, int64_t{1} << 40, "no run has more steps");
    s.integer<int64_t>("checkpoint_every_steps", o.checkpointEverySteps, 0, int64_t{1} << 40, "no run has more steps");
    s.boolean("dropout", o.dropout);
}

// The config as ordered JSON without what a change of preset or task should
// re-derive: adapter options equal to the preset's, task keys equal to the
// family's defaults (what applyOverride edits).
ojson withoutPresetDefaults(ojson adapter) {
    const auto* preset = adapter.contains("preset") ? &adapter["preset"] : nullptr;
    const auto* bottleneck = adapter.contains("bottleneck") ? &adapter["bottleneck"] : nullptr;
    if (!preset || !preset->is_string() || !bottleneck || !bottleneck->is_number_integer()) return adapter;
    ojson defaults;
    try {
        defaults = optionsJson(presetOptions(preset->get<std::string>(), bottleneck->get<int64_t>()));
    } catch (const Error&) {
        return adapter; // a preset core refuses: its options are all the user's
    }
    for (const auto& item : defaults.items())
        if (adapter.contains(item.key()) && adapter[item.key()] == item.value()) adapter.erase(item.key());
    // The fusion section likewise: options equal to its preset's re-derive
    // from a new fusion preset.
    if (adapter.contains("fusion") && adapter["fusion"].is_object()) {
        ojson& fusion = adapter["fusion"];
        try {
            const auto name = fusion.contains("preset") && fusion["preset"].is_string()
                                  ? fusion["preset"].get<std::string>()
                                  : std::string("dynamic");
            const ojson fusionDefaults = ojson::parse(FusionOptions::preset(name).toJson());
            for (const auto& item : fusionDefaults.items())
                if (fusion.contains(item.key()) && fusion[item.key()] == item.value()) fusion.erase(item.key());
        } catch (const Error&) {
            // An unknown fusion preset: its options are all the user's.
        }
    }
    return adapter;
}

ojson documentWithoutDerivedDefaults(const ExperimentConfig& config) {
    ojson doc = ojson::parse(config.toJson());
    doc["adapter"] = withoutPresetDefaults(doc["adapter"]);
    ojson& task = doc["task"];
    const ojson taskDefaults = taskJson(TaskConfig::defaultsFor(config.task.name));
    for (const auto& item : taskDefaults.items())
        if (item.key() != "name" && task.contains(item.key()) && task[item.key()] == item.value())
            task.erase(item.key());
    return doc;
}

void collectLeaves(const ojson& j, const std::string& prefix, std::vector<std::string>& out) {
    for (const auto& item : j.items()) {
        const std::string k = dottedKey(prefix, item.key());
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
    if (adapter.isFusion()) {
        ojson fusion = ojson::object();
        fusion["sources"] = adapter.fusion.sources;
        fusion["preset"] = adapter.fusion.preset;
        const ojson fusionOptions = ojson::parse(adapter.fusion.options.toJson());
        for (const auto& item : fusionOptions.items())
            fusion[item.key()] = item.value();
        fusion["prune"] = adapter.fusion.prune;
        adapterJson["fusion"] = fusion;
    }

    ojson j = ojson::object();
    j["name"] = name;
    j["model"] = model;
    j["reinit_head"] = reinitHead;
    // Only when set: configs (and sweep cells) written before the key existed
    // must compare equal to the same config written now.
    if (!adapterDir.empty()) j["adapter_dir"] = adapterDir;
    j["task"] = taskJson(task);
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

ExperimentConfig::Parsed ExperimentConfig::parse(const std::string& json) {
    Parsed result;
    ojson j;
    try {
        j = ojson::parse(json);
    } catch (const ojson::exception& e) {
        result.problems.push_back({"", std::string("not valid JSON: ") + e.what()});
        return result;
    }
    if (!j.is_object()) {
        result.problems.push_back({"", "an experiment configuration must be a JSON object, got " + j.dump()});
        return result;
    }
    auto& c = result.config;
    const ConfigSection top(result.problems, j, "", kTopKeys);
    top.string("name", c.name);
    if (c.name == "." || c.name == ".." || c.name.find_first_of("/\\") != std::string::npos) {
        top.fail("name", *top.find("name"), "a folder name (no '/' or '\\', not '.' or '..'; empty = derived)");
        c.name.clear();
    }
    top.string("model", c.model, true);
    top.boolean("reinit_head", c.reinitHead);
    top.string("adapter_dir", c.adapterDir);
    readTask(top, c.task);
    readAdapter(top.sub("adapter", adapterKeys()), c.adapter);
    readPruning(top.sub("pruning", kPruningKeys), c.pruning);
    readOptimization(top.sub("optimization", kOptimizationKeys), c.optimization);
    top.choice("device", c.device, kDevices);
    top.string("output_dir", c.outputDir, true);
    // One seed for the run: the random and er pruners draw from it too.
    c.pruning.options.seed = c.optimization.seed;
    return result;
}

ExperimentConfig ExperimentConfig::fromJson(const std::string& json, const std::string& source) {
    auto parsed = parse(json);
    if (!parsed.problems.empty()) throw fileError(source, parsed.problems.front().message);
    return std::move(parsed.config);
}

ExperimentConfig ExperimentConfig::fromFile(const std::string& path) {
    if (std::filesystem::is_directory(path))
        throw fileError(path, "is a folder, not an experiment configuration (CONFIG.json); to continue a run "
                              "folder: sparseadapter resume " +
                                  path);
    return fromJson(text_files::read(path), path);
}

nlohmann::json overrideValue(const std::string& text) {
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception&) {
        return text;
    }
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
        throw fileError(source, "unknown key '" + key + "' (known: " + joinedNames(known) + ")");
    }

    const ojson value = overrideValue(text);

    ojson doc = documentWithoutDerivedDefaults(*this);
    ojson* node = &doc;
    std::string::size_type start = 0;
    for (auto dot = key.find('.'); dot != std::string::npos; dot = key.find('.', start)) {
        node = &(*node)[key.substr(start, dot - start)];
        start = dot + 1;
    }
    (*node)[key.substr(start)] = value;
    // Fusion's section belongs to the fusion preset only.
    if (key == "adapter.preset" && value != ojson(kFusionPreset)) doc["adapter"].erase("fusion");
    // Another task family: the old family's keys mean nothing to it.
    if (key == "task.name" && value.is_string()) {
        try {
            const auto& newKeys = taskKeys(taskSpecByName(value.get<std::string>()).family);
            const auto& oldKeys = taskKeys(this->task.spec().family);
            ojson& section = doc["task"];
            for (const auto& old : oldKeys)
                if (std::find(newKeys.begin(), newKeys.end(), old) == newKeys.end()) section.erase(old);
        } catch (const Error&) {
            // An unknown name: fromJson below says so.
        }
    }
    *this = fromJson(doc.dump(), source);
}

std::string ExperimentConfig::defaultRunName() const {
    std::string adapterPart = adapter.preset + std::to_string(adapter.bottleneck);
    if (adapter.isFusion())
        adapterPart = "fusion" + std::to_string(adapter.fusion.sources.size()) + adapter.fusion.preset;
    if (pruning.largeSparse > 1) adapterPart += "x" + std::to_string(pruning.largeSparse);
    const std::string pruningPart =
        prunes() ? pruneMethodName(pruning.options.method) +
                       std::to_string(static_cast<long long>(std::llround(pruning.options.sparsity * 100)))
                 : std::string("dense");
    // The task as written ("sts_b_…", "squad_…"), without the family prefix.
    std::string taskPart = task.name;
    if (taskPart.rfind("glue/", 0) == 0) taskPart = taskPart.substr(5);
    std::string out = taskPart + "_" + adapterPart + "_" + pruningPart + "_s" + std::to_string(optimization.seed);
    for (char& ch : out) {
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-';
        if (!ok) ch = '-';
    }
    return out;
}

std::string adapterOverrides(const std::string& adapterSection) {
    const auto adapter = ojson::parse(adapterSection, nullptr, false);
    if (!adapter.is_object()) return adapterSection;
    return withoutPresetDefaults(adapter).dump();
}

std::vector<std::string> experimentConfigKeys() {
    static const std::vector<std::string> keys = [] {
        std::vector<std::string> out;
        collectLeaves(ojson::parse(ExperimentConfig{}.toJson()), "", out);
        // The other families' task keys, after the default's.
        auto lastTask = std::find_if(out.rbegin(), out.rend(), [](const std::string& k) {
                            return k.rfind("task.", 0) == 0;
                        }).base();
        std::vector<std::string> extra;
        for (const TaskFamily family : allTaskFamilies())
            for (const auto& k : taskKeys(family))
                if (std::find(out.begin(), out.end(), "task." + k) == out.end() &&
                    std::find(extra.begin(), extra.end(), "task." + k) == extra.end())
                    extra.push_back("task." + k);
        out.insert(lastTask, extra.begin(), extra.end());
        // The fusion preset's section, after the adapter's keys.
        auto lastAdapter = std::find_if(out.rbegin(), out.rend(), [](const std::string& k) {
                               return k.rfind("adapter.", 0) == 0;
                           }).base();
        std::vector<std::string> fusion;
        for (const auto& k : fusionKeys())
            fusion.push_back("adapter.fusion." + k);
        out.insert(lastAdapter, fusion.begin(), fusion.end());
        return out;
    }();
    return keys;
}

} // namespace sa
