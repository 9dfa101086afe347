#include "io/checkpoint.h"

#include "error.h"
#include "io/safetensors.h"
#include "io/torch_pickle.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace sa {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<NamedTensor> readSafetensors(const std::string& path) {
    const auto file = SafetensorsFile::open(path);
    std::vector<NamedTensor> out;
    for (auto& [name, t] : file.tensors())
        out.push_back({name, t, path});
    return out;
}

std::vector<NamedTensor> readTorchBin(const std::string& path) {
    std::vector<NamedTensor> out;
    for (auto& [name, raw] : readTorchZipStateDict(path)) {
        const auto dtype = parseDType(raw.dtype);
        if (!dtype) throw fileError(path, "tensor '" + name + "' has unsupported dtype " + raw.dtype);
        const auto elementSize = static_cast<int64_t>(dtypeSize(*dtype));
        const int64_t storageElements = static_cast<int64_t>(raw.storage_bytes->size()) / elementSize;
        auto storage = torch::from_blob(
            const_cast<std::uint8_t*>(raw.storage_bytes->data()), {storageElements},
            [keep = raw.storage_bytes](void*) {}, torch::TensorOptions().dtype(toScalarType(*dtype)));
        out.push_back({name, storage.as_strided(raw.shape, raw.strides, raw.storage_offset), path});
    }
    return out;
}

// The weight_map of a *.index.json: shard file names in first-seen order.
std::vector<std::string> shardFiles(const std::string& indexPath) {
    std::ifstream in(indexPath);
    if (!in) throw fileError(indexPath, "cannot open");
    json j;
    try {
        j = json::parse(in);
    } catch (const json::exception& e) {
        throw fileError(indexPath, std::string("not valid JSON: ") + e.what());
    }
    if (!j.contains("weight_map") || !j["weight_map"].is_object())
        throw fileError(indexPath, "missing object field 'weight_map'");
    std::vector<std::string> files;
    std::set<std::string> seen;
    for (auto it = j["weight_map"].begin(); it != j["weight_map"].end(); ++it) {
        if (!it->is_string()) throw fileError(indexPath, "weight_map entry '" + it.key() + "' is not a file name");
        const auto file = it->get<std::string>();
        if (file.find('/') != std::string::npos || file.find('\\') != std::string::npos)
            throw fileError(indexPath,
                            "weight_map entry '" + it.key() + "' names a file outside the directory: " + file);
        if (seen.insert(file).second) files.push_back(file);
    }
    return files;
}

} // namespace

std::vector<NamedTensor> readWeightsFile(const std::string& path) {
    return endsWith(path, ".safetensors") ? readSafetensors(path) : readTorchBin(path);
}

CheckpointWeights readCheckpointWeights(const std::string& directory, WeightsFormat format) {
    const fs::path dir(directory);
    if (!fs::is_directory(dir)) throw fileError(directory, "not a directory");
    struct Candidate {
        const char* file;
        bool sharded;
        WeightsFormat format;
    };
    const Candidate candidates[] = {{"model.safetensors", false, WeightsFormat::Safetensors},
                                    {"model.safetensors.index.json", true, WeightsFormat::Safetensors},
                                    {"pytorch_model.bin", false, WeightsFormat::TorchBin},
                                    {"pytorch_model.bin.index.json", true, WeightsFormat::TorchBin}};
    std::string looked;
    for (const auto& c : candidates) {
        if (format != WeightsFormat::Auto && format != c.format) continue;
        looked += looked.empty() ? c.file : std::string(", ") + c.file;
        const auto path = (dir / c.file).string();
        if (!fs::exists(path)) continue;
        CheckpointWeights w;
        if (!c.sharded) {
            w.tensors = readWeightsFile(path);
            w.filesRead = {path};
            w.format = c.format == WeightsFormat::Safetensors ? "safetensors" : "pytorch_model.bin";
            return w;
        }
        w.filesRead = {path};
        std::set<std::string> names;
        const auto shards = shardFiles(path);
        for (const auto& shard : shards) {
            const auto shardPath = (dir / shard).string();
            if (!fs::exists(shardPath)) throw fileError(path, "shard '" + shard + "' does not exist");
            for (auto& t : readWeightsFile(shardPath)) {
                if (!names.insert(t.name).second)
                    throw fileError(shardPath, "tensor '" + t.name + "' appears in two shards");
                w.tensors.push_back(std::move(t));
            }
            w.filesRead.push_back(shardPath);
        }
        w.format = std::string(c.format == WeightsFormat::Safetensors ? "safetensors" : "pytorch_model.bin") + " (" +
                   std::to_string(shards.size()) + " shards)";
        return w;
    }
    throw fileError(directory, "no weights found (looked for " + looked + ")");
}

} // namespace sa
