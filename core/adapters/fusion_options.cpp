#include "adapters/fusion_options.h"

#include "error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <utility>

namespace sa {

FusionOptions FusionOptions::preset(const std::string& name) {
    FusionOptions o; // dynamic
    if (name == "dynamic") return o;
    if (name == "static") {
        o.value = false;
        o.regularization = false;
        o.valueInitialized = false;
        return o;
    }
    throw Error("unknown fusion preset '" + name + "' (there are: dynamic, static)");
}

const std::vector<FusionOptions::Switch>& FusionOptions::switches() {
    static const std::vector<Switch> table{
        {"key", &FusionOptions::key},
        {"query", &FusionOptions::query},
        {"value", &FusionOptions::value},
        {"query_before_ln", &FusionOptions::queryBeforeLn},
        {"regularization", &FusionOptions::regularization},
        {"residual_before", &FusionOptions::residualBefore},
        {"temperature", &FusionOptions::temperature},
        {"value_before_softmax", &FusionOptions::valueBeforeSoftmax},
        {"value_initialized", &FusionOptions::valueInitialized},
    };
    return table;
}

FusionOptions FusionOptions::fromJson(const std::string& text, const std::string& source) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw fileError(source, std::string("not valid JSON: ") + e.what());
    }
    if (!j.is_object()) throw fileError(source, "fusion options must be a JSON object");
    FusionOptions o;
    for (const auto& item : j.items()) {
        // Named copies: the lambda below may not capture a structured binding (C++17).
        const std::string key = item.key();
        const auto& v = item.value();
        const auto& switches = FusionOptions::switches();
        const auto known =
            std::find_if(switches.begin(), switches.end(), [&](const auto& s) { return key == s.first; });
        if (known != switches.end()) {
            if (!v.is_boolean()) throw fileError(source, "field '" + key + "' must be true or false, got " + v.dump());
            o.*(known->second) = v.get<bool>();
        } else if (key == "dropout_prob") {
            if (!v.is_null() && (!v.is_number() || v.get<double>() < 0.0 || v.get<double>() >= 1.0))
                throw fileError(source, "field 'dropout_prob' must be null or a number in [0, 1), got " + v.dump());
            o.dropoutProb = v.is_null() ? 0.0 : v.get<double>();
        } else {
            throw fileError(source, "unknown fusion field '" + key +
                                        "' (there are: key, query, value, query_before_ln, regularization, "
                                        "residual_before, temperature, value_before_softmax, value_initialized, "
                                        "dropout_prob)");
        }
    }
    return o;
}

std::string FusionOptions::toJson() const {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (const auto& [name, member] : switches())
        j[name] = this->*member;
    j["dropout_prob"] = dropoutProb;
    return j.dump();
}

bool operator==(const FusionOptions& a, const FusionOptions& b) {
    return a.toJson() == b.toJson();
}

} // namespace sa
