#include "train/communicator.h"

#include "error.h"

// ProcessGroupGloo.hpp declares its class only when USE_C10D_GLOO is
// defined, which LibTorch's CMake config does not pass on; the build check
// (core/train/data_parallel.cmake) found both it and the gloo headers it includes.
#ifdef SPARSEADAPTER_HAVE_C10D
#define USE_C10D_GLOO 1
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#ifdef SPARSEADAPTER_HAVE_C10D_NCCL
#define USE_C10D_NCCL 1
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif
#endif

#include <ATen/ATen.h>

#include <cstdlib>

namespace sa {

bool Communicator::anyRank(bool flag) {
    std::vector<torch::Tensor> t{at::full({1}, flag ? 1.0f : 0.0f, at::kFloat)};
    allReduceSum(t);
    return t[0].item<float>() > 0.0f;
}

#ifdef SPARSEADAPTER_HAVE_C10D

namespace {

class ProcessGroupCommunicator : public Communicator {
public:
    ProcessGroupCommunicator(c10::intrusive_ptr<c10d::ProcessGroup> group, torch::Device device)
        : group_(std::move(group)), device_(device) {}
    int rank() const override { return group_->getRank(); }
    int worldSize() const override { return group_->getSize(); }

    void allReduceSum(std::vector<torch::Tensor>& tensors) override {
        // One flat buffer: one collective instead of one per tensor (the
        // demo has ~50 gradient tensors), and Gloo wants equal shapes.
        auto flat = flatten(tensors);
        std::vector<at::Tensor> one{flat};
        group_->allreduce(one)->wait();
        unflatten(flat, tensors);
    }
    void broadcast(std::vector<torch::Tensor>& tensors, int root) override {
        auto flat = flatten(tensors);
        std::vector<at::Tensor> one{flat};
        c10d::BroadcastOptions options;
        options.rootRank = root;
        group_->broadcast(one, options)->wait();
        unflatten(flat, tensors);
    }
    void barrier() override { group_->barrier()->wait(); }

private:
    torch::Tensor flatten(const std::vector<torch::Tensor>& tensors) const {
        std::vector<torch::Tensor> parts;
        for (const auto& t : tensors)
            parts.push_back(t.detach().reshape({-1}).to(device_));
        return at::cat(parts);
    }
    static void unflatten(const torch::Tensor& flat, std::vector<torch::Tensor>& tensors) {
        at::NoGradGuard noGrad;
        int64_t offset = 0;
        for (auto& t : tensors) {
            const auto n = t.numel();
            t.copy_(flat.slice(0, offset, offset + n).view(t.sizes()));
            offset += n;
        }
    }

    c10::intrusive_ptr<c10d::ProcessGroup> group_;
    torch::Device device_;
};

// Gloo's own choice (torch.distributed's too): GLOO_SOCKET_IFNAME, else
// the address this host's name resolves to. Ranks on one machine talk over
// loopback, which needs no resolvable host name.
std::shared_ptr<::gloo::transport::Device> glooDevice(const std::string& masterAddr) {
    if (const char* name = std::getenv("GLOO_SOCKET_IFNAME"); name && *name)
        return c10d::ProcessGroupGloo::createDeviceForInterface(name);
    if (masterAddr == "127.0.0.1" || masterAddr == "localhost")
        return c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1");
    return c10d::ProcessGroupGloo::createDefaultDevice();
}

} // namespace

bool haveDistributed() {
    return true;
}

std::unique_ptr<Communicator> connectRanks(const DistributedEnv& env, torch::Device device,
                                           const CommunicatorTimeouts& timeouts) {
    const std::string where = env.masterAddr + ":" + std::to_string(env.masterPort);
    c10::intrusive_ptr<c10d::Store> store;
    try {
        c10d::TCPStoreOptions options;
        options.port = static_cast<std::uint16_t>(env.masterPort);
        options.isServer = env.rank == 0;
        options.numWorkers = static_cast<std::size_t>(env.worldSize);
        options.waitWorkers = true;
        options.timeout = timeouts.rendezvous;
        store = c10::make_intrusive<c10d::TCPStore>(env.masterAddr, options);
    } catch (const std::exception& e) {
        throw Error("the rendezvous at " + where + " (MASTER_ADDR:MASTER_PORT, from " + env.source +
                    ") failed within " + std::to_string(timeouts.rendezvous.count()) + " s: " + e.what());
    }
    try {
        if (device.is_cuda()) {
#ifdef SPARSEADAPTER_HAVE_C10D_NCCL
            auto options = c10d::ProcessGroupNCCL::Options::create();
            options->timeout = timeouts.collective;
            auto group = c10::make_intrusive<c10d::ProcessGroupNCCL>(store, env.rank, env.worldSize, options);
            return std::make_unique<ProcessGroupCommunicator>(group, device);
#else
            throw Error("this LibTorch has no NCCL process group (c10d was built without USE_C10D_NCCL): "
                        "data parallelism on CUDA needs a CUDA LibTorch built with NCCL");
#endif
        }
        auto options = c10d::ProcessGroupGloo::Options::create(timeouts.collective);
        options->devices.push_back(glooDevice(env.masterAddr));
        auto group = c10::make_intrusive<c10d::ProcessGroupGloo>(store, env.rank, env.worldSize, options);
        return std::make_unique<ProcessGroupCommunicator>(group, device);
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        throw Error("connecting the ranks (rendezvous at " + where + ") failed: " + e.what());
    }
}

#else

bool haveDistributed() {
    return false;
}

std::unique_ptr<Communicator> connectRanks(const DistributedEnv&, torch::Device, const CommunicatorTimeouts&) {
    throw Error("this LibTorch lacks c10d (torch/csrc/distributed/c10d/ProcessGroupGloo.hpp or the gloo headers "
                "were not found when SparseAdapter was built; on Debian: apt install libgloo-dev, then rebuild)");
}

#endif

} // namespace sa
