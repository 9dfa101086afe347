// Run folders read back (listRuns, readRun, readMetricSeries) and the report
// tables written from them (CSV, Markdown, LaTeX; `sparseadapter export`).
// Every run folder here is synthetic, in the layout Experiment writes
// (README "The run folder"): no model, no training, no fixtures.
#include "test_support.h"

#include "error.h"
#include "experiment/config_diff.h"
#include "experiment/report_tables.h"
#include "experiment/run_index.h"
#include "experiment/sweep_report.h"

#include <QTemporaryDir>

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

namespace {

using nlohmann::json;
using sa_test::errorOf;

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// config.json as Experiment writes it (the keys a record can fall back on).
json configJson(const std::string& name, const std::string& preset, int64_t bottleneck, const std::string& method,
                double sparsity) {
    return {{"name", name},
            {"model", "builtin:demo"},
            {"task", {{"name", "SST-2"}, {"data_dir", ""}, {"max_seq_length", 128}}},
            {"adapter", {{"preset", preset}, {"bottleneck", bottleneck}, {"train_head", true}}},
            {"pruning", {{"method", method}, {"sparsity", sparsity}, {"large_sparse", 1}}},
            {"optimization", {{"epochs", 3}, {"seed", 42}}},
            {"device", "auto"},
            {"output_dir", "runs"}};
}

json budgetJson() {
    return {{"adapter_weights", 32768},
            {"adapter_weights_kept", 19660},
            {"backbone", 85696},
            {"biases_and_norms", 1024},
            {"density", 0.6},
            {"effective_percent_of_backbone", 24.288181478715458},
            {"effective_trainable", 20814},
            {"head", 130},
            {"prefix", 0},
            {"train_head", true},
            {"trainable", 33922},
            {"trainable_percent_of_backbone", 39.584111277072445}};
}

json evalJson(int64_t step, double accuracy) {
    return {{"step", step},
            {"epoch", 0},
            {"loss", 0.5},
            {"main", "accuracy"},
            {"main_value", accuracy},
            {"metrics", {{"accuracy", accuracy}}}};
}

// summary.json of a finished run (the demo run's layout).
json finishedSummary(const std::string& name) {
    return {{"status", "finished"},
            {"name", name},
            {"task", "SST-2"},
            {"model", "/models/roberta-base/"},
            {"adapter", "houlsby"},
            {"bottleneck", 64},
            {"large_sparse", 1},
            {"pruning", "snip"},
            {"sparsity", 0.4},
            {"steps_done", 1800},
            {"total_steps", 1800},
            {"train_examples", 960},
            {"eval_examples", 240},
            {"budget", budgetJson()},
            {"timings", {{"prepare_s", 0.0157}, {"train_s", 13.34761827}}},
            {"versions", {{"sparseadapter", "0.1.0"}, {"libtorch", "1.13.0"}, {"device", "cpu"}}},
            {"best", evalJson(1560, 0.9875)},
            {"final", evalJson(1800, 0.9833333333333333)}};
}

// A run created and checkpointed once, still running: no evaluation yet.
json runningSummary(const std::string& name) {
    json j = finishedSummary(name);
    j["status"] = "running";
    j["steps_done"] = 60;
    j["timings"]["train_s"] = 0.0;
    j.erase("best");
    j.erase("final");
    return j;
}

QString makeRun(const QString& root, const QString& folder, const json& config, const json* summary,
                const std::string& metrics = "") {
    const QString dir = QDir(root).filePath(folder);
    QDir().mkpath(dir);
    sa_test::writeFile(dir + "/config.json", QByteArray::fromStdString(config.dump(2) + "\n"));
    if (summary) sa_test::writeFile(dir + "/summary.json", QByteArray::fromStdString(summary->dump(2) + "\n"));
    if (!metrics.empty()) sa_test::writeFile(dir + "/metrics.jsonl", QByteArray::fromStdString(metrics));
    return dir;
}

// Five lines as the Recorder writes them: prune, two steps, eval, step + eval.
std::string sampleMetrics() {
    return R"({"density":0.6,"epoch":0,"iteration":0,"kept":19660,"step":0,"time_s":0.01,"total":32768,"type":"prune"}
{"clip":1.0,"epoch":0,"grad_norm":0.14,"loss":0.69,"lr":0.0,"step":1,"time_s":0.007,"tokens":208,"tokens_per_s":28773.7,"type":"step"}
{"clip":1.0,"epoch":0,"grad_norm":0.26,"loss":0.68,"lr":4.6e-05,"step":2,"time_s":0.013,"tokens":208,"tokens_per_s":31900.9,"type":"step"}
{"best":true,"epoch":0,"loss":0.694,"main":"accuracy","main_value":0.5,"metrics":{"accuracy":0.5},"step":2,"time_s":0.02,"tokens_per_s":13252.0,"type":"eval"}

{"clip":0.5,"epoch":1,"grad_norm":2.0,"loss":null,"lr":9.2e-05,"step":3,"time_s":0.02,"tokens":208,"tokens_per_s":31000.0,"type":"step"}
{"best":false,"epoch":1,"loss":0.6,"main":"mcc","main_value":null,"metrics":{"accuracy":0.75,"mcc":null},"step":3,"time_s":0.02,"tokens_per_s":13000.0,"type":"eval"}
)";
}

} // namespace

