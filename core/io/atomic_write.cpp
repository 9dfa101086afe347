#include "io/atomic_write.h"

#include "error.h"

#include <cstdio>
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
            write(out);
            out.flush();
            if (!out) throw fileError(path, "write failed (disk full?)");
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

} // namespace sa
