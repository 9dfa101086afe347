#include "train/eval_json.h"

#include <cmath>
#include <limits>

namespace sa {

namespace {

nlohmann::json number(double value) {
    return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

double number(const nlohmann::json& j) {
    return j.is_null() ? std::numeric_limits<double>::quiet_NaN() : j.get<double>();
}

} // namespace

nlohmann::json evalEventToJson(const EvalEvent& e) {
    nlohmann::json metrics = nlohmann::json::object();
    for (const auto& [name, value] : e.metrics)
        metrics[name] = number(value);
    nlohmann::json j = {{"step", e.step},        {"epoch", e.epoch},     {"loss", number(e.loss)},
                        {"metrics", metrics},    {"main", e.mainMetric}, {"main_value", number(e.mainValue)},
                        {"examples", e.examples}};
    if (!e.fusion.empty()) j["fusion_attention"] = fusionAttentionToJson(e.fusion);
    return j;
}

nlohmann::json fusionAttentionToJson(const FusionAttention& f) {
    nlohmann::json rows = nlohmann::json::array();
    for (std::size_t i = 0; i < f.sites.size(); ++i) {
        nlohmann::json row = nlohmann::json::array();
        for (std::size_t j = 0; j < f.sources.size(); ++j)
            row.push_back(number(f.at(i, j)));
        rows.push_back(row);
    }
    return {{"sites", f.sites}, {"sources", f.sources}, {"probabilities", rows}};
}

FusionAttention fusionAttentionFromJson(const nlohmann::json& j) {
    FusionAttention f;
    f.sites = j.at("sites").get<std::vector<std::string>>();
    f.sources = j.at("sources").get<std::vector<std::string>>();
    const auto& rows = j.at("probabilities");
    if (rows.size() != f.sites.size())
        throw nlohmann::json::other_error::create(501, "fusion_attention: one row of probabilities per site", &j);
    for (const auto& row : rows) {
        if (row.size() != f.sources.size())
            throw nlohmann::json::other_error::create(501, "fusion_attention: one probability per source", &j);
        for (const auto& p : row)
            f.values.push_back(number(p));
    }
    return f;
}

int64_t integerFromJson(const nlohmann::json& j) {
    // get_ref throws type_error for floats, strings, ...; non-negative
    // integers are stored unsigned, and converting those is defined.
    return j.is_number_unsigned() ? j.get<int64_t>() : j.get_ref<const nlohmann::json::number_integer_t&>();
}

EvalEvent evalEventFromJson(const nlohmann::json& j) {
    EvalEvent e;
    e.step = integerFromJson(j.at("step"));
    e.epoch = static_cast<int>(integerFromJson(j.at("epoch")));
    e.loss = number(j.at("loss"));
    for (const auto& [name, value] : j.at("metrics").items())
        e.metrics.emplace_back(name, number(value));
    e.mainMetric = j.at("main").get<std::string>();
    e.mainValue = number(j.at("main_value"));
    e.examples = j.contains("examples") ? integerFromJson(j.at("examples")) : 0;
    if (j.contains("fusion_attention")) e.fusion = fusionAttentionFromJson(j.at("fusion_attention"));
    return e;
}

} // namespace sa
