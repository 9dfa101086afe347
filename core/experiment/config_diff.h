// Which settings tell runs apart: the configuration diff behind the GUI's
// runs table "Compare". Torch-free, so the widgets can call it.
//
// A config.json is flattened to dotted keys ("optimization.learning_rate");
// an array is one value (its JSON text), not one key per element, because a
// setting that is a list is changed as a whole.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace sa {

struct ConfigDifference {
    std::string key;
    // One per config, in the given order; empty where the key is missing.
    std::vector<std::string> values;
};

// (dotted key, readable value) of every leaf, in the document's key order:
// strings without quotes, numbers, booleans, null, arrays and empty objects
// as JSON prints them. A document that is not an object throws sa::Error.
std::vector<std::pair<std::string, std::string>> flattenConfig(const nlohmann::ordered_json& config);

// The keys whose values are not equal in every config (numbers by value, so
// 3 and 3.0 agree); a key missing from some configs differs. Keys come in
// the first config's order, then each later config's new keys in its order.
// Fewer than two configs: no differences. A document that is not an object
// throws sa::Error naming its position.
std::vector<ConfigDifference> diffConfigs(const std::vector<nlohmann::ordered_json>& configs);
// The same for documents parsed as nlohmann::json, whose objects keep their
// keys sorted: the order is alphabetical within each object. (Pass a vector,
// not a braced list: a braced list of documents matches both overloads.)
std::vector<ConfigDifference> diffConfigs(const std::vector<nlohmann::json>& configs);

// A JSON file parsed with its keys in document order (readJsonFile sorts
// them); errors name the file.
nlohmann::ordered_json readOrderedJsonFile(const std::string& path);

} // namespace sa
