#include "text/json_lines.h"

#include "error.h"
#include "text/text_files.h"

namespace sa::json_lines {

std::string location(const std::string& path, int64_t line) {
    return path + ":" + std::to_string(line);
}

std::string withoutByteOrderMark(std::string content) {
    if (content.compare(0, 3, "\xEF\xBB\xBF") == 0) content.erase(0, 3);
    return content;
}

bool hasSuffix(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<Record> parse(const std::string& path, const std::string& content) {
    std::vector<Record> out;
    int64_t number = 0;
    for (const auto& line : text_files::lines(withoutByteOrderMark(content))) {
        ++number;
        if (line.find_first_not_of(" \t\r\n") == std::string::npos) continue;
        Record r;
        r.line = number;
        try {
            r.object = nlohmann::json::parse(line);
        } catch (const nlohmann::json::exception& e) {
            throw Error(location(path, number) + ": not valid JSON (" + e.what() + ")");
        }
        if (!r.object.is_object()) throw Error(location(path, number) + ": a record must be a JSON object");
        out.push_back(std::move(r));
    }
    return out;
}

std::string stringField(const std::string& path, const Record& record, const std::string& name,
                        const std::string& hint) {
    const auto it = record.object.find(name);
    if (it == record.object.end())
        throw Error(location(path, record.line) + ": no field '" + name + "'" +
                    (hint.empty() ? "" : " (" + hint + ")"));
    if (!it->is_string())
        throw Error(location(path, record.line) + ": field '" + name + "' is not a string (" + it->type_name() + ")");
    return it->get<std::string>();
}

} // namespace sa::json_lines
