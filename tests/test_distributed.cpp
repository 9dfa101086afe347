// Data-parallel training (core/train/communicator.h, data_parallel.h): two
// ranks on loopback train exactly as one process on the combined batch
// (losses, masks, adapter weights), a stop and resume across ranks changes
// nothing, a failing rank ends the launcher with its reason instead of a
// hang, and the environment a rank learns its place from is parsed strictly.
#include "test_support.h"

#include "experiment/run_directory.h"

#include "io/safetensors.h"
#include "train/communicator.h"
#include "train/distributed_env.h"
#include "train/rank_launcher.h"

#include <QProcess>
#include <QTemporaryDir>

#include <csignal>
#include <map>

namespace {

struct Result {
    int exitCode;
    QString out, err;
};

// The CLI without any variable that would make it a rank of something else
// (a CI job under Slurm, say).
QProcessEnvironment singleProcessEnvironment() {
    auto env = QProcessEnvironment::systemEnvironment();
    for (const char* name :
         {"RANK", "WORLD_SIZE", "LOCAL_WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT", "SLURM_PROCID", "SLURM_NTASKS",
          "SLURM_JOB_NODELIST", "SLURM_NTASKS_PER_NODE", "SPARSEADAPTER_RENDEZVOUS_TIMEOUT"})
        env.remove(QString::fromLatin1(name));
    return env;
}

Result cli(const QStringList& args, int timeoutMs = 300000) {
    QProcess p;
    p.setProcessEnvironment(singleProcessEnvironment());
    p.start(QStringLiteral(SPARSEADAPTER_CLI), args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return {-1, {}, QStringLiteral("timed out")};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

// The SNIP-pruned demo with dropout off: dropout draws per rank cannot equal
// one process's draws on the combined batch, everything else must. A batch
// of 15 splits into shards of 7 and 8 rows, so the shards' weights count.
QStringList demoRun(const QString& outputDir, int epochs, const QStringList& extra = {}) {
    QStringList args{QStringLiteral("run"),   QStringLiteral("--demo"),
                     QStringLiteral("--set"), QStringLiteral("optimization.dropout=false"),
                     QStringLiteral("--set"), QStringLiteral("optimization.batch_size=15"),
                     QStringLiteral("--set"), QStringLiteral("optimization.epochs=%1").arg(epochs),
                     QStringLiteral("--set"), QStringLiteral("output_dir=%1").arg(outputDir)};
    return args + extra;
}

std::vector<nlohmann::json> records(const QString& runDir) {
    return sa::RunDirectory::open(runDir.toStdString()).readMetrics();
}

QByteArray fileBytes(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return f.readAll();
}

// Same steps, same losses (float tolerance: the ranks add two shard
// gradients where one process sums one batch), same evaluations. Runs are
// kept to a few hundred steps: over thousands, training amplifies those
// rounding differences past any fixed tolerance.
void compareHistories(const QString& one, const QString& two) {
    const auto a = records(one), b = records(two);
    QCOMPARE(a.size(), b.size());
    QVERIFY(a.size() > 10);
    for (std::size_t i = 0; i < a.size(); ++i) {
        QCOMPARE(a[i].value("type", std::string()), b[i].value("type", std::string()));
        QCOMPARE(a[i].value("step", -1), b[i].value("step", -1));
        if (a[i].contains("loss") && a[i]["loss"].is_number()) {
            const double x = a[i]["loss"], y = b[i]["loss"];
            if (std::abs(x - y) > 1e-5)
                QFAIL(qPrintable(QStringLiteral("record %1: loss %2 vs %3").arg(i).arg(x).arg(y)));
        }
        if (a[i].contains("kept")) QCOMPARE(a[i]["kept"].get<int64_t>(), b[i]["kept"].get<int64_t>());
    }
}

void compareAdapters(const QString& one, const QString& two) {
    const auto a = sa::SafetensorsFile::open((one + QStringLiteral("/adapter.safetensors")).toStdString());
    const auto b = sa::SafetensorsFile::open((two + QStringLiteral("/adapter.safetensors")).toStdString());
    QCOMPARE(a.entries().size(), b.entries().size());
    for (const auto& e : a.entries()) {
        const auto x = a.tensor(e.name), y = b.tensor(e.name);
        if (!torch::allclose(x, y, 1e-4, 1e-5))
            QFAIL(qPrintable(QStringLiteral("%1 differs by up to %2")
                                 .arg(QString::fromStdString(e.name))
                                 .arg((x - y).abs().max().item<double>())));
    }
}

void compareRuns(const QString& one, const QString& two) {
    compareHistories(one, two);
    // Every rank scores the summed gradients: the masks are the single
    // process's, bit for bit.
    const auto masks = fileBytes(one + QStringLiteral("/masks.safetensors"));
    QVERIFY(!masks.isEmpty());
    QCOMPARE(fileBytes(two + QStringLiteral("/masks.safetensors")), masks);
    compareAdapters(one, two);
}

std::function<const char*(const char*)> variables(const std::map<std::string, std::string>& values) {
    return [values](const char* name) -> const char* {
        const auto it = values.find(name);
        return it == values.end() ? nullptr : it->second.c_str();
    };
}

QString errorOf(const std::map<std::string, std::string>& values) {
    return sa_test::errorOf([&] { sa::distributedEnvFrom(variables(values)); });
}

} // namespace

class TestDistributed : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init() {
        if (!sa::haveDistributed()) QSKIP("this LibTorch lacks c10d (ProcessGroupGloo or the gloo headers)");
    }

    void twoRanksTrainAsOneProcessOnTheCombinedBatch() {
        QTemporaryDir dir;
        const auto one = cli(demoRun(dir.filePath(QStringLiteral("one")), 4));
        QVERIFY2(one.exitCode == 0, qPrintable(one.err));
        const auto two =
            cli(demoRun(dir.filePath(QStringLiteral("two")), 4, {QStringLiteral("--nproc"), QStringLiteral("2")}));
        QVERIFY2(two.exitCode == 0, qPrintable(two.err));
        QVERIFY2(two.err.contains(QStringLiteral("on 2 ranks")), qPrintable(two.err));
        // Rank 0 alone wrote a folder.
        QCOMPARE(QDir(dir.filePath(QStringLiteral("two"))).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size(), 1);
        compareRuns(dir.filePath(QStringLiteral("one/demo")), dir.filePath(QStringLiteral("two/demo")));
    }

    void graspScoresSummedOverRanksGiveTheSameMasks() {
        QTemporaryDir dir;
        const QStringList grasp{QStringLiteral("--set"), QStringLiteral("pruning.method=grasp"),
                                QStringLiteral("--set"), QStringLiteral("pruning.scoring_batches=2")};
        const auto one = cli(demoRun(dir.filePath(QStringLiteral("one")), 1, grasp));
        QVERIFY2(one.exitCode == 0, qPrintable(one.err));
        const auto two = cli(demoRun(dir.filePath(QStringLiteral("two")), 1,
                                     grasp + QStringList{QStringLiteral("--nproc"), QStringLiteral("2")}));
        QVERIFY2(two.exitCode == 0, qPrintable(two.err));
        compareRuns(dir.filePath(QStringLiteral("one/demo")), dir.filePath(QStringLiteral("two/demo")));
    }

    void aStoppedTwoRankRunResumesAsIfUninterrupted() {
        QTemporaryDir dir;
        const auto one = cli(demoRun(dir.filePath(QStringLiteral("one")), 8));
        QVERIFY2(one.exitCode == 0, qPrintable(one.err));

        // Ctrl-C to the launcher once the ranks train: it passes it on, the
        // ranks agree to stop after a step, and the folder is resumable.
        QProcess p;
        p.setProcessEnvironment(singleProcessEnvironment());
        p.start(QStringLiteral(SPARSEADAPTER_CLI),
                demoRun(dir.filePath(QStringLiteral("two")), 8, {QStringLiteral("--nproc"), QStringLiteral("2")}));
        p.setReadChannel(QProcess::StandardError); // what waitForReadyRead waits for
        QByteArray err;
        while (!err.contains("step ") && p.waitForReadyRead(60000))
            err += p.readAllStandardError();
        QVERIFY2(err.contains("step "), err.constData());
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(120000));
        err += p.readAllStandardError();
        QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 130,
                 qPrintable(QStringLiteral("exit %1 (status %2): ").arg(p.exitCode()).arg(p.exitStatus()) +
                            QString::fromUtf8(err.right(1200))));

