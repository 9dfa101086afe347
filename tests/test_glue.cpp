// GLUE: the TSV reader and the evaluation metrics.
//
// Reader: every glue_data file of the data root loads with the row count the
// data README's table states and the label counts its "Checks made" list
// publishes (both parsed from the README, nothing hard-coded); first and last
// examples agree with a naive split of the file's own lines; QQP and MNLI,
// absent from the data root, are checked on small files in their original
// layouts; malformed files written to a temporary folder fail with errors that
// name file, line and value.
//
// Metrics: accuracy, F1, MCC, Pearson and Spearman against values computed by
// hand (the arithmetic is in the comments), and the per-task GLUE summary.
#include "test_support.h"

#include "error.h"
#include "tasks/classification/glue_dataset.h"
#include "tasks/classification/glue_metrics.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <vector>

namespace {

using sa_test::errorOf;
using sa_test::writeFile;

QByteArray readBytes(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return f.readAll();
}

QString readmePath() {
    return QDir(sa_test::dataRoot()).filePath(QStringLiteral("README.md"));
}

struct ReadmeFile {
    QString relative; // glue_data/<Task>/<file>.tsv
    QString task;
    int rows = 0;
};

// The table rows "| `glue_data/<Task>/<file>.tsv` | format | rows | ...".
std::vector<ReadmeFile> readmeGlueFiles() {
    std::vector<ReadmeFile> files;
    const QString readme = QString::fromUtf8(readBytes(readmePath()));
    static const QRegularExpression row(
        QStringLiteral(R"(^\|\s*`(glue_data/([^/`]+)/[^`]+\.tsv)`\s*\|[^|]*\|\s*(\d+)\s*\|)"),
        QRegularExpression::MultilineOption);
    for (auto it = row.globalMatch(readme); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        files.push_back({m.captured(1), m.captured(2), m.captured(3).toInt()});
    }
    return files;
}

// The "Checks made" label counts, "  - SST-2 dev: 444 positive / 428 negative."
// → {"glue_data/SST-2/dev.tsv": {444, 428}}. Which label each number counts is
// worded differently per task, so the pair is compared as a multiset.
std::map<QString, std::multiset<int>> readmeLabelCounts() {
    std::map<QString, std::multiset<int>> counts;
    const QString readme = QString::fromUtf8(readBytes(readmePath()));
    static const QRegularExpression line(QStringLiteral(R"(^\s*-\s+(\S+) (train|dev): (\d+)[^/\n]*/\s*(\d+))"),
                                         QRegularExpression::MultilineOption);
    for (auto it = line.globalMatch(readme); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        counts[QStringLiteral("glue_data/%1/%2.tsv").arg(m.captured(1), m.captured(2))] = {m.captured(3).toInt(),
                                                                                           m.captured(4).toInt()};
    }
    return counts;
}

// The data rows of a file split the naive way (BOM dropped, LF lines, CR
// trimmed, TAB fields), header first when the task has one.
QList<QList<QByteArray>> naiveRows(const QString& path) {
    QByteArray bytes = readBytes(path);
    if (bytes.startsWith("\xEF\xBB\xBF")) bytes.remove(0, 3);
    QList<QList<QByteArray>> rows;
    for (QByteArray line : bytes.split('\n')) {
        if (line.endsWith('\r')) line.chop(1);
        rows.append(line.split('\t'));
    }
    while (!rows.isEmpty() && rows.last().size() == 1 && rows.last().first().isEmpty())
        rows.removeLast();
    return rows;
}

// One TSV line: the fields joined by TAB, LF-terminated.
QByteArray tsvLine(const QList<QByteArray>& fields) {
    return fields.join('\t') + '\n';
}

// |actual - expected| <= 1e-12; the failure message shows both values in full.
#define SA_COMPARE_NEAR(actual, expected)                                                                              \
    do {                                                                                                               \
        const double sa_actual_ = (actual), sa_expected_ = (expected);                                                 \
        QVERIFY2(std::abs(sa_actual_ - sa_expected_) <= 1e-12, qPrintable(QStringLiteral("%1 = %2, expected %3")       \
                                                                              .arg(QLatin1String(#actual))             \
                                                                              .arg(sa_actual_, 0, 'g', 17)             \
                                                                              .arg(sa_expected_, 0, 'g', 17)));        \
    } while (0)

#define SA_REQUIRE_GLUE_DATA()                                                                                         \
    do {                                                                                                               \
        if (!QFileInfo::exists(readmePath()))                                                                          \
            QSKIP(qPrintable(QStringLiteral("data not found: %1 (set SPARSEADAPTER_DATA)").arg(readmePath())));        \
    } while (0)

} // namespace

class TestGlue : public QObject {
    Q_OBJECT

    QTemporaryDir tmp_;

    std::string write(const QString& name, const QByteArray& bytes) {
        const QString path = tmp_.filePath(name);
        writeFile(path, bytes);
        return path.toStdString();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(tmp_.isValid()); }

    void taskNames_acceptCaseDashAndUnderscoreVariants() {
        QCOMPARE(sa::glueTaskByName("sst-2"), sa::GlueTask::SST2);
        QCOMPARE(sa::glueTaskByName("SST-2"), sa::GlueTask::SST2);
        QCOMPARE(sa::glueTaskByName("sst2"), sa::GlueTask::SST2);
        QCOMPARE(sa::glueTaskByName("STS_B"), sa::GlueTask::STSB);
        QCOMPARE(sa::glueTaskByName("cola"), sa::GlueTask::CoLA);
        QCOMPARE(sa::glueTaskByName("MNLI"), sa::GlueTask::MNLI);
        for (sa::GlueTask task : sa::allGlueTasks())
            QCOMPARE(sa::glueTaskByName(sa::glueTaskName(task)), task);
    }

    void taskNames_unknownNameThrowsNamingIt() {
        const QString message = errorOf([] { sa::glueTaskByName("sst-5"); });
        QVERIFY2(message.contains("'sst-5'") && message.contains("SST-2"), qPrintable(message));
    }

    void taskInfo_columnsAndLabelsAreConsistent() {
        for (sa::GlueTask task : sa::allGlueTasks()) {
            const sa::GlueTaskInfo& info = sa::glueTaskInfo(task);
            QCOMPARE(info.task, task);
            QVERIFY(info.textColumn < info.columnCount && info.labelColumn < info.columnCount);
            QVERIFY(!info.isPair() || info.pairColumn < info.columnCount);
            QCOMPARE(info.hasHeader, !info.labelName.empty());
        }
        QVERIFY(!sa::glueTaskInfo(sa::GlueTask::CoLA).hasHeader);
        QVERIFY(sa::glueTaskInfo(sa::GlueTask::STSB).isRegression());
        QCOMPARE(sa::glueTaskInfo(sa::GlueTask::RTE).labels,
                 (std::vector<std::string>{"entailment", "not_entailment"}));
        QCOMPARE(sa::glueTaskInfo(sa::GlueTask::QNLI).labels, sa::glueTaskInfo(sa::GlueTask::RTE).labels);
        QCOMPARE(sa::glueTaskInfo(sa::GlueTask::MNLI).labels,
                 (std::vector<std::string>{"contradiction", "entailment", "neutral"}));
        QVERIFY(!sa::glueTaskInfo(sa::GlueTask::SST2).isPair());
        QCOMPARE(sa::glueTaskInfo(sa::GlueTask::MRPC).pairName, std::string("#2 String"));
    }

    void realFiles_loadWithReadmeRowCounts() {
        SA_REQUIRE_GLUE_DATA();
        const std::vector<ReadmeFile> files = readmeGlueFiles();
        QVERIFY2(files.size() >= 13, "the data README's GLUE table was not parsed");
        const QDir root(sa_test::dataRoot());
        for (const ReadmeFile& file : files) {
            const sa::GlueTask task = sa::glueTaskByName(file.task.toStdString());
            const sa::GlueTaskInfo& info = sa::glueTaskInfo(task);
            const auto examples = sa::readGlueTsv(root.filePath(file.relative).toStdString(), task);
            QVERIFY2(int(examples.size()) == file.rows, qPrintable(QStringLiteral("%1: %2 rows, README says %3")
                                                                       .arg(file.relative)
                                                                       .arg(examples.size())
                                                                       .arg(file.rows)));
            for (const sa::GlueExample& e : examples) {
                QVERIFY(!e.text.empty());
                QCOMPARE(e.textPair.empty(), !info.isPair());
                if (info.isRegression()) {
                    QCOMPARE(e.label, std::int64_t(-1));
                    QVERIFY2(e.score >= 0 && e.score <= 5, qPrintable(file.relative));
                } else {
                    QVERIFY(e.label >= 0 && e.label < std::int64_t(info.labels.size()));
                }
            }
            QCOMPARE(examples.front().line, std::size_t(info.hasHeader ? 2 : 1));
        }
    }

    void realFiles_labelCountsMatchReadme() {
        SA_REQUIRE_GLUE_DATA();
        const auto published = readmeLabelCounts();
        QVERIFY2(published.size() >= 5, "the data README's label counts were not parsed");
        for (const auto& [relative, expected] : published) {
            const sa::GlueTask task = sa::glueTaskByName(relative.section('/', 1, 1).toStdString());
            std::map<std::int64_t, int> perLabel;
            for (const sa::GlueExample& e :
                 sa::readGlueTsv(QDir(sa_test::dataRoot()).filePath(relative).toStdString(), task))
                ++perLabel[e.label];
            std::multiset<int> counted;
            for (const auto& [label, count] : perLabel)
                counted.insert(count);
            QVERIFY2(counted == expected, qPrintable(relative));
        }
    }

    // The reader against the file's own bytes, split the naive way.
    void realFiles_firstAndLastExamplesMatchNaiveSplit() {
        SA_REQUIRE_GLUE_DATA();
        const QDir root(sa_test::dataRoot());
        for (const ReadmeFile& file : readmeGlueFiles()) {
            const sa::GlueTask task = sa::glueTaskByName(file.task.toStdString());
            const sa::GlueTaskInfo& info = sa::glueTaskInfo(task);
            const QString path = root.filePath(file.relative);
            const auto examples = sa::readGlueTsv(path.toStdString(), task);
            const auto rows = naiveRows(path);
            const int first = info.hasHeader ? 1 : 0;
            QCOMPARE(rows.size() - first, qsizetype(examples.size()));
            auto column = [&](const std::string& name, std::size_t fallback) {
                return info.hasHeader ? rows.first().indexOf(QByteArray::fromStdString(name)) : qsizetype(fallback);
            };
            const qsizetype text = column(info.textName, info.textColumn);
            const qsizetype pair = info.isPair() ? column(info.pairName, info.pairColumn) : -1;
            const qsizetype label = column(info.labelName, info.labelColumn);
            QVERIFY(text >= 0 && label >= 0);
            for (const auto& [row, example] :
                 {std::pair{rows.at(first), examples.front()}, std::pair{rows.last(), examples.back()}}) {
                QCOMPARE(QByteArray::fromStdString(example.text), row.at(text));
                if (pair >= 0) QCOMPARE(QByteArray::fromStdString(example.textPair), row.at(pair));
                if (info.isRegression())
                    QCOMPARE(example.score, row.at(label).toDouble());
                else
                    QCOMPARE(QByteArray::fromStdString(info.labels.at(std::size_t(example.label))), row.at(label));
            }
            QCOMPARE(examples.back().line, std::size_t(rows.size()));
        }
    }

    void malformed_wrongColumnCountNamesFileAndLine() {
        const std::string path = write("columns.tsv", "sentence\tlabel\ngood\t1\nbad\t1\textra\n");
        const QString message = errorOf([&] { sa::readGlueTsv(path, sa::GlueTask::SST2); });
        QVERIFY2(message.contains(QString::fromStdString(path) + ":3: expected 2 columns, got 3"), qPrintable(message));

        const std::string cola = write("cola.tsv", "src\t1\t\tfine\nsrc\t0\n");
        const QString colaMessage = errorOf([&] { sa::readGlueTsv(cola, sa::GlueTask::CoLA); });
        QVERIFY2(colaMessage.contains(QString::fromStdString(cola) + ":2: expected 4 columns, got 2"),
                 qPrintable(colaMessage));
    }

    void malformed_emptyLineInsideTheDataIsAnError() {
        const std::string path = write("gap.tsv", "sentence\tlabel\na\t1\n\nb\t0\n");
        const QString message = errorOf([&] { sa::readGlueTsv(path, sa::GlueTask::SST2); });
        QVERIFY2(message.contains(":3: expected 2 columns, got 1"), qPrintable(message));
    }

    void malformed_unknownLabelNamesLineColumnAndValue() {
        const std::string path =
            write("label.tsv", "index\tsentence1\tsentence2\tlabel\n0\ta\tb\tentailment\n1\ta\tb\tneutral\n");
        const QString message = errorOf([&] { sa::readGlueTsv(path, sa::GlueTask::RTE); });
        QVERIFY2(message.contains(QString::fromStdString(path) + ":3:") && message.contains("'label'") &&
                     message.contains("'neutral'"),
                 qPrintable(message));

        const std::string cola = write("cola_label.tsv", "src\t2\t\tsentence\n");
        const QString colaMessage = errorOf([&] { sa::readGlueTsv(cola, sa::GlueTask::CoLA); });
        QVERIFY2(colaMessage.contains(":1: column 2") && colaMessage.contains("'2'"), qPrintable(colaMessage));
    }

    void malformed_unparsableScoreNamesLineAndValue() {
        const std::string path = write("score.tsv", "index\tsentence1\tsentence2\tscore\n0\ta\tb\t4.5\n1\ta\tb\t4,5\n");
        const QString message = errorOf([&] { sa::readGlueTsv(path, sa::GlueTask::STSB); });
        QVERIFY2(message.contains(":3:") && message.contains("'score'") && message.contains("'4,5'"),
                 qPrintable(message));
    }

    void malformed_headerWithoutNamedColumnNamesIt() {
        const std::string path = write("header.tsv", "index\tquestion\tsentence\tgold\n0\tq\ts\tentailment\n");
        const QString message = errorOf([&] { sa::readGlueTsv(path, sa::GlueTask::QNLI); });
        QVERIFY2(message.contains(QString::fromStdString(path) + ":1:") && message.contains("'label'"),
                 qPrintable(message));
    }

    void malformed_missingFileNamesIt() {
        const std::string path = tmp_.filePath("absent.tsv").toStdString();
        const QString message = errorOf([&] { sa::readGlueTsv(path, sa::GlueTask::SST2); });
        QVERIFY2(message.contains(QString::fromStdString(path)), qPrintable(message));
    }

    void malformed_emptyOrHeaderOnlyFileThrows() {
        const std::string empty = write("empty.tsv", "");
        QVERIFY(errorOf([&] { sa::readGlueTsv(empty, sa::GlueTask::CoLA); }).contains(QString::fromStdString(empty)));
        QVERIFY(errorOf([&] { sa::readGlueTsv(empty, sa::GlueTask::SST2); }).contains(QString::fromStdString(empty)));
        const std::string blank = write("blank.tsv", "\n\r\n");
        QVERIFY(!errorOf([&] { sa::readGlueTsv(blank, sa::GlueTask::CoLA); }).isEmpty());
        const std::string headerOnly = write("header_only.tsv", "sentence\tlabel\n");
        QVERIFY(!errorOf([&] { sa::readGlueTsv(headerOnly, sa::GlueTask::SST2); }).isEmpty());
    }

    void format_bomCrlfAndMissingFinalNewlineAreAccepted() {
        const std::string path = write("bom_crlf.tsv", "\xEF\xBB\xBFQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\r\n"
                                                       "1\t10\t11\tFirst one .\tSecond one .\r\n"
                                                       "0\t12\t13\tThird .\tFourth .");
        const auto examples = sa::readGlueTsv(path, sa::GlueTask::MRPC);
        QCOMPARE(examples.size(), std::size_t(2));
        QCOMPARE(examples[0].text, std::string("First one ."));
        QCOMPARE(examples[0].textPair, std::string("Second one ."));
        QCOMPARE(examples[0].label, std::int64_t(1));
        QCOMPARE(examples[0].line, std::size_t(2));
        QCOMPARE(examples[1].textPair, std::string("Fourth ."));
        QCOMPARE(examples[1].label, std::int64_t(0));
    }

    void format_trailingEmptyLinesAreIgnored() {
        const std::string path = write("trailing.tsv", "src\t1\t\tA sentence.\r\nsrc\t0\t*\tSentence a.\n\n\r\n");
        const auto examples = sa::readGlueTsv(path, sa::GlueTask::CoLA);
        QCOMPARE(examples.size(), std::size_t(2));
        QCOMPARE(examples[0].text, std::string("A sentence."));
        QCOMPARE(examples[1].label, std::int64_t(0));
        QCOMPARE(examples[1].line, std::size_t(2));
    }

    // GLUE's TSVs are not CSV: quotes are text, even unbalanced ones, and
    // fields keep their spaces (SST-2 sentences end with one).
    void format_quotesAreLiteralAndFieldsKeepSpaces() {
        const std::string path = write(
            "quotes.tsv", "index\tgenre\tfilename\tyear\told_index\tsource1\tsource2\tsentence1\tsentence2\tscore\n"
                          "0\tmain-news\tf\t2012\t0\tnone\tnone\t\"He said \tit \" works\t3.800\n"
                          "1\tmain-news\tf\t2012\t1\tnone\tnone\t\"Open\t\"\"quoted\"\" \t0\n");
        const auto examples = sa::readGlueTsv(path, sa::GlueTask::STSB);
        QCOMPARE(examples.size(), std::size_t(2));
        QCOMPARE(examples[0].text, std::string("\"He said "));
        QCOMPARE(examples[0].textPair, std::string("it \" works"));
        QCOMPARE(examples[0].score, 3.8);
        QCOMPARE(examples[1].text, std::string("\"Open"));
        QCOMPARE(examples[1].textPair, std::string("\"\"quoted\"\" "));
        QCOMPARE(examples[1].score, 0.0);
    }

    // Columns are found by header name, so another column order still reads.
    void format_headerColumnsAreFoundByName() {
        const std::string path = write("order.tsv", "label\tsentence\tindex\tquestion\nnot_entailment\tS .\t0\tQ ?\n");
        const auto examples = sa::readGlueTsv(path, sa::GlueTask::QNLI);
        QCOMPARE(examples.size(), std::size_t(1));
        QCOMPARE(examples[0].text, std::string("Q ?"));
        QCOMPARE(examples[0].textPair, std::string("S ."));
        QCOMPARE(examples[0].label, std::int64_t(1));
    }

    void format_mnliAndQqpLayouts() {
        const std::string mnli =
            write("mnli.tsv", "index\tpromptID\tpairID\tgenre\tsentence1\tsentence2\tlabel1\tgold_label\n"
                              "0\t1\t1e\tfiction\tThe cat sat .\tA cat sat .\tentailment\tentailment\n"
                              "1\t2\t2n\tfiction\tHe said \"no .\tHe agreed .\tcontradiction\tcontradiction\n");
        const auto nli = sa::readGlueTsv(mnli, sa::GlueTask::MNLI);
        QCOMPARE(nli.size(), std::size_t(2));
        QCOMPARE(nli[0].label, std::int64_t(1));
        QCOMPARE(nli[1].label, std::int64_t(0));
        QCOMPARE(nli[1].text, std::string("He said \"no ."));

        const std::string qqp = write("qqp.tsv", "id\tqid1\tqid2\tquestion1\tquestion2\tis_duplicate\n"
                                                 "7\t1\t2\tHow?\tWhy?\t0\n");
        const auto pairs = sa::readGlueTsv(qqp, sa::GlueTask::QQP);
        QCOMPARE(pairs.size(), std::size_t(1));
        QCOMPARE(pairs[0].textPair, std::string("Why?"));
        QCOMPARE(pairs[0].label, std::int64_t(0));
    }

    // QQP as in glue_data/QQP/{train,dev}.tsv: 6 columns, question pair and
    // is_duplicate last; questions may be empty or carry quotes.
    void qqp_originalLayoutLoads() {
        QVERIFY(QDir(tmp_.path()).mkpath(QStringLiteral("QQP")));
        const QByteArray header = tsvLine({"id", "qid1", "qid2", "question1", "question2", "is_duplicate"});
        const QByteArray rows = tsvLine({"133273", "213221", "213222", "How is the life of a math student?",
                                         "Which level of prepration is enough for the exam jlpt5?", "0"}) +
                                tsvLine({"402555", "536040", "536041", "How do I control my horny emotions?",
                                         "How do you control your horniness?", "1"}) +
                                tsvLine({"17", "35", "36", "\"Is it \"\"real\"\"?", "", "1"});
        for (const QString& name : {QStringLiteral("QQP/train.tsv"), QStringLiteral("QQP/dev.tsv")}) {
            const auto examples = sa::readGlueTsv(write(name, header + rows), sa::GlueTask::QQP);
            QCOMPARE(examples.size(), std::size_t(3));
            QCOMPARE(examples[0].text, std::string("How is the life of a math student?"));
            QCOMPARE(examples[0].textPair, std::string("Which level of prepration is enough for the exam jlpt5?"));
            QCOMPARE(examples[0].label, std::int64_t(0));
            QCOMPARE(examples[0].line, std::size_t(2));
            QCOMPARE(examples[1].text, std::string("How do I control my horny emotions?"));
            QCOMPARE(examples[1].textPair, std::string("How do you control your horniness?"));
            QCOMPARE(examples[1].label, std::int64_t(1));
            QCOMPARE(examples[2].text, std::string("\"Is it \"\"real\"\"?"));
            QCOMPARE(examples[2].textPair, std::string());
            QCOMPARE(examples[2].label, std::int64_t(1));
            QCOMPARE(examples[2].line, std::size_t(4));
        }
    }

    void qqp_wrongColumnCountNamesFileAndLine() {
        const std::string path =
            write("qqp_short.tsv", tsvLine({"id", "qid1", "qid2", "question1", "question2", "is_duplicate"}) +
                                       tsvLine({"1", "1", "2", "Why?", "How?", "0"}) +
                                       tsvLine({"2", "3", "4", "A question split by a newline", "0"}));
        const QString message = errorOf([&] { sa::readGlueTsv(path, sa::GlueTask::QQP); });
        QVERIFY2(message.contains(QString::fromStdString(path) + ":3: expected 6 columns, got 5"), qPrintable(message));
    }

    // MNLI train.tsv has 12 columns (one annotator label, then gold_label);
    // dev_matched.tsv and dev_mismatched.tsv have 16 (label1..label5, then
    // gold_label). The reader takes sentence1, sentence2 and gold_label by
    // header name in both.
    void mnli_trainAndDevLayoutsLoad() {
        QVERIFY(QDir(tmp_.path()).mkpath(QStringLiteral("MNLI")));
        const QList<QByteArray> prefix{"index",
                                       "promptID",
                                       "pairID",
                                       "genre",
                                       "sentence1_binary_parse",
                                       "sentence2_binary_parse",
                                       "sentence1_parse",
                                       "sentence2_parse",
                                       "sentence1",
                                       "sentence2"};
        const QByteArray trainHeader = tsvLine(prefix + QList<QByteArray>{"label1", "gold_label"});
        const QByteArray devHeader =
            tsvLine(prefix + QList<QByteArray>{"label1", "label2", "label3", "label4", "label5", "gold_label"});
        QCOMPARE(trainHeader.count('\t') + 1, 12);
        QCOMPARE(devHeader.count('\t') + 1, 16);

        const std::string train = write(
            "MNLI/train.tsv",
            trainHeader +
                tsvLine({"0", "31193", "31193n", "government", "( ( Conceptually ( cream skimming ) ) ( has ) )",
                         "( Product ( and geography ) )", "(ROOT (S (NP (JJ Conceptually))))", "(ROOT (S (NP (NN P))))",
                         "Conceptually cream skimming has two basic dimensions - product and geography.",
                         "Product and geography are what make cream skimming work. ", "neutral", "neutral"}) +
                tsvLine({"1", "101457", "101457e", "telephone", "( you ( know ) )", "( You ( lose ) )", "(ROOT (S))",
                         "(ROOT (S))", "you know during the season and i guess at at your level uh you lose them",
                         "You lose the things to the following level if the people recall.", "entailment",
                         "entailment"}) +
                tsvLine({"2", "134793", "134793c", "fiction", "( ( One ( of ) ) )", "( ( A ( member ) ) )", "(ROOT)",
                         "(ROOT)", "One of our number will carry out your instructions minutely.",
                         "A member of my team will execute your orders with immense precision.", "contradiction",
                         "contradiction"}));
        const auto trainExamples = sa::readGlueTsv(train, sa::GlueTask::MNLI);
        QCOMPARE(trainExamples.size(), std::size_t(3));
        QCOMPARE(trainExamples[0].text,
                 std::string("Conceptually cream skimming has two basic dimensions - product and geography."));
        QCOMPARE(trainExamples[0].textPair, std::string("Product and geography are what make cream skimming work. "));
        // Labels index {contradiction, entailment, neutral}.
        QCOMPARE(trainExamples[0].label, std::int64_t(2));
        QCOMPARE(trainExamples[1].label, std::int64_t(1));
        QCOMPARE(trainExamples[2].label, std::int64_t(0));
        QCOMPARE(trainExamples[2].textPair,
                 std::string("A member of my team will execute your orders with immense precision."));
        QCOMPARE(trainExamples[2].line, std::size_t(4));

        // gold_label, not label1, is the label: row 1 is annotated neutral
        // first but its gold label is contradiction.
        const QByteArray devRows =
            tsvLine({"0", "63735", "63735n", "slate", "( ( The ( new rights ) ) ( are ( nice enough ) ) )",
                     "( Everyone ( really ( likes ( the ( newest benefits ) ) ) ) )", "(ROOT (S))", "(ROOT (S))",
                     "The new rights are nice enough", "Everyone really likes the newest benefits ", "neutral",
                     "entailment", "neutral", "neutral", "neutral", "neutral"}) +
            tsvLine({"1", "91383", "91383c", "government", "( This ( site ) )", "( The ( site ) )", "(ROOT)", "(ROOT)",
                     "This site includes a list of all award winners.", "The Government Executive articles are gone.",
                     "neutral", "contradiction", "contradiction", "contradiction", "neutral", "contradiction"});
        for (const QString& name :
             {QStringLiteral("MNLI/dev_matched.tsv"), QStringLiteral("MNLI/dev_mismatched.tsv")}) {
            const auto dev = sa::readGlueTsv(write(name, devHeader + devRows), sa::GlueTask::MNLI);
            QCOMPARE(dev.size(), std::size_t(2));
            QCOMPARE(dev[0].text, std::string("The new rights are nice enough"));
            QCOMPARE(dev[0].textPair, std::string("Everyone really likes the newest benefits "));
            QCOMPARE(dev[0].label, std::int64_t(2));
            QCOMPARE(dev[0].line, std::size_t(2));
            QCOMPARE(dev[1].text, std::string("This site includes a list of all award winners."));
            QCOMPARE(dev[1].textPair, std::string("The Government Executive articles are gone."));
            QCOMPARE(dev[1].label, std::int64_t(0));
        }
    }

    void mnli_wrongColumnCountNamesFileAndLine() {
        const QList<QByteArray> prefix{"index", "promptID", "pairID", "genre", "s1b", "s2b", "s1p", "s2p"};
        // A train-layout row (12 columns) in a dev file (16 columns).
        const std::string dev = write(
            "mnli_dev_bad.tsv", tsvLine(prefix + QList<QByteArray>{"sentence1", "sentence2", "label1", "label2",
                                                                   "label3", "label4", "label5", "gold_label"}) +
                                    tsvLine(prefix + QList<QByteArray>{"A .", "B .", "neutral", "neutral", "neutral",
                                                                       "neutral", "neutral", "neutral"}) +
                                    tsvLine(prefix + QList<QByteArray>{"C .", "D .", "entailment", "entailment"}));
        const QString devMessage = errorOf([&] { sa::readGlueTsv(dev, sa::GlueTask::MNLI); });
        QVERIFY2(devMessage.contains(QString::fromStdString(dev) + ":3: expected 16 columns, got 12"),
                 qPrintable(devMessage));

        // A train file whose second row lost its last column.
        const std::string train =
            write("mnli_train_bad.tsv",
                  tsvLine(prefix + QList<QByteArray>{"sentence1", "sentence2", "label1", "gold_label"}) +
                      tsvLine(prefix + QList<QByteArray>{"A .", "B .", "neutral", "neutral"}) +
                      tsvLine(prefix + QList<QByteArray>{"C .", "D .", "neutral", "neutral"}) +
                      tsvLine(prefix + QList<QByteArray>{"E .", "F .", "neutral"}));
        const QString trainMessage = errorOf([&] { sa::readGlueTsv(train, sa::GlueTask::MNLI); });
        QVERIFY2(trainMessage.contains(QString::fromStdString(train) + ":4: expected 12 columns, got 11"),
                 qPrintable(trainMessage));

        // SNLI-style "-" (no annotator consensus) is not an MNLI label.
        const std::string dash = write(
            "mnli_dash.tsv", tsvLine(prefix + QList<QByteArray>{"sentence1", "sentence2", "label1", "gold_label"}) +
                                 tsvLine(prefix + QList<QByteArray>{"A .", "B .", "neutral", "-"}));
        const QString dashMessage = errorOf([&] { sa::readGlueTsv(dash, sa::GlueTask::MNLI); });
        QVERIFY2(dashMessage.contains(QString::fromStdString(dash) + ":2:") && dashMessage.contains("'gold_label'") &&
                     dashMessage.contains("'-'"),
                 qPrintable(dashMessage));
    }

    // predictions {1,0,1,1,0} vs labels {1,0,0,1,1}: positions 0, 1, 3 agree → 3/5.
    void metrics_accuracy() {
        SA_COMPARE_NEAR(sa::accuracy({1, 0, 1, 1, 0}, {1, 0, 0, 1, 1}), 0.6);
        SA_COMPARE_NEAR(sa::accuracy({2, 1, 0}, {2, 1, 0}), 1.0);
        SA_COMPARE_NEAR(sa::accuracy({0, 0}, {1, 2}), 0.0);
    }

    void metrics_f1() {
        // Positive 1: TP = positions 0, 3 (2); FP = position 2 (1); FN =
        // position 4 (1). F1 = 2·2 / (2·2 + 1 + 1) = 4/6.
        SA_COMPARE_NEAR(sa::f1Score({1, 0, 1, 1, 0}, {1, 0, 0, 1, 1}), 4.0 / 6.0);
        // Positive 0: TP = position 1 (1); FP = position 4 (1); FN = position
        // 2 (1). F1 = 2 / (2 + 1 + 1) = 0.5.
        SA_COMPARE_NEAR(sa::f1Score({1, 0, 1, 1, 0}, {1, 0, 0, 1, 1}, 0), 0.5);
        // precision = 3/4, recall = 3/5 → 2·(3/4)(3/5)/((3/4)+(3/5)) = 2/3;
        // 2·TP/(2·TP+FP+FN) = 6/(6+1+2) = 2/3.
        SA_COMPARE_NEAR(sa::f1Score({1, 1, 1, 1, 0, 0, 0, 0, 0, 0}, {1, 1, 1, 0, 1, 1, 0, 0, 0, 0}), 2.0 / 3.0);
    }

    // sklearn's zero_division=0: no positive anywhere (0/0) or no true
    // positive (0/(FP+FN)) both give 0.
    void metrics_f1ZeroDivisionIsZero() {
        SA_COMPARE_NEAR(sa::f1Score({0, 0, 0}, {0, 0, 0}), 0.0);
        SA_COMPARE_NEAR(sa::f1Score({0, 0, 0}, {1, 1, 0}), 0.0);
        SA_COMPARE_NEAR(sa::f1Score({1, 1, 0}, {0, 0, 0}), 0.0);
    }

    void metrics_matthewsBinary() {
        // TP = 3, FN = 2, FP = 1, TN = 4:
        // (TP·TN − FP·FN) / sqrt((TP+FP)(TP+FN)(TN+FP)(TN+FN))
        //   = (12 − 2) / sqrt(4·5·5·6) = 10 / sqrt(600).
        const std::vector<std::int64_t> labels{1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
        const std::vector<std::int64_t> predictions{1, 1, 1, 0, 0, 1, 0, 0, 0, 0};
        SA_COMPARE_NEAR(sa::matthewsCorrelation(predictions, labels), 10.0 / std::sqrt(600.0));
        SA_COMPARE_NEAR(sa::matthewsCorrelation(labels, labels), 1.0);
        SA_COMPARE_NEAR(sa::matthewsCorrelation({0, 0, 1, 1}, {1, 1, 0, 0}), -1.0);
    }

    void metrics_matthewsMulticlass() {
        // labels {0,0,0,1,1,2}, predictions {0,0,1,1,2,2}: n = 6, correct =
        // positions 0, 1, 3, 5 = 4; per class t = (3,2,1), p = (2,2,2).
        // cov(yt,yp) = 4·6 − (6+4+2) = 12; cov(yp,yp) = 36 − 12 = 24;
        // cov(yt,yt) = 36 − (9+4+1) = 22 → MCC = 12 / sqrt(22·24).
        SA_COMPARE_NEAR(sa::matthewsCorrelation({0, 0, 1, 1, 2, 2}, {0, 0, 0, 1, 1, 2}), 12.0 / std::sqrt(528.0));
    }

    // Every prediction (or label) the same class: cov(yp,yp) = n² − n² = 0 → 0.
    void metrics_matthewsZeroDenominatorIsZero() {
        SA_COMPARE_NEAR(sa::matthewsCorrelation({1, 1, 1, 1}, {1, 0, 1, 0}), 0.0);
        SA_COMPARE_NEAR(sa::matthewsCorrelation({1, 0, 1, 0}, {0, 0, 0, 0}), 0.0);
    }

    void metrics_pearson() {
        // x = {1..5}, y = {2,4,5,4,5}: means 3 and 4; dx = {-2,-1,0,1,2},
        // dy = {-2,0,1,0,1}; Σdxdy = 4+0+0+0+2 = 6, Σdx² = 10, Σdy² = 6
        // → r = 6 / sqrt(60).
        SA_COMPARE_NEAR(sa::pearsonCorrelation({1, 2, 3, 4, 5}, {2, 4, 5, 4, 5}), 6.0 / std::sqrt(60.0));
        SA_COMPARE_NEAR(sa::pearsonCorrelation({1, 2, 3}, {-2, -4, -6}), -1.0);
        SA_COMPARE_NEAR(sa::pearsonCorrelation({0.5, 1.5, 2.5, 3.5}, {10, 20, 30, 40}), 1.0);
    }

    void metrics_spearmanAverageRanksTies() {
        // y = {2,4,5,4,5} ranks {1, 2.5, 4.5, 2.5, 4.5} (the two 4s share
        // ranks 2 and 3, the two 5s ranks 4 and 5); x ranks {1..5}. Both mean
        // 3: drx = {-2,-1,0,1,2}, dry = {-2,-0.5,1.5,-0.5,1.5};
        // Σ = 4+0.5+0-0.5+3 = 7, Σdrx² = 10, Σdry² = 4+0.25+2.25+0.25+2.25 = 9
        // → rho = 7 / sqrt(90).
        SA_COMPARE_NEAR(sa::spearmanCorrelation({1, 2, 3, 4, 5}, {2, 4, 5, 4, 5}), 7.0 / std::sqrt(90.0));
        // Monotone but not linear: ranks equal → 1; reversed → -1.
        SA_COMPARE_NEAR(sa::spearmanCorrelation({1, 2, 3, 4}, {1, 4, 9, 16}), 1.0);
        SA_COMPARE_NEAR(sa::spearmanCorrelation({1, 2, 3, 4}, {16, 9, 4, 1}), -1.0);
        // Ties on both sides: x = {1,1,2,3} ranks {1.5,1.5,3,4}, y = {5,6,6,7}
        // ranks {1,2.5,2.5,4}; means 2.5; drx = {-1,-1,0.5,1.5}, dry =
        // {-1.5,0,0,1.5}; Σ = 1.5+0+0+2.25 = 3.75, Σdrx² = 1+1+0.25+2.25 =
        // 4.5, Σdry² = 2.25+0+0+2.25 = 4.5 → rho = 3.75 / 4.5.
        SA_COMPARE_NEAR(sa::spearmanCorrelation({1, 1, 2, 3}, {5, 6, 6, 7}), 3.75 / 4.5);
    }

    // scipy returns NaN for a constant input; so do we.
    void metrics_correlationOfConstantInputIsNan() {
        QVERIFY(std::isnan(sa::pearsonCorrelation({1, 2, 3}, {4, 4, 4})));
        QVERIFY(std::isnan(sa::pearsonCorrelation({2, 2}, {1, 3})));
        QVERIFY(std::isnan(sa::spearmanCorrelation({1, 2, 3}, {4, 4, 4})));
        QVERIFY(std::isnan(sa::pearsonCorrelation({1}, {1})));
    }

    void metrics_sizeMismatchAndEmptyInputThrowNamingSizes() {
        const QString accuracyMessage = errorOf([] { sa::accuracy({1, 0, 1}, {1, 0, 1, 1}); });
        QVERIFY2(accuracyMessage.contains("3 predictions") && accuracyMessage.contains("4 labels"),
                 qPrintable(accuracyMessage));
        QVERIFY(errorOf([] { sa::f1Score({1}, {1, 0}); }).contains("2 labels"));
        QVERIFY(errorOf([] { sa::matthewsCorrelation({1, 0}, {1}); }).contains("2 predictions"));
        QVERIFY(errorOf([] { sa::pearsonCorrelation({1, 2}, {1, 2, 3}); }).contains("3 values"));
        QVERIFY(errorOf([] { sa::spearmanCorrelation({1, 2}, {1, 2, 3}); }).contains("2 values"));
        QVERIFY(!errorOf([] { sa::accuracy({}, {}); }).isEmpty());
        QVERIFY(!errorOf([] { sa::pearsonCorrelation({}, {}); }).isEmpty());

        const QString glueMessage = errorOf([] { sa::glueMetrics(sa::GlueTask::MRPC, {1, 0}, {1, 0, 0}); });
        QVERIFY2(glueMessage.contains("MRPC") && glueMessage.contains("2 predictions") &&
                     glueMessage.contains("3 labels"),
                 qPrintable(glueMessage));
        const QString emptyMessage = errorOf([] { sa::glueMetrics(sa::GlueTask::SST2, {}, {}); });
        QVERIFY2(emptyMessage.contains("0 predictions") && emptyMessage.contains("0 labels"), qPrintable(emptyMessage));
        const QString stsbMessage = errorOf([] { sa::glueRegressionMetrics({1.0, 2.0, 3.0}, {1.0}); });
        QVERIFY2(stsbMessage.contains("3 predictions") && stsbMessage.contains("1 scores"), qPrintable(stsbMessage));
    }

    void glue_mainMetricNames() {
        const std::map<sa::GlueTask, std::string> expected{
            {sa::GlueTask::CoLA, "matthews_correlation"},
            {sa::GlueTask::SST2, "accuracy"},
            {sa::GlueTask::MRPC, "f1"},
            {sa::GlueTask::STSB, "pearson"},
            {sa::GlueTask::QNLI, "accuracy"},
            {sa::GlueTask::RTE, "accuracy"},
            {sa::GlueTask::WNLI, "accuracy"},
            {sa::GlueTask::QQP, "f1"},
            {sa::GlueTask::MNLI, "accuracy"},
        };
        for (sa::GlueTask task : sa::allGlueTasks())
            QCOMPARE(sa::glueMainMetricName(task), expected.at(task));
    }

    void glue_metricsPerTask() {
        const std::vector<std::int64_t> predictions{1, 0, 1, 1, 0};
        const std::vector<std::int64_t> labels{1, 0, 0, 1, 1};

        // CoLA: TP = 2, TN = 1, FP = 1, FN = 1 → (2 − 1) / sqrt(3·3·2·2) = 1/6.
        const sa::GlueMetrics cola = sa::glueMetrics(sa::GlueTask::CoLA, predictions, labels);
        QCOMPARE(cola.values.size(), std::size_t(1));
        QCOMPARE(cola.values[0].first, std::string("matthews_correlation"));
        QCOMPARE(cola.mainName, std::string("matthews_correlation"));
        SA_COMPARE_NEAR(cola.main(), 1.0 / 6.0);

        // MRPC and QQP: accuracy 3/5, F1 4/6 (see metrics_f1); main is F1.
        for (sa::GlueTask task : {sa::GlueTask::MRPC, sa::GlueTask::QQP}) {
            const sa::GlueMetrics m = sa::glueMetrics(task, predictions, labels);
            QCOMPARE(m.values.size(), std::size_t(2));
            QCOMPARE(m.values[0].first, std::string("accuracy"));
            QCOMPARE(m.values[1].first, std::string("f1"));
            SA_COMPARE_NEAR(m.values[0].second, 0.6);
            SA_COMPARE_NEAR(m.values[1].second, 4.0 / 6.0);
            QCOMPARE(m.mainName, std::string("f1"));
            SA_COMPARE_NEAR(m.main(), 4.0 / 6.0);
        }

        const sa::GlueMetrics sst2 = sa::glueMetrics(sa::GlueTask::SST2, predictions, labels);
        QCOMPARE(sst2.values.size(), std::size_t(1));
        QCOMPARE(sst2.values[0].first, std::string("accuracy"));
        QCOMPARE(sst2.mainName, std::string("accuracy"));
        SA_COMPARE_NEAR(sst2.main(), 0.6);

        // MNLI, three classes: positions 0, 2, 3 agree → 3/5.
        const sa::GlueMetrics mnli = sa::glueMetrics(sa::GlueTask::MNLI, {0, 1, 2, 2, 1}, {0, 2, 2, 2, 0});
        QCOMPARE(mnli.values.size(), std::size_t(1));
        SA_COMPARE_NEAR(mnli.main(), 0.6);

        // STS-B takes scores, not class indices.
        QVERIFY(!errorOf([&] { sa::glueMetrics(sa::GlueTask::STSB, predictions, labels); }).isEmpty());
    }

    // STS-B on the vectors of metrics_pearson / metrics_spearmanAverageRanksTies.
    void glue_regressionMetrics() {
        const sa::GlueMetrics stsb = sa::glueRegressionMetrics({1, 2, 3, 4, 5}, {2, 4, 5, 4, 5});
        QCOMPARE(stsb.values.size(), std::size_t(2));
        QCOMPARE(stsb.values[0].first, std::string("pearson"));
        QCOMPARE(stsb.values[1].first, std::string("spearmanr"));
        SA_COMPARE_NEAR(stsb.values[0].second, 6.0 / std::sqrt(60.0));
        SA_COMPARE_NEAR(stsb.values[1].second, 7.0 / std::sqrt(90.0));
        QCOMPARE(stsb.mainName, std::string("pearson"));
        SA_COMPARE_NEAR(stsb.main(), 6.0 / std::sqrt(60.0));

        sa::GlueMetrics missing;
        missing.mainName = "f1";
        missing.values.emplace_back("accuracy", 1.0);
        QVERIFY(errorOf([&] { missing.main(); }).contains("'f1'"));
    }
};

QTEST_GUILESS_MAIN(TestGlue)
#include "test_glue.moc"
