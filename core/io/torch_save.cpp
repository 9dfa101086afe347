#include "io/torch_save.h"

#include "io/byte_order.h"
#include "io/crc32.h"

#include "error.h"
#include "io/atomic_write.h"

#include <array>
#include <limits>
#include <map>
#include <ostream>
#include <set>

namespace sa {
namespace {

// The typed storage class torch.save names in each persistent id: the only
// place the element type is recorded (io/torch_pickle.cpp reads it back).
const char* storageClass(DType dtype) {
    switch (dtype) {
    case DType::F64:
        return "DoubleStorage";
    case DType::F32:
        return "FloatStorage";
    case DType::F16:
        return "HalfStorage";
    case DType::BF16:
        return "BFloat16Storage";
    case DType::I64:
        return "LongStorage";
    case DType::I32:
        return "IntStorage";
    case DType::I16:
        return "ShortStorage";
    case DType::I8:
        return "CharStorage";
    case DType::U8:
        return "ByteStorage";
    case DType::BOOL:
        return "BoolStorage";
    }
    return "FloatStorage";
}

// The few pickle opcodes needed (names as in CPython's pickle.py).
class PickleWriter {
public:
    void proto2() { bytes_ += "\x80\x02"; }
    void global(const std::string& module, const std::string& name) { bytes_ += "c" + module + "\n" + name + "\n"; }
    void mark() { bytes_ += '('; }
    void tuple() { bytes_ += 't'; }
    void emptyTuple() { bytes_ += ')'; }
    void reduce() { bytes_ += 'R'; }
    void setItems() { bytes_ += 'u'; }
    void newFalse() { bytes_ += '\x89'; }
    void binPersId() { bytes_ += 'Q'; }
    void stop() { bytes_ += '.'; }
    void string(const std::string& text) { // BINUNICODE: UTF-8 with a 4-byte length
        bytes_ += 'X';
        le(text.size(), 4);
        bytes_ += text;
    }
    void integer(int64_t value) {
        if (value >= 0 && value < 0x100) {
            bytes_ += 'K'; // BININT1
            le(uint64_t(value), 1);
        } else if (value >= 0 && value < 0x10000) {
            bytes_ += 'M'; // BININT2
            le(uint64_t(value), 2);
        } else if (value >= std::numeric_limits<int32_t>::min() && value <= std::numeric_limits<int32_t>::max()) {
            bytes_ += 'J'; // BININT, signed
            le(uint64_t(value), 4);
        } else {
            bytes_ += "\x8a\x08"; // LONG1, 8 bytes two's complement
            le(uint64_t(value), 8);
        }
    }
    void intTuple(const std::vector<int64_t>& values) {
        if (values.empty()) return emptyTuple();
        mark();
        for (int64_t v : values)
            integer(v);
        tuple();
    }
    // collections.OrderedDict(): the state dict itself and the empty
    // backward-hooks argument of every tensor.
    void emptyOrderedDict() {
        global("collections", "OrderedDict");
        emptyTuple();
        reduce();
    }
    const std::string& bytes() const { return bytes_; }

private:
    void le(uint64_t value, int n) { appendLittleEndian(bytes_, value, n); }
    std::string bytes_;
};

// A zip of STORED entries with 64-byte aligned data, no ZIP64 (APPNOTE
// 4.3.7 local header, 4.3.12 central header, 4.3.16 end record).
class ZipWriter {
public:
    ZipWriter(std::ostream& out, std::string path) : out_(out), path_(std::move(path)) {}

    void add(const std::string& name, const std::string& data) {
        constexpr uint64_t kLocalHeaderSize = 30, kExtraHeader = 4, kAlignment = 64;
        // The padding lives in an extra field (id "FB", as torch.save's
        // writer uses), so readers that skip unknown extra fields see a
        // plain entry.
        const uint64_t unpadded = offset_ + kLocalHeaderSize + name.size() + kExtraHeader;
        const uint64_t padding = (kAlignment - unpadded % kAlignment) % kAlignment;
        Entry e{name, crc32(data.data(), data.size()), data.size(), offset_};
        checkLimit(unpadded + padding + data.size());
        std::string h;
        le(h, 0x04034b50, 4);
        le(h, 20, 2); // version needed: 2.0
        le(h, 0, 2);  // flags
        le(h, 0, 2);  // method: STORED
        le(h, 0, 2);  // time 00:00
        le(h, kDosDate, 2);
        le(h, e.crc, 4);
        le(h, e.size, 4);
        le(h, e.size, 4);
        le(h, name.size(), 2);
        le(h, kExtraHeader + padding, 2);
        h += name;
        le(h, 0x4246, 2); // "FB"
        le(h, padding, 2);
        h.append(size_t(padding), 'Z');
        write(h);
        write(data);
        entries_.push_back(std::move(e));
    }

