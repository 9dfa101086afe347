// What the harnesses share: the readers take paths, so each input is written
// to files in one private temporary folder per fuzzing process (rewritten on
// every run), and a few readers take two files, given as one input split at
// its first NUL byte (no JSON or text file of theirs holds one).
//
// A harness calls its reader inside `refusalIsFine`: a clean refusal (an
// sa::Error, or any std::exception) is the expected answer to bad bytes;
// anything else (a crash, a sanitizer report, a hang, an allocation past
// -rss_limit_mb) is a finding.
#pragma once

#include "error.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <utility>

namespace sa_fuzz {

inline const std::string& tempFolder() {
    static const std::string folder = [] {
        const char* base = std::getenv("TMPDIR");
        std::string pattern = std::string(base && *base ? base : "/tmp") + "/sa_fuzz_XXXXXX";
        if (!::mkdtemp(pattern.data())) std::abort();
        return pattern;
    }();
    return folder;
}

// `folder`/`name` holding exactly `bytes`; returns the path.
inline std::string writeFile(const std::string& name, const std::string& bytes) {
    const std::string path = tempFolder() + "/" + name;
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (!file) std::abort();
    if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), file) != bytes.size()) std::abort();
    std::fclose(file);
    return path;
}

inline void removeFile(const std::string& name) {
    std::remove((tempFolder() + "/" + name).c_str());
}

// The input before its first NUL byte and after it (empty when it has none).
inline std::pair<std::string, std::string> splitAtNul(const uint8_t* data, size_t size) {
    const std::string all(reinterpret_cast<const char*>(data), size);
    const size_t nul = all.find('\0');
    if (nul == std::string::npos) return {all, std::string()};
    return {all.substr(0, nul), all.substr(nul + 1)};
}

// SA_FUZZ_VERBOSE=1 prints each refusal, to check that the seeds are read
// through rather than refused at their first byte.
inline void refused(const std::exception& e) {
    static const bool verbose = std::getenv("SA_FUZZ_VERBOSE") != nullptr;
    if (verbose) std::fprintf(stderr, "refused: %s\n", e.what());
}

template <typename F>
void refusalIsFine(F&& read) {
    try {
        read();
    } catch (const sa::Error& e) {
        refused(e);
    } catch (const std::exception& e) {
        refused(e);
    }
}

} // namespace sa_fuzz
