// The safetensors format: an 8-byte little-endian header length, a JSON
// header {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__"},
// then the raw little-endian tensor bytes. One reader and one writer for the
// whole project (checkpoints, masks, adapters, fixtures).
#pragma once

#include "io/dtype.h"

#include <torch/types.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace sa {

class MappedFile;

struct SafetensorsEntry {
    std::string name;
    DType dtype = DType::F32;
    std::vector<int64_t> shape;
    std::uint64_t begin = 0; // byte offsets relative to the data section
    std::uint64_t end = 0;
};

class SafetensorsFile {
public:
    // Maps the file and validates the whole header; every inconsistency
    // (truncation, bad JSON, unknown dtype, size mismatch, overlapping or
    // out-of-range offsets, duplicate names) throws sa::Error naming the file.
    static SafetensorsFile open(const std::string& path);

    const std::string& path() const;
    const std::vector<SafetensorsEntry>& entries() const { return entries_; } // header order
    const std::map<std::string, std::string>& metadata() const { return metadata_; }
    bool contains(const std::string& name) const;
    const SafetensorsEntry& entry(const std::string& name) const; // throws when absent

    // A CPU tensor viewing the mapped bytes (zero-copy when aligned; the
    // mapping is copy-on-write, so writing to it never changes the file).
    torch::Tensor tensor(const std::string& name) const;
    std::vector<std::pair<std::string, torch::Tensor>> tensors() const;

private:
    std::shared_ptr<const MappedFile> file_;
    std::size_t dataStart_ = 0;
    std::vector<SafetensorsEntry> entries_;
    std::map<std::string, std::size_t> index_;
    std::map<std::string, std::string> metadata_;
};

torch::ScalarType toScalarType(DType dtype);
DType fromScalarType(torch::ScalarType type); // throws for types safetensors lacks

// Writes `tensors` (any device/layout; stored contiguous, little-endian) in
// the given order, atomically. Names must be unique.
void writeSafetensors(const std::string& path, const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata = {});

} // namespace sa
