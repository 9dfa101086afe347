// Errors raised by core: one exception type whose message already carries the
// context (file, field, tensor name, offending value), so the CLI can print it
// as one line and the GUI can show it verbatim.
#pragma once

#include <new>
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

// What to show a user of any exception: LibTorch's c10::Error appends "\n
// Exception raised from … (most recent call first): frame #0 …", a
// backtrace that means nothing to a researcher; it is cut off here.
inline std::string userMessage(const std::exception& e) {
    std::string message = e.what();
    for (const char* marker : {"\nException raised from", "\nframe #0", " (most recent call first)"})
        if (const auto at = message.find(marker); at != std::string::npos) message.erase(at);
    if (dynamic_cast<const std::bad_alloc*>(&e)) message = "out of memory (" + message + ")";
    return message;
}

} // namespace sa
