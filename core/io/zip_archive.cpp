#include "io/zip_archive.h"

#include "io/byte_order.h"

#include "error.h"

#include <algorithm>

namespace sa {
namespace {

// Record signatures and fixed sizes from PKWARE's APPNOTE.TXT (sections 4.3.7,
// 4.3.12, 4.3.14-16).
constexpr uint32_t kLocalHeaderSignature = 0x04034b50;
constexpr uint32_t kCentralHeaderSignature = 0x02014b50;
constexpr uint32_t kEndOfCentralDirSignature = 0x06054b50;
constexpr uint32_t kZip64LocatorSignature = 0x07064b50;
constexpr uint32_t kZip64EndOfCentralDirSignature = 0x06064b50;
constexpr uint64_t kLocalHeaderSize = 30;
constexpr uint64_t kCentralHeaderSize = 46;
constexpr uint64_t kEndOfCentralDirSize = 22;
constexpr uint64_t kZip64LocatorSize = 20;
constexpr uint64_t kZip64EndOfCentralDirSize = 56;
constexpr uint64_t kMaxCommentSize = 0xffff;
constexpr uint16_t kZip64ExtraId = 0x0001;
// A 16/32-bit field holding its maximum means "the real value is in ZIP64".
constexpr uint16_t kSaturated16 = 0xffff;
constexpr uint32_t kSaturated32 = 0xffffffff;

uint16_t le16(const uint8_t* p) {
    return static_cast<uint16_t>(readLittleEndian(p, 2));
}
uint32_t le32(const uint8_t* p) {
    return static_cast<uint32_t>(readLittleEndian(p, 4));
}
uint64_t le64(const uint8_t* p) {
    return readLittleEndian(p, 8);
}

// [offset, offset + length) lies inside [0, limit), without overflowing.
bool fits(uint64_t offset, uint64_t length, uint64_t limit) {
    return offset <= limit && length <= limit - offset;
}

std::string quoted(const std::string& name) {
    return "'" + name + "'";
}

} // namespace

ZipArchive::ZipArchive(std::string path) : path_(std::move(path)) {
    file_.open(path_, std::ios::binary);
    if (!file_) throw fileError(path_, "cannot open file");
    file_.seekg(0, std::ios::end);
    const std::streamoff end = file_.tellg();
    if (end < 0) throw fileError(path_, "cannot determine the file size");
    fileSize_ = uint64_t(end);
    readCentralDirectory();
}

std::vector<uint8_t> ZipArchive::readAt(uint64_t offset, uint64_t length, const char* what) {
    if (!fits(offset, length, fileSize_))
        throw fileError(path_, std::string("truncated zip: ") + what + " (bytes " + std::to_string(offset) + ".." +
                                   std::to_string(offset + length) + ") lies beyond the end of the file (" +
                                   std::to_string(fileSize_) + " bytes)");
    std::vector<uint8_t> bytes(length);
    file_.clear();
    file_.seekg(std::streamoff(offset));
    file_.read(reinterpret_cast<char*>(bytes.data()), std::streamsize(length));
    if (uint64_t(file_.gcount()) != length) throw fileError(path_, std::string("read error in ") + what);
    return bytes;
}

void ZipArchive::readCentralDirectory() {
    if (fileSize_ < kEndOfCentralDirSize)
        throw fileError(path_, "not a zip archive (" + std::to_string(fileSize_) +
                                   " bytes, too small for an end-of-central-directory record)");

    // The end record sits at the very end, followed only by a comment of at
    // most 64 KiB, so scanning that tail backwards finds it.
    const uint64_t tailSize = std::min(fileSize_, kEndOfCentralDirSize + kMaxCommentSize);
    const uint64_t tailStart = fileSize_ - tailSize;
    const std::vector<uint8_t> tail = readAt(tailStart, tailSize, "end of file");
    uint64_t eocd = tailSize; // position in `tail`
    for (uint64_t pos = tailSize - kEndOfCentralDirSize + 1; pos-- > 0;) {
        if (le32(&tail[pos]) == kEndOfCentralDirSignature &&
            pos + kEndOfCentralDirSize + le16(&tail[pos + 20]) <= tailSize) {
            eocd = pos;
            break;
        }
    }
    if (eocd == tailSize)
        throw fileError(path_, "not a zip archive (no end-of-central-directory record; "
                               "truncated or a different format)");

    const uint8_t* e = &tail[eocd];
    const uint64_t eocdOffset = tailStart + eocd;
    const uint16_t diskNumber = le16(e + 4);
    const uint16_t directoryDisk = le16(e + 6);
    uint64_t entryCount = le16(e + 10);
    uint64_t directorySize = le32(e + 12);
    uint64_t directoryOffset = le32(e + 16);

    const bool zip64 = entryCount == kSaturated16 || directorySize == kSaturated32 || directoryOffset == kSaturated32;
    if (zip64) {
        if (eocdOffset < kZip64LocatorSize)
            throw fileError(path_, "truncated zip: ZIP64 end-of-central-directory locator missing");
        const auto locator = readAt(eocdOffset - kZip64LocatorSize, kZip64LocatorSize, "ZIP64 locator");
        if (le32(locator.data()) != kZip64LocatorSignature)
            throw fileError(path_, "corrupt zip: ZIP64 end-of-central-directory locator missing");
        const uint64_t recordOffset = le64(&locator[8]);
        const auto record = readAt(recordOffset, kZip64EndOfCentralDirSize, "ZIP64 end-of-central-directory record");
        if (le32(record.data()) != kZip64EndOfCentralDirSignature)
            throw fileError(path_, "corrupt zip: bad ZIP64 end-of-central-directory signature");
        if (le32(&record[16]) != 0 || le32(&record[20]) != 0)
            throw fileError(path_, "multi-disk zip archives are not supported");
        entryCount = le64(&record[32]);
        directorySize = le64(&record[40]);
        directoryOffset = le64(&record[48]);
    } else if (diskNumber != 0 || directoryDisk != 0) {
        throw fileError(path_, "multi-disk zip archives are not supported");
    }

    const std::vector<uint8_t> directory = readAt(directoryOffset, directorySize, "central directory");
    if (entryCount > directory.size() / kCentralHeaderSize)
        throw fileError(path_, "corrupt zip: " + std::to_string(entryCount) +
                                   " entries cannot fit a central directory of " + std::to_string(directory.size()) +
                                   " bytes");

    entries_.reserve(size_t(entryCount));
    uint64_t pos = 0;
    for (uint64_t i = 0; i < entryCount; ++i) {
        const std::string where = "central directory entry " + std::to_string(i);
        if (!fits(pos, kCentralHeaderSize, directory.size()) || le32(&directory[pos]) != kCentralHeaderSignature)
            throw fileError(path_, "corrupt zip: bad " + where);
        const uint8_t* h = &directory[pos];
        const uint64_t nameLength = le16(h + 28);
        const uint64_t extraLength = le16(h + 30);
        const uint64_t commentLength = le16(h + 32);
        const uint64_t recordSize = kCentralHeaderSize + nameLength + extraLength + commentLength;
        if (!fits(pos, recordSize, directory.size()))
            throw fileError(path_, "corrupt zip: " + where + " runs past the central directory");

        Entry entry;
        entry.flags = le16(h + 8);
        entry.method = le16(h + 10);
        entry.compressedSize = le32(h + 20);
        entry.size = le32(h + 24);
        entry.localHeaderOffset = le32(h + 42);
        entry.name.assign(reinterpret_cast<const char*>(h + kCentralHeaderSize), nameLength);

        // The ZIP64 extra field lists, in this order, only the fields whose
        // 32-bit slot is saturated (APPNOTE 4.5.3).
        const uint8_t* extra = h + kCentralHeaderSize + nameLength;
        for (uint64_t x = 0; x + 4 <= extraLength;) {
            const uint16_t id = le16(extra + x);
            const uint64_t length = le16(extra + x + 2);
            if (x + 4 + length > extraLength)
                throw fileError(path_, "corrupt zip: extra field of " + quoted(entry.name) + " runs past its record");
            if (id == kZip64ExtraId) {
                const uint8_t* field = extra + x + 4;
                uint64_t used = 0;
                auto next64 = [&](uint64_t& value) {
                    if (used + 8 > length)
                        throw fileError(path_, "corrupt zip: short ZIP64 field in " + quoted(entry.name));
                    value = le64(field + used);
                    used += 8;
                };
                if (entry.size == kSaturated32) next64(entry.size);
                if (entry.compressedSize == kSaturated32) next64(entry.compressedSize);
                if (entry.localHeaderOffset == kSaturated32) next64(entry.localHeaderOffset);
            }
            x += 4 + length;
        }

        index_.emplace(entry.name, entries_.size());
        entries_.push_back(std::move(entry));
        pos += recordSize;
    }
}

const ZipArchive::Entry* ZipArchive::find(const std::string& name) const {
    const auto it = index_.find(name);
    return it == index_.end() ? nullptr : &entries_[it->second];
}

std::vector<uint8_t> ZipArchive::read(const std::string& name) {
    const Entry* entry = find(name);
    if (!entry) throw fileError(path_, "zip entry " + quoted(name) + " not found");
    return read(*entry);
}

std::vector<uint8_t> ZipArchive::read(const Entry& entry) {
    if (entry.flags & 0x1) throw fileError(path_, "zip entry " + quoted(entry.name) + " is encrypted");
    if (entry.method != 0)
        throw fileError(path_, "zip entry " + quoted(entry.name) + " is compressed (method " +
                                   std::to_string(entry.method) +
                                   "); only uncompressed (STORED) entries, as torch.save "
                                   "writes them, are supported");
    if (entry.compressedSize != entry.size)
        throw fileError(path_, "corrupt zip: STORED entry " + quoted(entry.name) +
                                   " has different compressed and uncompressed sizes");

    // The local header repeats the name and carries its own extra field;
    // torch.save pads that field so the data starts 64-byte aligned, hence
    // the data offset has to be read here rather than derived from the
    // central directory.
    const std::string what = "local header of " + quoted(entry.name);
    const auto header = readAt(entry.localHeaderOffset, kLocalHeaderSize, what.c_str());
    if (le32(header.data()) != kLocalHeaderSignature) throw fileError(path_, "corrupt zip: bad " + what);
    const uint64_t dataOffset = entry.localHeaderOffset + kLocalHeaderSize + le16(&header[26]) + le16(&header[28]);
    const std::string data = "data of " + quoted(entry.name);
    return readAt(dataOffset, entry.size, data.c_str());
}

} // namespace sa
