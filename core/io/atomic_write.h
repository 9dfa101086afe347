// Writes that never leave a half-written file behind: the bytes go to a
// temporary name in the same directory, are flushed, then renamed over the
// destination (rename is atomic within one file system).
#pragma once

#include <functional>
#include <ostream>
#include <string>

namespace sa {

// Calls `write` with a stream to the temporary file, then renames it to
// `path`. On any failure the temporary file is removed and sa::Error names
// `path`; the previous content of `path`, if any, is kept.
void writeFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& write);

// Writing past a file size limit (ulimit -f) raises SIGXFSZ, whose default
// action kills the process with no message, leaving a run "running" and a
// temporary file behind. Ignored, the write fails with EFBIG instead, which
// writeFileAtomically reports like a full disk. Call first thing in main().
void reportFileSizeLimitAsError();

} // namespace sa
