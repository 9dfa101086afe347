// A whole file mapped read-only (copy-on-write) into memory, shared by every
// tensor that views it: checkpoint tensors are then zero-copy until a caller
// writes to them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace sa {

class MappedFile {
public:
    // Throws sa::Error naming the path when it cannot be opened or mapped.
    static std::shared_ptr<const MappedFile> open(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const std::uint8_t* data() const { return data_; }
    std::size_t size() const { return size_; }
    const std::string& path() const { return path_; }

private:
    MappedFile() = default;
    std::string path_;
    std::uint8_t* data_ = nullptr;
    std::size_t size_ = 0;
    bool mapped_ = false; // false: data_ is a heap copy (empty file or no mmap)
};

} // namespace sa
