// The CLI's side of data parallelism (core/train/communicator.h): `--nproc
// N` launches N ranks of this program; a process whose environment makes it
// a rank (the launcher's variables, torchrun's, or srun's) joins the others.
#pragma once

#include "cli_commands.h"
#include "train/communicator.h"

#include <functional>

namespace sa::cli {

// Takes "--nproc N" out of `args`; 1 when absent.
int takeNproc(Args& args);

// Runs `command args` as `nproc` ranks on 127.0.0.1; their exit code.
int launchRanks(const std::string& command, const Args& args, int nproc,
                const std::vector<std::string>& environment = {});

// nullptr for a single process; otherwise this rank, connected, with its
// share of the machine's cores. Kept until the process exits: a failing
// rank prints its error before its connections close, so the launcher sees
// the cause before the others' "connection closed".
Communicator* joinRanks(torch::Device device);

// Runs `body`; an error escaping it names this rank when it is one
// ("rank 1 of 2: ..."), so a log of many ranks says whose it is.
int asRank(const std::function<int()>& body);

} // namespace sa::cli
