#include "run_fusion.h"
#include "core_path.h"

#include "error.h"
#include "train/eval_json.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>

namespace sa {

RunFusion readRunFusion(const QString& folder) {
    const auto path = (std::filesystem::path(toCorePath(folder)) / "metrics.jsonl").string();
    RunFusion out;
    if (!std::filesystem::exists(path)) return out;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw fileError(path, "cannot open");
    // Only the last evaluation counts: an earlier one's attention is not
    // what the run ended with, and a later one without it (none recorded)
    // must not show a stale one.
    std::size_t number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        const auto where = path + ":" + std::to_string(number);
        const auto record = nlohmann::json::parse(line, nullptr, false);
        if (record.is_discarded() || !record.is_object()) throw fileError(where, "not a JSON object");
        const auto type = record.find("type");
        if (type == record.end() || *type != "eval") continue;
        out.evaluated = true;
        const auto step = record.find("step");
        out.step = step != record.end() && step->is_number_integer() ? step->get<int64_t>() : -1;
        out.attention = {};
        const auto fusion = record.find("fusion_attention");
        if (fusion == record.end()) continue;
        try {
            out.attention = fusionAttentionFromJson(*fusion);
        } catch (const nlohmann::json::exception& e) {
            throw fileError(where, e.what());
        }
    }
    return out;
}

} // namespace sa
