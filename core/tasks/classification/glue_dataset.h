// The GLUE benchmark's train/dev TSV files, in the layout of the standard
// `glue_data` download (the one BERT's run_classifier.py and HF's run_glue
// read). These files are not quoted CSV: a row is split on TAB only and quote
// characters are part of the text (MRPC, STS-B and MNLI have rows that open a
// quote they never close).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sa {

enum class GlueTask { CoLA, SST2, MRPC, STSB, QNLI, RTE, WNLI, QQP, MNLI };

// The columns and labels of one task's train/dev files.
struct GlueTaskInfo {
    static constexpr std::size_t kNoColumn = static_cast<std::size_t>(-1);

    GlueTask task;
    std::string name; // folder in glue_data: "SST-2", "STS-B"
    bool hasHeader = true;
    // Columns of the standard dev file. A file with a header is checked
    // against its own header instead (MNLI train has 12 columns, dev 16).
    std::size_t columnCount = 0;
    // Positions in the standard layout; used as they are when there is no
    // header, otherwise the header names below decide.
    std::size_t textColumn = 0;
    std::size_t pairColumn = kNoColumn; // kNoColumn for single-sentence tasks
    std::size_t labelColumn = 0;
    std::string textName, pairName, labelName; // header names; empty without a header
    // The label of example i is its index here; empty for STS-B, whose
    // label column is a similarity score in [0, 5].
    std::vector<std::string> labels;

    bool isRegression() const { return labels.empty(); }
    bool isPair() const { return pairColumn != kNoColumn; }
};

const GlueTaskInfo& glueTaskInfo(GlueTask task);
const std::vector<GlueTask>& allGlueTasks();

// "SST-2", "sst-2", "sst2", "SST_2", "sts-b", "MNLI", ... (case, '-' and '_'
// ignored); throws sa::Error naming the value and the known tasks.
GlueTask glueTaskByName(const std::string& name);
const std::string& glueTaskName(GlueTask task); // the folder name, "SST-2"
// The classifier's outputs for `task`: its label count, 1 for regression (STS-B).
int64_t glueNumLabels(GlueTask task);
// The file a run evaluates on in a GLUE data folder ("dev.tsv"; MNLI:
// "dev_matched.tsv"); train.tsv is the other one it reads.
std::string glueEvalFileName(GlueTask task);

struct GlueExample {
    std::string text, textPair; // textPair empty for single-sentence tasks
    std::int64_t label = -1;    // index into GlueTaskInfo::labels; -1 for STS-B
    double score = 0;           // STS-B similarity
    std::size_t line = 0;       // 1-based line of the file
};

// Every example of a train/dev TSV. A UTF-8 BOM, CRLF line ends, a missing
// final newline and empty lines at the end are accepted; any other row whose
// column count differs from the header's (or the task's, without a header),
// an unknown label, an unparsable score, a header lacking a named column and
// a file with no examples throw sa::Error naming file and line ("file:line:
// ...") and the column.
std::vector<GlueExample> readGlueTsv(const std::string& path, GlueTask task);

} // namespace sa
