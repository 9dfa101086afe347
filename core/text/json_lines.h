// JSON Lines files (one JSON object per line, blank lines skipped), the one
// reader behind the summarization datasets, `generate`'s input and `score
// rouge`'s text files, so a bad record is reported the same way everywhere:
// "FILE:LINE: what is wrong".
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace sa::json_lines {

struct Record {
    int64_t line = 0; // 1-based, in the file
    nlohmann::json object;
};

// The records of a file's `content` (a leading UTF-8 byte order mark is
// ignored). Throws sa::Error "path:line: not valid JSON (...)" or "... a
// record must be a JSON object".
std::vector<Record> parse(const std::string& path, const std::string& content);

// The string field `name` of `record`; throws sa::Error naming the file, the
// line and the field (`hint` says where the name came from, e.g. "the
// config's text and summary columns").
std::string stringField(const std::string& path, const Record& record, const std::string& name,
                        const std::string& hint = "");

// "path:line", the prefix of every error about a line of a file.
std::string location(const std::string& path, int64_t line);

// `content` without a leading UTF-8 byte order mark.
std::string withoutByteOrderMark(std::string content);

bool hasSuffix(const std::string& text, const std::string& suffix);

} // namespace sa::json_lines