class TestReports : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void listRunsOrderAndFields() {
        QTemporaryDir root;
        QVERIFY(root.isValid());
        const auto finished = finishedSummary("b-run");
        const auto running = runningSummary("a-run");
        makeRun(root.path(), "b-run", configJson("b-run", "houlsby", 64, "snip", 0.4), &finished);
        makeRun(root.path(), "a-run", configJson("a-run", "houlsby", 64, "snip", 0.4), &running);
        // No summary.json yet: everything from config.json (an empty name: the folder's).
        makeRun(root.path(), "c-configonly", configJson("", "lora", 8, "none", 0.4), nullptr);
        QDir().mkpath(root.filePath("d-not-a-run")); // no config.json: not listed
        sa_test::writeFile(root.filePath("notes.txt"), "not a folder\n");

        const auto runs = sa::listRuns(root.path().toStdString());
        QCOMPARE(int(runs.size()), 3);
        QCOMPARE(q(runs[0].name), QStringLiteral("a-run"));
        QCOMPARE(q(runs[1].name), QStringLiteral("b-run"));
        QCOMPARE(q(runs[2].name), QStringLiteral("c-configonly"));

        const auto& b = runs[1];
        QCOMPARE(q(b.folder), root.filePath("b-run"));
        QCOMPARE(q(b.status), QStringLiteral("finished"));
        QCOMPARE(q(b.task), QStringLiteral("SST-2"));
        QCOMPARE(q(b.model), QStringLiteral("/models/roberta-base/"));
        QCOMPARE(q(b.adapter), QStringLiteral("houlsby"));
        QCOMPARE(b.bottleneck, int64_t(64));
        QCOMPARE(b.largeSparse, int64_t(1));
        QCOMPARE(q(b.pruning), QStringLiteral("snip"));
        QCOMPARE(b.sparsity, 0.4);
        QCOMPARE(b.stepsDone, int64_t(1800));
        QCOMPARE(b.totalSteps, int64_t(1800));
        QCOMPARE(q(b.mainMetric), QStringLiteral("accuracy"));
        QCOMPARE(b.bestValue, 0.9875);
        QCOMPARE(b.bestStep, int64_t(1560));
        QCOMPARE(b.finalValue, 0.9833333333333333);
        QCOMPARE(b.trainable, int64_t(33922));
        QCOMPARE(b.effectiveTrainable, int64_t(20814));
        QCOMPARE(b.trainablePercent, 39.584111277072445);
        QCOMPARE(b.effectivePercent, 24.288181478715458);
        QCOMPARE(b.trainSeconds, 13.34761827);
        QVERIFY(b.error.empty());
        QVERIFY(b.budget.has_value());
        QCOMPARE(b.budget->backbone, int64_t(85696));
        QCOMPARE(b.budget->head, int64_t(130));
        QVERIFY(b.budget->trainHead);
        QCOMPARE(b.budget->adapterWeightsKept, int64_t(19660));
        QCOMPARE(b.budget->density, 0.6);
        QCOMPARE(b.budget->trainable(), b.trainable);
        QCOMPARE(b.budget->effectiveTrainable(), b.effectiveTrainable);

