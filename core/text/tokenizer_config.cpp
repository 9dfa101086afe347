#include "text/tokenizer_config.h"

#include "error.h"
#include "text/text_files.h"

namespace sa {

namespace {

SpecialToken plain(const std::string& content) {
    return SpecialToken{content, false, false, false};
}
SpecialToken added(const std::string& content, bool lstrip = false) {
    return SpecialToken{content, true, lstrip, false};
}

bool boolField(const nlohmann::json& j, const char* key, bool fallback, const std::string& file) {
    if (!j.contains(key) || j[key].is_null()) return fallback;
    if (!j[key].is_boolean()) throw fileError(file, std::string("field \"") + key + "\" must be true or false");
    return j[key].get<bool>();
}

void applyGpt2Defaults(TokenizerConfig& config) {
    // GPT2Tokenizer: one <|endoftext|> for unk/bos/eos, no framing specials.
    const SpecialToken end = added("<|endoftext|>");
    config.specials = SpecialTokens{};
    config.specials.bos = config.specials.eos = config.specials.unk = end;
    config.sequenceTemplate = SequenceTemplate::None;
}

} // namespace

TokenizerConfig defaultTokenizerConfig(TokenizerFamily family) {
    TokenizerConfig config;
    config.family = family;
    SpecialTokens& s = config.specials;
    if (family == TokenizerFamily::WordPiece) {
        s.unk = plain("[UNK]");
        s.sep = plain("[SEP]");
        s.pad = plain("[PAD]");
        s.cls = plain("[CLS]");
        s.mask = plain("[MASK]");
        config.sequenceTemplate = SequenceTemplate::Bert;
    } else {
        // RobertaTokenizer wraps string specials in AddedToken(lstrip=False,
        // rstrip=False), except <mask>, which eats the space before it.
        s.bos = s.cls = added("<s>");
        s.eos = s.sep = added("</s>");
        s.unk = added("<unk>");
        s.pad = added("<pad>");
        s.mask = added("<mask>", true);
        config.sequenceTemplate = SequenceTemplate::Roberta;
    }
    return config;
}

SpecialToken parseSpecialToken(const nlohmann::json& value, const SpecialToken& previous, bool isMask,
                               TokenizerFamily family, const std::string& where) {
    if (value.is_null()) return SpecialToken{};
    if (value.is_string()) {
        const std::string content = value.get<std::string>();
        if (family == TokenizerFamily::WordPiece) return plain(content);
        // A string keeps the stripping the tokenizer class gives that role.
        SpecialToken t = previous.isAddedToken ? previous : added(content, isMask);
        t.content = content;
        return t;
    }
    if (!value.is_object() || !value.contains("content") || !value["content"].is_string())
        throw Error(where + ": expected a string or an AddedToken object with \"content\"");
    SpecialToken t = added(value["content"].get<std::string>());
    t.lstrip = boolField(value, "lstrip", false, where);
    t.rstrip = boolField(value, "rstrip", false, where);
    if (boolField(value, "single_word", false, where))
        throw Error(where + ": single_word special tokens are not supported");
    return t;
}

void applyTokenizerConfigFiles(const std::string& directory, TokenizerConfig& config) {
    auto applySpecials = [&config](const nlohmann::json& j, const std::string& file) {
        SpecialTokens& s = config.specials;
        const std::pair<const char*, SpecialToken*> roles[] = {
            {"bos_token", &s.bos}, {"eos_token", &s.eos}, {"unk_token", &s.unk},  {"sep_token", &s.sep},
            {"pad_token", &s.pad}, {"cls_token", &s.cls}, {"mask_token", &s.mask}};
        for (const auto& [key, slot] : roles)
            if (j.contains(key))
                *slot =
                    parseSpecialToken(j[key], *slot, slot == &s.mask, config.family, file + ": field \"" + key + "\"");
        if (j.contains("additional_special_tokens") && !j["additional_special_tokens"].is_null()) {
            const nlohmann::json& list = j["additional_special_tokens"];
            const std::string where = file + ": field \"additional_special_tokens\"";
            if (!list.is_array()) throw Error(where + ": expected a list");
            s.additional.clear();
            for (const nlohmann::json& v : list)
                s.additional.push_back(parseSpecialToken(v, SpecialToken{}, false, config.family, where));
        }
    };

    const std::string configPath = text_files::join(directory, "tokenizer_config.json");
    if (text_files::exists(configPath)) {
        const nlohmann::json j = text_files::readJson(configPath);
        if (!j.is_object()) throw fileError(configPath, "expected a JSON object");
        config.files.push_back(configPath);
        if (j.contains("tokenizer_class") && j["tokenizer_class"].is_string()) {
            config.tokenizerClass = j["tokenizer_class"].get<std::string>();
            if (config.family == TokenizerFamily::Bpe && config.tokenizerClass.rfind("GPT2Tokenizer", 0) == 0)
                applyGpt2Defaults(config);
        }
        WordPieceOptions& w = config.wordPiece;
        w.doLowerCase = boolField(j, "do_lower_case", w.doLowerCase, configPath);
        w.doBasicTokenize = boolField(j, "do_basic_tokenize", w.doBasicTokenize, configPath);
        w.tokenizeChineseChars = boolField(j, "tokenize_chinese_chars", w.tokenizeChineseChars, configPath);
        if (j.contains("strip_accents"))
            w.stripAccents = j["strip_accents"].is_null()
                                 ? std::optional<bool>()
                                 : std::optional<bool>(boolField(j, "strip_accents", false, configPath));
        if (j.contains("never_split") && !j["never_split"].is_null()) {
            if (!j["never_split"].is_array()) throw fileError(configPath, "field \"never_split\" must be a list");
            w.neverSplit.clear();
            for (const nlohmann::json& v : j["never_split"]) {
                if (!v.is_string()) throw fileError(configPath, "field \"never_split\": entries must be strings");
                w.neverSplit.push_back(v.get<std::string>());
            }
        }
        config.bpe.addPrefixSpace = boolField(j, "add_prefix_space", config.bpe.addPrefixSpace, configPath);
        applySpecials(j, configPath);
    }

    const std::string mapPath = text_files::join(directory, "special_tokens_map.json");
    if (text_files::exists(mapPath)) {
        const nlohmann::json j = text_files::readJson(mapPath);
        if (!j.is_object()) throw fileError(mapPath, "expected a JSON object");
        config.files.push_back(mapPath);
        applySpecials(j, mapPath);
    }
}

} // namespace sa
