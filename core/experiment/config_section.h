// Reading one section of an ExperimentConfig document (a JSON object)
// against the keys it may hold: every unknown key, wrong type or
// out-of-range value becomes a ConfigProblem naming the dotted key and the
// value, and the field keeps its default, so that one pass finds every
// problem of a document (the GUI form shows them all at once).
#pragma once

#include "error.h"
#include "experiment/experiment_config.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace sa {

// Ordered, so toJson and experimentConfigKeys keep the document order.
using ojson = nlohmann::ordered_json;

std::string joinedNames(const std::vector<std::string>& names);
std::string dottedKey(const std::string& prefix, const std::string& key);

class ConfigSection {
public:
    // Keys of `j` not in `known` are problems, unless `otherwise` (keys of
    // another kind of section, e.g. another task family's) explains them.
    ConfigSection(std::vector<ConfigProblem>& problems, const ojson& j, std::string prefix,
                  const std::vector<std::string>& known,
                  const std::function<std::string(const std::string&)>& otherwise = {});

    const ojson* find(const std::string& key) const;
    std::string key(const std::string& k) const { return dottedKey(prefix_, k); }

    // Records "'<key>' must be <what>, got <value>".
    void fail(const std::string& k, const ojson& v, const std::string& what) const;
    void problem(const std::string& k, const std::string& message) const;
    // `call` throws sa::Error for a bad value; the problem names the key.
    template <typename T>
    std::optional<T> named(const std::string& k, const ojson& v, const std::function<T()>& call) const {
        try {
            return call();
        } catch (const Error& e) {
            problem(k, "'" + key(k) + "' is " + v.dump() + ": " + e.what());
            return std::nullopt;
        }
    }

    void string(const std::string& k, std::string& out, bool nonEmpty = false) const;
    void boolean(const std::string& k, bool& out) const;
    // An integer in [lo, hi], stored into `out` (int or int64_t); `reason`
    // says why the bound is where it is (named in the problem).
    template <typename Int>
    void integer(const std::string& k, Int& out, int64_t lo, int64_t hi = std::numeric_limits<Int>::max(),
                 const char* reason = nullptr) const {
        int64_t x = 0;
        if (integerIn(k, x, lo, static_cast<int64_t>(hi), hi == std::numeric_limits<Int>::max(), reason))
            out = static_cast<Int>(x);
    }
    void unsignedInteger(const std::string& k, uint64_t& out) const;
    void number(const std::string& k, double& out, const std::function<bool(double)>& ok,
                const std::string& what) const;

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
        fail(k, *v, "one of " + joinedNames(names));
    }

    // The named sub-section, which must be an object when present (else a
    // problem, and an empty section is read instead).
    ConfigSection sub(const std::string& k, const std::vector<std::string>& known,
                      const std::function<std::string(const std::string&)>& otherwise = {}) const;

    std::vector<ConfigProblem>& problems() const { return problems_; }

private:
    bool integerIn(const std::string& k, int64_t& out, int64_t lo, int64_t hi, bool openAbove,
                   const char* reason) const;

    std::vector<ConfigProblem>& problems_;
    const ojson& j_;
    std::string prefix_;
};

} // namespace sa