    void finish() {
        const uint64_t directoryStart = offset_;
        for (const Entry& e : entries_) {
            std::string h;
            le(h, 0x02014b50, 4);
            le(h, 20, 2); // made by: 2.0
            le(h, 20, 2); // needed: 2.0
            le(h, 0, 2);
            le(h, 0, 2);
            le(h, 0, 2);
            le(h, kDosDate, 2);
            le(h, e.crc, 4);
            le(h, e.size, 4);
            le(h, e.size, 4);
            le(h, e.name.size(), 2);
            le(h, 0, 2); // extra
            le(h, 0, 2); // comment
            le(h, 0, 2); // disk
            le(h, 0, 2); // internal attributes
            le(h, 0, 4); // external attributes
            le(h, e.offset, 4);
            h += e.name;
            write(h);
        }
        const uint64_t directorySize = offset_ - directoryStart;
        checkLimit(offset_ + 22);
        if (entries_.size() >= 0xffff) throw fileError(path_, "too many zip entries for a plain (non-ZIP64) zip");
        std::string end;
        le(end, 0x06054b50, 4);
        le(end, 0, 2);
        le(end, 0, 2);
        le(end, entries_.size(), 2);
        le(end, entries_.size(), 2);
        le(end, directorySize, 4);
        le(end, directoryStart, 4);
        le(end, 0, 2);
        write(end);
    }

private:
    struct Entry {
        std::string name;
        uint32_t crc;
        uint64_t size, offset;
    };
    static constexpr uint64_t kDosDate = (0 << 9) | (1 << 5) | 1; // 1980-01-01: reproducible files

    static void le(std::string& out, uint64_t value, int n) { appendLittleEndian(out, value, n); }
    void checkLimit(uint64_t end) const {
        if (end >= 0xffffffffu)
            throw fileError(path_, "state dict too large for a plain zip (4 GiB); ZIP64 is not written");
    }
    void write(const std::string& bytes) {
        out_.write(bytes.data(), std::streamsize(bytes.size()));
        offset_ += bytes.size();
    }

    std::ostream& out_;
    std::string path_;
    uint64_t offset_ = 0;
    std::vector<Entry> entries_;
};

} // namespace

void writeTorchZipStateDict(const std::string& path,
                            const std::vector<std::pair<std::string, TorchSaveTensor>>& tensors,
                            const std::string& archiveName) {
    // Storage keys "0", "1", ... in order of first use; a shared bytes
    // object keeps its first key.
    std::map<const std::vector<uint8_t>*, std::string> keys;
    std::vector<const std::vector<uint8_t>*> storages;
    std::set<std::string> names;
    PickleWriter p;
    p.proto2();
    p.emptyOrderedDict();
    p.mark();
    for (const auto& [name, t] : tensors) {
        if (!names.insert(name).second) throw fileError(path, "tensor '" + name + "' appears twice");
        int64_t numel = 1;
        for (int64_t size : t.shape) {
            if (size < 0) throw fileError(path, "tensor '" + name + "' has a negative size");
            numel *= size;
        }
        const uint64_t elementSize = dtypeSize(t.dtype);
        if (!t.bytes || t.bytes->size() != uint64_t(numel) * elementSize)
            throw fileError(path, "tensor '" + name + "' has " + std::to_string(t.bytes ? t.bytes->size() : 0) +
                                      " bytes, but its shape needs " + std::to_string(uint64_t(numel) * elementSize));
        auto [it, fresh] = keys.emplace(t.bytes.get(), std::to_string(storages.size()));
        if (fresh) storages.push_back(t.bytes.get());
        const int64_t storageNumel = int64_t(t.bytes->size() / elementSize);

        p.string(name);
        // _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, backward_hooks)
        p.global("torch._utils", "_rebuild_tensor_v2");
        p.mark();
        p.mark(); // persistent id ('storage', StorageClass, key, location, numel)
        p.string("storage");
        p.global("torch", storageClass(t.dtype));
        p.string(it->second);
        p.string("cpu");
        p.integer(storageNumel);
        p.tuple();
        p.binPersId();
        p.integer(0);
        p.intTuple(t.shape);
        std::vector<int64_t> strides(t.shape.size(), 1);
        for (size_t d = t.shape.size(); d-- > 1;)
            strides[d - 1] = strides[d] * t.shape[d];
        p.intTuple(strides);
        p.newFalse();
        p.emptyOrderedDict();
        p.tuple();
        p.reduce();
    }
    p.setItems();
    p.stop();

    writeFileAtomically(path, [&](std::ostream& out) {
        ZipWriter zip(out, path);
        const std::string folder = archiveName + "/";
        zip.add(folder + "data.pkl", p.bytes());
        zip.add(folder + "byteorder", "little");
        for (size_t i = 0; i < storages.size(); ++i)
            zip.add(folder + "data/" + std::to_string(i), std::string(storages[i]->begin(), storages[i]->end()));
        zip.add(folder + "version", "3\n");
        zip.finish();
    });
}

} // namespace sa
