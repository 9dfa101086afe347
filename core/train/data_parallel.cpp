#include "train/data_parallel.h"

namespace sa {

int64_t lossUnits(const Batch& batch) {
    if (batch.labels.defined() && batch.labels.dim() == 2) return batch.labels.ne(-100).sum().item<int64_t>();
    return batch.input_ids.size(0);
}

Shard shardOf(const Batch& global, int rank, int worldSize) {
    if (worldSize <= 1) return {global, 1.0};
    const int64_t rows = global.input_ids.size(0);
    const int64_t begin = rows * rank / worldSize, end = rows * (rank + 1) / worldSize;
    auto rowsOf = [&](const torch::Tensor& t) { return t.defined() ? t.slice(0, begin, end) : t; };
    Shard s;
    s.batch.input_ids = rowsOf(global.input_ids);
    s.batch.attention_mask = rowsOf(global.attention_mask);
    s.batch.token_type_ids = rowsOf(global.token_type_ids);
    s.batch.labels = rowsOf(global.labels);
    s.batch.decoder_input_ids = rowsOf(global.decoder_input_ids);
    s.batch.start_positions = rowsOf(global.start_positions);
    s.batch.end_positions = rowsOf(global.end_positions);
    const auto total = lossUnits(global);
    s.weight = total > 0 && !s.empty() ? static_cast<double>(lossUnits(s.batch)) / static_cast<double>(total) : 0.0;
    return s;
}

double sumShardGradients(Communicator& ranks, const std::vector<torch::Tensor>& parameters, double weightedLoss) {
    std::vector<torch::Tensor> grads;
    for (auto p : parameters) {
        // A rank with an empty shard, or a parameter its rows never reach,
        // still takes part with zeros.
        if (!p.grad().defined()) p.mutable_grad() = torch::zeros_like(p);
        grads.push_back(p.grad());
    }
    grads.push_back(torch::full({1}, weightedLoss, grads.front().options()));
    ranks.allReduceSum(grads);
    return grads.back().item<double>();
}

ShardedScoring shardedScoring(Communicator& ranks, const std::vector<Batch>& global, std::vector<Batch>& shards) {
    ShardedScoring s;
    shards.clear();
    for (const auto& b : global) {
        auto shard = shardOf(b, ranks.rank(), ranks.worldSize());
        shards.push_back(shard.batch);
        s.lossWeights.push_back(shard.weight);
    }
    s.sumAcrossRanks = [&ranks](std::vector<torch::Tensor>& tensors) { ranks.allReduceSum(tensors); };
    return s;
}

} // namespace sa
