// The ranks of a data-parallel run talking to each other: LibTorch's own
// c10d process groups (Gloo on CPU, NCCL for CUDA tensors where this
// LibTorch was built with it), rendezvous through a TCPStore on rank 0.
// Every call is collective: all ranks make the same calls in the same order.
#pragma once

#include "train/distributed_env.h"

#include <torch/types.h>

#include <chrono>
#include <memory>
#include <vector>

namespace sa {

class Communicator {
public:
    virtual ~Communicator() = default;
    virtual int rank() const = 0;
    virtual int worldSize() const = 0;

    // Each tensor becomes its sum over the ranks, in place (one collective
    // for the whole list). Tensors share one dtype and device.
    virtual void allReduceSum(std::vector<torch::Tensor>& tensors) = 0;
    // Each tensor becomes rank `root`'s, in place.
    virtual void broadcast(std::vector<torch::Tensor>& tensors, int root) = 0;
    virtual void barrier() = 0;

    // Whether any rank passed true (a stop asked of one rank stops all).
    bool anyRank(bool flag);
};

struct CommunicatorTimeouts {
    // The ranks have this long to meet at the start: a rank that never
    // comes (a wrong MASTER_ADDR, a crashed start) fails the others, no hang.
    std::chrono::seconds rendezvous{300};
    // One collective: long enough for rank 0's evaluation, which the other
    // ranks wait out in their next collective.
    std::chrono::seconds collective{1800};
};

// Whether this build can connect ranks (LibTorch with c10d and Gloo).
bool haveDistributed();

// Connects this rank to the others. `device` picks the backend: NCCL for
// CUDA, Gloo otherwise. Throws sa::Error when this LibTorch lacks c10d (or
// NCCL for a CUDA device), naming what is missing, or when the rendezvous
// fails, naming MASTER_ADDR:MASTER_PORT.
// Whether this process leads: no ranks, or rank 0 (evaluates, writes the
// run folder, prints).
inline bool leads(const Communicator* ranks) {
    return !ranks || ranks->rank() == 0;
}

std::unique_ptr<Communicator> connectRanks(const DistributedEnv& env, torch::Device device,
                                           const CommunicatorTimeouts& timeouts = {});

} // namespace sa
