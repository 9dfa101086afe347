// Where a rank of a data-parallel run learns its place: the variables that
// torchrun-style launchers (and `sparseadapter run --nproc`) set, or those
// of a Slurm step started with `srun`. Only the parsing lives here, so it
// is testable without sockets; train/communicator.h connects the ranks.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace sa {

struct DistributedEnv {
    int rank = 0;
    int worldSize = 1;
    // Ranks sharing this machine, to split its cores among them.
    int localWorldSize = 1;
    std::string masterAddr; // rank 0's host, where the TCPStore listens
    int masterPort = 0;
    std::string source; // "RANK/WORLD_SIZE" or "Slurm", for messages
    // SPARSEADAPTER_RENDEZVOUS_TIMEOUT (seconds): how long the ranks wait for
    // each other at the start; 0 = the communicator's default.
    int rendezvousTimeoutSeconds = 0;
};

// Reads the environment through `get` (nullptr = unset):
// RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT (LOCAL_WORLD_SIZE optional); or,
// when RANK and WORLD_SIZE are both unset, SLURM_PROCID, SLURM_NTASKS and the
// first host of SLURM_JOB_NODELIST (MASTER_ADDR and MASTER_PORT override;
// the port defaults to one derived from SLURM_JOB_ID). Returns nullopt for
// a single process (nothing set, or a world of 1). A missing or invalid
// value throws sa::Error naming the variable and its value.
std::optional<DistributedEnv> distributedEnvFrom(const std::function<const char*(const char*)>& get);
std::optional<DistributedEnv> distributedEnvFromProcess();

// The first host of a Slurm node list: "node[01-03,07],gpu1" -> "node01",
// "a1,b2" -> "a1", "rack[2-3]-n[5-6]" -> "rack2-n5". Throws sa::Error on an
// empty or unbalanced list.
std::string firstSlurmHost(const std::string& nodelist);

} // namespace sa
