#include "tasks/question_answering/squad_dataset.h"

#include "error.h"
#include "text/text_files.h"
#include "text/unicode.h"

#include <nlohmann/json.hpp>

#include <limits>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace sa {

namespace {

using nlohmann::json;

// A value as it appears in the file, cut short so that a whole paragraph
// does not end up in an error message.
std::string shown(const json& value) {
    constexpr std::size_t kMax = 80;
    std::string text = value.dump();
    if (text.size() <= kMax) return text;
    return text.substr(0, unicode::utf8CutBefore(text, kMax)) + "...";
}

std::string shownString(std::string_view text) {
    return shown(json(std::string(text)));
}

// Line and column (1-based, the column in characters) of byte `offset`.
std::pair<std::size_t, std::size_t> lineAndColumn(std::string_view content, std::size_t offset) {
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < offset && i < content.size(); ++i) {
        if (content[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(content[i]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return {line, column};
}

json parseJsonFile(const std::string& path) {
    const std::string content = text_files::read(path);
    std::string_view body(content);
    if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3); // as Python's utf-8-sig would
    try {
        return json::parse(body.begin(), body.end());
    } catch (const json::parse_error& e) {
        // nlohmann counts columns in bytes; editors count characters.
        const auto [line, column] = lineAndColumn(body, e.byte > 0 ? e.byte - 1 : 0);
        std::string reason = e.what();
        const std::size_t at = reason.find(", column ");
        const std::size_t colon = at == std::string::npos ? at : reason.find(": ", at);
        if (colon != std::string::npos) reason = reason.substr(colon + 2);
        throw fileError(path, "invalid JSON at line " + std::to_string(line) + ", column " + std::to_string(column) +
                                  ": " + reason);
    } catch (const json::exception& e) {
        throw fileError(path, std::string("invalid JSON: ") + e.what());
    }
}

// Where a record sits in the file, as a JSON path: data[3].paragraphs[0].qas[7].
struct Location {
    std::size_t article = 0, paragraph = 0, question = 0;
    std::string articlePath() const { return "data[" + std::to_string(article) + "]"; }
    std::string paragraphPath() const { return articlePath() + ".paragraphs[" + std::to_string(paragraph) + "]"; }
    std::string questionPath() const { return paragraphPath() + ".qas[" + std::to_string(question) + "]"; }
};

class SquadFileReader {
public:
    explicit SquadFileReader(std::string path) : path_(std::move(path)) {}

    std::vector<SquadExample> read(json& root, SquadReadReport& report);

private:
    [[noreturn]] void fail(const std::string& where, const std::string& what) const {
        throw fileError(path_, where + ": " + what);
    }
    const json& member(const json& object, const char* key, const std::string& where) const;
    json& list(json& object, const char* key, const std::string& where) const;
    std::string& text(json& object, const char* key, const std::string& where) const;
    void checkVersion(const json& root, SquadReadReport& report) const;
    void readParagraph(json& paragraph, const Location& at, const std::string& title, std::vector<SquadExample>& out,
                       SquadReadReport& report);
    void checkAnswer(const std::string& context, const SquadAnswer& answer, const std::string& where,
                     SquadReadReport& report);

    std::string path_;
    std::unordered_map<std::string, Location> seenIds_;
    // Code point -> byte offset of the current paragraph's context (size + 1
    // entries); left empty for an ASCII context, where they coincide.
    std::vector<std::size_t> codePointBytes_;
    bool asciiContext_ = true;
};

const json& SquadFileReader::member(const json& object, const char* key, const std::string& where) const {
    const auto it = object.find(key);
    if (it == object.end()) fail(where, std::string("missing \"") + key + "\"");
    return *it;
}

json& SquadFileReader::list(json& object, const char* key, const std::string& where) const {
    const auto it = object.find(key);
    if (it == object.end()) fail(where, std::string("missing \"") + key + "\" (a list)");
    if (!it->is_array()) fail(where + "." + key, "expected a list, got " + shown(*it));
    return *it;
}

std::string& SquadFileReader::text(json& object, const char* key, const std::string& where) const {
    const auto it = object.find(key);
    if (it == object.end()) fail(where, std::string("missing \"") + key + "\"");
    if (!it->is_string()) fail(where + "." + key, "expected a string, got " + shown(*it));
    return it->get_ref<std::string&>();
}

void SquadFileReader::checkVersion(const json& root, SquadReadReport& report) const {
    const auto it = root.find("version");
    if (it == root.end()) return;
    if (!it->is_string()) fail("version", "expected a string, got " + shown(*it));
    report.version = it->get<std::string>();
    // "1.1", "v1.1", "v2.0": the major version decides.
    std::string_view v(report.version);
    if (!v.empty() && (v[0] == 'v' || v[0] == 'V')) v.remove_prefix(1);
    int major = 0;
    for (std::size_t i = 0; i < v.size() && v[i] >= '0' && v[i] <= '9' && major < 1000; ++i)
        major = major * 10 + (v[i] - '0');
    if (major >= 2)
        throw fileError(path_, "SQuAD v2.0 (unanswerable questions) is not supported: version is " + shown(*it));
}

std::vector<SquadExample> SquadFileReader::read(json& root, SquadReadReport& report) {
    if (!root.is_object()) throw fileError(path_, "expected a SQuAD object {\"data\": [...]}, got " + shown(root));
    checkVersion(root, report);
    json& data = list(root, "data", "the top level");
    std::vector<SquadExample> out;
    Location at;
    for (at.article = 0; at.article < data.size(); ++at.article) {
        json& article = data[at.article];
        if (!article.is_object()) fail(at.articlePath(), "expected an article object, got " + shown(article));
        std::string title;
        if (const auto it = article.find("title"); it != article.end()) {
            if (!it->is_string()) fail(at.articlePath() + ".title", "expected a string, got " + shown(*it));
            title = it->get<std::string>();
        }
        json& paragraphs = list(article, "paragraphs", at.articlePath());
        for (at.paragraph = 0; at.paragraph < paragraphs.size(); ++at.paragraph)
            readParagraph(paragraphs[at.paragraph], at, title, out, report);
        report.paragraphs += static_cast<int64_t>(paragraphs.size());
    }
    report.articles = static_cast<int64_t>(data.size());
    report.questions = static_cast<int64_t>(out.size());
    return out;
}

void SquadFileReader::readParagraph(json& paragraph, const Location& location, const std::string& title,
                                    std::vector<SquadExample>& out, SquadReadReport& report) {
    Location at = location;
    const std::string where = at.paragraphPath();
    if (!paragraph.is_object()) fail(where, "expected a paragraph object, got " + shown(paragraph));
    const std::string& context = text(paragraph, "context", where);
    json& qas = list(paragraph, "qas", where);

    asciiContext_ = true;
    for (char c : context)
        if (static_cast<unsigned char>(c) >= 0x80) asciiContext_ = false;
    codePointBytes_.clear();
    if (!asciiContext_) {
        for (std::size_t i = 0; i < context.size(); ++i)
            if ((static_cast<unsigned char>(context[i]) & 0xC0) != 0x80) codePointBytes_.push_back(i);
        codePointBytes_.push_back(context.size());
    }

    for (at.question = 0; at.question < qas.size(); ++at.question) {
        json& qa = qas[at.question];
        const std::string qaPath = at.questionPath();
        if (!qa.is_object()) fail(qaPath, "expected a question object, got " + shown(qa));
        for (const char* key : {"is_impossible", "plausible_answers"})
            if (qa.contains(key))
                throw fileError(path_, std::string("SQuAD v2.0 (unanswerable questions) is not supported: ") + qaPath +
                                           " has \"" + key + "\"");
        SquadExample example;
        example.id = std::move(text(qa, "id", qaPath));
        const auto [seen, fresh] = seenIds_.emplace(example.id, at);
        if (!fresh)
            fail(qaPath + ".id",
                 "duplicate question id " + shownString(example.id) + ", first used at " + seen->second.questionPath());
        example.title = title;
        example.question = std::move(text(qa, "question", qaPath));
        example.context = context;
        json& answers = list(qa, "answers", qaPath);
        example.answers.reserve(answers.size());
        for (std::size_t k = 0; k < answers.size(); ++k) {
            const std::string answerPath = qaPath + ".answers[" + std::to_string(k) + "]";
            json& answer = answers[k];
            if (!answer.is_object()) fail(answerPath, "expected an answer object, got " + shown(answer));
            SquadAnswer parsed;
            parsed.text = std::move(text(answer, "text", answerPath));
            const json& start = member(answer, "answer_start", answerPath);
            const bool valid = start.is_number_unsigned()
                                   ? start.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())
                                   : start.is_number_integer() && start.get<int64_t>() >= 0;
            if (!valid) fail(answerPath + ".answer_start", "expected a non-negative integer, got " + shown(start));
            parsed.start = start.get<int64_t>();
            checkAnswer(context, parsed, answerPath, report);
            example.answers.push_back(std::move(parsed));
        }
        report.answers += static_cast<int64_t>(answers.size());
        out.push_back(std::move(example));
    }
}

// answer_start indexes the context as a Python str (code points).
void SquadFileReader::checkAnswer(const std::string& context, const SquadAnswer& answer, const std::string& where,
                                  SquadReadReport& report) {
    std::size_t length = 0;
    for (char c : answer.text)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++length;
    const std::size_t contextLength = asciiContext_ ? context.size() : codePointBytes_.size() - 1;
    const auto start = static_cast<uint64_t>(answer.start);
    std::string problem;
    if (start > contextLength || length > contextLength - start) {
        problem = "answer_start " + std::to_string(answer.start) + " + " + std::to_string(length) +
                  " characters runs past the context (" + std::to_string(contextLength) + " characters)";
    } else {
        const std::size_t first = asciiContext_ ? start : codePointBytes_[start];
        const std::size_t last = asciiContext_ ? start + length : codePointBytes_[start + length];
        const std::string_view found = std::string_view(context).substr(first, last - first);
        if (found == answer.text) return;
        problem = "the context has " + shownString(found) + " at answer_start " + std::to_string(answer.start) +
                  ", the text is " + shownString(answer.text);
    }
    ++report.mismatchedAnswers;
    if (report.mismatches.size() < SquadReadReport::kMaxListedMismatches)
        report.mismatches.push_back(where + ": " + problem);
}

} // namespace

std::vector<SquadExample> readSquadJson(const std::string& path, SquadReadReport* report) {
    json root = parseJsonFile(path);
    SquadReadReport local;
    SquadFileReader reader(path);
    std::vector<SquadExample> examples = reader.read(root, local);
    if (report) *report = std::move(local);
    return examples;
}

std::map<std::string, std::string> readSquadPredictions(const std::string& path) {
    json root = parseJsonFile(path);
    if (!root.is_object())
        throw fileError(path, "expected a JSON object {question id: answer text}, got " + shown(root));
    std::map<std::string, std::string> predictions;
    for (auto& [id, answer] : root.items()) {
        if (!answer.is_string()) throw fileError(path, shownString(id) + ": expected a string, got " + shown(answer));
        predictions.emplace(id, std::move(answer.get_ref<std::string&>()));
    }
    return predictions;
}

} // namespace sa
