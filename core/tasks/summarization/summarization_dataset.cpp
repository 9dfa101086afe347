#include "tasks/summarization/summarization_dataset.h"

#include "error.h"
#include "text/json_lines.h"
#include "text/text_files.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace sa {
namespace {

using json_lines::location;

// A JSON id as written: strings as they are, numbers without quotes.
std::string idText(const nlohmann::json& v) {
    return v.is_string() ? v.get<std::string>() : v.dump();
}

std::vector<SummarizationExample> readJsonLines(const std::string& path, const std::string& content,
                                                const SummarizationColumns& c) {
    std::vector<SummarizationExample> out;
    for (const auto& r : json_lines::parse(path, content)) {
        SummarizationExample e;
        const char* hint = "the config's text and summary columns";
        e.document = json_lines::stringField(path, r, c.text, hint);
        if (!c.summary.empty()) e.summary = json_lines::stringField(path, r, c.summary, hint);
        const auto id = c.id.empty() ? r.object.end() : r.object.find(c.id);
        e.id = id != r.object.end() && !id->is_null() ? idText(*id) : std::to_string(r.line);
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
        throw Error(location(path, 1) + ": the header has no column '" + name + "' (columns: " + columns + ")");
    };
    const auto text = column(c.text, true), summary = c.summary.empty() ? -1 : column(c.summary, true);
    const auto id = c.id.empty() ? -1 : column(c.id, false);
    std::vector<SummarizationExample> out;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const auto& row = rows[r];
        if (row.size() == 1 && row[0].empty()) continue;
        if (row.size() != header.size())
            throw Error(location(path, lines[r]) + ": " + std::to_string(row.size()) + " fields, the header has " +
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
    if (quoted) throw Error(location(path, rowLine) + ": a quoted field is never closed");
    if (any || !field.empty() || !row.empty()) endRow();
    return rows;
}

std::vector<SummarizationExample> readSummarizationFile(const std::string& path, const SummarizationColumns& columns) {
    const auto content = json_lines::withoutByteOrderMark(text_files::read(path));
    return json_lines::hasSuffix(path, ".csv") ? readCsv(path, content, columns)
                                               : readJsonLines(path, content, columns);
}

} // namespace sa
