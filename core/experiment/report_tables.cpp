#include "experiment/report_tables.h"

#include "error.h"
#include "io/atomic_write.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>
#include <sstream>

namespace sa {

namespace fs = std::filesystem;

std::string fixedText(double value, int decimals) {
    if (std::isnan(value)) return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    return buf;
}

namespace {

std::string metric(double value) {
    return fixedText(value, 4);
}
std::string fraction(double value) {
    return fixedText(value, 4);
}
std::string percent(double value) {
    return fixedText(value, 2);
}
// Negative = missing.
std::string count(int64_t n) {
    return n < 0 ? "" : std::to_string(n);
}
std::string positive(int64_t n) {
    return n <= 0 ? "" : std::to_string(n);
}

// A checkpoint folder by its last component ("builtin:demo" stays).
std::string modelLabel(const std::string& model) {
    fs::path p = fs::path(model).lexically_normal();
    if (p.filename().empty()) p = p.parent_path();
    const auto name = p.filename().string();
    return name.empty() ? model : name;
}

// Display width of UTF-8 text: code points, not bytes.
std::size_t displayWidth(const std::string& s) {
    std::size_t n = 0;
    for (const unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::string cell(const Table& t, std::size_t row, std::size_t column) {
    const auto& r = t.rows[row];
    return column < r.size() ? r[column] : std::string();
}

bool isNumeric(const Table& t, std::size_t column) {
    return column < t.numeric.size() && t.numeric[column];
}

std::string oneLine(std::string s) {
    for (auto& c : s)
        if (c == '\n' || c == '\r') c = ' ';
    return s;
}

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string markdownCell(const std::string& s) {
    std::string out;
    for (const char c : oneLine(s)) {
        if (c == '|') out += '\\';
        out += c;
    }
    return out;
}

std::string latexCell(const std::string& s) {
    std::string out;
    for (const char c : oneLine(s)) {
        switch (c) {
        case '&':
            out += "\\&";
            break;
        case '%':
            out += "\\%";
            break;
        case '$':
            out += "\\$";
            break;
        case '#':
            out += "\\#";
            break;
        case '_':
            out += "\\_";
            break;
        case '{':
            out += "\\{";
            break;
        case '}':
            out += "\\}";
            break;
        case '~':
            out += "\\textasciitilde{}";
            break;
        case '^':
            out += "\\textasciicircum{}";
            break;
        case '\\':
            out += "\\textbackslash{}";
            break;
        default:
            out += c;
        }
    }
    return out;
}

void writeText(const std::string& path, const std::string& text) {
    writeFileAtomically(path, [&](std::ostream& out) { out << text; });
}

} // namespace

Table runsTable(const std::vector<RunRecord>& runs) {
    Table t;
    t.header = {"run",
                "status",
                "task",
                "model",
                "adapter",
                "bottleneck",
                "large-sparse k",
                "pruning",
                "sparsity",
                "steps",
                "total steps",
                "metric",
                "best",
                "best step",
                "final",
                "trainable",
                "effective trainable",
                "trainable %",
                "effective %",
                "train time (s)"};
    t.numeric = {false, false, false, false, false, true, true, false, true, true,
                 true,  false, true,  true,  true,  true, true, true,  true, true};
    for (const auto& r : runs)
        t.rows.push_back({r.name,
                          r.status,
                          r.task,
                          modelLabel(r.model),
                          r.adapter,
                          positive(r.bottleneck),
                          positive(r.largeSparse),
                          r.pruning,
                          fraction(r.sparsity),
                          count(r.stepsDone),
                          count(r.totalSteps),
                          r.mainMetric,
                          metric(r.bestValue),
                          count(r.bestStep),
                          metric(r.finalValue),
                          count(r.trainable),
                          count(r.effectiveTrainable),
                          percent(r.trainablePercent),
                          percent(r.effectivePercent),
                          fixedText(r.trainSeconds, 1)});
    return t;
}

Table budgetTable(const ParameterBudget& b) {
    Table t;
    t.header = {"part", "parameters", "% of backbone"};
    t.numeric = {false, true, true};
    auto add = [&](const std::string& label, int64_t n) {
        t.rows.push_back({label, count(n), percent(b.percentOfBackbone(n))});
    };
    add("backbone (frozen)", b.backbone);
    add(b.trainHead ? "task head (trained)" : "task head (frozen)", b.head);
    if (b.fusedSources.count > 0) {
        // A fusion run: the sources apart; the adapter rows below are its fusion layers.
        const auto n = std::to_string(b.fusedSources.count);
        add("fused source adapters, frozen (" + n + " runs, dense)", b.fusedSources.parameters());
        add("fused source adapters, non-zero", b.fusedSources.nonZeros());
    }
    add("adapter weights, prunable (dense)", b.adapterWeights);
    add("adapter weights kept (density " + fraction(b.density) + ")", b.adapterWeightsKept);
    add("adapter biases and LayerNorms", b.biasesAndNorms);
    add("prefix networks", b.prefix);
    add("trainable", b.trainable());
    add("effective trainable (non-zero)", b.effectiveTrainable());
    return t;
}

std::string toCsv(const Table& t) {
    std::string out;
    auto line = [&](const std::vector<std::string>& cells) {
        for (std::size_t c = 0; c < t.header.size(); ++c) {
            if (c > 0) out += ',';
            out += csvField(c < cells.size() ? cells[c] : std::string());
        }
        out += "\r\n";
    };
    line(t.header);
    for (const auto& row : t.rows)
        line(row);
    return out;
}

std::string toMarkdown(const Table& t) {
    const std::size_t columns = t.header.size();
    std::vector<std::vector<std::string>> cells;
    cells.emplace_back();
    for (const auto& h : t.header)
        cells.back().push_back(markdownCell(h));
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        cells.emplace_back();
        for (std::size_t c = 0; c < columns; ++c)
            cells.back().push_back(markdownCell(cell(t, r, c)));
    }
    std::vector<std::size_t> width(columns, 3); // "---" at least
    for (const auto& row : cells)
        for (std::size_t c = 0; c < columns; ++c)
            width[c] = std::max(width[c], displayWidth(row[c]));

    auto padded = [&](const std::string& s, std::size_t c) {
        const std::string pad(width[c] - displayWidth(s), ' ');
        return isNumeric(t, c) ? pad + s : s + pad;
    };
    std::string out;
    for (std::size_t r = 0; r < cells.size(); ++r) {
        out += '|';
        for (std::size_t c = 0; c < columns; ++c)
            out += ' ' + padded(cells[r][c], c) + " |";
        out += '\n';
        if (r == 0) {
            out += '|';
            for (std::size_t c = 0; c < columns; ++c)
                out +=
                    ' ' + (isNumeric(t, c) ? std::string(width[c] - 1, '-') + ':' : std::string(width[c], '-')) + " |";
            out += '\n';
        }
    }
    return out;
}

std::string toLatex(const Table& t) {
    std::string spec;
    for (std::size_t c = 0; c < t.header.size(); ++c)
        spec += isNumeric(t, c) ? 'r' : 'l';
    auto line = [&](const std::vector<std::string>& cells) {
        std::string out;
        for (std::size_t c = 0; c < t.header.size(); ++c) {
            if (c > 0) out += " & ";
            out += latexCell(c < cells.size() ? cells[c] : std::string());
        }
        return out + " \\\\\n";
    };
    std::string out = "\\begin{tabular}{" + spec + "}\n\\toprule\n";
    out += line(t.header);
    out += "\\midrule\n";
    for (const auto& row : t.rows)
        out += line(row);
    out += "\\bottomrule\n\\end{tabular}\n";
    return out;
}

std::vector<std::string> writeRunTables(const std::vector<std::string>& runFolders, const std::string& outDir) {
    std::vector<RunRecord> runs;
    for (const auto& folder : runFolders)
        runs.push_back(readRun(folder));

    std::error_code ec;
    fs::create_directories(outDir, ec);
    if (ec || !fs::is_directory(outDir))
        throw fileError(outDir, "cannot create the output folder" + (ec ? ": " + ec.message() : std::string()));

    std::vector<std::string> written;
    auto writeAll = [&](const std::string& stem, const Table& table) {
        for (const auto& [extension, text] : {std::pair<std::string, std::string>{".csv", toCsv(table)},
                                              {".md", toMarkdown(table)},
                                              {".tex", toLatex(table)}}) {
            const auto path = (fs::path(outDir) / (stem + extension)).string();
            writeText(path, text);
            written.push_back(path);
        }
    };
    writeAll("runs", runsTable(runs));

    std::set<std::string> used;
    for (const auto& r : runs) {
        if (!r.budget) continue;
        std::string name = r.name;
        for (auto& c : name) // a file name, whatever summary.json says
            if (c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20) c = '_';
        std::string stem = "budget-" + name;
        for (int n = 2; used.count(stem); ++n)
            stem = "budget-" + name + "-" + std::to_string(n);
        used.insert(stem);
        writeAll(stem, budgetTable(*r.budget));
    }
    return written;
}

} // namespace sa
