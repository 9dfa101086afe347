// Little-endian integers: the byte order of every binary format the project
// reads or writes (zip, safetensors, TFRecord), spelled out byte by byte so
// that it holds whatever the host's order.
#pragma once

#include <cstdint>
#include <string>

namespace sa {

inline uint64_t readLittleEndian(const void* bytes, int size) {
    const auto* p = static_cast<const unsigned char*>(bytes);
    uint64_t v = 0;
    for (int i = size - 1; i >= 0; --i)
        v = (v << 8) | p[i];
    return v;
}

inline void appendLittleEndian(std::string& out, uint64_t value, int size) {
    for (int i = 0; i < size; ++i)
        out += static_cast<char>((value >> (8 * i)) & 0xFFu);
}

} // namespace sa
