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
    return {{"step", e.step},        {"epoch", e.epoch},     {"loss", number(e.loss)},
            {"metrics", metrics},    {"main", e.mainMetric}, {"main_value", number(e.mainValue)},
            {"examples", e.examples}};
}

EvalEvent evalEventFromJson(const nlohmann::json& j) {
    EvalEvent e;
    e.step = j.at("step").get<int64_t>();
    e.epoch = j.at("epoch").get<int>();
    e.loss = number(j.at("loss"));
    for (const auto& [name, value] : j.at("metrics").items())
        e.metrics.emplace_back(name, number(value));
    e.mainMetric = j.at("main").get<std::string>();
    e.mainValue = number(j.at("main_value"));
    e.examples = j.value("examples", int64_t(0));
    return e;
}

} // namespace sa
