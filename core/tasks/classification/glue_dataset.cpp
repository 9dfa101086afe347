#include "tasks/classification/glue_dataset.h"

#include "error.h"
#include "text/text_files.h"
#include "text/unicode.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string_view>
#include <system_error>
#include <utility>

namespace sa {

namespace {

constexpr std::size_t kNone = GlueTaskInfo::kNoColumn;

const std::vector<std::string> kBinary{"0", "1"};
const std::vector<std::string> kEntailment{"entailment", "not_entailment"};
// The order of HF's glue MNLI features and run_glue's MnliProcessor.
const std::vector<std::string> kNli{"contradiction", "entailment", "neutral"};

GlueTaskInfo makeInfo(GlueTask task, std::string name, bool hasHeader, std::size_t columnCount, std::size_t text,
                      std::size_t pair, std::size_t label, std::string textName, std::string pairName,
                      std::string labelName, std::vector<std::string> labels) {
    GlueTaskInfo info;
    info.task = task;
    info.name = std::move(name);
    info.hasHeader = hasHeader;
    info.columnCount = columnCount;
    info.textColumn = text;
    info.pairColumn = pair;
    info.labelColumn = label;
    info.textName = std::move(textName);
    info.pairName = std::move(pairName);
    info.labelName = std::move(labelName);
    info.labels = std::move(labels);
    return info;
}

// Indexed by GlueTask. Column layouts are those of the standard glue_data
// dev files (the README of the data folder lists the headers).
const std::vector<GlueTaskInfo>& table() {
    static const std::vector<GlueTaskInfo> infos{
        // CoLA: source, label, original-label mark, sentence; no header.
        makeInfo(GlueTask::CoLA, "CoLA", false, 4, 3, kNone, 1, "", "", "", kBinary),
        makeInfo(GlueTask::SST2, "SST-2", true, 2, 0, kNone, 1, "sentence", "", "label", kBinary),
        makeInfo(GlueTask::MRPC, "MRPC", true, 5, 3, 4, 0, "#1 String", "#2 String", "Quality", kBinary),
        makeInfo(GlueTask::STSB, "STS-B", true, 10, 7, 8, 9, "sentence1", "sentence2", "score", {}),
        makeInfo(GlueTask::QNLI, "QNLI", true, 4, 1, 2, 3, "question", "sentence", "label", kEntailment),
        makeInfo(GlueTask::RTE, "RTE", true, 4, 1, 2, 3, "sentence1", "sentence2", "label", kEntailment),
        makeInfo(GlueTask::WNLI, "WNLI", true, 4, 1, 2, 3, "sentence1", "sentence2", "label", kBinary),
        makeInfo(GlueTask::QQP, "QQP", true, 6, 3, 4, 5, "question1", "question2", "is_duplicate", kBinary),
        makeInfo(GlueTask::MNLI, "MNLI", true, 16, 8, 9, 15, "sentence1", "sentence2", "gold_label", kNli),
    };
    return infos;
}

std::string normalizedName(const std::string& name) {
    std::string out;
    for (char c : name) {
        if (c == '-' || c == '_' || c == ' ') continue;
        out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    return out;
}

std::vector<std::string_view> splitTabs(std::string_view line) {
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    for (;;) {
        const std::size_t tab = line.find('\t', start);
        if (tab == std::string_view::npos) {
            fields.push_back(line.substr(start));
            return fields;
        }
        fields.push_back(line.substr(start, tab - start));
        start = tab + 1;
    }
}

std::string at(const std::string& path, std::size_t line) {
    return path + ":" + std::to_string(line);
}

// Where the named columns sit: from the header when there is one.
struct Layout {
    std::size_t columns, text, pair, label;
};

std::size_t headerColumn(const std::vector<std::string_view>& header, const std::string& name,
                         const std::string& path) {
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) throw Error(at(path, 1) + ": header has no column '" + name + "'");
    return static_cast<std::size_t>(it - header.begin());
}

std::string columnName(const GlueTaskInfo& info, std::size_t column, const std::string& headerName) {
    return info.hasHeader ? "column '" + headerName + "'" : "column " + std::to_string(column + 1);
}

} // namespace

const GlueTaskInfo& glueTaskInfo(GlueTask task) {
    return table().at(static_cast<std::size_t>(task));
}

const std::vector<GlueTask>& allGlueTasks() {
    static const std::vector<GlueTask> tasks{GlueTask::CoLA, GlueTask::SST2, GlueTask::MRPC,
                                             GlueTask::STSB, GlueTask::QNLI, GlueTask::RTE,
                                             GlueTask::WNLI, GlueTask::QQP,  GlueTask::MNLI};
    return tasks;
}

GlueTask glueTaskByName(const std::string& name) {
    const std::string wanted = normalizedName(name);
    std::string known;
    for (const GlueTaskInfo& info : table()) {
        if (normalizedName(info.name) == wanted) return info.task;
        known += (known.empty() ? "" : ", ") + info.name;
    }
    throw Error("unknown GLUE task '" + name + "' (known: " + known + ")");
}

const std::string& glueTaskName(GlueTask task) {
    return glueTaskInfo(task).name;
}

int64_t glueNumLabels(GlueTask task) {
    const auto& info = glueTaskInfo(task);
    return info.isRegression() ? 1 : static_cast<int64_t>(info.labels.size());
}

std::string glueEvalFileName(GlueTask task) {
    return task == GlueTask::MNLI ? "dev_matched.tsv" : "dev.tsv";
}

std::vector<GlueExample> readGlueTsv(const std::string& path, GlueTask task) {
    const GlueTaskInfo& info = glueTaskInfo(task);
    std::string content = text_files::read(path);
    if (content.compare(0, 3, "\xEF\xBB\xBF") == 0) content.erase(0, 3); // MRPC starts with a BOM
    std::vector<std::string> lines = text_files::lines(content);
    while (!lines.empty() && lines.back().empty())
        lines.pop_back();
    if (lines.empty()) throw fileError(path, "empty file, no GLUE " + info.name + " examples");

    Layout layout{info.columnCount, info.textColumn, info.pairColumn, info.labelColumn};
    std::size_t first = 0;
    if (info.hasHeader) {
        const std::vector<std::string_view> header = splitTabs(lines[0]);
        layout.columns = header.size();
        layout.text = headerColumn(header, info.textName, path);
        if (info.isPair()) layout.pair = headerColumn(header, info.pairName, path);
        layout.label = headerColumn(header, info.labelName, path);
        first = 1;
    }
    if (first == lines.size()) throw fileError(path, "no GLUE " + info.name + " examples after the header");

    std::vector<GlueExample> examples;
    examples.reserve(lines.size() - first);
    for (std::size_t i = first; i < lines.size(); ++i) {
        const std::size_t lineNumber = i + 1;
        // The reference reads the file as UTF-8 and stops at a bad byte; a
        // silent U+FFFD would change the text the model sees.
        if (const auto bad = unicode::invalidUtf8At(lines[i]); bad != std::string::npos)
            throw Error(at(path, lineNumber) + ": not valid UTF-8 at byte " + std::to_string(bad + 1) +
                        " of the line (\"" + unicode::escapedExcerpt(lines[i].substr(bad > 20 ? bad - 20 : 0), 60) +
                        "\"); save the file as UTF-8");
        const std::vector<std::string_view> fields = splitTabs(lines[i]);
        if (fields.size() != layout.columns)
            throw Error(at(path, lineNumber) + ": expected " + std::to_string(layout.columns) + " columns, got " +
                        std::to_string(fields.size()));
        GlueExample example;
        example.line = lineNumber;
        example.text = std::string(fields[layout.text]);
        if (info.isPair()) example.textPair = std::string(fields[layout.pair]);
        const std::string_view value = fields[layout.label];
        if (info.isRegression()) {
            const char* end = value.data() + value.size();
            const auto parsed = std::from_chars(value.data(), end, example.score);
            if (value.empty() || parsed.ec != std::errc{} || parsed.ptr != end || !std::isfinite(example.score))
                throw Error(at(path, lineNumber) + ": " + columnName(info, layout.label, info.labelName) +
                            ": not a score: '" + std::string(value) + "'");
        } else {
            const auto it = std::find(info.labels.begin(), info.labels.end(), value);
            if (it == info.labels.end()) {
                std::string expected;
                for (const std::string& label : info.labels)
                    expected += (expected.empty() ? "" : ", ") + label;
                throw Error(at(path, lineNumber) + ": " + columnName(info, layout.label, info.labelName) +
                            ": unknown " + info.name + " label '" + std::string(value) + "' (expected one of " +
                            expected + ")");
            }
            example.label = static_cast<std::int64_t>(it - info.labels.begin());
        }
        examples.push_back(std::move(example));
    }
    return examples;
}

} // namespace sa
