#include "io/event_file.h"

#include "error.h"
#include "io/atomic_write.h"
#include "io/byte_order.h"
#include "io/crc32.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <type_traits>

namespace fs = std::filesystem;

namespace sa {

namespace {

// Protobuf wire types (developers.google.com/protocol-buffers/docs/encoding).
enum Wire : uint32_t { Varint = 0, Fixed64 = 1, Bytes = 2, Fixed32 = 5 };

void varint(std::string& out, uint64_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7F) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

void key(std::string& out, uint32_t field, Wire wire) {
    varint(out, (static_cast<uint64_t>(field) << 3) | wire);
}

// Integers as they are, IEEE floats (double: fixed64, float: fixed32) as
// their bits.
template <typename T> void littleEndian(std::string& out, T value) {
    static_assert(sizeof(T) == 4 || sizeof(T) == 8, "protobuf's fixed widths");
    std::conditional_t<sizeof(T) == 8, uint64_t, uint32_t> bits;
    std::memcpy(&bits, &value, sizeof(T));
    appendLittleEndian(out, bits, sizeof(T));
}

void bytesField(std::string& out, uint32_t field, const std::string& bytes) {
    key(out, field, Bytes);
    varint(out, bytes.size());
    out += bytes;
}

// Event (event.proto): wall_time = 1, step = 2, file_version = 3, summary = 5.
std::string event(double wallTime, int64_t step) {
    std::string e;
    key(e, 1, Fixed64);
    littleEndian(e, wallTime);
    key(e, 2, Varint);
    varint(e, static_cast<uint64_t>(step)); // int64: negatives as 10-byte two's complement
    return e;
}

// Summary (summary.proto): repeated Value value = 1; Value: tag = 1, simple_value = 2 (float).
std::string summary(const std::vector<TensorBoardScalar>& scalars) {
    std::string s;
    for (const auto& scalar : scalars) {
        std::string value;
        bytesField(value, 1, scalar.tag);
        key(value, 2, Fixed32);
        littleEndian(value, static_cast<float>(scalar.value));
        bytesField(s, 1, value);
    }
    return s;
}

bool readVarint(const std::string& in, std::size_t& at, uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64 && at < in.size(); shift += 7) {
        const auto byte = static_cast<unsigned char>(in[at++]);
        v |= static_cast<uint64_t>(byte & 0x7F) << shift;
        if (!(byte & 0x80)) return true;
    }
    return false;
}

// TFRecord framing: length, its masked CRC, the payload, the payload's.
std::string framed(const std::string& payload) {
    std::string record;
    littleEndian(record, static_cast<uint64_t>(payload.size()));
    littleEndian(record, maskedCrc32c(record.data(), record.size()));
    record += payload;
    littleEndian(record, maskedCrc32c(payload.data(), payload.size()));
    return record;
}

std::string hostName() {
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0 || !host[0]) return "localhost";
    return host;
}

} // namespace

double unixSeconds() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

EventFileWriter::EventFileWriter(const std::string& directory, double wallTime) {
    static std::atomic<int> count{0};
    std::error_code error;
    fs::create_directories(directory, error);
    if (error) throw fileError(directory, "cannot create the TensorBoard folder: " + error.message());
    const std::string stem = (fs::path(directory) / "events.out.tfevents.").string() +
                             std::to_string(static_cast<int64_t>(wallTime)) + "." + hostName() + "." +
                             std::to_string(::getpid()) + ".";
    do
        path_ = stem + std::to_string(count++);
    while (fs::exists(path_));
    out_.open(path_, std::ios::binary);
    if (!out_) throw fileError(path_, "cannot be written: " + std::string(std::strerror(errno)));
    std::string version = event(wallTime, 0);
    bytesField(version, 3, "brain.Event:2");
    writeRecord(version);
    flush();
}

void EventFileWriter::writeScalars(int64_t step, double wallTime, const std::vector<TensorBoardScalar>& scalars) {
    std::string e = event(wallTime, step);
    bytesField(e, 5, summary(scalars));
    writeRecord(e);
}

void EventFileWriter::flush() {
    out_.flush();
    if (!out_) throw fileError(path_, "cannot be written (disk full?)");
}

