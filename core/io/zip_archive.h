// Read-only access to the STORED zip archives that torch.save writes
// (PyTorch >= 1.6 "zipfile" serialization). Only what those archives use is
// supported: uncompressed entries, optionally ZIP64, a single disk. Every
// offset and size read from the file is checked against the file size before
// use, so a truncated or hostile file raises sa::Error instead of reading out
// of bounds.
#pragma once

#include <cstdint>
#include <fstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace sa {

class ZipArchive {
public:
    // One central-directory record; the data offset is resolved on read,
    // because only the local header knows the length of its padding field.
    struct Entry {
        std::string name;
        uint16_t method = 0; // 0 = STORED; anything else is refused on read
        uint16_t flags = 0;  // bit 0 = encrypted
        uint64_t compressedSize = 0;
        uint64_t size = 0; // uncompressed
        uint64_t localHeaderOffset = 0;
    };

    // Opens `path` and reads its central directory; throws sa::Error naming
    // the file when it is missing, not a zip, or truncated.
    explicit ZipArchive(std::string path);

    const std::string& path() const { return path_; }
    const std::vector<Entry>& entries() const { return entries_; }

    // nullptr when absent.
    const Entry* find(const std::string& name) const;

    // The entry's bytes. Throws for compressed or encrypted entries and for
    // data that would lie outside the file.
    std::vector<uint8_t> read(const Entry& entry);
    std::vector<uint8_t> read(const std::string& name); // throws when absent

private:
    void readCentralDirectory();
    std::vector<uint8_t> readAt(uint64_t offset, uint64_t length, const char* what);

    std::string path_;
    std::ifstream file_;
    uint64_t fileSize_ = 0;
    std::vector<Entry> entries_;
    std::unordered_map<std::string, size_t> index_;
};

} // namespace sa
