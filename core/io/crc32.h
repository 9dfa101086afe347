// The two CRC-32s the project's file formats carry, one table-driven
// reflected CRC with their polynomials: CRC-32 of zip (APPNOTE 4.4.7,
// 0xEDB88320), which torch.save's archives hold per entry, and CRC-32C
// (Castagnoli, 0x82F63B78), the checksum of the TFRecord framing that
// TensorBoard event files use (RFC 3720, appendix B.4 gives test vectors).
// Both start from ~0 and end XORed with ~0.
#pragma once

#include <cstddef>
#include <cstdint>

namespace sa {

uint32_t crc32(const void* data, std::size_t size);  // zip
uint32_t crc32c(const void* data, std::size_t size); // Castagnoli

// TFRecord stores CRCs masked (rotated right by 15, plus a constant), so
// that a CRC computed over bytes that themselves hold CRCs stays useful.
uint32_t maskedCrc32c(const void* data, std::size_t size);

} // namespace sa