void EventFileWriter::writeRecord(const std::string& e) {
    out_ << framed(e);
}

std::vector<std::string> readEventRecords(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw fileError(path, "cannot be read: " + std::string(std::strerror(errno)));
    const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::string> records;
    std::size_t at = 0;
    while (data.size() - at >= 16) { // the smallest record: an empty payload
        const uint64_t length = readLittleEndian(data.data() + at, 8);
        if (readLittleEndian(data.data() + at + 8, 4) != maskedCrc32c(data.data() + at, 8)) break;
        if (length > data.size() - at - 16) break;
        const char* payload = data.data() + at + 12;
        if (readLittleEndian(payload + length, 4) != maskedCrc32c(payload, length)) break;
        records.emplace_back(payload, length);
        at += 16 + length;
    }
    return records;
}

namespace {

// The first field `field` of message `m` with wire type `wire`: its varint
// value, or its bytes; false when absent or the message is malformed.
bool findField(const std::string& m, uint32_t field, Wire wire, uint64_t* number, std::string* bytes) {
    std::size_t at = 0;
    uint64_t tag = 0, v = 0;
    while (at < m.size() && readVarint(m, at, tag)) {
        const auto type = static_cast<uint32_t>(tag & 7);
        if (type == Varint) {
            if (!readVarint(m, at, v)) return false;
        } else if (type == Fixed64 || type == Fixed32) {
            const std::size_t width = type == Fixed64 ? 8 : 4;
            if (width > m.size() - at) return false;
            at += width;
            continue;
        } else if (type == Bytes) {
            if (!readVarint(m, at, v) || v > m.size() - at) return false;
            if ((tag >> 3) == field && type == wire) {
                if (bytes) *bytes = m.substr(at, v);
                return true;
            }
            at += v;
            continue;
        } else {
            return false; // not a message this file could hold
        }
        if ((tag >> 3) == field && type == wire) {
            if (number) *number = v;
            return true;
        }
    }
    return false;
}

} // namespace

int64_t eventStep(const std::string& e) {
    uint64_t step = 0;
    return findField(e, 2, Varint, &step, nullptr) ? static_cast<int64_t>(step) : 0;
}

std::string eventFirstTag(const std::string& e) {
    std::string summary, value, tag;
    if (findField(e, 5, Bytes, nullptr, &summary) && findField(summary, 1, Bytes, nullptr, &value) &&
        findField(value, 1, Bytes, nullptr, &tag))
        return tag;
    return {};
}

void dropEventsAfter(const std::string& directory, int64_t step, const std::map<std::string, int>& keepAtStep) {
    std::error_code error;
    if (!fs::is_directory(directory, error)) return;
    // Oldest first (the names start with the unix time), so the events kept
    // at `step` are the first ones written.
    std::vector<fs::directory_entry> files;
    for (const auto& entry : fs::directory_iterator(directory)) {
        const auto name = entry.path().filename().string();
        if (name.rfind("events.out.tfevents.", 0) == 0 && entry.is_regular_file()) files.push_back(entry);
    }
    std::sort(files.begin(), files.end());
    auto left = keepAtStep;
    for (const auto& entry : files) {
        const auto records = readEventRecords(entry.path().string());
        std::vector<const std::string*> kept;
        for (const auto& r : records) {
            const int64_t at = eventStep(r);
            if (at > step) continue;
            if (at == step) {
                const auto tag = eventFirstTag(r);
                const auto limit =
                    std::find_if(left.begin(), left.end(), [&](const auto& k) { return tag.rfind(k.first, 0) == 0; });
                if (limit != left.end() && limit->second-- <= 0) continue;
            }
            kept.push_back(&r);
        }
        uintmax_t bytes = 0;
        for (const auto& r : records)
            bytes += r.size() + 16;
        // Untouched when nothing goes: neither a record nor a torn tail.
        if (kept.size() == records.size() && bytes == entry.file_size()) continue;
        writeFileAtomically(entry.path().string(), [&](std::ostream& out) {
            for (const auto* r : kept)
                out << framed(*r);
        });
    }
}

} // namespace sa
