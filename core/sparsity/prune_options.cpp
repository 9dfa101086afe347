#include "sparsity/prune_options.h"

#include "error.h"

namespace sa {

PruneMethod pruneMethodByName(const std::string& name) {
    if (name == "random" || name == "rand") return PruneMethod::Random;
    if (name == "magnitude" || name == "mag") return PruneMethod::Magnitude;
    if (name == "er" || name == "erdos-renyi") return PruneMethod::ErdosRenyi;
    if (name == "snip") return PruneMethod::Snip;
    if (name == "grasp") return PruneMethod::Grasp;
    if (name == "synflow") return PruneMethod::Synflow;
    throw Error("unknown pruning method '" + name + "' (known: random, magnitude, er, snip, grasp, synflow)");
}

const char* pruneMethodName(PruneMethod method) {
    switch (method) {
    case PruneMethod::Random:
        return "random";
    case PruneMethod::Magnitude:
        return "magnitude";
    case PruneMethod::ErdosRenyi:
        return "er";
    case PruneMethod::Snip:
        return "snip";
    case PruneMethod::Grasp:
        return "grasp";
    case PruneMethod::Synflow:
        return "synflow";
    }
    return "?";
}

MaskScope maskScopeByName(const std::string& name) {
    if (name == "global") return MaskScope::Global;
    if (name == "local") return MaskScope::Local;
    throw Error("unknown mask scope '" + name + "' (known: global, local)");
}

const char* maskScopeName(MaskScope scope) {
    return scope == MaskScope::Global ? "global" : "local";
}

PruneSchedule pruneScheduleByName(const std::string& name) {
    if (name == "exponential") return PruneSchedule::Exponential;
    if (name == "linear") return PruneSchedule::Linear;
    throw Error("unknown pruning schedule '" + name + "' (known: exponential, linear)");
}

const char* pruneScheduleName(PruneSchedule schedule) {
    return schedule == PruneSchedule::Linear ? "linear" : "exponential";
}

std::vector<std::string> pruneMethodNames() {
    std::vector<std::string> names;
    for (auto m : {PruneMethod::Random, PruneMethod::Magnitude, PruneMethod::ErdosRenyi, PruneMethod::Snip,
                   PruneMethod::Grasp, PruneMethod::Synflow})
        names.emplace_back(pruneMethodName(m));
    return names;
}

std::vector<std::string> maskScopeNames() {
    return {maskScopeName(MaskScope::Global), maskScopeName(MaskScope::Local)};
}

std::vector<std::string> pruneScheduleNames() {
    return {pruneScheduleName(PruneSchedule::Exponential), pruneScheduleName(PruneSchedule::Linear)};
}

} // namespace sa
