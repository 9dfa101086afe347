// AdapterFusion's options under AdapterHub's names (its FusionConfig), as
// plain data: the experiment config and the budget read them without LibTorch.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace sa {

// AdapterHub's fusion config fields, under its names.
struct FusionOptions {
    bool key = true;
    bool query = true;
    bool value = true;
    bool queryBeforeLn = false;  // where the site takes the query (not this layer's arithmetic)
    bool regularization = true;  // 0.01·‖I − V‖²_F added to the loss, per layer
    bool residualBefore = false; // add the residual to every adapter's output before attending
    bool temperature = false;    // T from 50, minus 50/1000 per forward call, never below 1
    bool valueBeforeSoftmax = true;
    bool valueInitialized = true; // V = identity + 1e-6 off the diagonal (else N(0, 0.02²))
    double dropoutProb = 0.0;     // on the attention scores (training only)

    // "dynamic" (AdapterHub's default: every switch on, value matrix and
    // regulariser) or "static" (query and key only). Throws sa::Error.
    static FusionOptions preset(const std::string& name);
    // An object of AdapterHub's keys (key, query, value, query_before_ln,
    // regularization, residual_before, temperature, value_before_softmax,
    // value_initialized, dropout_prob: a number or null = 0); missing keys
    // keep the dynamic preset's values. `source` names the file or JSON path
    // in errors, with the key.
    static FusionOptions fromJson(const std::string& json, const std::string& source);

    std::string toJson() const; // every key above, dropout_prob a number

    // The on/off keys and their fields, in AdapterHub's order.
    using Switch = std::pair<const char*, bool FusionOptions::*>;
    static const std::vector<Switch>& switches();
};

bool operator==(const FusionOptions& a, const FusionOptions& b);

} // namespace sa
