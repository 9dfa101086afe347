#include "train/distributed_env.h"

#include "error.h"

#include <cstdlib>
#include <limits>

namespace sa {

namespace {

std::optional<std::string> value(const std::function<const char*(const char*)>& get, const char* name) {
    const char* v = get(name);
    if (!v) return std::nullopt;
    return std::string(v);
}

std::string required(const std::function<const char*(const char*)>& get, const char* name, const char* why) {
    const auto v = value(get, name);
    if (!v || v->empty()) throw Error(std::string("data-parallel run: ") + name + " is not set (" + why + ")");
    return *v;
}

int64_t integerIn(const std::string& text, const char* name, int64_t low, int64_t high) {
    std::size_t used = 0;
    int64_t v = 0;
    try {
        v = std::stoll(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != text.size() || v < low || v > high)
        throw Error(std::string("data-parallel run: ") + name + "='" + text + "' is not an integer in [" +
                    std::to_string(low) + ", " + std::to_string(high) + "]");
    return v;
}

// Ports in [20000, 30000): clear of the ephemeral range Linux hands out, so
// two jobs that share a first node differ unless their ids do modulo 10000.
int slurmPort(const std::function<const char*(const char*)>& get) {
    const auto job = value(get, "SLURM_JOB_ID");
    if (!job) return 29500; // torch's default
    return 20000 + static_cast<int>(integerIn(*job, "SLURM_JOB_ID", 0, std::numeric_limits<int64_t>::max()) % 10000);
}

} // namespace

std::string firstSlurmHost(const std::string& nodelist) {
    // The first comma outside brackets ends the first group of hosts.
    std::string group;
    int depth = 0;
    for (const char c : nodelist) {
        if (c == '[') ++depth;
        if (c == ']' && --depth < 0) break;
        if (c == ',' && depth == 0) break;
        group += c;
    }
    if (depth != 0 || group.empty())
        throw Error("data-parallel run: SLURM_JOB_NODELIST='" + nodelist + "' is not a Slurm node list");
    // Each bracket range stands for its first element ("01-03,07" -> "01"),
    // zero padding kept as Slurm writes it.
    std::string host;
    for (std::size_t i = 0; i < group.size(); ++i) {
        if (group[i] != '[') {
            host += group[i];
            continue;
        }
        const auto close = group.find(']', i);
        const auto range = group.substr(i + 1, close - i - 1);
        const auto end = range.find_first_of("-,");
        host += range.substr(0, end);
        i = close;
    }
    if (host.empty()) throw Error("data-parallel run: SLURM_JOB_NODELIST='" + nodelist + "' names no host");
    return host;
}

namespace {

std::optional<DistributedEnv> ranksFrom(const std::function<const char*(const char*)>& get) {
    DistributedEnv env;
    const int maxRanks = 1 << 16;
    if (value(get, "RANK") || value(get, "WORLD_SIZE")) {
        env.source = "RANK/WORLD_SIZE";
        env.worldSize = static_cast<int>(
            integerIn(required(get, "WORLD_SIZE", "RANK is set: the number of ranks"), "WORLD_SIZE", 1, maxRanks));
        env.rank = static_cast<int>(
            integerIn(required(get, "RANK", "WORLD_SIZE is set: this process's rank"), "RANK", 0, env.worldSize - 1));
        if (env.worldSize == 1) return std::nullopt;
        env.masterAddr = required(get, "MASTER_ADDR", "rank 0's host name or address");
        env.masterPort = static_cast<int>(
            integerIn(required(get, "MASTER_PORT", "the port rank 0 listens on"), "MASTER_PORT", 1, 65535));
        if (const auto local = value(get, "LOCAL_WORLD_SIZE"))
            env.localWorldSize = static_cast<int>(integerIn(*local, "LOCAL_WORLD_SIZE", 1, env.worldSize));
        return env;
    }
    if (!value(get, "SLURM_PROCID") && !value(get, "SLURM_NTASKS")) return std::nullopt;
    env.source = "Slurm";
    env.worldSize = static_cast<int>(
        integerIn(required(get, "SLURM_NTASKS", "SLURM_PROCID is set: the step's tasks"), "SLURM_NTASKS", 1, maxRanks));
    env.rank = static_cast<int>(integerIn(required(get, "SLURM_PROCID", "SLURM_NTASKS is set: this task's rank"),
                                          "SLURM_PROCID", 0, env.worldSize - 1));
    if (env.worldSize == 1) return std::nullopt;
    const auto addr = value(get, "MASTER_ADDR");
    env.masterAddr =
        addr && !addr->empty()
            ? *addr
            : firstSlurmHost(required(get, "SLURM_JOB_NODELIST", "the job's hosts; rank 0 is on the first"));
    const auto port = value(get, "MASTER_PORT");
    env.masterPort = port ? static_cast<int>(integerIn(*port, "MASTER_PORT", 1, 65535)) : slurmPort(get);
    if (const auto local = value(get, "SLURM_NTASKS_PER_NODE"))
        env.localWorldSize = static_cast<int>(integerIn(*local, "SLURM_NTASKS_PER_NODE", 1, env.worldSize));
    return env;
}

} // namespace

std::optional<DistributedEnv> distributedEnvFrom(const std::function<const char*(const char*)>& get) {
    auto env = ranksFrom(get);
    // Read only for a rank: a single process has no rendezvous to time.
    if (const auto timeout = value(get, "SPARSEADAPTER_RENDEZVOUS_TIMEOUT"); env && timeout)
        env->rendezvousTimeoutSeconds =
            static_cast<int>(integerIn(*timeout, "SPARSEADAPTER_RENDEZVOUS_TIMEOUT", 1, 24 * 3600));
    return env;
}

std::optional<DistributedEnv> distributedEnvFromProcess() {
    return distributedEnvFrom([](const char* name) { return std::getenv(name); });
}

} // namespace sa
