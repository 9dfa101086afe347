// GLUE TSV reading: every glue_data file of the data root loads with the row
// count the data README's table states and the label counts its "Checks
// made" list publishes (both parsed from the README, nothing hard-coded);
// first and last examples agree with a naive split of the file's own lines;
// malformed files written to a temporary folder fail with errors that name
// file, line and value.
#include "test_support.h"

#include "error.h"
#include "text/glue_dataset.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <functional>
#include <map>
#include <set>
#include <vector>

namespace {

void writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size()) qFatal("cannot write %s", qPrintable(path));
}

QByteArray readBytes(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return f.readAll();
}

// The sa::Error message `call` throws; empty when it throws nothing.
QString errorOf(const std::function<void()>& call) {
    try {
        call();
    } catch (const sa::Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
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

#define SA_REQUIRE_GLUE_DATA()                                                                                         \
    do {                                                                                                               \
        if (!QFileInfo::exists(readmePath()))                                                                          \
            QSKIP(qPrintable(QStringLiteral("data not found: %1 (set SPARSEADAPTER_DATA)").arg(readmePath())));        \
    } while (0)

} // namespace

class TestDatasets : public QObject {
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
};

QTEST_GUILESS_MAIN(TestDatasets)
#include "test_datasets.moc"