        const auto& a = runs[0];
        QCOMPARE(q(a.status), QStringLiteral("running"));
        QCOMPARE(a.stepsDone, int64_t(60));
        QVERIFY(a.mainMetric.empty());
        QVERIFY(std::isnan(a.bestValue));
        QCOMPARE(a.bestStep, int64_t(-1));
        QVERIFY(std::isnan(a.finalValue));
        QVERIFY(std::isnan(a.trainSeconds)); // 0 until the trainer ends

        const auto& c = runs[2];
        QCOMPARE(q(c.status), QStringLiteral("unknown"));
        QCOMPARE(q(c.adapter), QStringLiteral("lora"));
        QCOMPARE(c.bottleneck, int64_t(8));
        QCOMPARE(q(c.pruning), QStringLiteral("none"));
        QCOMPARE(c.sparsity, 0.0); // dense, whatever pruning.sparsity says
        QCOMPARE(q(c.model), QStringLiteral("builtin:demo"));
        QCOMPARE(c.trainable, int64_t(-1));
        QVERIFY(!c.budget);

        // No runs folder yet: no runs, no error.
        QVERIFY(sa::listRuns(root.filePath("missing").toStdString()).empty());
        const QString notFolder = errorOf([&] { sa::listRuns(root.filePath("notes.txt").toStdString()); });
        QVERIFY2(notFolder.contains("notes.txt: not a folder"), qPrintable(notFolder));
    }

    void unreadableSummaryIsARecord() {
        QTemporaryDir root;
        const auto good = finishedSummary("good");
        json mistyped = finishedSummary("mistyped");
        mistyped["steps_done"] = "many";
        makeRun(root.path(), "good", configJson("good", "houlsby", 64, "snip", 0.4), &good);
        makeRun(root.path(), "mistyped", configJson("mistyped", "houlsby", 64, "snip", 0.4), &mistyped);
        const QString broken = makeRun(root.path(), "broken", configJson("broken", "pfeiffer", 16, "er", 0.5), nullptr);
        sa_test::writeFile(broken + "/summary.json", "{\"status\": \"fini");

        std::vector<sa::RunRecord> runs;
        const QString listError = errorOf([&] { runs = sa::listRuns(root.path().toStdString()); });
        QVERIFY2(listError.isEmpty(), qPrintable(listError));
        QCOMPARE(int(runs.size()), 3);

        const auto& r = runs[0];
        QCOMPARE(q(r.name), QStringLiteral("broken"));
        QCOMPARE(q(r.status), QStringLiteral("unreadable"));
        QVERIFY2(q(r.error).contains(broken + "/summary.json: not valid JSON"), r.error.c_str());
        // What config.json says is still there.
        QCOMPARE(q(r.adapter), QStringLiteral("pfeiffer"));
        QCOMPARE(r.bottleneck, int64_t(16));
        QCOMPARE(r.sparsity, 0.5);

        QCOMPARE(q(runs[1].status), QStringLiteral("finished"));
        QCOMPARE(q(runs[2].status), QStringLiteral("unreadable"));
        QVERIFY2(q(runs[2].error).contains("summary.json: 'steps_done' must be an integer, got \"many\""),
                 runs[2].error.c_str());

        // readRun itself throws, naming the file.
        const QString thrown = errorOf([&] { sa::readRun(broken.toStdString()); });
        QVERIFY2(thrown.startsWith(broken + "/summary.json: "), qPrintable(thrown));
    }

    void readRunErrors() {
        QTemporaryDir root;
        const QString missing = errorOf([&] { sa::readRun(root.filePath("nope").toStdString()); });
        QVERIFY2(missing.contains("nope: no such run folder"), qPrintable(missing));
        QDir().mkpath(root.filePath("empty"));
        const QString empty = errorOf([&] { sa::readRun(root.filePath("empty").toStdString()); });
        QVERIFY2(empty.contains("empty: not a run folder (no config.json)"), qPrintable(empty));

        const auto summary = finishedSummary("x");
        const QString dir = makeRun(root.path(), "badconfig", json::array(), &summary);
        const QString config = errorOf([&] { sa::readRun(dir.toStdString()); });
        QVERIFY2(config.contains(dir + "/config.json: not a JSON object"), qPrintable(config));

        json noBudgetField = finishedSummary("nb");
        noBudgetField["budget"].erase("head");
        const QString nb = makeRun(root.path(), "nb", configJson("nb", "houlsby", 64, "snip", 0.4), &noBudgetField);
        const QString budget = errorOf([&] { sa::readRun(nb.toStdString()); });
        QVERIFY2(budget.contains("summary.json: 'budget.head' is missing"), qPrintable(budget));
    }

    void metricSeries() {
        QTemporaryDir root;
        const auto summary = finishedSummary("m");
        const QString dir =
            makeRun(root.path(), "m", configJson("m", "houlsby", 64, "snip", 0.4), &summary, sampleMetrics());
        const auto m = sa::readMetricSeries(dir.toStdString());
        QCOMPARE(int(m.step.size()), 3);
        QCOMPARE(m.step[0], 1.0);
        QCOMPARE(m.step[2], 3.0);
        QCOMPARE(m.loss[0], 0.69);
        QCOMPARE(m.loss[1], 0.68);
        QVERIFY(std::isnan(m.loss[2])); // null: a non-finite loss
        QCOMPARE(m.lr[0], 0.0);
        QCOMPARE(m.lr[1], 4.6e-05);
        QCOMPARE(m.lr[2], 9.2e-05);

        QCOMPARE(int(m.evalStep.size()), 2);
        QCOMPARE(m.evalStep[0], int64_t(2));
        QCOMPARE(m.evalStep[1], int64_t(3));
        QCOMPARE(m.evalLoss[0], 0.694);
        QCOMPARE(int(m.eval.size()), 2);
        QCOMPARE(int(m.eval.at("accuracy").size()), 2);
        QCOMPARE(m.eval.at("accuracy")[0], 0.5);
        QCOMPARE(m.eval.at("accuracy")[1], 0.75);
        // First seen in the second evaluation, and null there: NaN at both.
        QCOMPARE(int(m.eval.at("mcc").size()), 2);
        QVERIFY(std::isnan(m.eval.at("mcc")[0]));
        QVERIFY(std::isnan(m.eval.at("mcc")[1]));
        QCOMPARE(q(m.mainMetric), QStringLiteral("mcc"));

        QCOMPARE(int(m.pruneStep.size()), 1);
        QCOMPARE(m.pruneStep[0], int64_t(0));
        QCOMPARE(m.pruneDensity[0], 0.6);

        // Before the first checkpoint there is no metrics.jsonl: empty series.
        const QString fresh = makeRun(root.path(), "fresh", configJson("f", "houlsby", 64, "snip", 0.4), &summary);
        const auto none = sa::readMetricSeries(fresh.toStdString());
        QVERIFY(none.step.empty() && none.evalStep.empty() && none.eval.empty());
    }

    void malformedMetricsLineNamesFileAndLine() {
        QTemporaryDir root;
        const auto summary = finishedSummary("m");
        const std::string broken =
            "{\"type\":\"step\",\"step\":1,\"loss\":0.5,\"lr\":0.1}\n\n{\"type\":\"step\",\"step\":2,\"loss\":0.4\n";
        const QString dir = makeRun(root.path(), "m", configJson("m", "houlsby", 64, "snip", 0.4), &summary, broken);
        const QString message = errorOf([&] { sa::readMetricSeries(dir.toStdString()); });
        QCOMPARE(message, dir + "/metrics.jsonl:3: not a JSON object");

        const QString untyped =
            makeRun(root.path(), "u", configJson("u", "houlsby", 64, "snip", 0.4), &summary, "{\"step\":1}\n");
        const QString noType = errorOf([&] { sa::readMetricSeries(untyped.toStdString()); });
        QVERIFY2(noType.startsWith(untyped + "/metrics.jsonl:1: no \"type\""), qPrintable(noType));

        const QString badEval = makeRun(root.path(), "e", configJson("e", "houlsby", 64, "snip", 0.4), &summary,
                                        "{\"type\":\"eval\",\"step\":1,\"metrics\":{\"accuracy\":\"high\"}}\n");
        const QString badValue = errorOf([&] { sa::readMetricSeries(badEval.toStdString()); });
        QVERIFY2(badValue.startsWith(badEval + "/metrics.jsonl:1: 'metrics.accuracy' must be a number"),
                 qPrintable(badValue));
    }

    void csvQuoting() {
        sa::Table t;
        t.header = {"name", "note"};
        t.numeric = {false, false};
        t.rows = {{"a,b", "say \"hi\""}, {"two\nlines", "plain"}};
        const std::string expected = "name,note\r\n\"a,b\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",plain\r\n";
        QCOMPARE(q(sa::toCsv(t)), q(expected));
    }

    void smallTableInEveryFormat() {
        sa::Table t;
        t.header = {"name", "value"};
        t.numeric = {false, true};
        t.rows = {{"a_b", "1.5000"}, {"x & y", "10"}};

        QCOMPARE(q(sa::toCsv(t)), QStringLiteral("name,value\r\na_b,1.5000\r\nx & y,10\r\n"));

        const std::string markdown = R"(| name  |  value |
| ----- | -----: |
| a_b   | 1.5000 |
| x & y |     10 |
)";
        QCOMPARE(q(sa::toMarkdown(t)), q(markdown));

        const std::string latex = R"(\begin{tabular}{lr}
