#include "text/tokenizer_json.h"

#include "error.h"
#include "text/text_files.h"
#include "text/tokenizer_config.h"

namespace sa {

namespace {

using nlohmann::json;

struct Reader {
    std::string path;

    [[noreturn]] void fail(const std::string& field, const std::string& what) const {
        throw fileError(path, "field \"" + field + "\": " + what);
    }
    const json& object(const json& parent, const char* key, const std::string& field) const {
        if (!parent.contains(key) || !parent[key].is_object()) fail(field, "missing or not an object");
        return parent[key];
    }
    std::string type(const json& node, const std::string& field) const {
        if (node.is_null()) return "";
        if (!node.is_object() || !node.contains("type") || !node["type"].is_string())
            fail(field, "expected an object with a \"type\"");
        return node["type"].get<std::string>();
    }
    std::string string(const json& node, const char* key, const std::string& fallback, const std::string& field) const {
        if (!node.contains(key) || node[key].is_null()) return fallback;
        if (!node[key].is_string()) fail(field + "." + key, "expected a string");
        return node[key].get<std::string>();
    }
    bool boolean(const json& node, const char* key, bool fallback, const std::string& field) const {
        if (!node.contains(key) || node[key].is_null()) return fallback;
        if (!node[key].is_boolean()) fail(field + "." + key, "expected true or false");
        return node[key].get<bool>();
    }
};

MergeList readMerges(const json& merges, const Reader& r) {
    if (!merges.is_array()) r.fail("model.merges", "expected a list");
    MergeList out;
    for (std::size_t i = 0; i < merges.size(); ++i) {
        const json& m = merges[i];
        const std::string field = "model.merges[" + std::to_string(i) + "]";
        if (m.is_string()) { // "left right"
            const std::string s = m.get<std::string>();
            const std::size_t space = s.find(' ');
            if (space == std::string::npos || space == 0 || space + 1 >= s.size() ||
                s.find(' ', space + 1) != std::string::npos)
                r.fail(field, "expected \"left right\", got \"" + s + "\"");
            out.emplace_back(s.substr(0, space), s.substr(space + 1));
        } else if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string()) { // ["left", "right"]
            out.emplace_back(m[0].get<std::string>(), m[1].get<std::string>());
        } else {
            r.fail(field, "expected \"left right\" or [\"left\", \"right\"]");
        }
    }
    return out;
}

// The framing the post-processor adds, with the cls/sep tokens it names.
SequenceTemplate readPostProcessor(const json& node, const Reader& r, SpecialTokens& specials) {
    const std::string type = r.type(node, "post_processor");
    auto tokenOf = [&](const char* key) {
        if (!node.contains(key) || !node[key].is_array() || node[key].empty() || !node[key][0].is_string())
            r.fail(std::string("post_processor.") + key, "expected [\"token\", id]");
        return node[key][0].get<std::string>();
    };
    if (type == "BertProcessing" || type == "RobertaProcessing") {
        specials.cls.content = tokenOf("cls");
        specials.sep.content = tokenOf("sep");
        return type == "BertProcessing" ? SequenceTemplate::Bert : SequenceTemplate::Roberta;
    }
    if (type.empty() || type == "ByteLevel") return SequenceTemplate::None;
    if (type != "TemplateProcessing") r.fail("post_processor.type", "unsupported post-processor \"" + type + "\"");
    // Recognise the two framings as templates: [S1 A S2] with pair [S1 A S2 B S2] (BERT)
    // or [S1 A S2 S2 B S2] (RoBERTa).
    auto pieces = [&](const char* key) {
        std::vector<std::string> out; // special token content, or "$A" / "$B"
        if (!node.contains(key) || !node[key].is_array())
            r.fail(std::string("post_processor.") + key, "expected a list");
        for (const json& p : node[key]) {
            if (p.contains("SpecialToken"))
                out.push_back(p["SpecialToken"].value("id", ""));
            else if (p.contains("Sequence"))
                out.push_back("$" + p["Sequence"].value("id", ""));
            else
                r.fail(std::string("post_processor.") + key, "unexpected template piece " + p.dump());
        }
        return out;
    };
    const std::vector<std::string> single = pieces("single"), pair = pieces("pair");
    using V = std::vector<std::string>;
    if (single == V{"$A"} && pair == V{"$A", "$B"}) return SequenceTemplate::None;
    if (single.size() == 3 && single[1] == "$A") {
        const std::string& cls = single[0];
        const std::string& sep = single[2];
        specials.cls.content = cls;
        specials.sep.content = sep;
        if (pair == V{cls, "$A", sep, "$B", sep}) return SequenceTemplate::Bert;
        if (pair == V{cls, "$A", sep, sep, "$B", sep}) return SequenceTemplate::Roberta;
    }
    r.fail("post_processor", "template is neither [CLS] A [SEP] B [SEP] nor <s> A </s></s> B </s>");
}

} // namespace

