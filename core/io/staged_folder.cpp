#include "io/staged_folder.h"

#include "error.h"

#include <algorithm>
#include <filesystem>
#include <unistd.h>

namespace sa {

namespace fs = std::filesystem;

StagedFolder::StagedFolder(const std::string& destination) : destination_(destination) {
    std::error_code error;
    if (fs::exists(destination, error) && !fs::is_directory(destination, error))
        throw fileError(destination, "is a file, not a folder to write into");
    fs::create_directories(destination, error);
    if (error) throw fileError(destination, "cannot create the folder: " + error.message());
    // Inside the destination, so the final moves are renames on one file system.
    for (int n = 0;; ++n) {
        const auto candidate =
            fs::path(destination) / (".staging-" + std::to_string(::getpid()) + "-" + std::to_string(n));
        if (fs::create_directory(candidate, error)) {
            staging_ = candidate.string();
            return;
        }
        if (error) throw fileError(candidate.string(), "cannot create a staging folder: " + error.message());
    }
}

// Committed or not, what is left in the staging folder goes.
StagedFolder::~StagedFolder() {
    std::error_code ignored;
    if (!staging_.empty()) fs::remove_all(staging_, ignored);
}

std::vector<std::string> StagedFolder::commit() {
    std::vector<std::string> moved;
    for (const auto& entry : fs::recursive_directory_iterator(staging_)) {
        if (!entry.is_regular_file()) continue;
        const auto relative = fs::relative(entry.path(), staging_);
        const auto target = fs::path(destination_) / relative;
        std::error_code error;
        fs::create_directories(target.parent_path(), error);
        fs::rename(entry.path(), target, error);
        if (error) throw fileError(target.string(), "cannot move the written file into place: " + error.message());
        moved.push_back(target.string());
    }
    std::sort(moved.begin(), moved.end());
    return moved;
}

} // namespace sa
