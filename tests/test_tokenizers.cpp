// Tokenizers against HF transformers 4.9's slow tokenizers: every case of
// tokenizers/*.json (tokenize, encode with and without longest_first
// truncation), the padded batches of models/*/reference.json, loading real
// checkpoint folders and tokenizer.json files, and errors that name the file.
#include "error.h"
#include "test_support.h"
#include "text/bpe_tokenizer.h"
#include "text/byte_level.h"
#include "text/tokenizer.h"
#include "text/tokenizer_config.h"
#include "text/unicode.h"
#include "text/wordpiece_tokenizer.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QtEndian>

#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <memory>

using nlohmann::json;

namespace {

using sa_test::errorOf;
using sa_test::writeFile;

QByteArray sha256(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

// The folder holding every file of `vocabFiles` ({name: sha256}) with that
// content: vocab/<tokenizer> when it matches, else any vocab/* or models/*
// folder (bart-large ships no folder of its own; it uses roberta-base's files).
QString vocabularyDirFor(const json& fixture) {
    const QDir root(sa_test::fixturesRoot());
    auto matches = [&](const QString& dir) {
        for (auto it = fixture["vocab_files"].begin(); it != fixture["vocab_files"].end(); ++it)
            if (sha256(QDir(dir).filePath(QString::fromStdString(it.key()))) !=
                QByteArray::fromStdString(it.value().get<std::string>()))
                return false;
        return true;
    };
    QStringList candidates{root.filePath("vocab/" + QString::fromStdString(fixture["tokenizer"].get<std::string>()))};
    for (const QString& parent : {QStringLiteral("vocab"), QStringLiteral("models")})
        for (const QString& d : QDir(root.filePath(parent)).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
            candidates << root.filePath(parent + "/" + d);
    for (const QString& dir : candidates)
        if (QFileInfo(dir).isDir() && matches(dir)) return dir;
    return {};
}

// The tokenizer a fixture describes: its vocabulary files, its `settings`.
std::shared_ptr<sa::Tokenizer> tokenizerForFixture(const QString& fixturePath) {
    static std::map<QString, std::shared_ptr<sa::Tokenizer>> cache;
    auto& slot = cache[fixturePath];
    if (slot) return slot;
    const json fixture = sa_test::readJson(fixturePath);
    const QString dir = vocabularyDirFor(fixture);
    if (dir.isEmpty()) qFatal("%s: no folder holds its vocab_files", qPrintable(fixturePath));
    const json& settings = fixture["settings"];
    const std::string d = dir.toStdString();
    if (fixture["vocab_files"].contains("vocab.txt")) {
        sa::TokenizerConfig config = sa::defaultTokenizerConfig(sa::TokenizerFamily::WordPiece);
        sa::WordPieceOptions& w = config.wordPiece;
        w.doLowerCase = settings.value("do_lower_case", w.doLowerCase);
        w.tokenizeChineseChars = settings.value("tokenize_chinese_chars", w.tokenizeChineseChars);
        if (settings.contains("strip_accents") && !settings["strip_accents"].is_null())
            w.stripAccents = settings["strip_accents"].get<bool>();
        w.maxInputCharsPerWord = settings.value("max_input_chars_per_word", w.maxInputCharsPerWord);
        config.specials.unk.content = settings.value("unk_token", config.specials.unk.content);
        slot = std::make_shared<sa::WordPieceTokenizer>(sa::Vocabulary::readVocabTxt(d + "/vocab.txt"), w,
                                                        config.specials, std::vector<std::string>{});
    } else {
        sa::TokenizerConfig config = sa::defaultTokenizerConfig(sa::TokenizerFamily::Bpe);
        config.bpe.addPrefixSpace = settings.value("add_prefix_space", false);
        // "<mask> (lstrip=True)"
        config.specials.mask.lstrip =
            settings.value("mask_token", std::string()).find("lstrip=True") != std::string::npos;
        slot = std::make_shared<sa::BpeTokenizer>(sa::Vocabulary::readVocabJson(d + "/vocab.json"),
                                                  sa::BpeTokenizer::readMerges(d + "/merges.txt"), config.bpe,
                                                  config.specials, config.sequenceTemplate, std::vector<std::string>{});
    }
    return slot;
}

QStringList tokenizerFixtures() {
    QDir dir(QDir(sa_test::fixturesRoot()).filePath("tokenizers"));
    QStringList out;
    for (const QString& f : dir.entryList({"*.json"}, QDir::Files, QDir::Name))
        out << dir.filePath(f);
    return out;
}

QStringList modelDirs() {
    QDir dir(QDir(sa_test::fixturesRoot()).filePath("models"));
    QStringList out;
    for (const QString& d : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
        out << dir.filePath(d);
    return out;
}

// The I64 tensors of a safetensors file (8-byte LE header length, JSON header, data).
std::map<std::string, std::vector<int64_t>> readInt64Tensors(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) qFatal("cannot open %s", qPrintable(path));
    const QByteArray all = f.readAll();
    const quint64 headerLength = qFromLittleEndian<quint64>(all.constData());
    const json header = json::parse(all.mid(8, qsizetype(headerLength)).toStdString());
    std::map<std::string, std::vector<int64_t>> out;
    for (auto it = header.begin(); it != header.end(); ++it) {
        if (it.key() == "__metadata__" || it.value()["dtype"] != "I64") continue;
        const auto begin = it.value()["data_offsets"][0].get<qsizetype>();
        const auto end = it.value()["data_offsets"][1].get<qsizetype>();
        std::vector<int64_t>& v = out[it.key()];
        for (qsizetype at = begin; at < end; at += 8)
            v.push_back(qFromLittleEndian<qint64>(all.constData() + 8 + qsizetype(headerLength) + at));
    }
    return out;
}

std::vector<std::string> strings(const json& list) {
    std::vector<std::string> out;
    for (const json& s : list)
        out.push_back(s.get<std::string>());
    return out;
}

json flatten(const json& rows) {
    json out = json::array();
    for (const json& row : rows)
        for (const json& v : row)
            out.push_back(v);
    return out;
}

} // namespace

class TestTokenizers : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyFixtureCaseMatchesTheSlowTokenizer_data();
    void everyFixtureCaseMatchesTheSlowTokenizer();
    void checkpointFoldersLoadWithTheirConfig_data();
    void checkpointFoldersLoadWithTheirConfig();
    void paddedBatchesMatchModelReferences_data();
    void paddedBatchesMatchModelReferences();
    void tokenizerJsonEncodesLikeTheVocabularyFiles_data();
    void tokenizerJsonEncodesLikeTheVocabularyFiles();
    void fastOffsetsSpanTheOriginalText_data();
    void fastOffsetsSpanTheOriginalText();
    void unicodeQueriesFollowPython();
    void byteLevelSplitFollowsGpt2Pattern();
    void folderWithoutTokenizerFilesNamesFolderAndFiles();
    void malformedMergesLineNamesFileAndLine();
    void malformedTokenizerJsonNamesFile();
    void specialTokenMissingFromVocabularyNamesFile();
};

// encodeWithOffsets (the fast tokenizers' view, exact parity in test_qa) on
// every fixture text: spans are code-point ranges of the original text, in
// order, and for ASCII text the ids are the slow tokenizer's (the libraries
// differ only on space-only text and some unassigned code points).
void TestTokenizers::fastOffsetsSpanTheOriginalText_data() {
    QTest::addColumn<QString>("fixture");
    if (!QFileInfo::exists(QDir(sa_test::fixturesRoot()).filePath("tokenizers"))) {
        QTest::newRow("no fixtures") << QString();
        return;
    }
    for (const QString& path : tokenizerFixtures())
        QTest::newRow(qPrintable(QFileInfo(path).baseName())) << path;
}

void TestTokenizers::fastOffsetsSpanTheOriginalText() {
    SA_REQUIRE_FIXTURE("tokenizers");
    QFETCH(QString, fixture);
    const json cases = sa_test::readJson(fixture)["cases"];
    const auto tokenizer = tokenizerForFixture(fixture);
    int compared = 0;
    for (const json& c : cases) {
        for (const char* field : {"text", "text_pair"}) {
            if (!c.contains(field) || !c[field].is_string()) continue;
            const std::string text = c[field].get<std::string>();
            const auto encoded = tokenizer->encodeWithOffsets(text);
            const auto length = QString::fromStdString(text).toUcs4().size();
            QCOMPARE(encoded.offsets.size(), encoded.ids.size());
            int64_t previous = 0;
            for (const auto& span : encoded.offsets) {
                QVERIFY2(span.begin <= span.end && span.end <= length && span.begin >= previous, text.c_str());
                previous = span.begin;
            }
            const bool ascii = std::all_of(text.begin(), text.end(), [](char ch) { return (ch & 0x80) == 0; });
            const bool spaces = text.find_first_not_of(" \t\n\r") == std::string::npos;
            if (ascii && !spaces) {
                QVERIFY2(encoded.ids == tokenizer->convertTokensToIds(tokenizer->tokenize(text)), text.c_str());
                ++compared;
            }
        }
    }
    QVERIFY(compared > 0);
}

void TestTokenizers::everyFixtureCaseMatchesTheSlowTokenizer_data() {
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<int>("index");
    if (!QFileInfo::exists(QDir(sa_test::fixturesRoot()).filePath("tokenizers"))) {
        QTest::newRow("no fixtures") << QString() << -1;
        return;
    }
    for (const QString& path : tokenizerFixtures()) {
        const json fixture = sa_test::readJson(path);
        for (std::size_t i = 0; i < fixture["cases"].size(); ++i)
            QTest::addRow("%s/%d", qPrintable(QFileInfo(path).baseName()), fixture["cases"][i]["id"].get<int>())
                << path << int(i);
    }
}

void TestTokenizers::everyFixtureCaseMatchesTheSlowTokenizer() {
    SA_REQUIRE_FIXTURE("tokenizers");
    QFETCH(QString, fixture);
    QFETCH(int, index);
    static std::map<QString, json> fixtures;
    if (!fixtures.count(fixture)) fixtures[fixture] = sa_test::readJson(fixture);
    const json& c = fixtures[fixture]["cases"][std::size_t(index)];
    const auto tokenizer = tokenizerForFixture(fixture);

    const std::string text = c["text"].get<std::string>();
    const bool hasPair = !c["text_pair"].is_null();
    const std::string pair = hasPair ? c["text_pair"].get<std::string>() : std::string();
    QCOMPARE(json(tokenizer->tokenize(text)), c["tokenize_text"]);

    // Each call: "no_truncation" or "truncation_<max_length>" (longest_first).
    for (auto it = c.begin(); it != c.end(); ++it) {
        const std::string call = it.key();
        int64_t maxLength = -1;
        if (call == "no_truncation")
            maxLength = -1;
        else if (call.rfind("truncation_", 0) == 0)
            maxLength = std::stoll(call.substr(11));
        else
            continue;
        const json& expected = it.value();
        const sa::Encoding e = tokenizer->encode(text, hasPair ? &pair : nullptr, maxLength);
        QVERIFY2(json(e.input_ids) == expected["input_ids"],
                 qPrintable(QString::fromStdString(call + ": got " + json(e.tokens).dump() + "\nexpected " +
                                                   expected["tokens"].dump())));
        QCOMPARE(json(e.attention_mask), expected["attention_mask"]);
        QCOMPARE(json(e.tokens), expected["tokens"]);
        if (expected.contains("token_type_ids")) QCOMPARE(json(e.token_type_ids), expected["token_type_ids"]);
        QCOMPARE(expected.contains("token_type_ids"), tokenizer->returnsTokenTypeIds());
    }
}

void TestTokenizers::checkpointFoldersLoadWithTheirConfig_data() {
    QTest::addColumn<QString>("dir");
    for (const QString& d : modelDirs())
        if (QFileInfo::exists(d + "/tokenizer_config.json")) QTest::newRow(qPrintable(QFileInfo(d).fileName())) << d;
    if (modelDirs().isEmpty()) QTest::newRow("no fixtures") << QString();
}

void TestTokenizers::checkpointFoldersLoadWithTheirConfig() {
    SA_REQUIRE_FIXTURE("models");
    QFETCH(QString, dir);
    const auto tokenizer = sa::loadTokenizer(dir.toStdString());
    const json config = sa_test::readJson(dir + "/config.json");
    const json tokenizerConfig = sa_test::readJson(dir + "/tokenizer_config.json");
    QCOMPARE(tokenizer->vocabSize(), config["vocab_size"].get<int64_t>());
    QCOMPARE(tokenizer->padId(), config["pad_token_id"].get<int64_t>());
    const bool wordPiece = QFileInfo::exists(dir + "/vocab.txt");
    QCOMPARE(QString::fromStdString(tokenizer->kind()),
             wordPiece ? QStringLiteral("wordpiece") : QStringLiteral("bpe"));
    const auto& files = tokenizer->filesRead();
    for (const char* name : {"tokenizer_config.json", "special_tokens_map.json"})
        QVERIFY(std::find(files.begin(), files.end(), (dir + "/" + name).toStdString()) != files.end());

    const sa::SpecialTokens& s = tokenizer->specialTokens();
    const json& mask = tokenizerConfig["mask_token"];
    QCOMPARE(s.mask.content, mask.is_string() ? mask.get<std::string>() : mask["content"].get<std::string>());
    QCOMPARE(s.mask.isAddedToken, mask.is_object());
    if (mask.is_object()) QCOMPARE(s.mask.lstrip, mask["lstrip"].get<bool>());
    if (wordPiece) {
        const auto* w = dynamic_cast<const sa::WordPieceTokenizer*>(tokenizer.get());
        QVERIFY(w);
        QCOMPARE(w->options().doLowerCase, tokenizerConfig["do_lower_case"].get<bool>());
    } else {
        const auto* b = dynamic_cast<const sa::BpeTokenizer*>(tokenizer.get());
        QVERIFY(b);
        QCOMPARE(b->options().addPrefixSpace, tokenizerConfig["add_prefix_space"].get<bool>());
        // <mask> eats the space before it, <s> does not (the fixtures' inline-specials case).
        QCOMPARE(json(tokenizer->tokenize("a <mask> b <s> c")), json::parse(R"(["a","<mask>","Ġb","Ġ","<s>","Ġc"])"));
    }
}

void TestTokenizers::paddedBatchesMatchModelReferences_data() {
    QTest::addColumn<QString>("dir");
    QTest::addColumn<int>("index");
    for (const QString& d : modelDirs()) {
        if (!QFileInfo::exists(d + "/reference.json")) continue;
        const json reference = sa_test::readJson(d + "/reference.json");
        for (std::size_t i = 0; i < reference["cases"].size(); ++i)
            QTest::addRow("%s/%s", qPrintable(QFileInfo(d).fileName()),
                          reference["cases"][i]["name"].get<std::string>().c_str())
                << d << int(i);
    }
    if (modelDirs().isEmpty()) QTest::newRow("no fixtures") << QString() << -1;
}

void TestTokenizers::paddedBatchesMatchModelReferences() {
    SA_REQUIRE_FIXTURE("models");
    QFETCH(QString, dir);
    QFETCH(int, index);
    const json c = sa_test::readJson(dir + "/reference.json")["cases"][std::size_t(index)];
    const auto tensors = readInt64Tensors(dir + "/reference.safetensors");
    const auto tokenizer = sa::loadTokenizer(dir.toStdString());

    const json& call = c["tokenizer_call"];
    QVERIFY(call.value("padding", false) == true);
    const int64_t maxLength = call.value("truncation", false) ? call.value("max_length", int64_t(-1)) : -1;
    const std::vector<std::string> texts = strings(c["texts"]);
    std::vector<std::string> pairs;
    if (c.contains("text_pairs") && !c["text_pairs"].is_null()) pairs = strings(c["text_pairs"]);
    const sa::BatchEncoding batch = tokenizer->encodeBatch(texts, pairs.empty() ? nullptr : &pairs, maxLength);

    QCOMPARE(json({batch.batch, batch.length}), c["tensors"]["input_ids"]["shape"]);
    QCOMPARE(json(batch.input_ids), flatten(c["input_ids"]));
    for (const char* name : {"input_ids", "attention_mask", "token_type_ids"}) {
        if (!c["tensors"].contains(name)) continue;
        const std::vector<int64_t>& got = name == std::string("input_ids")        ? batch.input_ids
                                          : name == std::string("attention_mask") ? batch.attention_mask
                                                                                  : batch.token_type_ids;
        QVERIFY2(got == tensors.at(c["tensors"][name]["key"].get<std::string>()), name);
    }
    // BART: labels = tokenizer(targets) with padding set to -100.
    if (c.contains("targets") && c["tensors"].contains("labels")) {
        const sa::BatchEncoding labels = tokenizer->encodeBatch(strings(c["targets"]), nullptr, maxLength);
        std::vector<int64_t> expected = labels.input_ids;
        for (std::size_t i = 0; i < expected.size(); ++i)
            if (labels.attention_mask[i] == 0) expected[i] = -100;
        QCOMPARE(json(expected), flatten(c["labels"]));
    }
}

void TestTokenizers::tokenizerJsonEncodesLikeTheVocabularyFiles_data() {
    QTest::addColumn<QString>("fixture");
    for (const QString& path : tokenizerFixtures())
        QTest::newRow(qPrintable(QFileInfo(path).baseName())) << path;
    if (tokenizerFixtures().isEmpty()) QTest::newRow("no fixtures") << QString();
}

// A tokenizer.json written from the same vocabulary (merges half as "a b"
// strings, half as ["a", "b"] pairs) must give the same encodings.
void TestTokenizers::tokenizerJsonEncodesLikeTheVocabularyFiles() {
    SA_REQUIRE_FIXTURE("tokenizers");
    QFETCH(QString, fixture);
    const json f = sa_test::readJson(fixture);
    const QString source = vocabularyDirFor(f);
    const auto reference = tokenizerForFixture(fixture);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());

