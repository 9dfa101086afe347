#include "io/crc32.h"

#include <array>

namespace sa {

namespace {

using Table = std::array<uint32_t, 256>;

Table makeTable(uint32_t polynomial) {
    Table table{};
    for (uint32_t i = 0; i < 256; ++i) {
        uint32_t c = i;
        for (int bit = 0; bit < 8; ++bit)
            c = (c & 1u) ? (c >> 1) ^ polynomial : c >> 1;
        table[i] = c;
    }
    return table;
}

// Byte at a time: event records are under 200 bytes and zip entries are
// written once, so the sliced or SSE4.2 versions would buy nothing.
uint32_t reflectedCrc(const Table& table, const void* data, std::size_t size) {
    const auto* bytes = static_cast<const unsigned char*>(data);
    uint32_t crc = 0xFFFFFFFFu;
    for (std::size_t i = 0; i < size; ++i)
        crc = table[(crc ^ bytes[i]) & 0xFFu] ^ (crc >> 8);
    return crc ^ 0xFFFFFFFFu;
}

} // namespace

uint32_t crc32(const void* data, std::size_t size) {
    static const auto table = makeTable(0xEDB88320u);
    return reflectedCrc(table, data, size);
}

uint32_t crc32c(const void* data, std::size_t size) {
    static const auto table = makeTable(0x82F63B78u);
    return reflectedCrc(table, data, size);
}

uint32_t maskedCrc32c(const void* data, std::size_t size) {
    const uint32_t crc = crc32c(data, size);
    return ((crc >> 15) | (crc << 17)) + 0xA282EAD8u;
}

} // namespace sa
