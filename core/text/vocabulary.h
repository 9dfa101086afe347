// Token ↔ id maps as HF builds them: a Python dict filled in file order, so a
// token listed twice keeps its last id (vocab.txt line index, vocab.json value).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <unordered_map>

namespace sa {

class Vocabulary {
public:
    // vocab.txt: one token per line, the id is the line index (BERT load_vocab).
    static Vocabulary readVocabTxt(const std::string& path);
    // vocab.json: {"token": id, …} (GPT-2/RoBERTa encoder).
    static Vocabulary readVocabJson(const std::string& path);
    // A {"token": id, …} object found in `where` (a file, maybe a field path).
    static Vocabulary fromJsonObject(const nlohmann::json& object, const std::string& where);

    void add(const std::string& token, std::int64_t id);
    const std::int64_t* find(const std::string& token) const; // nullptr when absent
    const std::string* token(std::int64_t id) const;          // nullptr when absent
    std::int64_t size() const { return static_cast<std::int64_t>(ids_.size()); }

private:
    std::unordered_map<std::string, std::int64_t> ids_;
    std::unordered_map<std::int64_t, std::string> tokens_;
};

} // namespace sa
