#include "io/safetensors.h"

#include "io/byte_order.h"

#include "error.h"
#include "io/atomic_write.h"
#include "io/mapped_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <limits>
#include <set>

namespace sa {
namespace {

using nlohmann::json;

constexpr std::uint64_t kMaxHeaderBytes = 100ull * 1024 * 1024; // as the reference library

// Parses the header JSON and rejects duplicate top-level names, which a
// plain parse would silently collapse to the last one.
json parseHeader(const std::string& path, const char* begin, std::size_t length) {
    std::set<std::string> seen;
    std::string duplicate;
    json::parser_callback_t onEvent = [&](int depth, json::parse_event_t event, json& parsed) {
        if (depth == 1 && event == json::parse_event_t::key) {
            const auto key = parsed.get<std::string>();
            if (!seen.insert(key).second && duplicate.empty()) duplicate = key;
        }
        return true;
    };
    json header;
    try {
        header = json::parse(begin, begin + length, onEvent);
    } catch (const json::exception& e) {
        throw fileError(path, std::string("header is not valid JSON: ") + e.what());
    }
    if (!duplicate.empty()) throw fileError(path, "duplicate tensor name '" + duplicate + "' in header");
    if (!header.is_object()) throw fileError(path, "header is not a JSON object");
    return header;
}

SafetensorsEntry parseEntry(const std::string& path, const std::string& name, const json& j, std::uint64_t dataSize) {
    auto fail = [&](const std::string& what) { return fileError(path, "tensor '" + name + "': " + what); };
    if (!j.is_object()) throw fail("entry is not an object");
    SafetensorsEntry e;
    e.name = name;
    if (!j.contains("dtype") || !j["dtype"].is_string()) throw fail("missing dtype");
    const auto dtypeText = j["dtype"].get<std::string>();
    const auto dtype = parseDType(dtypeText);
    if (!dtype) throw fail("unknown dtype '" + dtypeText + "'");
    e.dtype = *dtype;
    if (!j.contains("shape") || !j["shape"].is_array()) throw fail("missing shape");
    std::uint64_t numel = 1;
    for (const auto& d : j["shape"]) {
        if (!d.is_number_unsigned()) throw fail("shape has a non-integer or negative dimension");
        const auto dim = d.get<std::uint64_t>();
        if (dim != 0 && numel > std::numeric_limits<std::uint64_t>::max() / 16 / dim) throw fail("shape is too large");
        numel *= dim;
        e.shape.push_back(static_cast<int64_t>(dim));
    }
    const auto& offsets = j.value("data_offsets", json());
    if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() ||
        !offsets[1].is_number_unsigned())
        throw fail("data_offsets must be two non-negative integers");
    e.begin = offsets[0].get<std::uint64_t>();
    e.end = offsets[1].get<std::uint64_t>();
    if (e.begin > e.end) throw fail("data_offsets begin > end");
    if (e.end > dataSize)
        throw fail("data_offsets [" + std::to_string(e.begin) + ", " + std::to_string(e.end) +
                   ") beyond the data section of " + std::to_string(dataSize) + " bytes");
    const std::uint64_t expected = numel * dtypeSize(e.dtype);
    if (e.end - e.begin != expected)
        throw fail("byte range of " + std::to_string(e.end - e.begin) + " bytes, but shape x dtype needs " +
                   std::to_string(expected));
    return e;
}

std::vector<int64_t> contiguousStrides(const std::vector<int64_t>& shape) {
    std::vector<int64_t> strides(shape.size(), 1);
    for (std::size_t i = shape.size(); i-- > 1;)
        strides[i - 1] = strides[i] * shape[i];
    return strides;
}

} // namespace

SafetensorsFile SafetensorsFile::open(const std::string& path) {
    SafetensorsFile f;
    f.file_ = MappedFile::open(path);
    const auto size = f.file_->size();
    if (size < 8) throw fileError(path, "truncated: " + std::to_string(size) + " bytes, no header length");
    const std::uint64_t headerLength = readLittleEndian(f.file_->data(), 8);
    if (headerLength > kMaxHeaderBytes)
        throw fileError(path, "header length " + std::to_string(headerLength) + " is implausibly large");
    if (headerLength > size - 8)
        throw fileError(path, "header length " + std::to_string(headerLength) + " runs beyond the end of the " +
                                  std::to_string(size) + "-byte file");
    f.dataStart_ = 8 + static_cast<std::size_t>(headerLength);
    const std::uint64_t dataSize = size - f.dataStart_;
    const json header = parseHeader(path, reinterpret_cast<const char*>(f.file_->data() + 8), headerLength);

    for (auto it = header.begin(); it != header.end(); ++it) {
        if (it.key() == "__metadata__") {
            if (!it->is_object()) throw fileError(path, "__metadata__ is not an object");
            for (auto m = it->begin(); m != it->end(); ++m) {
                if (!m->is_string()) throw fileError(path, "__metadata__ value '" + m.key() + "' is not a string");
                f.metadata_[m.key()] = m->get<std::string>();
            }
            continue;
        }
        f.index_[it.key()] = f.entries_.size();
        f.entries_.push_back(parseEntry(path, it.key(), *it, dataSize));
    }

    std::vector<const SafetensorsEntry*> byOffset;
    for (const auto& e : f.entries_)
        if (e.end > e.begin) byOffset.push_back(&e);
    std::sort(byOffset.begin(), byOffset.end(),
              [](const SafetensorsEntry* a, const SafetensorsEntry* b) { return a->begin < b->begin; });
    for (std::size_t i = 1; i < byOffset.size(); ++i)
        if (byOffset[i]->begin < byOffset[i - 1]->end)
            throw fileError(path, "tensors '" + byOffset[i - 1]->name + "' and '" + byOffset[i]->name +
                                      "' have overlapping byte ranges");
    return f;
}

