// Sweeps: the spec (parsing, validation, errors naming the JSON path or the
// cell and key), cell naming and order, the sweep folder (a re-run with
// another spec is refused), the Slurm pieces that need no cluster (array
// syntax, batch script), and the local executor end to end through the CLI:
// idempotent re-runs, a killed cell continued from its checkpoint, a failing
// cell retried then given up, and `sweep cancel`. Runs use the built-in demo
// model (a cell of a few steps takes about a second).
#include "cli_process.h"
#include "test_support.h"

#include "experiment/local_executor.h"
#include "experiment/run_index.h"
#include "experiment/slurm_executor.h"
#include "experiment/sweep_folder.h"

#include <QDir>
#ifdef SPARSEADAPTER_HAVE_FIGURES
#include <QImage>
#endif
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QThread>

#include <set>

namespace {

using nlohmann::json;
// Specs in document order, as a file keeps them (json would sort the keys).
using ojson = nlohmann::ordered_json;
using sa_test::errorOf;
using sa_test::runCli;

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

// A demo base whose runs take `steps` steps (about 7 ms each here).
ojson demoBase(int steps, int checkpointEvery = 0) {
    ojson base = {
        {"model", "builtin:demo"},
        {"task", {{"name", "SST-2"}}},
        {"optimization", {{"epochs", 1}, {"max_steps", steps}, {"batch_size", 16}, {"eval_every_steps", steps}}}};
    if (checkpointEvery > 0) base["optimization"]["checkpoint_every_steps"] = checkpointEvery;
    return base;
}

sa::SweepSpec specOf(const ojson& doc, const QTemporaryDir& root) {
    return sa::SweepSpec::fromJson(doc.dump(), "spec.json", root.path().toStdString());
}

QString writeSpec(const QTemporaryDir& root, ojson doc) {
    doc["output_dir"] = root.filePath("sweeps").toStdString();
    const QString path = root.filePath(q(doc["name"].get<std::string>()) + ".json");
    sa_test::writeFile(path, QByteArray::fromStdString(doc.dump(2)));
    return path;
}

QString sweepDir(const QTemporaryDir& root, const std::string& name) {
    return root.filePath(QStringLiteral("sweeps/") + q(name));
}

std::vector<int64_t> stepRecords(const std::string& runFolder) {
    std::vector<int64_t> steps;
    QFile f(q(runFolder + "/metrics.jsonl"));
    if (!f.open(QIODevice::ReadOnly)) return steps;
    for (const QByteArray& line : f.readAll().split('\n')) {
        if (line.trimmed().isEmpty()) continue;
        const auto j = json::parse(line.toStdString());
        if (j.value("type", "") == "step") steps.push_back(j.at("step").get<int64_t>());
    }
    return steps;
}

} // namespace

