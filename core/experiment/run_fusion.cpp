#include "experiment/run_fusion.h"

#include "error.h"
#include "experiment/run_directory.h"
#include "train/eval_json.h"

#include <nlohmann/json.hpp>

#include <string>

namespace sa {

RunFusion readRunFusion(const std::string& folder) {
    const auto run = RunDirectory::open(folder);
    const auto records = run.readMetrics(); // the one metrics.jsonl reader; it names a bad line
    RunFusion out;
    // Only the last evaluation counts: an earlier one's attention is not
    // what the run ended with, and a later one without it (none recorded)
    // must not show a stale one.
    for (std::size_t i = 0; i < records.size(); ++i) {
        const auto& record = records[i];
        if (!record.is_object() || record.value("type", std::string()) != "eval") continue;
        out.evaluated = true;
        const auto step = record.find("step");
        out.step = step != record.end() && step->is_number_integer() ? step->get<int64_t>() : -1;
        out.attention = {};
        const auto fusion = record.find("fusion_attention");
        if (fusion == record.end()) continue;
        try {
            out.attention = fusionAttentionFromJson(*fusion);
        } catch (const nlohmann::json::exception& e) {
            throw fileError(run.metricsPath() + ":" + std::to_string(i + 1), e.what());
        }
    }
    return out;
}

} // namespace sa
