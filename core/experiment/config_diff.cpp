#include "experiment/config_diff.h"

#include "error.h"
#include "text/text_files.h"

#include <fstream>
#include <map>
#include <optional>
#include <sstream>

namespace sa {

using nlohmann::ordered_json;

namespace {

using Leaves = std::vector<std::pair<std::string, const ordered_json*>>;

void collectLeaves(const ordered_json& value, const std::string& prefix, Leaves& out) {
    if (value.is_object() && !value.empty()) {
        for (const auto& [key, child] : value.items())
            collectLeaves(child, prefix.empty() ? key : prefix + "." + key, out);
        return;
    }
    out.emplace_back(prefix, &value);
}

Leaves leavesOf(const ordered_json& config, const std::string& what) {
    if (!config.is_object()) throw Error(what + " is not a JSON object, got " + config.dump());
    Leaves leaves;
    collectLeaves(config, "", leaves);
    return leaves;
}

std::string readable(const ordered_json& value) {
    return value.is_string() ? value.get<std::string>() : value.dump();
}

} // namespace

std::vector<std::pair<std::string, std::string>> flattenConfig(const ordered_json& config) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [key, value] : leavesOf(config, "the configuration"))
        out.emplace_back(key, readable(*value));
    return out;
}

std::vector<ConfigDifference> diffConfigs(const std::vector<ordered_json>& configs) {
    if (configs.size() < 2) return {};
    std::vector<std::string> order;
    std::map<std::string, std::vector<const ordered_json*>> byKey; // key -> value per config (nullptr: missing)
    for (std::size_t i = 0; i < configs.size(); ++i) {
        for (const auto& [key, value] : leavesOf(configs[i], "configuration " + std::to_string(i + 1))) {
            auto [it, added] = byKey.try_emplace(key, configs.size(), nullptr);
            if (added) order.push_back(key);
            it->second[i] = value;
        }
    }
    std::vector<ConfigDifference> out;
    for (const auto& key : order) {
        const auto& values = byKey.at(key);
        bool same = true;
        for (const auto* v : values)
            same = same && v && values.front() && *v == *values.front();
        if (same) continue;
        ConfigDifference d{key, {}};
        for (const auto* v : values)
            d.values.push_back(v ? readable(*v) : std::string());
        out.push_back(std::move(d));
    }
    return out;
}

std::vector<ConfigDifference> diffConfigs(const std::vector<nlohmann::json>& configs) {
    return diffConfigs(std::vector<ordered_json>(configs.begin(), configs.end()));
}

ordered_json readOrderedJsonFile(const std::string& path) {
    const auto text = text_files::read(path);
    try {
        return ordered_json::parse(text);
    } catch (const ordered_json::exception& e) {
        throw fileError(path, std::string("not valid JSON: ") + e.what());
    }
}

} // namespace sa
