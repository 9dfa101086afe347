#include "text/vocabulary.h"

#include "error.h"
#include "text/text_files.h"
#include "text/unicode.h"

namespace sa {

Vocabulary Vocabulary::readVocabTxt(const std::string& path) {
    Vocabulary vocab;
    const std::vector<std::string> lines = text_files::lines(text_files::read(path));
    if (lines.empty()) throw fileError(path, "empty vocabulary");
    for (std::size_t i = 0; i < lines.size(); ++i)
        vocab.add(lines[i], static_cast<std::int64_t>(i));
    return vocab;
}

Vocabulary Vocabulary::readVocabJson(const std::string& path) {
    return fromJsonObject(text_files::readJson(path), path);
}

Vocabulary Vocabulary::fromJsonObject(const nlohmann::json& object, const std::string& where) {
    if (!object.is_object()) throw Error(where + ": vocabulary must be a JSON object {token: id}");
    if (object.empty()) throw Error(where + ": empty vocabulary");
    Vocabulary vocab;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it.value().is_number_integer() || it.value().get<std::int64_t>() < 0)
            throw Error(where + ": token \"" + unicode::escapedExcerpt(it.key()) +
                        "\": id must be a non-negative integer, got " + it.value().dump());
        vocab.add(it.key(), it.value().get<std::int64_t>());
    }
    return vocab;
}

void Vocabulary::add(const std::string& token, std::int64_t id) {
    ids_[token] = id;
    tokens_[id] = token;
}

const std::int64_t* Vocabulary::find(const std::string& token) const {
    auto it = ids_.find(token);
    return it == ids_.end() ? nullptr : &it->second;
}

const std::string* Vocabulary::token(std::int64_t id) const {
    auto it = tokens_.find(id);
    return it == tokens_.end() ? nullptr : &it->second;
}

} // namespace sa
