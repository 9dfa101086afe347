#include "ranks.h"

#include "error.h"
#include "model/threads.h"
#include "train/rank_launcher.h"

#include <memory>

namespace sa::cli {

int takeNproc(Args& args) {
    int nproc = 1;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] != "--nproc") continue;
        if (i + 1 >= args.size()) throw Error("option '--nproc' needs a number of processes");
        std::size_t used = 0;
        try {
            nproc = std::stoi(args[i + 1], &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != args[i + 1].size() || nproc < 1 || nproc > 1024)
            throw Error("option '--nproc' expects a number of processes in [1, 1024], got '" + args[i + 1] + "'");
        args.erase(args.begin() + static_cast<std::ptrdiff_t>(i), args.begin() + static_cast<std::ptrdiff_t>(i) + 2);
        --i;
    }
    return nproc;
}

int launchRanks(const std::string& command, const Args& args, int nproc, const std::vector<std::string>& environment) {
    if (distributedEnvFromProcess())
        throw Error("--nproc inside a data-parallel rank (RANK/WORLD_SIZE or Slurm's variables are set): drop "
                    "--nproc, the launcher has made the ranks already");
    RankLaunch launch;
    launch.ranks = nproc;
    launch.arguments.push_back(command);
    launch.arguments.insert(launch.arguments.end(), args.begin(), args.end());
    launch.environment = environment;
    return runLocalRanks(launch);
}

Communicator* joinRanks(torch::Device device) {
    static std::unique_ptr<Communicator> ranks;
    const auto env = distributedEnvFromProcess();
    if (!env) return nullptr;
    configureThreadsForRanks(env->localWorldSize);
    CommunicatorTimeouts timeouts;
    if (env->rendezvousTimeoutSeconds > 0) timeouts.rendezvous = std::chrono::seconds(env->rendezvousTimeoutSeconds);
    ranks = connectRanks(*env, device, timeouts);
    return ranks.get();
}

int asRank(const std::function<int()>& body) {
    // Parsed first: a bad variable is reported as itself, not as a rank's.
    const auto env = distributedEnvFromProcess();
    if (!env) return body();
    try {
        return body();
    } catch (const std::exception& e) {
        throw Error("rank " + std::to_string(env->rank) + " of " + std::to_string(env->worldSize) + ": " +
                    userMessage(e));
    }
}

} // namespace sa::cli
