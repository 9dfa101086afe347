// The Slurm executor against a real single-node Slurm (Debian's slurmctld,
// slurmd, slurm-client and munge, 22.05), started and stopped here in a
// temporary folder on loopback by tools/local-slurm.sh. Without root or the
// packages every cluster test skips, saying why. A 2 × 2 demo grid runs to
// the end through sbatch; a killed array task is continued by the next
// `sweep`; sbatch's refusal is quoted; `sweep cancel` cancels the jobs; and
// `srun -n 2 sparseadapter run` trains as one process does.
#include "cli_process.h"
#include "local_slurm.h"
#include "test_support.h"

#include "experiment/run_lock.h"
#include "experiment/slurm_executor.h"
#include "experiment/sweep_folder.h"

#include <QDir>
#include <QTemporaryDir>

#include <cmath>
#include <csignal>
#include <cstdio>
#include <memory>

namespace {

using ojson = nlohmann::ordered_json;
using sa_test::runCli;

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

ojson demoBase(int steps, int checkpointEvery) {
    return {{"model", "builtin:demo"},
            {"task", {{"name", "SST-2"}}},
            {"optimization",
             {{"epochs", 1},
              {"max_steps", steps},
              {"batch_size", 16},
              {"eval_every_steps", steps},
              {"checkpoint_every_steps", checkpointEvery}}}};
}

int stepRecords(const std::string& runFolder) {
    QFile f(q(runFolder + "/metrics.jsonl"));
    if (!f.open(QIODevice::ReadOnly)) return 0;
    return int(f.readAll().count("\"type\":\"step\""));
}

} // namespace

class TestSlurm : public QObject {
    Q_OBJECT

    std::unique_ptr<sa_test::LocalSlurm> cluster_;
    QTemporaryDir work_;
    QString why_; // why there is no cluster; empty when it runs
    QProcessEnvironment env_ = QProcessEnvironment::systemEnvironment();

    QString writeSpec(ojson doc) {
        doc["output_dir"] = work_.filePath("sweeps").toStdString();
        const QString path = work_.filePath(q(doc["name"].get<std::string>()) + ".json");
        sa_test::writeFile(path, QByteArray::fromStdString(doc.dump(2)));
        return path;
    }
    QString sweepDir(const std::string& name) const { return work_.filePath(QStringLiteral("sweeps/") + q(name)); }
    int queued(const sa::SweepFolder& folder) {
        qputenv("SLURM_CONF", env_.value(QStringLiteral("SLURM_CONF")).toLocal8Bit());
        return int(sa::slurmQueue(folder).size());
    }

private Q_SLOTS:
    void initTestCase() {
        cluster_ = std::make_unique<sa_test::LocalSlurm>();
        QVERIFY2(cluster_->error().isEmpty(), qPrintable(cluster_->error()));
        why_ = cluster_->why();
        if (cluster_->running()) env_.insert(QStringLiteral("SLURM_CONF"), cluster_->conf());
    }

    void cleanupTestCase() { cluster_.reset(); }