std::unique_ptr<Tokenizer> loadTokenizerJson(const std::string& path, const std::string& directory) {
    const Reader r{path};
    const json root = text_files::readJson(path);
    if (!root.is_object()) throw fileError(path, "expected a JSON object");
    const json& model = r.object(root, "model", "model");
    const std::string modelType = r.type(model, "model");
    if (modelType != "WordPiece" && modelType != "BPE")
        r.fail("model.type", "unsupported model \"" + modelType + "\" (expected WordPiece or BPE)");
    const bool wordPiece = modelType == "WordPiece";
    if (!model.contains("vocab")) r.fail("model.vocab", "missing");
    Vocabulary vocab = Vocabulary::fromJsonObject(model["vocab"], path + ": field \"model.vocab\"");

    TokenizerConfig config = defaultTokenizerConfig(wordPiece ? TokenizerFamily::WordPiece : TokenizerFamily::Bpe);
    SpecialTokens& specials = config.specials;

    // added_tokens: ids outside the model's vocab, and the strip flags of the specials.
    if (root.contains("added_tokens") && !root["added_tokens"].is_null()) {
        if (!root["added_tokens"].is_array()) r.fail("added_tokens", "expected a list");
        for (const json& t : root["added_tokens"]) {
            if (!t.is_object() || !t.contains("content") || !t["content"].is_string() || !t.contains("id") ||
                !t["id"].is_number_integer())
                r.fail("added_tokens", "each entry needs \"id\" and \"content\"");
            const std::string content = t["content"].get<std::string>();
            if (!vocab.find(content)) vocab.add(content, t["id"].get<std::int64_t>());
            for (SpecialToken* slot : {&specials.bos, &specials.eos, &specials.unk, &specials.sep, &specials.pad,
                                       &specials.cls, &specials.mask}) {
                if (slot->content != content || wordPiece) continue; // BERT specials strip both sides
                slot->lstrip = r.boolean(t, "lstrip", slot->lstrip, "added_tokens");
                slot->rstrip = r.boolean(t, "rstrip", slot->rstrip, "added_tokens");
            }
        }
    }
    if (model.contains("unk_token") && model["unk_token"].is_string())
        specials.unk.content = model["unk_token"].get<std::string>();
    config.sequenceTemplate = readPostProcessor(root.value("post_processor", json()), r, specials);

    const std::string preType = r.type(root.value("pre_tokenizer", json()), "pre_tokenizer");
    std::unique_ptr<Tokenizer> tokenizer;
    if (wordPiece) {
        if (preType != "BertPreTokenizer")
            r.fail("pre_tokenizer.type", "a WordPiece model needs BertPreTokenizer, got \"" + preType + "\"");
        WordPieceOptions& w = config.wordPiece;
        w.continuingSubwordPrefix = r.string(model, "continuing_subword_prefix", "##", "model");
        if (model.contains("max_input_chars_per_word") && model["max_input_chars_per_word"].is_number_integer())
            w.maxInputCharsPerWord = model["max_input_chars_per_word"].get<std::int64_t>();
        const json normalizer = root.value("normalizer", json());
        const std::string normType = r.type(normalizer, "normalizer");
        if (normType == "BertNormalizer") {
            w.cleanText = r.boolean(normalizer, "clean_text", true, "normalizer");
            w.tokenizeChineseChars = r.boolean(normalizer, "handle_chinese_chars", true, "normalizer");
            w.doLowerCase = r.boolean(normalizer, "lowercase", true, "normalizer");
            if (normalizer.contains("strip_accents") && !normalizer["strip_accents"].is_null())
                w.stripAccents = r.boolean(normalizer, "strip_accents", false, "normalizer");
        } else if (normType.empty()) {
            w.cleanText = w.tokenizeChineseChars = w.doLowerCase = false;
        } else {
            r.fail("normalizer.type", "unsupported normalizer \"" + normType + "\" (expected BertNormalizer)");
        }
    } else {
        if (preType != "ByteLevel")
            r.fail("pre_tokenizer.type", "a BPE model needs the ByteLevel pre-tokenizer, got \"" + preType + "\"");
        config.bpe.addPrefixSpace = r.boolean(root["pre_tokenizer"], "add_prefix_space", false, "pre_tokenizer");
        if (!r.type(root.value("normalizer", json()), "normalizer").empty())
            r.fail("normalizer", "a byte-level BPE model takes no normalizer");
        if (!r.string(model, "continuing_subword_prefix", "", "model").empty() ||
            !r.string(model, "end_of_word_suffix", "", "model").empty())
            r.fail("model", "continuing_subword_prefix / end_of_word_suffix are not supported");
        if (!model.contains("merges")) r.fail("model.merges", "missing");
    }

    applyTokenizerConfigFiles(directory, config);
    std::vector<std::string> files{path};
    files.insert(files.end(), config.files.begin(), config.files.end());
    if (wordPiece)
        return std::make_unique<WordPieceTokenizer>(std::move(vocab), config.wordPiece, config.specials, files,
                                                    config.sequenceTemplate);
    return std::make_unique<BpeTokenizer>(std::move(vocab), readMerges(model["merges"], r), config.bpe, config.specials,
                                          config.sequenceTemplate, files);
}

} // namespace sa