class TestSweep : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void specExpandsGridAndZipInOrder() {
        QTemporaryDir root;
        const ojson doc = {{"name", "grid"},
                           {"base", demoBase(4)},
                           {"grid", {{"pruning.method", {"snip", "random"}}, {"optimization.seed", {1, 2}}}},
                           {"zip", {{"adapter.bottleneck", {16, 32}}, {"pruning.large_sparse", {1, 2}}}}};
        const auto spec = specOf(doc, root);
        QCOMPARE(spec.cellCount(), int64_t(8));
        const auto cells = sa::expandCells(spec, root.filePath("g").toStdString());
        QCOMPARE(int(cells.size()), 8);
        // Document order, the last dimension (the zip) fastest.
        QCOMPARE(q(cells[0].name), QStringLiteral("method-snip_seed-1_bottleneck-16_large_sparse-1"));
        QCOMPARE(q(cells[1].name), QStringLiteral("method-snip_seed-1_bottleneck-32_large_sparse-2"));
        QCOMPARE(q(cells[2].name), QStringLiteral("method-snip_seed-2_bottleneck-16_large_sparse-1"));
        QCOMPARE(q(cells[7].name), QStringLiteral("method-random_seed-2_bottleneck-32_large_sparse-2"));
        std::set<std::string> names;
        for (const auto& c : cells) {
            names.insert(c.name);
            QCOMPARE(q(c.config.name), q(c.name));
            QCOMPARE(q(c.config.outputDir), root.filePath("g/runs"));
        }
        QCOMPARE(int(names.size()), 8);
        QCOMPARE(cells[7].config.optimization.seed, uint64_t(2));
        QCOMPARE(cells[7].config.adapter.bottleneck, int64_t(32));
        QCOMPARE(cells[7].config.pruning.largeSparse, 2);
        QCOMPARE(cells[7].config.optimization.maxSteps, int64_t(4)); // from the base
        QCOMPARE(q(cells[5].values[0].second.get<std::string>()), QStringLiteral("random"));
        // The spec survives its own document (what spec.json holds).
        const auto again = sa::SweepSpec::fromJson(spec.toJson().dump(), "spec.json", "");
        QCOMPARE(again.cellCount(), int64_t(8));
        QCOMPARE(again.toJson(), spec.toJson());
    }

    void specBaseFromAFileRelativeToTheSpec() {
        QTemporaryDir root;
        sa_test::writeFile(root.filePath("base.json"), QByteArray::fromStdString(demoBase(3).dump()));
        const ojson doc = {{"name", "s"}, {"base", "base.json"}, {"grid", {{"optimization.seed", {1, 2, 3}}}}};
        sa_test::writeFile(root.filePath("s.json"), QByteArray::fromStdString(doc.dump()));
        const auto spec = sa::SweepSpec::fromFile(root.filePath("s.json").toStdString());
        QCOMPARE(spec.cellCount(), int64_t(3));
        QCOMPARE(spec.base["optimization"]["max_steps"].get<int>(), 3);
    }

    void specErrorsNameTheJsonPath_data() {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << "{\"name\": "
                                  << "spec.json: not valid JSON";
        QTest::newRow("no name") << "{\"base\": {}}"
                                 << "'name' is missing";
        QTest::newRow("bad name") << "{\"name\": \"a/b\", \"base\": {}}"
                                  << "'name' must be a folder name";
        QTest::newRow("unknown key") << "{\"name\": \"a\", \"base\": {}, \"grids\": {}}"
                                     << "'grids' is not a sweep key";
        QTest::newRow("empty list") << "{\"name\": \"a\", \"base\": {}, \"grid\": {\"optimization.seed\": []}}"
                                    << "'grid.optimization.seed' must be a non-empty list";
        QTest::newRow("repeat") << "{\"name\": \"a\", \"base\": {}, \"grid\": {\"pruning.sparsity\": [0.4, 0.8, 0.4]}}"
                                << "'grid.pruning.sparsity[2]' repeats the value 0.4";
        QTest::newRow("object value") << "{\"name\": \"a\", \"base\": {}, \"grid\": {\"pruning.sparsity\": [{}]}}"
                                      << "'grid.pruning.sparsity[0]' must be a string, number";
        QTest::newRow("zip lengths") << "{\"name\": \"a\", \"base\": {}, \"zip\": {\"adapter.bottleneck\": [16, 32], "
                                        "\"pruning.large_sparse\": [1]}}"
                                     << "'zip.pruning.large_sparse' has 1 values, but 'zip.adapter.bottleneck' has 2";
        QTest::newRow("twice") << "{\"name\": \"a\", \"base\": {}, \"grid\": {\"optimization.seed\": [1]}, "
                                  "\"zip\": [{\"optimization.seed\": [2]}]}"
                               << "'zip[0].optimization.seed' is varied twice";
        QTest::newRow("name varied") << "{\"name\": \"a\", \"base\": {}, \"grid\": {\"name\": [\"x\"]}}"
                                     << "'grid.name' cannot be varied";
        QTest::newRow("retries") << "{\"name\": \"a\", \"base\": {}, \"retries\": -1}"
                                 << "'retries' must be an integer in [0, 100]";
        QTest::newRow("slurm key") << "{\"name\": \"a\", \"base\": {}, \"slurm\": {\"partitions\": \"x\"}}"
                                   << "'slurm.partitions' is not a sweep key";
        QTest::newRow("slurm extra") << "{\"name\": \"a\", \"base\": {}, \"slurm\": {\"extra\": [\"qos=x\"]}}"
                                     << "'slurm.extra[0]' must be one sbatch option";
        QTest::newRow("base type") << "{\"name\": \"a\", \"base\": 3}"
                                   << "'base' must be a config file's path";
    }
    void specErrorsNameTheJsonPath() {
        QFETCH(QString, spec);
        QFETCH(QString, expected);
        const QString error = errorOf([&] { sa::SweepSpec::fromJson(spec.toStdString(), "spec.json", "/tmp"); });
        QVERIFY2(error.startsWith(QStringLiteral("spec.json: ")), qPrintable(error));
        QVERIFY2(error.contains(expected), qPrintable(error));
    }

    void badCellIsNamedWithItsKeyBeforeAnythingStarts() {
        QTemporaryDir root;
        ojson doc = {{"name", "bad"},
                     {"base", demoBase(3)},
                     {"grid", {{"optimization.seed", {1, 2}}, {"pruning.sparsity", {0.4, 1.5}}}}};
        const QString error = errorOf([&] { sa::expandCells(specOf(doc, root), root.path().toStdString()); });
        QVERIFY2(error.contains("cell 1 'seed-1_sparsity-1.5'"), qPrintable(error));
        QVERIFY2(error.contains("pruning.sparsity"), qPrintable(error));
        // Through the CLI: refused before any run folder exists.
        const auto r = runCli({QStringLiteral("sweep"), writeSpec(root, doc)});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("cell 1 'seed-1_sparsity-1.5'"), qPrintable(r.err));
        QVERIFY(!QDir(sweepDir(root, "bad") + "/runs").exists());
    }

    void cellNamesAreFolderSafeAndUnique() {
        QCOMPARE(q(sa::cellValueText("a/b c")), QStringLiteral("a-b-c"));
        QCOMPARE(q(sa::cellValueText(0.4)), QStringLiteral("0.4"));
        QCOMPARE(q(sa::cellValueText(1e-3)), QStringLiteral("0.001"));
        QCOMPARE(q(sa::cellValueText(true)), QStringLiteral("true"));
        QCOMPARE(q(sa::cellValueText(nullptr)), QStringLiteral("null"));
        QTemporaryDir root;
        const ojson doc = {{"name", "dup"}, {"base", demoBase(3)}, {"grid", {{"task.text_column", {"a/b", "a-b"}}}}};
        const QString error = errorOf([&] { sa::expandCells(specOf(doc, root), root.path().toStdString()); });
        QVERIFY2(error.contains("cells 0 and 1 are both named 'text_column-a-b'"), qPrintable(error));
    }

    void folderRefusesAnotherSpec() {
        QTemporaryDir root;
        ojson doc = {{"name", "s"},
                     {"base", demoBase(3)},
                     {"grid", {{"optimization.seed", {1, 2}}}},
                     {"output_dir", root.filePath("sweeps").toStdString()}};
        const auto folder = sa::SweepFolder::prepare(specOf(doc, root));
        QCOMPARE(int(folder.cells().size()), 2);
        QVERIFY(QFile::exists(sweepDir(root, "s") + "/spec.json"));
        QVERIFY(QFile::exists(sweepDir(root, "s") + "/cells.json"));
        // The same cells again, other resources: fine.
        doc["slurm"] = {{"partition", "gpu"}};
        QCOMPARE(sa::SweepFolder::prepare(specOf(doc, root)).spec().slurm.partition, std::string("gpu"));
        const auto reopened = sa::SweepFolder::open(sweepDir(root, "s").toStdString());
        QCOMPARE(q(reopened.cell(1).name), QStringLiteral("seed-2"));
        QCOMPARE(reopened.cell(1).config.optimization.seed, uint64_t(2));
        QVERIFY(errorOf([&] { reopened.cell(2); }).contains("has cells 0–1, not 2"));
        doc["base"]["optimization"]["max_steps"] = 5;
        const QString changed = errorOf([&] { sa::SweepFolder::prepare(specOf(doc, root)); });
        QVERIFY2(changed.contains("was made from another spec (cell 'seed-1' differs at /optimization/max_steps)"),
                 qPrintable(changed));
        doc["grid"]["optimization.seed"] = {1, 2, 3};
        const QString more = errorOf([&] { sa::SweepFolder::prepare(specOf(doc, root)); });
        QVERIFY2(more.contains("it had 2 cells, the spec makes 3"), qPrintable(more));
        for (const auto& s : reopened.status())
            QCOMPARE(s.state, sa::CellState::Pending);
        QCOMPARE(int(sa::cellsToRun(reopened.status()).size()), 2);
    }

    void slurmArrayAndBatchScript() {
        QCOMPARE(q(sa::slurmArraySpec({7, 0, 1, 2, 3, 5, 8, 9}, 2)), QStringLiteral("0-3,5,7-9%2"));
        QCOMPARE(q(sa::slurmArraySpec({4}, 0)), QStringLiteral("4"));
        QTemporaryDir root;
        const ojson doc = {{"name", "s"},
                           {"base", demoBase(3)},
                           {"grid", {{"optimization.seed", {1, 2}}}},
                           {"output_dir", root.filePath("sweeps").toStdString()},
                           {"slurm",
                            {{"partition", "short"},
                             {"time", "00:10:00"},
                             {"cpus_per_task", 4},
                             {"mem", "8G"},
                             {"gpus", 1},
                             {"extra", {"--qos=low"}}}}};
        const auto folder = sa::SweepFolder::prepare(specOf(doc, root));
        const QString script = q(sa::slurmBatchScript(folder, "/opt/sa dir/sparseadapter"));
        const QString dir = sweepDir(root, "s");
        for (const QString& line :
             {QStringLiteral("#!/bin/bash\n"), QStringLiteral("#SBATCH --job-name=sa-s\n"),
              QStringLiteral("#SBATCH --output=") + dir + QStringLiteral("/logs/slurm-%A_%a.out\n"),
              QStringLiteral("#SBATCH --partition=short\n"), QStringLiteral("#SBATCH --time=00:10:00\n"),
              QStringLiteral("#SBATCH --cpus-per-task=4\n"), QStringLiteral("#SBATCH --mem=8G\n"),
              QStringLiteral("#SBATCH --gpus=1\n"), QStringLiteral("#SBATCH --qos=low\n"),
              QStringLiteral("export SPARSEADAPTER_THREADS=\"${SLURM_CPUS_PER_TASK:-1}\"\n"),
              QStringLiteral("exec '/opt/sa dir/sparseadapter' sweep run-cell '") + dir +
                  QStringLiteral("' \"$((${SPARSEADAPTER_CELL_OFFSET:-0} + SLURM_ARRAY_TASK_ID))\"\n")})
            QVERIFY2(script.contains(line), qPrintable(line + QStringLiteral(" not in:\n") + script));
    }

    void localSlotsFillTheCores() {
        QCOMPARE(sa::localSlots({0, 0}, 8), std::make_pair(8, 1));
        QCOMPARE(sa::localSlots({0, 2}, 8), std::make_pair(4, 2));
        QCOMPARE(sa::localSlots({2, 0}, 8), std::make_pair(2, 4));
        QCOMPARE(sa::localSlots({3, 3}, 2), std::make_pair(3, 3)); // the user's choice stands
        QCOMPARE(sa::localSlots({0, 4}, 2), std::make_pair(1, 4));
    }

    // A 2 × 2 grid to the end, then again: nothing reruns.
    void localSweepRunsEveryCellOnceAndIsIdempotent() {
        QTemporaryDir root;
        const QString spec =
            writeSpec(root, {{"name", "grid"},
                             {"base", demoBase(6)},
                             {"grid", {{"pruning.method", {"snip", "random"}}, {"optimization.seed", {1, 2}}}},
                             {"local", {{"parallel", 2}, {"threads_per_cell", 1}}}});
        const auto first =
            runCli({QStringLiteral("sweep"), spec, QStringLiteral("--executor"), QStringLiteral("local")});
        QVERIFY2(first.exitCode == 0, qPrintable(first.all()));
        QVERIFY2(first.out.contains("4 finished"), qPrintable(first.out));
        QVERIFY2(first.err.contains("2 at a time with 1 thread(s) each"), qPrintable(first.err));
        const auto folder = sa::SweepFolder::open(sweepDir(root, "grid").toStdString());
        for (const auto& cell : folder.cells()) {
            QCOMPARE(q(sa::readRun(folder.runFolder(cell)).status), QStringLiteral("finished"));
            QVERIFY(QFile::exists(q(folder.logPath(cell))));
            QCOMPARE(folder.attempts(cell).attempts, 1);
            QCOMPARE(int(stepRecords(folder.runFolder(cell)).size()), 6);
        }
        const auto again = runCli({QStringLiteral("sweep"), spec});
        QVERIFY2(again.exitCode == 0, qPrintable(again.all()));
        QVERIFY(!again.err.contains("started"));
        for (const auto& cell : folder.cells())
            QCOMPARE(folder.attempts(cell).attempts, 1);
        const auto status = runCli({QStringLiteral("sweep"), QStringLiteral("status"), sweepDir(root, "grid")});
        QCOMPARE(status.exitCode, 0);
        QCOMPARE(status.out.count(QStringLiteral("finished")), 5); // 4 cells and the counts
        QVERIFY2(status.out.contains(QRegularExpression("method-random_seed-2 +finished +6/6 +best accuracy")),
                 qPrintable(status.out));

        // The paper's table and figure of the grid.
        QStringList args = {QStringLiteral("report"), sweepDir(root, "grid")};
#ifndef SPARSEADAPTER_HAVE_FIGURES
        args << QStringLiteral("--no-figures");
#endif
        const auto report = runCli(args);
        QVERIFY2(report.exitCode == 0, qPrintable(report.all()));
        QFile csv(sweepDir(root, "grid") + QStringLiteral("/tables/metric.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QString table = QString::fromUtf8(csv.readAll());
        QVERIFY2(table.startsWith(QStringLiteral("method,sparsity,seeds,mean,std\r\n")), qPrintable(table));
        QVERIFY2(table.contains(QRegularExpression(QStringLiteral("\r\nrandom,0.4000,2,[0-9.]+,[0-9.]+\r\n"))),
                 qPrintable(table));
        QVERIFY2(table.contains(QRegularExpression(QStringLiteral("\r\nsnip,0.4000,2,[0-9.]+,[0-9.]+\r\n"))),
                 qPrintable(table));
#ifdef SPARSEADAPTER_HAVE_FIGURES
        QImage figure(sweepDir(root, "grid") + QStringLiteral("/figures/SST-2-sparsity.png"));
        QVERIFY(!figure.isNull());
        QCOMPARE(figure.size(), QSize(800, 500));
#endif
    }

    // Fusion cells over the cells of an earlier sweep: each cell's sources
    // are one list of run folders, named in the cell by their last names.
    void fusionCellsFuseAnEarlierSweepsCells() {
        QTemporaryDir root;
        ojson first = demoBase(4);
        first["adapter"] = {{"preset", "pfeiffer"}, {"bottleneck", 8}};
        const QString stage1 = writeSpec(root, {{"name", "stage1"},
                                                {"base", first},
                                                {"grid", {{"pruning.method", {"none", "snip"}}}},
                                                {"local", {{"parallel", 2}, {"threads_per_cell", 1}}}});
        const auto one = runCli({QStringLiteral("sweep"), stage1});
        QVERIFY2(one.exitCode == 0, qPrintable(one.all()));
        const auto runs = sweepDir(root, "stage1").toStdString() + "/runs/";
        const std::vector<std::string> both{runs + "method-none", runs + "method-snip"}, single{runs + "method-snip"};
        ojson second = demoBase(4);
        second["adapter"] = {{"preset", "fusion"}, {"fusion", {{"sources", both}}}};
        second["pruning"] = {{"method", "none"}};
        ojson bad = {{"name", "bad"}, {"base", second}, {"grid", {{"adapter.fusion.sources", {ojson::array({1, 2})}}}}};
        QVERIFY(errorOf([&] { specOf(bad, root); }).contains("grid.adapter.fusion.sources[0]"));
        const QString stage2 = writeSpec(
            root,
            {{"name", "stage2"},
             {"base", second},
             {"grid", {{"adapter.fusion.sources", {both, single}}, {"adapter.fusion.preset", {"dynamic", "static"}}}},
             {"local", {{"parallel", 2}, {"threads_per_cell", 1}}}});
        const auto two = runCli({QStringLiteral("sweep"), stage2});
        QVERIFY2(two.exitCode == 0, qPrintable(two.all()));
        QVERIFY2(two.out.contains("4 finished"), qPrintable(two.out));
        const auto folder = sa::SweepFolder::open(sweepDir(root, "stage2").toStdString());
        std::set<std::string> names;
        for (const auto& cell : folder.cells()) {
            names.insert(cell.name);
            const auto record = sa::readRun(folder.runFolder(cell));
            QCOMPARE(q(record.status), QStringLiteral("finished"));
            const auto summary = sa_test::readJson(folder.runFolder(cell) + "/summary.json");
            const int64_t sources = cell.name.find("method-none+method-snip") != std::string::npos ? 2 : 1;
            QCOMPARE(summary.at("budget").at("fused_sources").at("count").get<int64_t>(), sources);
            QCOMPARE(summary.at("best").at("fusion_attention").at("sources").size(), std::size_t(sources));
        }
        QVERIFY(names.count("sources-method-none+method-snip_preset-static"));
        QVERIFY(names.count("sources-method-snip_preset-dynamic"));
    }

    // kill -9 in the middle of a cell: the next `sweep` continues it from
    // its checkpoint, every step recorded once.
    void killedCellContinuesFromItsCheckpoint() {
        QTemporaryDir root;
        const int steps = 1000;
        const QString spec = writeSpec(root, {{"name", "kill"}, {"base", demoBase(steps, 10)}});
        const auto refused =
            runCli({QStringLiteral("sweep"), spec, QStringLiteral("--executor"), QStringLiteral("none")});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("--executor: expected local or slurm, got 'none'"), qPrintable(refused.err));
        const auto folder = sa::SweepFolder::prepare(sa::SweepSpec::fromFile(spec.toStdString()));
        const std::string run = folder.runFolder(folder.cell(0));
        QProcess cell;
        cell.start(QStringLiteral(SPARSEADAPTER_CLI),
                   {QStringLiteral("sweep"), QStringLiteral("run-cell"), sweepDir(root, "kill"), QStringLiteral("0")});
        QTRY_VERIFY_WITH_TIMEOUT(stepRecords(run).size() >= 30 && QFile::exists(q(run + "/checkpoint.safetensors")),
                                 60000);
        cell.kill();
        QVERIFY(cell.waitForFinished(10000));
        const auto killed = folder.status();
        QCOMPARE(killed[0].state, sa::CellState::Pending); // interrupted, to be continued
        QVERIFY(killed[0].stepsDone < steps);
        const auto r = runCli({QStringLiteral("sweep"), spec});
        QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
        QCOMPARE(folder.attempts(folder.cell(0)).attempts, 2);
        const auto recorded = stepRecords(run);
        QCOMPARE(int(recorded.size()), steps);
        for (int i = 0; i < steps; ++i)
            QCOMPARE(recorded[static_cast<std::size_t>(i)], int64_t(i + 1));
    }

    // A cell that cannot start is retried `retries` times, then given up;
    // the others finish.
    void failingCellIsRetriedThenGivenUp() {
        QTemporaryDir root;
        const QString spec = writeSpec(
            root, {{"name", "fail"}, {"base", demoBase(3)}, {"grid", {{"optimization.seed", {1, 2}}}}, {"retries", 1}});
        const auto folder = sa::SweepFolder::prepare(sa::SweepSpec::fromFile(spec.toStdString()));
        QVERIFY(QDir().mkpath(q(folder.runFolder(folder.cell(1)))));
        sa_test::writeFile(q(folder.runFolder(folder.cell(1)) + "/notes.txt"), "mine");
        const auto r = runCli({QStringLiteral("sweep"), spec});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("seed-2 failed") && r.err.contains("retrying") && r.err.contains("giving up after 2"),
                 qPrintable(r.err));
        const auto a = folder.attempts(folder.cell(1));
        QCOMPARE(a.attempts, 2);
        QCOMPARE(a.failures, 2);
        QVERIFY2(q(a.lastError).contains("holds files but no config.json"), qPrintable(q(a.lastError)));
        const auto status = folder.status();
        QCOMPARE(status[0].state, sa::CellState::Finished);
        QCOMPARE(status[1].state, sa::CellState::Failed);
        QVERIFY(status[1].givenUp);
        QVERIFY(sa::cellsToRun(status).empty());
        QVERIFY(QFile::exists(q(folder.runFolder(folder.cell(1)) + "/notes.txt"))); // never deleted
    }

    // `sweep cancel` stops a running local sweep; the cells stay resumable
    // and the next `sweep` finishes them.
    void cancelStopsTheSweepAndANewCallFinishesIt() {
        QTemporaryDir root;
        const QString spec = writeSpec(root, {{"name", "cancel"},
                                              {"base", demoBase(1000, 20)},
                                              {"grid", {{"optimization.seed", {1, 2}}}},
                                              {"local", {{"parallel", 2}}}});
        QProcess sweep;
        sweep.start(QStringLiteral(SPARSEADAPTER_CLI), {QStringLiteral("sweep"), spec});
        const std::string dir = sweepDir(root, "cancel").toStdString();
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(q(dir + "/cells.json")), 60000);
        const auto folder = sa::SweepFolder::open(dir);
        QTRY_VERIFY_WITH_TIMEOUT(folder.status()[0].stepsDone >= 20 && folder.status()[1].stepsDone >= 20, 60000);
        const auto cancel = runCli({QStringLiteral("sweep"), QStringLiteral("cancel"), q(dir)});
        QVERIFY2(cancel.exitCode == 0, qPrintable(cancel.all()));
        QVERIFY2(sweep.waitForFinished(90000), "the sweep did not stop");
        QCOMPARE(sweep.exitCode(), 130);
        for (const auto& s : folder.status()) {
            // Stopped at a checkpoint, not killed.
            QVERIFY2(s.state == sa::CellState::Stopped, sa::cellStateName(s.state));
            QVERIFY(s.stepsDone < 1000);
        }
        const auto r = runCli({QStringLiteral("sweep"), spec});
        QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
        for (const auto& s : folder.status())
            QCOMPARE(s.state, sa::CellState::Finished);
    }
};

QTEST_GUILESS_MAIN(TestSweep)
#include "test_sweep.moc"
