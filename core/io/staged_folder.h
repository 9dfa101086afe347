// All-or-nothing output into a folder: files are written into a hidden
// staging folder beside their destination and moved into place only when
// every one of them was written, so an export that fails halfway (a bad
// metrics.jsonl line in the third run) leaves the destination as it was.
#pragma once

#include <string>
#include <vector>

namespace sa {

class StagedFolder {
public:
    // Creates `destination` if needed and a staging folder inside it;
    // throws sa::Error naming the folder.
    explicit StagedFolder(const std::string& destination);
    ~StagedFolder(); // removes the staging folder (and, uncommitted, what was written)
    StagedFolder(const StagedFolder&) = delete;
    StagedFolder& operator=(const StagedFolder&) = delete;

    const std::string& path() const { return staging_; } // write here
    // Moves every file written into path() to the destination (replacing
    // files of the same name); returns the destination paths, sorted.
    std::vector<std::string> commit();

private:
    std::string destination_, staging_;
};

} // namespace sa
