// Summarization data as the reference's run_summarization_sparse.py takes
// it: one (document, summary) pair per record, from JSON Lines (XSum:
// document/summary/id; CNN/DailyMail: article/highlights) or CSV with a
// header row, the text and summary columns named by the config. Errors name
// the file, the line and the field.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sa {

struct SummarizationExample {
    std::string id; // the id column when present (numbers as written), else the record's line number
    std::string document;
    std::string summary;
};

struct SummarizationColumns {
    std::string text = "document";
    std::string summary = "summary"; // empty: not read (documents to summarise)
    std::string id = "id";           // optional in the file
};

// The columns of a named dataset: "xsum" document/summary/id,
// "cnn_dailymail" article/highlights/id; anything else text/summary/id.
SummarizationColumns summarizationColumnsFor(const std::string& taskName);

// .csv files are CSV (RFC 4180 quoting, header row); everything else is
// JSON Lines. Empty lines are skipped; a record without the text or summary
// field, or with one that is not a string, is an error.
std::vector<SummarizationExample> readSummarizationFile(const std::string& path, const SummarizationColumns& columns);

// The rows of a CSV text: fields split on commas outside double quotes,
// "" inside quotes is one quote, quoted fields may span lines. `lineOf`
// receives each row's first line number (1-based).
std::vector<std::vector<std::string>> parseCsv(const std::string& text, const std::string& path,
                                               std::vector<int64_t>* lineOf = nullptr);

} // namespace sa