\toprule
name & value \\
\midrule
a\_b & 1.5000 \\
x \& y & 10 \\
\bottomrule
\end{tabular}
)";
        QCOMPARE(q(sa::toLatex(t)), q(latex));
    }

    void markdownAlignmentAndEscaping() {
        sa::Table t;
        t.header = {"k", "a|b", "n"};
        t.numeric = {true, false, true};
        t.rows = {{"1", "x\ny", "12345"}};
        const std::string expected = R"(|   k | a\|b |     n |
| --: | ---- | ----: |
|   1 | x y  | 12345 |
)";
        QCOMPARE(q(sa::toMarkdown(t)), q(expected));
    }

    void latexEscapingAndRules() {
        sa::Table t;
        t.header = {"special", "n"};
        t.numeric = {false, true};
        t.rows = {{R"(& % $ # _ { } ~ ^ \)", "1"}};
        const std::string latex = sa::toLatex(t);
        const std::string escaped =
            R"(\& \% \$ \# \_ \{ \} \textasciitilde{} \textasciicircum{} \textbackslash{} & 1 \\)";
        QVERIFY2(latex.find(escaped) != std::string::npos, latex.c_str());
        QVERIFY(latex.rfind("\\begin{tabular}{lr}\n\\toprule\n", 0) == 0);
        QVERIFY(latex.find("\\midrule\n") != std::string::npos);
        const std::string end = "\\bottomrule\n\\end{tabular}\n";
        QCOMPARE(q(latex.substr(latex.size() - end.size())), q(end));
    }

    void budgetAndRunsTables() {
        QTemporaryDir root;
        const auto summary = finishedSummary("b-run");
        makeRun(root.path(), "b-run", configJson("b-run", "houlsby", 64, "snip", 0.4), &summary);
        const auto runs = sa::listRuns(root.path().toStdString());
        QCOMPARE(int(runs.size()), 1);

        const auto budget = sa::budgetTable(*runs[0].budget);
        const std::string csv = "part,parameters,% of backbone\r\n"
                                "backbone (frozen),85696,100.00\r\n"
                                "task head (trained),130,0.15\r\n"
                                "\"adapter weights, prunable (dense)\",32768,38.24\r\n"
                                "adapter weights kept (density 0.6000),19660,22.94\r\n"
                                "adapter biases and LayerNorms,1024,1.19\r\n"
                                "prefix networks,0,0.00\r\n"
                                "trainable,33922,39.58\r\n"
                                "effective trainable (non-zero),20814,24.29\r\n";
        QCOMPARE(q(sa::toCsv(budget)), q(csv));
        QCOMPARE(budget.numeric, (std::vector<bool>{false, true, true}));

        const auto table = sa::runsTable(runs);
        QCOMPARE(table.header.size(), table.numeric.size());
        QCOMPARE(int(table.rows.size()), 1);
        const std::vector<std::string> row = {
            "b-run", "finished", "SST-2",  "roberta-base", "houlsby", "64",    "1",     "snip",  "0.4000", "1800",
            "1800",  "accuracy", "0.9875", "1560",         "0.9833",  "33922", "20814", "39.58", "24.29",  "13.3"};
        QCOMPARE(table.rows[0].size(), row.size());
        for (std::size_t c = 0; c < row.size(); ++c)
            QCOMPARE(q(table.rows[0][c]), q(row[c]));

        // Missing values are empty cells.
        sa::RunRecord blank;
        blank.name = "blank";
        blank.status = "unreadable";
        const auto empty = sa::runsTable({blank});
        QCOMPARE(q(empty.rows[0][12]), QString()); // best
        QCOMPARE(q(empty.rows[0][13]), QString()); // best step
        QCOMPARE(q(empty.rows[0][15]), QString()); // trainable
    }

    void writeRunTablesWritesEveryFile() {
        QTemporaryDir root;
        const auto one = finishedSummary("same");
        const auto two = runningSummary("same");
        const QString a = makeRun(root.filePath("x"), "same", configJson("same", "houlsby", 64, "snip", 0.4), &one);
        const QString b = makeRun(root.filePath("y"), "same", configJson("same", "houlsby", 64, "snip", 0.4), &two);
        const QString out = root.filePath("tables/sub");

        const auto written = sa::writeRunTables({a.toStdString(), b.toStdString()}, out.toStdString());
        QStringList names;
        for (const auto& path : written)
            names << QFileInfo(q(path)).fileName();
        const QStringList expected = {"runs.csv",          "runs.md",          "runs.tex",
                                      "budget-same.csv",   "budget-same.md",   "budget-same.tex",
                                      "budget-same-2.csv", "budget-same-2.md", "budget-same-2.tex"};
        QCOMPARE(names, expected);
        for (const auto& path : written)
            QVERIFY2(QFileInfo::exists(q(path)), path.c_str());

        const auto runs = std::vector<sa::RunRecord>{sa::readRun(a.toStdString()), sa::readRun(b.toStdString())};
        QCOMPARE(q(readText(out.toStdString() + "/runs.csv")), q(sa::toCsv(sa::runsTable(runs))));
        QCOMPARE(q(readText(out.toStdString() + "/runs.md")), q(sa::toMarkdown(sa::runsTable(runs))));
        QCOMPARE(q(readText(out.toStdString() + "/runs.tex")), q(sa::toLatex(sa::runsTable(runs))));
        QCOMPARE(q(readText(out.toStdString() + "/budget-same.tex")), q(sa::toLatex(sa::budgetTable(*runs[0].budget))));

        // A folder that is not a run: the error names it, nothing half-written.
        const QString bad = errorOf([&] {
            sa::writeRunTables({a.toStdString(), root.filePath("nope").toStdString()},
                               root.filePath("other").toStdString());
        });
        QVERIFY2(bad.contains("nope: no such run folder"), qPrintable(bad));
        QVERIFY(!QFileInfo::exists(root.filePath("other/runs.csv")));
    }

    void flattenConfigKeepsDocumentOrder() {
        const auto config = nlohmann::ordered_json::parse(
            "{\"name\": \"x\", \"task\": {\"name\": \"SST-2\", \"max_seq_length\": 128},"
            " \"adapter\": {\"preset\": \"lora\", \"targets\": [\"query\", \"value\"], \"extra\": {}},"
            " \"optimization\": {\"learning_rate\": 0.001, \"dropout\": true}, \"device\": null}");
        const std::vector<std::pair<std::string, std::string>> expected = {{"name", "x"},
                                                                           {"task.name", "SST-2"},
                                                                           {"task.max_seq_length", "128"},
                                                                           {"adapter.preset", "lora"},
                                                                           {"adapter.targets", "[\"query\",\"value\"]"},
                                                                           {"adapter.extra", "{}"},
                                                                           {"optimization.learning_rate", "0.001"},
                                                                           {"optimization.dropout", "true"},
                                                                           {"device", "null"}};
        QCOMPARE(sa::flattenConfig(config), expected);
        const QString notObject = errorOf([] { sa::flattenConfig(nlohmann::ordered_json::array()); });
        QVERIFY2(notObject.contains("not a JSON object"), qPrintable(notObject));
    }

    void diffConfigsListsOnlyDifferingKeys() {
        using ordered = nlohmann::ordered_json;
        std::vector<ordered> configs(3);
        configs[0] = ordered::parse("{\"name\": \"a\", \"adapter\": {\"preset\": \"houlsby\", \"bottleneck\": 64},"
                                    " \"pruning\": {\"method\": \"snip\", \"sparsity\": 0.4},"
                                    " \"optimization\": {\"epochs\": 3, \"seed\": 42}}");
        configs[1] = ordered::parse("{\"name\": \"b\", \"adapter\": {\"preset\": \"houlsby\", \"bottleneck\": 64},"
                                    " \"pruning\": {\"method\": \"snip\", \"sparsity\": 0.8},"
                                    " \"optimization\": {\"epochs\": 3.0, \"seed\": 42}}");
        configs[2] = ordered::parse("{\"name\": \"c\", \"adapter\": {\"preset\": \"houlsby\", \"bottleneck\": 64},"
                                    " \"pruning\": {\"method\": \"snip\", \"sparsity\": 0.4, \"large_sparse\": 4},"
                                    " \"optimization\": {\"epochs\": 3, \"seed\": 42}}");
        const auto diff = sa::diffConfigs(configs);
        // 3 and 3.0 agree; a key only one config has differs, the others shown empty.
        QCOMPARE(int(diff.size()), 3);
        QCOMPARE(q(diff[0].key), QStringLiteral("name"));
        QCOMPARE(diff[0].values, (std::vector<std::string>{"a", "b", "c"}));
        QCOMPARE(q(diff[1].key), QStringLiteral("pruning.sparsity"));
        QCOMPARE(diff[1].values, (std::vector<std::string>{"0.4", "0.8", "0.4"}));
        QCOMPARE(q(diff[2].key), QStringLiteral("pruning.large_sparse"));
        QCOMPARE(diff[2].values, (std::vector<std::string>{"", "", "4"}));

        // Identical configs, or fewer than two: nothing differs.
        const std::vector<ordered> same = {configs[0], configs[0]};
        QVERIFY(sa::diffConfigs(same).empty());
        QVERIFY(sa::diffConfigs(std::vector<ordered>{configs[0]}).empty());

        // Documents parsed as nlohmann::json diff the same (keys sorted within an object).
        std::vector<json> sorted;
        for (const auto& c : configs)
            sorted.push_back(json::parse(c.dump()));
        const auto sortedDiff = sa::diffConfigs(sorted);
        QCOMPARE(int(sortedDiff.size()), 3);
        QCOMPARE(q(sortedDiff[0].key), QStringLiteral("name"));
        QCOMPARE(q(sortedDiff[1].key), QStringLiteral("pruning.sparsity"));

        const QString notObject = errorOf([&] { sa::diffConfigs(std::vector<ordered>{configs[0], ordered::array()}); });
        QVERIFY2(notObject.contains("configuration 2 is not a JSON object"), qPrintable(notObject));
    }

    void readOrderedJsonFileKeepsOrderAndNamesFile() {
        QTemporaryDir root;
        const QString path = root.filePath("config.json");
        sa_test::writeFile(path, "{\"z\": 1, \"a\": {\"y\": 2, \"b\": 3}}");
        const auto flat = sa::flattenConfig(sa::readOrderedJsonFile(path.toStdString()));
        QCOMPARE(int(flat.size()), 3);
        QCOMPARE(q(flat[0].first), QStringLiteral("z"));
        QCOMPARE(q(flat[1].first), QStringLiteral("a.y"));
        QCOMPARE(q(flat[2].first), QStringLiteral("a.b"));
        sa_test::writeFile(path, "{\"z\": ");
        const QString bad = errorOf([&] { sa::readOrderedJsonFile(path.toStdString()); });
        QVERIFY2(bad.startsWith(path + ": not valid JSON"), qPrintable(bad));
        const QString missing = errorOf([&] { sa::readOrderedJsonFile(root.filePath("nope.json").toStdString()); });
        QVERIFY2(missing.contains("nope.json: cannot open"), qPrintable(missing));
    }
    // The paper's aggregation over a sweep's runs, against means and sample
    // standard deviations computed by hand.
    void sweepAggregateMeansAndStds() {
        auto record = [](const std::string& task, const std::string& method, double sparsity, int64_t k, double best) {
            sa::RunRecord r;
            r.task = task;
            r.mainMetric = task == "CoLA" ? "mcc" : "accuracy";
            r.pruning = method;
            r.sparsity = sparsity;
            r.largeSparse = k;
            r.bottleneck = 16;
            r.trainable = 1000 * k;
            r.effectiveTrainable = 600;
            r.bestValue = best;
            return r;
        };
        std::vector<sa::RunRecord> runs = {
            record("SST-2", "snip", 0.4, 1, 0.80),   record("SST-2", "snip", 0.4, 1, 0.84),
            record("SST-2", "snip", 0.8, 1, 0.70),   record("SST-2", "random", 0.4, 1, 0.75),
            record("SST-2", "random", 0.4, 1, 0.77), record("SST-2", "random", 0.4, 1, 0.79),
            record("SST-2", "none", 0.0, 1, 0.90),   record("SST-2", "none", 0.0, 1, 0.86),
            record("SST-2", "snip", 0.5, 2, 0.88),   record("SST-2", "snip", 0.75, 4, 0.91),
            record("CoLA", "snip", 0.4, 1, 0.30),    record("SST-2", "snip", 0.4, 1, sa::RunRecord::kMissing),
        };
        const auto a = sa::aggregateRuns(runs);
        QCOMPARE(a.unfinished, 1);
        QCOMPARE(int(a.tasks.size()), 2);
        const auto& sst = a.tasks[0];
        QCOMPARE(q(sst.task), QStringLiteral("SST-2"));
        QCOMPARE(q(sst.metric), QStringLiteral("accuracy"));
        QVERIFY(sst.hasDense);
        QCOMPARE(sst.dense.seeds, 2);
        QVERIFY(std::abs(sst.dense.mean - 0.88) < 1e-12);
        QVERIFY(std::abs(sst.dense.std - std::sqrt(0.0008)) < 1e-12); // (0.02² + 0.02²) / 1
        // Methods in name order; snip's points by sparsity.
        QCOMPARE(int(sst.bySparsity.size()), 2);
        QCOMPARE(q(sst.bySparsity[0].label), QStringLiteral("random"));
        const auto& random = sst.bySparsity[0].points;
        QCOMPARE(int(random.size()), 1);
        QCOMPARE(random[0].seeds, 3);
        QVERIFY(std::abs(random[0].mean - 0.77) < 1e-12);
        QVERIFY(std::abs(random[0].std - 0.02) < 1e-12); // (0.02² + 0 + 0.02²) / 2
        const auto& snip = sst.bySparsity[1].points;
        QCOMPARE(int(snip.size()), 2);
        QCOMPARE(snip[0].x, 0.4);
        QVERIFY(std::abs(snip[0].mean - 0.82) < 1e-12);
        QVERIFY(std::abs(snip[0].std - std::sqrt(0.0008)) < 1e-12);
        QCOMPARE(snip[1].seeds, 1);
        QCOMPARE(snip[1].std, 0.0);
        // Large-Sparse: k > 1 only, the dense adapter being the reference.
        QCOMPARE(int(sst.byLargeSparse.size()), 1);
        QCOMPARE(int(sst.byLargeSparse[0].points.size()), 2);
        QCOMPARE(sst.byLargeSparse[0].points[0].x, 2.0);
        QCOMPARE(sst.byLargeSparse[0].points[1].mean, 0.91);
        QVERIFY(a.tasks[1].byLargeSparse.empty());
        QVERIFY(!a.tasks[1].hasDense);

        // Tables: a task column when the sweep spans tasks; std empty for one seed.
        QCOMPARE(q(a.metricTable.header.front()), QStringLiteral("task"));
        const auto md = sa::toMarkdown(a.metricTable);
        QVERIFY2(q(md).contains(QRegularExpression("SST-2 +\\| snip +\\| +0.4000 \\| +2 \\| 0.8200 \\| 0.0283 \\|")),
                 md.c_str());
        QVERIFY2(q(md).contains(QRegularExpression("SST-2 +\\| snip +\\| +0.8000 \\| +1 \\| 0.7000 \\| +\\|")),
                 md.c_str());
        QVERIFY2(q(md).contains(QRegularExpression("SST-2 +\\| dense +\\| +0.0000 \\| +2 \\| 0.8800 \\|")), md.c_str());
        const auto ls = sa::toCsv(a.largeSparseTable);
        QVERIFY2(q(ls).contains("SST-2,snip,4,64,0.7500,4000,600,1,0.9100,\r\n"), ls.c_str());

        QTemporaryDir root;
        const auto written = sa::writeSweepTables(a, root.path().toStdString());
        QCOMPARE(int(written.size()), 6);
        QVERIFY(QFile::exists(root.filePath("metric.tex")));
        QVERIFY(QFile::exists(root.filePath("large-sparse.md")));
    }
};

QTEST_GUILESS_MAIN(TestReports)
#include "test_reports.moc"