    json doc;
    json added = json::array();
    for (const sa::SpecialToken& s : reference->specialTokens().all())
        added.push_back({{"id", *reference->vocabulary().find(s.content)},
                         {"content", s.content},
                         {"single_word", false},
                         {"lstrip", s.lstrip},
                         {"rstrip", s.rstrip},
                         {"normalized", false},
                         {"special", true}});
    doc["added_tokens"] = added;
    if (reference->kind() == "wordpiece") {
        json vocab = json::object();
        QFile v(source + "/vocab.txt");
        QVERIFY(v.open(QIODevice::ReadOnly));
        int64_t id = 0;
        for (const QByteArray& line : v.readAll().split('\n'))
            if (!line.isEmpty()) vocab[line.toStdString()] = id++;
        doc["normalizer"] = {{"type", "BertNormalizer"},
                             {"clean_text", true},
                             {"handle_chinese_chars", true},
                             {"strip_accents", nullptr},
                             {"lowercase", true}};
        doc["pre_tokenizer"] = {{"type", "BertPreTokenizer"}};
        // The framing as a template, as newer HF versions write it.
        auto special = [](const char* t) { return json{{"SpecialToken", {{"id", t}, {"type_id", 0}}}}; };
        auto sequence = [](const char* t, int type) { return json{{"Sequence", {{"id", t}, {"type_id", type}}}}; };
        doc["post_processor"] = {
            {"type", "TemplateProcessing"},
            {"single", {special("[CLS]"), sequence("A", 0), special("[SEP]")}},
            {"pair", {special("[CLS]"), sequence("A", 0), special("[SEP]"), sequence("B", 1), special("[SEP]")}}};
        doc["model"] = {{"type", "WordPiece"},
                        {"unk_token", "[UNK]"},
                        {"continuing_subword_prefix", "##"},
                        {"max_input_chars_per_word", 100},
                        {"vocab", vocab}};
    } else {
        const sa::MergeList merges = sa::BpeTokenizer::readMerges((source + "/merges.txt").toStdString());
        json list = json::array();
        for (std::size_t i = 0; i < merges.size(); ++i)
            list.push_back(i % 2 ? json(merges[i].first + " " + merges[i].second)
                                 : json::array({merges[i].first, merges[i].second}));
        doc["normalizer"] = nullptr;
        doc["pre_tokenizer"] = {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}};
        doc["post_processor"] = {{"type", "RobertaProcessing"},
                                 {"sep", {"</s>", 2}},
                                 {"cls", {"<s>", 0}},
                                 {"trim_offsets", true},
                                 {"add_prefix_space", false}};
        doc["model"] = {{"type", "BPE"},
                        {"dropout", nullptr},
                        {"unk_token", nullptr},
                        {"continuing_subword_prefix", ""},
                        {"end_of_word_suffix", ""},
                        {"vocab", sa_test::readJson(source + "/vocab.json")},
                        {"merges", list}};
    }
    writeFile(tmp.filePath("tokenizer.json"), QByteArray::fromStdString(doc.dump()));

    const auto loaded = sa::loadTokenizer(tmp.path().toStdString());
    QCOMPARE(QString::fromStdString(loaded->kind()), QString::fromStdString(reference->kind()));
    QCOMPARE(loaded->vocabSize(), reference->vocabSize());
    for (const json& c : f["cases"]) {
        const std::string text = c["text"].get<std::string>();
        const std::string pair = c["text_pair"].is_null() ? std::string() : c["text_pair"].get<std::string>();
        const std::string* p = c["text_pair"].is_null() ? nullptr : &pair;
        for (int64_t maxLength : {int64_t(-1), int64_t(32)}) {
            const sa::Encoding a = loaded->encode(text, p, maxLength), b = reference->encode(text, p, maxLength);
            QVERIFY2(a.input_ids == b.input_ids && a.token_type_ids == b.token_type_ids && a.tokens == b.tokens,
                     qPrintable(QStringLiteral("case %1").arg(c["id"].get<int>())));
        }
    }
}

