#include "text/text_files.h"

#include "error.h"

#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace sa::text_files {

std::string read(const std::string& path) {
    // A folder opens like a file and reads as empty: name it instead.
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) throw fileError(path, "is a folder, not a file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw fileError(path, "cannot open for reading");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) throw fileError(path, "read failed");
    return buffer.str();
}

nlohmann::json readJson(const std::string& path) {
    const std::string content = read(path);
    try {
        return nlohmann::json::parse(content);
    } catch (const nlohmann::json::exception& e) {
        throw fileError(path, std::string("invalid JSON: ") + e.what());
    }
}

bool exists(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

std::string join(const std::string& directory, const std::string& name) {
    if (directory.empty()) return name;
    return directory.back() == '/' ? directory + name : directory + "/" + name;
}

std::vector<std::string> lines(const std::string& content) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i < content.size(); ++i) {
        if (content[i] != '\n' && content[i] != '\r') continue;
        out.push_back(content.substr(start, i - start));
        if (content[i] == '\r' && i + 1 < content.size() && content[i + 1] == '\n') ++i;
        start = i + 1;
    }
    if (start < content.size()) out.push_back(content.substr(start));
    return out;
}

} // namespace sa::text_files
