// `--nproc N`: the ranks of a data-parallel run on this machine, as N
// processes of this same program that meet on 127.0.0.1 at a free port
// (RANK, WORLD_SIZE, LOCAL_WORLD_SIZE, MASTER_ADDR, MASTER_PORT set for
// each, as torchrun sets them). The launcher passes Ctrl-C and SIGTERM on
// to the ranks, relays their stderr, and when one rank fails stops the
// others, so a run never hangs on a rank that is gone.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace sa {

struct RankLaunch {
    int ranks = 2;
    std::vector<std::string> arguments; // after the program name, e.g. {"run", "config.json"}
    // Extra variables for every rank ("NAME=value").
    std::vector<std::string> environment;
    // After one rank fails, how long the others get to end on SIGTERM
    // before SIGKILL (they may be blocked in a collective).
    std::chrono::seconds grace{10};
};

// Runs the ranks to their end. Returns their exit code when they agree (0,
// or 130 after a stop); throws sa::Error naming the first rank that failed,
// how (exit code or signal) and its last line on stderr.
int runLocalRanks(const RankLaunch& launch);

// A TCP port on 127.0.0.1 that was free a moment ago.
int freeLoopbackPort();

} // namespace sa