        const auto runDir = dir.filePath(QStringLiteral("two/demo"));
        const auto resumed = cli({QStringLiteral("resume"), runDir, QStringLiteral("--nproc"), QStringLiteral("2")});
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
        compareRuns(dir.filePath(QStringLiteral("one/demo")), runDir);
    }

    void aFailingRankStopsTheOthersAndIsNamed() {
        // Rank 0 cannot create the run folder (output_dir lies under a
        // file); rank 1 has nothing to create and waits in its first
        // all-reduce for a rank that is gone.
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("a-file")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        const auto r = cli(
            demoRun(dir.filePath(QStringLiteral("a-file/runs")), 2, {QStringLiteral("--nproc"), QStringLiteral("2")}),
            120000);
        QVERIFY2(r.exitCode == 1, qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("rank 0 of 2 failed (exit code 1)")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("output_dir")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("the other ranks were stopped")), qPrintable(r.err));
    }

    void aRankWithoutPeersGivesUpNamingTheRendezvous() {
        // Rank 1 of 2 with nobody listening at MASTER_ADDR:MASTER_PORT.
        auto env = singleProcessEnvironment();
        env.insert(QStringLiteral("RANK"), QStringLiteral("1"));
        env.insert(QStringLiteral("WORLD_SIZE"), QStringLiteral("2"));
        env.insert(QStringLiteral("MASTER_ADDR"), QStringLiteral("127.0.0.1"));
        env.insert(QStringLiteral("MASTER_PORT"), QString::number(sa::freeLoopbackPort()));
        env.insert(QStringLiteral("SPARSEADAPTER_RENDEZVOUS_TIMEOUT"), QStringLiteral("2"));
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(SPARSEADAPTER_CLI), demoRun(QDir::tempPath(), 1));
        QVERIFY2(p.waitForFinished(60000), "the rank waited past its rendezvous timeout");
        const auto err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitCode(), 1);
        QVERIFY2(err.contains(QStringLiteral("rank 1 of 2: the rendezvous at 127.0.0.1:")), qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("MASTER_ADDR:MASTER_PORT")), qPrintable(err));
    }

    void nprocIsCheckedByName() {
        const auto r =
            cli({QStringLiteral("run"), QStringLiteral("--demo"), QStringLiteral("--nproc"), QStringLiteral("two")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("'--nproc' expects a number of processes")), qPrintable(r.err));
    }

    void rankVariablesAreRead() {
        const auto env = sa::distributedEnvFrom(variables({{"RANK", "1"},
                                                           {"WORLD_SIZE", "4"},
                                                           {"MASTER_ADDR", "n1"},
                                                           {"MASTER_PORT", "29500"},
                                                           {"LOCAL_WORLD_SIZE", "2"}}));
        QVERIFY(env.has_value());
        QCOMPARE(env->rank, 1);
        QCOMPARE(env->worldSize, 4);
        QCOMPARE(env->localWorldSize, 2);
        QCOMPARE(env->masterAddr, std::string("n1"));
        QCOMPARE(env->masterPort, 29500);
        // Nothing set, or a world of one: a single process.
        QVERIFY(!sa::distributedEnvFrom(variables({})).has_value());
        QVERIFY(!sa::distributedEnvFrom(variables({{"RANK", "0"}, {"WORLD_SIZE", "1"}})).has_value());
        QVERIFY(!sa::distributedEnvFrom(variables({{"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "1"}})).has_value());
    }

    void missingOrInvalidVariablesAreNamed() {
        QVERIFY(errorOf({{"RANK", "0"}}).contains(QStringLiteral("WORLD_SIZE is not set")));
        QVERIFY(errorOf({{"RANK", "0"}, {"WORLD_SIZE", "2"}}).contains(QStringLiteral("MASTER_ADDR is not set")));
        QVERIFY(errorOf({{"RANK", "0"}, {"WORLD_SIZE", "2"}, {"MASTER_ADDR", "h"}})
                    .contains(QStringLiteral("MASTER_PORT is not set")));
        QVERIFY(errorOf({{"RANK", "2"}, {"WORLD_SIZE", "2"}}).contains(QStringLiteral("RANK='2'")));
        QVERIFY(errorOf({{"RANK", "x"}, {"WORLD_SIZE", "2"}}).contains(QStringLiteral("RANK='x'")));
        QVERIFY(errorOf({{"RANK", "0"}, {"WORLD_SIZE", "2"}, {"MASTER_ADDR", "h"}, {"MASTER_PORT", "70000"}})
                    .contains(QStringLiteral("MASTER_PORT='70000'")));
        QVERIFY(errorOf({{"SLURM_PROCID", "1"}, {"SLURM_NTASKS", "2"}})
                    .contains(QStringLiteral("SLURM_JOB_NODELIST is not set")));
        QVERIFY(errorOf({{"SLURM_PROCID", "0"}}).contains(QStringLiteral("SLURM_NTASKS is not set")));
        QVERIFY(errorOf({{"RANK", "0"},
                         {"WORLD_SIZE", "2"},
                         {"MASTER_ADDR", "h"},
                         {"MASTER_PORT", "1"},
                         {"SPARSEADAPTER_RENDEZVOUS_TIMEOUT", "soon"}})
                    .contains(QStringLiteral("SPARSEADAPTER_RENDEZVOUS_TIMEOUT='soon'")));
    }

    void slurmStepsMeetOnTheFirstHost() {
        const auto env = sa::distributedEnvFrom(variables({{"SLURM_PROCID", "3"},
                                                           {"SLURM_NTASKS", "4"},
                                                           {"SLURM_JOB_NODELIST", "gpu[07-08],cpu1"},
                                                           {"SLURM_JOB_ID", "123456"},
                                                           {"SLURM_NTASKS_PER_NODE", "2"}}));
        QVERIFY(env.has_value());
        QCOMPARE(env->rank, 3);
        QCOMPARE(env->worldSize, 4);
        QCOMPARE(env->masterAddr, std::string("gpu07"));
        QCOMPARE(env->masterPort, 20000 + 123456 % 10000);
        QCOMPARE(env->localWorldSize, 2);
        // MASTER_ADDR and MASTER_PORT override.
        const auto over = sa::distributedEnvFrom(variables({{"SLURM_PROCID", "0"},
                                                            {"SLURM_NTASKS", "2"},
                                                            {"SLURM_JOB_NODELIST", "a1"},
                                                            {"MASTER_ADDR", "head"},
                                                            {"MASTER_PORT", "1234"}}));
        QCOMPARE(over->masterAddr, std::string("head"));
        QCOMPARE(over->masterPort, 1234);
    }

    void slurmNodeListsOfEveryForm() {
        QCOMPARE(sa::firstSlurmHost("node01"), std::string("node01"));
        QCOMPARE(sa::firstSlurmHost("a1,b2"), std::string("a1"));
        QCOMPARE(sa::firstSlurmHost("node[01-03],other"), std::string("node01"));
        QCOMPARE(sa::firstSlurmHost("node[5,7-9]"), std::string("node5"));
        QCOMPARE(sa::firstSlurmHost("rack[2-3]-n[005-006]"), std::string("rack2-n005"));
        QCOMPARE(sa::firstSlurmHost("gpu-a100-[1-4],cpu[1-2]"), std::string("gpu-a100-1"));
        for (const char* bad : {"", "node[01-03", "]x", ",a"}) {
            try {
                sa::firstSlurmHost(bad);
                QFAIL(qPrintable(QStringLiteral("accepted '%1'").arg(QString::fromLatin1(bad))));
            } catch (const sa::Error& e) {
                QVERIFY(QString::fromStdString(e.what()).contains(QStringLiteral("SLURM_JOB_NODELIST")));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestDistributed)
#include "test_distributed.moc"