// Spot checks of the generated tables (tools/gen_unicode_tables.py checks
// them exhaustively against Python when regenerating).
void TestTokenizers::unicodeQueriesFollowPython() {
    using namespace sa::unicode;
    QCOMPARE(toLower(U"\u0130Σ\u00C9"), std::u32string(U"i\u0307σ\u00E9")); // 'İ'.lower() is two code points
    QCOMPARE(nfd(U"\u00E9"), std::u32string(U"e\u0301"));
    QCOMPARE(nfd(U"\uD55C"), std::u32string(U"\u1112\u1161\u11AB"));   // Hangul, arithmetically
    QCOMPARE(nfd(U"a\u0301\u0316"), std::u32string(U"a\u0316\u0301")); // canonical order: class 220 before 230
    QVERIFY(category(0xA0) == Category::Zs && category(0x200B) == Category::Cf && category(0x1F642) == Category::So);
    QVERIFY(isPythonSpace(0x1C) && !isRegexSpace(0x1C) && isRegexSpace(0x3000) && !isPythonSpace(0x200B));
    QCOMPARE(encodeUtf8(decodeUtf8("a\xff\xe4\xb8\xad")), std::string("a\xef\xbf\xbd\xe4\xb8\xad"));
}

// Expected pieces from the `regex` module's findall with GPT-2's pattern.
void TestTokenizers::byteLevelSplitFollowsGpt2Pattern() {
    auto pieces = [](const std::u32string& text) {
        std::vector<std::string> out;
        for (std::u32string_view p : sa::byte_level::split(text))
            out.push_back(sa::unicode::encodeUtf8(p));
        return json(out);
    };
    // Outside the QCOMPARE: moc's macro scanner trips over raw strings in arguments.
    const auto first =
        json::parse(R"(["it", "'s", " ", " a", "\u001c\u001d", " b", "\u3000", "\u3000", "x", " 12", "ab",
                                       " '", "LL", "'ll", " \t\n"])");
    const auto second = json::parse(R"(["  ", "\u00a0", "x", "!!", " ?"])");
    QCOMPARE(pieces(U"it's  a\u001c\u001d b\u3000\u3000x 12ab 'LL'll \t\n"), first);
    QCOMPARE(pieces(U"  \u00a0x!! ?"), second);
}

