#include "tasks/summarization/summarization_dataset.h"

#include "error.h"
#include "text/text_files.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace sa {
namespace {

std::string at(const std::string& path, int64_t line) {
    return path + ":" + std::to_string(line);
}

// A JSON id as written: strings as they are, numbers without quotes.
std::string idText(const nlohmann::json& v) {
    return v.is_string() ? v.get<std::string>() : v.dump();
}

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<SummarizationExample> readJsonLines(const std::string& path, const std::string& content,
                                                const SummarizationColumns& c) {
    std::vector<SummarizationExample> out;
    int64_t number = 0;
    for (const auto& line : text_files::lines(content)) {
        ++number;
        if (line.find_first_not_of(" \t\r\n") == std::string::npos) continue;
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(line);
        } catch (const nlohmann::json::exception& e) {
            throw Error(at(path, number) + ": not valid JSON (" + e.what() + ")");
        }
        if (!j.is_object()) throw Error(at(path, number) + ": a record must be a JSON object");
        auto field = [&](const std::string& name) {
            if (!j.contains(name))
                throw Error(at(path, number) + ": no field '" + name + "' (the config's text and summary columns)");
            if (!j[name].is_string()) throw Error(at(path, number) + ": field '" + name + "' is not a string");
            return j[name].get<std::string>();
        };
        SummarizationExample e;
        e.document = field(c.text);
        if (!c.summary.empty()) e.summary = field(c.summary);
        e.id = !c.id.empty() && j.contains(c.id) && !j[c.id].is_null() ? idText(j[c.id]) : std::to_string(number);
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<SummarizationExample> readCsv(const std::string& path, const std::string& content,
                                          const SummarizationColumns& c) {
    std::vector<int64_t> lines;
    const auto rows = parseCsv(content, path, &lines);
    if (rows.empty()) throw Error(path + ": empty CSV file (a header row naming the columns is needed)");
    const auto& header = rows.front();
    auto column = [&](const std::string& name, bool required) -> int64_t {
        const auto it = std::find(header.begin(), header.end(), name);
        if (it != header.end()) return it - header.begin();
        if (!required) return -1;
        std::string columns;
        for (const auto& h : header)
            columns += (columns.empty() ? "" : ", ") + h;
        throw Error(at(path, 1) + ": the header has no column '" + name + "' (columns: " + columns + ")");
    };
    const auto text = column(c.text, true), summary = c.summary.empty() ? -1 : column(c.summary, true);
    const auto id = c.id.empty() ? -1 : column(c.id, false);
    std::vector<SummarizationExample> out;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const auto& row = rows[r];
        if (row.size() == 1 && row[0].empty()) continue;
        if (row.size() != header.size())
            throw Error(at(path, lines[r]) + ": " + std::to_string(row.size()) + " fields, the header has " +
                        std::to_string(header.size()));
        out.push_back({id >= 0 ? row[static_cast<std::size_t>(id)] : std::to_string(lines[r]),
                       row[static_cast<std::size_t>(text)],
                       summary >= 0 ? row[static_cast<std::size_t>(summary)] : std::string()});
    }
    return out;
}

} // namespace

SummarizationColumns summarizationColumnsFor(const std::string& taskName) {
    if (taskName == "xsum") return {"document", "summary", "id"};
    if (taskName == "cnn_dailymail") return {"article", "highlights", "id"};
    return {"text", "summary", "id"};
}

std::vector<std::vector<std::string>> parseCsv(const std::string& text, const std::string& path,
                                               std::vector<int64_t>* lineOf) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false, any = false;
    int64_t line = 1, rowLine = 1;
    auto endRow = [&] {
        row.push_back(std::move(field));
        field.clear();
        rows.push_back(std::move(row));
        row.clear();
        if (lineOf) lineOf->push_back(rowLine);
        any = false;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char ch = text[i];
        if (quoted) {
            if (ch == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (ch == '"') {
                quoted = false;
            } else {
                if (ch == '\n') ++line;
                field += ch;
            }
            continue;
        }
        if (ch == '"' && field.empty()) {
            quoted = any = true;
        } else if (ch == ',') {
            row.push_back(std::move(field));
            field.clear();
            any = true;
        } else if (ch == '\n' || ch == '\r') {
            if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            endRow();
            rowLine = ++line;
        } else {
            field += ch;
            any = true;
        }
    }
    if (quoted) throw Error(at(path, rowLine) + ": a quoted field is never closed");
    if (any || !field.empty() || !row.empty()) endRow();
    return rows;
}

std::vector<SummarizationExample> readSummarizationFile(const std::string& path, const SummarizationColumns& columns) {
    const auto content = text_files::read(path);
    return endsWith(path, ".csv") ? readCsv(path, content, columns) : readJsonLines(path, content, columns);
}

} // namespace sa
