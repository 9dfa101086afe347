#include "io/atomic_write.h"

#include "error.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

namespace sa {

void writeFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
    namespace fs = std::filesystem;
    const fs::path target(path);
    std::random_device rd;
    const fs::path tmp =
        target.parent_path() / ("." + target.filename().string() + ".tmp" + std::to_string(rd() % 1000000));
    try {
        {
            std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
            if (!out) throw fileError(path, "cannot create temporary file " + tmp.string());
            errno = 0;
            write(out);
            out.flush();
            if (!out) {
                // The stream keeps no reason; the failed write(2) left it in
                // errno: ENOSPC (disk full), EFBIG (a file size limit, e.g.
                // ulimit -f, with SIGXFSZ ignored), EDQUOT, EIO.
                const int error = errno;
                throw fileError(path, std::string("write failed: ") + (error ? std::strerror(error) : "unknown error") +
                                          (error == ENOSPC || error == 0 ? " (disk full?)"
                                           : error == EFBIG              ? " (over the file size limit: ulimit -f?)"
                                                                         : ""));
            }
        }
        std::error_code ec;
        fs::rename(tmp, target, ec);
        if (ec) throw fileError(path, "cannot rename temporary file: " + ec.message());
    } catch (...) {
        std::error_code ignored;
        fs::remove(tmp, ignored);
        throw;
    }
}

void reportFileSizeLimitAsError() {
    std::signal(SIGXFSZ, SIG_IGN);
}

} // namespace sa
