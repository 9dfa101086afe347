// loadTokenizer (declared in text/tokenizer.h): which files make which tokenizer.
#include "error.h"
#include "text/bpe_tokenizer.h"
#include "text/text_files.h"
#include "text/tokenizer.h"
#include "text/tokenizer_config.h"
#include "text/tokenizer_json.h"
#include "text/wordpiece_tokenizer.h"

#include <sys/stat.h>

namespace sa {

namespace {

bool isDirectory(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

void checkSpecialTokensInVocabulary(const Tokenizer& tokenizer, const std::string& vocabFile) {
    const SpecialTokens& s = tokenizer.specialTokens();
    const std::pair<const char*, const SpecialToken*> roles[] = {
        {"unk_token", &s.unk}, {"cls_token", &s.cls}, {"sep_token", &s.sep}, {"pad_token", &s.pad}};
    for (const auto& [name, token] : roles) {
        if (token->content.empty()) {
            // Unknown words and the framing need these; padding only a batch.
            const bool framing =
                tokenizer.sequenceTemplate() != SequenceTemplate::None && (token == &s.cls || token == &s.sep);
            if (token == &s.unk || framing) throw fileError(vocabFile, std::string("no ") + name + " is configured");
            continue;
        }
        if (!tokenizer.vocabulary().find(token->content))
            throw fileError(vocabFile, std::string(name) + " \"" + token->content + "\" is not in the vocabulary");
    }
}

} // namespace

std::unique_ptr<Tokenizer> loadTokenizer(const std::string& directory) {
    if (!isDirectory(directory)) throw fileError(directory, "not a directory (expected a tokenizer/checkpoint folder)");
    const std::string vocabTxt = text_files::join(directory, "vocab.txt");
    const std::string vocabJson = text_files::join(directory, "vocab.json");
    const std::string mergesTxt = text_files::join(directory, "merges.txt");
    const std::string tokenizerJson = text_files::join(directory, "tokenizer.json");

    std::unique_ptr<Tokenizer> tokenizer;
    std::string vocabFile;
    if (text_files::exists(vocabTxt)) {
        TokenizerConfig config = defaultTokenizerConfig(TokenizerFamily::WordPiece);
        applyTokenizerConfigFiles(directory, config);
        std::vector<std::string> files{vocabTxt};
        files.insert(files.end(), config.files.begin(), config.files.end());
        tokenizer = std::make_unique<WordPieceTokenizer>(Vocabulary::readVocabTxt(vocabTxt), config.wordPiece,
                                                         config.specials, files);
        vocabFile = vocabTxt;
    } else if (text_files::exists(vocabJson) && text_files::exists(mergesTxt)) {
        TokenizerConfig config = defaultTokenizerConfig(TokenizerFamily::Bpe);
        applyTokenizerConfigFiles(directory, config);
        std::vector<std::string> files{vocabJson, mergesTxt};
        files.insert(files.end(), config.files.begin(), config.files.end());
        tokenizer =
            std::make_unique<BpeTokenizer>(Vocabulary::readVocabJson(vocabJson), BpeTokenizer::readMerges(mergesTxt),
                                           config.bpe, config.specials, config.sequenceTemplate, files);
        vocabFile = vocabJson;
    } else if (text_files::exists(tokenizerJson)) {
        tokenizer = loadTokenizerJson(tokenizerJson, directory);
        vocabFile = tokenizerJson;
    } else {
        throw fileError(directory, "no tokenizer files: looked for vocab.txt (WordPiece), vocab.json + merges.txt "
                                   "(byte-level BPE) and tokenizer.json");
    }
    checkSpecialTokensInVocabulary(*tokenizer, vocabFile);
    return tokenizer;
}

} // namespace sa
