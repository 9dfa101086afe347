#include "experiment/config_section.h"

#include <algorithm>
#include <cmath>

namespace sa {

namespace {

const ojson& emptyObject() {
    static const ojson empty = ojson::object();
    return empty;
}

} // namespace

std::string joinedNames(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

std::string dottedKey(const std::string& prefix, const std::string& key) {
    return prefix.empty() ? key : prefix + "." + key;
}

ConfigSection::ConfigSection(std::vector<ConfigProblem>& problems, const ojson& j, std::string prefix,
                             const std::vector<std::string>& known,
                             const std::function<std::string(const std::string&)>& otherwise)
    : problems_(problems), j_(j), prefix_(std::move(prefix)) {
    for (const auto& item : j_.items()) {
        if (std::find(known.begin(), known.end(), item.key()) != known.end()) continue;
        const std::string explained = otherwise ? otherwise(item.key()) : std::string();
        const std::string where = prefix_.empty() ? "top level" : "'" + prefix_ + "'";
        problem(item.key(), explained.empty() ? "unknown key '" + key(item.key()) + "' (known keys at " + where + ": " +
                                                    joinedNames(known) + ")"
                                              : explained);
    }
}

const ojson* ConfigSection::find(const std::string& k) const {
    auto it = j_.find(k);
    return it == j_.end() ? nullptr : &*it;
}

void ConfigSection::problem(const std::string& k, const std::string& message) const {
    problems_.push_back({key(k), message});
}

void ConfigSection::fail(const std::string& k, const ojson& v, const std::string& what) const {
    problem(k, "'" + key(k) + "' must be " + what + ", got " + v.dump());
}

void ConfigSection::string(const std::string& k, std::string& out, bool nonEmpty) const {
    const ojson* v = find(k);
    if (!v) return;
    if (!v->is_string() || (nonEmpty && v->get<std::string>().empty()))
        return fail(k, *v, nonEmpty ? "a non-empty string" : "a string");
    out = v->get<std::string>();
}

void ConfigSection::boolean(const std::string& k, bool& out) const {
    const ojson* v = find(k);
    if (!v) return;
    if (!v->is_boolean()) return fail(k, *v, "true or false");
    out = v->get<bool>();
}

bool ConfigSection::integerIn(const std::string& k, int64_t& out, int64_t lo, int64_t hi, bool openAbove,
                              const char* reason) const {
    const ojson* v = find(k);
    if (!v) return false;
    const bool tooLarge = v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(hi);
    // The upper bound is named when it is a real limit or was exceeded.
    const std::string what = openAbove && !tooLarge
                                 ? "an integer >= " + std::to_string(lo)
                                 : "an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]" +
                                       (reason ? std::string(" (") + reason + ")" : std::string());
    if (!v->is_number_integer() || tooLarge) {
        fail(k, *v, what);
        return false;
    }
    const auto x = v->get<int64_t>();
    if (x < lo || x > hi) {
        fail(k, *v, what);
        return false;
    }
    out = x;
    return true;
}

void ConfigSection::unsignedInteger(const std::string& k, uint64_t& out) const {
    const ojson* v = find(k);
    if (!v) return;
    if (!v->is_number_integer() || (!v->is_number_unsigned() && v->get<int64_t>() < 0))
        return fail(k, *v, "a non-negative integer");
    out = v->get<uint64_t>();
}

void ConfigSection::number(const std::string& k, double& out, const std::function<bool(double)>& ok,
                           const std::string& what) const {
    const ojson* v = find(k);
    if (!v) return;
    if (!v->is_number() || !std::isfinite(v->get<double>()) || !ok(v->get<double>())) return fail(k, *v, what);
    out = v->get<double>();
}

ConfigSection ConfigSection::sub(const std::string& k, const std::vector<std::string>& known,
                                 const std::function<std::string(const std::string&)>& otherwise) const {
    const ojson* v = find(k);
    if (v && !v->is_object()) {
        fail(k, *v, "an object");
        v = nullptr;
    }
    return ConfigSection(problems_, v ? *v : emptyObject(), key(k), known, otherwise);
}

} // namespace sa
