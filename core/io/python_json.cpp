#include "io/python_json.h"

#include "text/unicode.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <system_error>

namespace sa::python_json {

std::string floatRepr(double value) {
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value < 0 ? "-inf" : "inf";

    // to_chars without a precision gives the shortest round-trip digits (as
    // Python's dtoa mode 0 does); the layout is then rebuilt with Python's
    // rules from the digits and the decimal exponent.
    char buffer[64];
    const std::to_chars_result r =
        std::to_chars(buffer, buffer + sizeof buffer, std::fabs(value), std::chars_format::scientific);
    const std::string_view text(buffer, static_cast<std::size_t>(r.ptr - buffer));
    const std::size_t e = text.find('e');
    std::string digits;
    for (char c : text.substr(0, e))
        if (c != '.') digits.push_back(c);
    const int exponent = std::atoi(std::string(text.substr(e + 1)).c_str());
    // Python's decpt: value = 0.d1d2... * 10^decpt.
    const int decpt = exponent + 1;
    const int n = static_cast<int>(digits.size());

    std::string out = std::signbit(value) ? "-" : "";
    if (decpt <= -4 || decpt > 16) {
        out += digits[0];
        if (n > 1) out += '.' + digits.substr(1);
        out += exponent < 0 ? "e-" : "e+";
        const int magnitude = std::abs(exponent);
        if (magnitude < 10) out += '0';
        out += std::to_string(magnitude);
    } else if (decpt <= 0) {
        out += "0." + std::string(static_cast<std::size_t>(-decpt), '0') + digits;
    } else if (decpt < n) {
        out += digits.substr(0, static_cast<std::size_t>(decpt)) + '.' + digits.substr(static_cast<std::size_t>(decpt));
    } else {
        out += digits + std::string(static_cast<std::size_t>(decpt - n), '0') + ".0";
    }
    return out;
}

void appendFloat(std::string& out, double value) {
    if (std::isnan(value))
        out += "NaN";
    else if (std::isinf(value))
        out += value < 0 ? "-Infinity" : "Infinity";
    else
        out += floatRepr(value);
}

namespace {

void appendEscape(std::string& out, char32_t unit) {
    static const char* const kHex = "0123456789abcdef";
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4)
        out += kHex[(unit >> shift) & 0xF];
}

} // namespace

void appendString(std::string& out, std::string_view utf8) {
    out += '"';
    for (char32_t c : unicode::decodeUtf8(utf8)) {
        switch (c) {
        case '"':
            out += "\\\"";
            continue;
        case '\\':
            out += "\\\\";
            continue;
        case '\b':
            out += "\\b";
            continue;
        case '\f':
            out += "\\f";
            continue;
        case '\n':
            out += "\\n";
            continue;
        case '\r':
            out += "\\r";
            continue;
        case '\t':
            out += "\\t";
            continue;
        default:
            break;
        }
        if (c >= ' ' && c <= '~') {
            out += static_cast<char>(c);
        } else if (c < 0x10000) {
            appendEscape(out, c);
        } else {
            const char32_t v = c - 0x10000;
            appendEscape(out, 0xD800 + (v >> 10));
            appendEscape(out, 0xDC00 + (v & 0x3FF));
        }
    }
    out += '"';
}

} // namespace sa::python_json
