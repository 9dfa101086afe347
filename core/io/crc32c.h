// CRC-32C (Castagnoli), the checksum of TFRecord framing, which TensorBoard
// event files use: reflected polynomial 0x82F63B78, initial value and final
// XOR ~0 (RFC 3720, appendix B.4 gives the test vectors).
#pragma once

#include <cstddef>
#include <cstdint>

namespace sa {

uint32_t crc32c(const void* data, std::size_t size);

// TFRecord stores CRCs masked (rotated right by 15, plus a constant), so
// that a CRC computed over bytes that themselves hold CRCs stays useful.
uint32_t maskedCrc32c(const void* data, std::size_t size);

} // namespace sa