void TestTokenizers::folderWithoutTokenizerFilesNamesFolderAndFiles() {
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString message = errorOf([&] { sa::loadTokenizer(tmp.path().toStdString()); });
    QVERIFY2(message.contains(tmp.path()), qPrintable(message));
    for (const char* name : {"vocab.txt", "vocab.json", "merges.txt", "tokenizer.json"})
        QVERIFY2(message.contains(QLatin1String(name)), qPrintable(message));
    const QString missing = errorOf([&] { sa::loadTokenizer(tmp.filePath("nope").toStdString()); });
    QVERIFY2(missing.contains(tmp.filePath("nope")), qPrintable(missing));
}

void TestTokenizers::malformedMergesLineNamesFileAndLine() {
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    writeFile(tmp.filePath("vocab.json"), R"({"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "a": 4, "b": 5})");
    writeFile(tmp.filePath("merges.txt"), "#version: 0.2\na b\na b c\n");
    const QString message = errorOf([&] { sa::loadTokenizer(tmp.path().toStdString()); });
    QVERIFY2(message.contains(tmp.filePath("merges.txt")) && message.contains("line 3"), qPrintable(message));
}

void TestTokenizers::malformedTokenizerJsonNamesFile() {
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = tmp.filePath("tokenizer.json");
    writeFile(path, "{\"model\": {\"type\": \"WordPiece\", ");
    QString message = errorOf([&] { sa::loadTokenizer(tmp.path().toStdString()); });
    QVERIFY2(message.contains(path) && message.contains("JSON"), qPrintable(message));
    writeFile(path, R"({"model": {"type": "Unigram", "vocab": []}})");
    message = errorOf([&] { sa::loadTokenizer(tmp.path().toStdString()); });
    QVERIFY2(message.contains(path) && message.contains("model.type") && message.contains("Unigram"),
             qPrintable(message));
    writeFile(path, R"({"model": {"type": "BPE", "vocab": {"a": 0}, "merges": [["a"]]},
                        "pre_tokenizer": {"type": "ByteLevel"}})");
    message = errorOf([&] { sa::loadTokenizer(tmp.path().toStdString()); });
    QVERIFY2(message.contains(path) && message.contains("model.merges[0]"), qPrintable(message));
}

void TestTokenizers::specialTokenMissingFromVocabularyNamesFile() {
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    writeFile(tmp.filePath("vocab.txt"), "[PAD]\n[UNK]\n[SEP]\nhello\n");
    const QString message = errorOf([&] { sa::loadTokenizer(tmp.path().toStdString()); });
    QVERIFY2(message.contains(tmp.filePath("vocab.txt")) && message.contains("[CLS]"), qPrintable(message));
}

QTEST_GUILESS_MAIN(TestTokenizers)
#include "test_tokenizers.moc"
