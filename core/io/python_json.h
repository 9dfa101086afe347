// The scalars of JSON text exactly as Python's json.dumps writes them, for
// the files whose reference is a Python script (utils_qa.py's predictions,
// evaluate-v1.1.py's scores): byte-identical output lets a run's files be
// compared with the official ones by checksum. Structure (indentation,
// separators) is left to the writer of each file.
#pragma once

#include <string>
#include <string_view>

namespace sa::python_json {

// repr(float): the shortest digits that round-trip, fixed notation for
// 1e-4 <= |x| < 1e16 with at least one digit after the point ("100.0",
// "0.0001"), else exponent notation with a signed exponent of two or more
// digits ("1e-05", "1.5e+16"). Non-finite: "inf", "-inf", "nan".
std::string floatRepr(double value);

// json.dumps(float): floatRepr, except NaN / Infinity / -Infinity (what
// Python's default allow_nan=True writes; not strict JSON).
void appendFloat(std::string& out, double value);

// json.dumps(str) with the default ensure_ascii=True: quoted; `"`, `\` and
// \b \f \n \r \t escaped by name; every other character outside ' '..'~'
// (DEL included) as \uxxxx in lower-case hex, above U+FFFF as a surrogate
// pair. Invalid UTF-8 (which a Python str cannot hold) is written as U+FFFD.
void appendString(std::string& out, std::string_view utf8);

} // namespace sa::python_json
