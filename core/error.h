// Errors raised by core: one exception type whose message already carries the
// context (file, field, tensor name, offending value), so the CLI can print it
// as one line and the GUI can show it verbatim.
#pragma once

#include <stdexcept>
#include <string>

namespace sa {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// Prefixes `what` with the file it concerns: "<file>: <what>".
inline Error fileError(const std::string& file, const std::string& what) {
    return Error(file + ": " + what);
}

} // namespace sa