    // No cluster needed: without sbatch on PATH the error says what is missing.
    void missingSbatchIsNamed() {
        QTemporaryDir emptyPath;
        auto env = env_;
        env.insert(QStringLiteral("PATH"), emptyPath.path());
        const QString spec = writeSpec({{"name", "nosbatch"}, {"base", demoBase(3, 0)}});
        const auto r =
            runCli({QStringLiteral("sweep"), spec, QStringLiteral("--executor"), QStringLiteral("slurm")}, env);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("cannot submit to Slurm: sbatch was not found on PATH"), qPrintable(r.err));
    }

    void demoGridRunsThroughSbatch() {
        if (!why_.isEmpty()) QSKIP(qPrintable(why_));
        const QString spec =
            writeSpec({{"name", "grid"},
                       {"base", demoBase(6, 0)},
                       {"grid", {{"pruning.method", {"snip", "random"}}, {"optimization.seed", {1, 2}}}}});
        const auto r =
            runCli({QStringLiteral("sweep"), spec, QStringLiteral("--executor"), QStringLiteral("slurm")}, env_);
        QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
        QVERIFY2(r.out.contains("4 finished"), qPrintable(r.out));
        const auto folder = sa::SweepFolder::open(sweepDir("grid").toStdString());
        const auto jobs = sa::slurmJobs(folder);
        QCOMPARE(int(jobs.size()), 1);
        QVERIFY2(r.err.contains(q("as Slurm job " + jobs[0] + " (array 0-3)")), qPrintable(r.err));
        for (const auto& cell : folder.cells()) {
            const QString log =
                sweepDir("grid") + QStringLiteral("/logs/slurm-%1_%2.out").arg(q(jobs[0])).arg(cell.index);
            QVERIFY2(QFile::exists(log), qPrintable(log));
            QCOMPARE(stepRecords(folder.runFolder(cell)), 6);
        }
        for (const auto& s : folder.status())
            QCOMPARE(s.state, sa::CellState::Finished);
    }

    // kill -9 of an array task's process: Slurm ends the task, the cell is
    // left interrupted, and the next `sweep` submits it again; it continues
    // from its checkpoint.
    void killedArrayTaskIsResumedByTheNextSweep() {
        if (!why_.isEmpty()) QSKIP(qPrintable(why_));
        const int steps = 1000;
        const QString spec = writeSpec({{"name", "kill"}, {"base", demoBase(steps, 10)}});
        const auto submit = runCli({QStringLiteral("sweep"), spec, QStringLiteral("--executor"),
                                    QStringLiteral("slurm"), QStringLiteral("--detach")},
                                   env_);
        QVERIFY2(submit.exitCode == 0, qPrintable(submit.all()));
        const auto folder = sa::SweepFolder::open(sweepDir("kill").toStdString());
        const std::string run = folder.runFolder(folder.cell(0));
        QTRY_VERIFY_WITH_TIMEOUT(stepRecords(run) >= 30 && QFile::exists(q(run + "/checkpoint.safetensors")), 90000);
        int pid = 0;
        QVERIFY(std::sscanf(sa::RunLock::holder(run).c_str(), "pid %d", &pid) == 1 && pid > 0);
        QCOMPARE(::kill(pid, SIGKILL), 0);
        QTRY_VERIFY_WITH_TIMEOUT(queued(folder) == 0, 60000);
        const auto killed = folder.status();
        QCOMPARE(killed[0].state, sa::CellState::Pending);
        QVERIFY(killed[0].stepsDone < steps);

        const auto again =
            runCli({QStringLiteral("sweep"), spec, QStringLiteral("--executor"), QStringLiteral("slurm")}, env_);
        QVERIFY2(again.exitCode == 0, qPrintable(again.all()));
        QCOMPARE(int(sa::slurmJobs(folder).size()), 2);
        QCOMPARE(folder.attempts(folder.cell(0)).attempts, 2);
        QCOMPARE(folder.status()[0].state, sa::CellState::Finished);
        QCOMPARE(stepRecords(run), steps); // every step once
    }

    void sbatchRefusalIsQuoted() {
        if (!why_.isEmpty()) QSKIP(qPrintable(why_));
        const QString spec =
            writeSpec({{"name", "nopart"}, {"base", demoBase(3, 0)}, {"slurm", {{"partition", "nopart"}}}});
        const auto r =
            runCli({QStringLiteral("sweep"), spec, QStringLiteral("--executor"), QStringLiteral("slurm")}, env_);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("sbatch refused the sweep's job array (exit status 1)"), qPrintable(r.err));
        QVERIFY2(r.err.contains("nvalid partition"), qPrintable(r.err));
    }

    void cancelCancelsTheJobs() {
        if (!why_.isEmpty()) QSKIP(qPrintable(why_));
        const QString spec =
            writeSpec({{"name", "cancel"}, {"base", demoBase(1000, 20)}, {"grid", {{"optimization.seed", {1, 2}}}}});
        const auto submit = runCli({QStringLiteral("sweep"), spec, QStringLiteral("--executor"),
                                    QStringLiteral("slurm"), QStringLiteral("--detach")},
                                   env_);
        QVERIFY2(submit.exitCode == 0, qPrintable(submit.all()));
        const auto folder = sa::SweepFolder::open(sweepDir("cancel").toStdString());
        QTRY_VERIFY_WITH_TIMEOUT(stepRecords(folder.runFolder(folder.cell(0))) >= 20, 90000);
        const auto cancel = runCli({QStringLiteral("sweep"), QStringLiteral("cancel"), sweepDir("cancel")}, env_);
        QVERIFY2(cancel.exitCode == 0, qPrintable(cancel.all()));
        QVERIFY2(cancel.out.contains("1 Slurm job(s) cancelled"), qPrintable(cancel.out));
        QTRY_VERIFY_WITH_TIMEOUT(queued(folder) == 0, 90000);
        for (const auto& s : folder.status())
            QVERIFY2(s.state != sa::CellState::Finished && s.state != sa::CellState::Running,
                     sa::cellStateName(s.state));
        const auto status = runCli({QStringLiteral("sweep"), QStringLiteral("status"), sweepDir("cancel")}, env_);
        QCOMPARE(status.exitCode, 0);
    }
    // The same binary under srun: two tasks join as ranks 0 and 1 (from
    // SLURM_PROCID, SLURM_NTASKS and the first host of SLURM_JOB_NODELIST)
    // and train as one process on the combined batch does. Dropout off: a
    // rank's draws cannot equal one process's on the whole batch.
    void dataParallelUnderSrunMatchesOneProcess() {
        if (!why_.isEmpty()) QSKIP(qPrintable(why_));
        ojson config = demoBase(8, 0);
        config["optimization"]["batch_size"] = 15; // shards of 7 and 8 rows
        config["optimization"]["dropout"] = false;
        config["name"] = "dp";
        const QString path = work_.filePath(QStringLiteral("dp.json"));
        sa_test::writeFile(path, QByteArray::fromStdString(config.dump(2)));
        const auto one = runCli({QStringLiteral("run"), path, QStringLiteral("--set"),
                                 QStringLiteral("output_dir=") + work_.filePath(QStringLiteral("one"))},
                                env_);
        QVERIFY2(one.exitCode == 0, qPrintable(one.all()));
        QProcess srun;
        srun.setProcessEnvironment(env_);
        srun.start(QStringLiteral("srun"),
                   {QStringLiteral("-n"), QStringLiteral("2"), QStringLiteral(SPARSEADAPTER_CLI), QStringLiteral("run"),
                    path, QStringLiteral("--set"),
                    QStringLiteral("output_dir=") + work_.filePath(QStringLiteral("two"))});
        QVERIFY2(srun.waitForFinished(300000), "srun did not finish in 5 minutes");
        QVERIFY2(srun.exitCode() == 0, srun.readAllStandardError().constData());
        auto losses = [](const QString& run) {
            std::vector<double> out;
            QFile f(run + QStringLiteral("/metrics.jsonl"));
            if (!f.open(QIODevice::ReadOnly)) return out;
            for (const QByteArray& line : f.readAll().split('\n')) {
                if (line.trimmed().isEmpty()) continue;
                const auto j = nlohmann::json::parse(line.toStdString());
                if (j.value("type", "") == "step") out.push_back(j.at("loss").get<double>());
            }
            return out;
        };
        const auto a = losses(work_.filePath(QStringLiteral("one/dp")));
        const auto b = losses(work_.filePath(QStringLiteral("two/dp")));
        QCOMPARE(int(a.size()), 8);
        QCOMPARE(b.size(), a.size());
        for (std::size_t i = 0; i < a.size(); ++i)
            QVERIFY2(std::abs(a[i] - b[i]) <= 1e-5,
                     qPrintable(QStringLiteral("step %1: %2 vs %3").arg(i + 1).arg(a[i]).arg(b[i])));
        // One run of two ranks, not two runs side by side.
        QCOMPARE(sa_test::readJson(work_.filePath(QStringLiteral("two/dp/summary.json")))["ranks"].get<int>(), 2);
        QCOMPARE(sa_test::readJson(work_.filePath(QStringLiteral("one/dp/summary.json")))["ranks"].get<int>(), 1);
        QVERIFY(!QDir(work_.filePath(QStringLiteral("two/dp-2"))).exists());
        QFile ma(work_.filePath(QStringLiteral("one/dp/masks.safetensors")));
        QFile mb(work_.filePath(QStringLiteral("two/dp/masks.safetensors")));
        QVERIFY(ma.open(QIODevice::ReadOnly) && mb.open(QIODevice::ReadOnly));
        QVERIFY(ma.readAll() == mb.readAll());
    }
    // Task ids stay below MaxArraySize: with blocks of 2, three cells go out
    // as two arrays, the second's task 0 being cell 2.
    void cellsBeyondMaxArraySizeGoOutInBlocks() {
        if (!why_.isEmpty()) QSKIP(qPrintable(why_));
        qputenv("SLURM_CONF", env_.value(QStringLiteral("SLURM_CONF")).toLocal8Bit());
        QVERIFY(sa::slurmMaxArraySize() >= 1);
        const QString spec =
            writeSpec({{"name", "blocks"}, {"base", demoBase(3, 0)}, {"grid", {{"optimization.seed", {1, 2, 3}}}}});
        const auto folder = sa::SweepFolder::prepare(sa::SweepSpec::fromFile(spec.toStdString()));
        const auto submissions = sa::submitSlurmArrays(folder, {0, 1, 2}, SPARSEADAPTER_CLI, 2);
        QCOMPARE(int(submissions.size()), 2);
        QCOMPARE(submissions[0].offset, 0);
        QCOMPARE(q(submissions[0].array), QStringLiteral("0-1"));
        QCOMPARE(submissions[1].offset, 2);
        QCOMPARE(q(submissions[1].array), QStringLiteral("0"));
        QCOMPARE(submissions[1].cells, std::vector<int>{2});
        QTRY_VERIFY_WITH_TIMEOUT(queued(folder) == 0, 90000);
        for (const auto& s : folder.status())
            QVERIFY2(s.state == sa::CellState::Finished, qPrintable(q(s.name) + ": " + sa::cellStateName(s.state)));
        const QString log = sweepDir("blocks") + QStringLiteral("/logs/slurm-%1_0.out").arg(q(submissions[1].jobId));
        QVERIFY2(QFile::exists(log), qPrintable(log));
        QCOMPARE(folder.cell(2).config.optimization.seed, uint64_t(3));
        // Task 0 of the second array ran cell 2, not cell 0.
        const auto config = sa_test::readJson(folder.runFolder(folder.cell(2)) + "/config.json");
        QCOMPARE(config["optimization"]["seed"].get<int>(), 3);
        QCOMPARE(folder.attempts(folder.cell(0)).attempts, 1);
    }
};

QTEST_GUILESS_MAIN(TestSlurm)
#include "test_slurm.moc"