const std::string& SafetensorsFile::path() const {
    return file_->path();
}

bool SafetensorsFile::contains(const std::string& name) const {
    return index_.count(name) > 0;
}

const SafetensorsEntry& SafetensorsFile::entry(const std::string& name) const {
    const auto it = index_.find(name);
    if (it == index_.end()) throw fileError(path(), "no tensor named '" + name + "'");
    return entries_[it->second];
}

torch::Tensor SafetensorsFile::tensor(const std::string& name) const {
    const auto& e = entry(name);
    const auto options = torch::TensorOptions().dtype(toScalarType(e.dtype));
    const std::uint8_t* bytes = file_->data() + dataStart_ + e.begin;
    const auto elementSize = dtypeSize(e.dtype);
    if (reinterpret_cast<std::uintptr_t>(bytes) % elementSize != 0) {
        // Misaligned data (header length not a multiple of 8): copy instead
        // of handing vectorised kernels an unaligned pointer.
        auto t = torch::empty(e.shape, options);
        std::memcpy(t.data_ptr(), bytes, e.end - e.begin);
        return t;
    }
    auto keepAlive = file_;
    return torch::from_blob(
        const_cast<std::uint8_t*>(bytes), e.shape, contiguousStrides(e.shape), [keepAlive](void*) {}, options);
}

std::vector<std::pair<std::string, torch::Tensor>> SafetensorsFile::tensors() const {
    std::vector<std::pair<std::string, torch::Tensor>> out;
    out.reserve(entries_.size());
    for (const auto& e : entries_)
        out.emplace_back(e.name, tensor(e.name));
    return out;
}

torch::ScalarType toScalarType(DType dtype) {
    switch (dtype) {
    case DType::F64:
        return torch::kFloat64;
    case DType::F32:
        return torch::kFloat32;
    case DType::F16:
        return torch::kFloat16;
    case DType::BF16:
        return torch::kBFloat16;
    case DType::I64:
        return torch::kInt64;
    case DType::I32:
        return torch::kInt32;
    case DType::I16:
        return torch::kInt16;
    case DType::I8:
        return torch::kInt8;
    case DType::U8:
        return torch::kUInt8;
    case DType::BOOL:
        return torch::kBool;
    }
    return torch::kFloat32;
}

DType fromScalarType(torch::ScalarType type) {
    switch (type) {
    case torch::kFloat64:
        return DType::F64;
    case torch::kFloat32:
        return DType::F32;
    case torch::kFloat16:
        return DType::F16;
    case torch::kBFloat16:
        return DType::BF16;
    case torch::kInt64:
        return DType::I64;
    case torch::kInt32:
        return DType::I32;
    case torch::kInt16:
        return DType::I16;
    case torch::kInt8:
        return DType::I8;
    case torch::kUInt8:
        return DType::U8;
    case torch::kBool:
        return DType::BOOL;
    default:
        throw Error(std::string("safetensors has no dtype for torch type ") + c10::toString(type));
    }
}

void writeSafetensors(const std::string& path, const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata) {
    json header = json::object();
    if (!metadata.empty()) header["__metadata__"] = metadata;
    std::vector<torch::Tensor> data;
    std::uint64_t offset = 0;
    std::set<std::string> names;
    for (const auto& [name, t] : tensors) {
        if (name == "__metadata__" || !names.insert(name).second)
            throw fileError(path, "cannot write tensor name '" + name + "' twice or as a reserved name");
        auto c = t.detach().to(torch::kCPU).contiguous();
        const auto bytes = static_cast<std::uint64_t>(c.numel()) * c.element_size();
        header[name] = {{"dtype", dtypeName(fromScalarType(c.scalar_type()))},
                        {"shape", c.sizes().vec()},
                        {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
        data.push_back(std::move(c));
    }
    std::string text = header.dump();
    // Pad with spaces so the data section starts 8-byte aligned (zero-copy
    // mapping of every dtype on read).
    text.append((8 - (text.size() % 8)) % 8, ' ');
    writeFileAtomically(path, [&](std::ostream& out) {
        std::string length;
        appendLittleEndian(length, text.size(), 8);
        out << length;
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        for (const auto& c : data)
            out.write(static_cast<const char*>(c.data_ptr()),
                      static_cast<std::streamsize>(c.numel() * c.element_size()));
    });
}

} // namespace sa
