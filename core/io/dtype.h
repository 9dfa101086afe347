// Element types as the safetensors format names them ("F32", "BF16", ...).
// The one mapping between those names, their byte sizes and torch dtypes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace sa {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL };

std::size_t dtypeSize(DType dtype);
const char* dtypeName(DType dtype);
// nullopt for a name the format does not define (the caller adds context).
std::optional<DType> parseDType(const std::string& name);

} // namespace sa
