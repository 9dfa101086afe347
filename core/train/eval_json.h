// An evaluation as JSON, one form for the checkpoint's trainer state and the
// run folder's summary.json. Non-finite values (a correlation of constant
// predictions) are written as null and read back as NaN.
#pragma once

#include "train/training_events.h"

#include <nlohmann/json.hpp>

namespace sa {

nlohmann::json evalEventToJson(const EvalEvent& event);
// Throws nlohmann::json::exception for a missing key or a wrong type.
EvalEvent evalEventFromJson(const nlohmann::json& json);

// {"sites": [...], "sources": [...], "probabilities": [[...] per site]}, the
// "fusion_attention" of an eval record in metrics.jsonl. The reader throws
// nlohmann::json::exception for a missing key, a wrong type or a row of the
// wrong length.
nlohmann::json fusionAttentionToJson(const FusionAttention& attention);
FusionAttention fusionAttentionFromJson(const nlohmann::json& json);

// An integer of a checkpoint's trainer state. Unlike get<int64_t>(), which
// converts a float unchecked (undefined past int64's range: "step": 1e300),
// anything not stored as an integer throws nlohmann::json::type_error.
int64_t integerFromJson(const nlohmann::json& json);

} // namespace sa
