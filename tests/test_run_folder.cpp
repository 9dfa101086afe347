// A run folder is never silently restarted, mixed or half-believed (issue
// 13): resume refuses a finished run, recorded work without a checkpoint, a
// history with gaps and a checkpoint of another run or config or with damaged
// tensors, each by name and with the way forward; --restart keeps the old
// files aside; one process writes a folder at a time (a second is refused, a
// stale lock taken over); masks.safetensors is rewritten from the checkpoint;
// leftovers of interrupted writes are removed; a write past the file size
// limit is an error naming the file, not a fatal signal.
#include "test_support.h"

#include "error.h"
#include "experiment/experiment.h"
#include "experiment/resume_check.h"
#include "experiment/run_directory.h"
#include "experiment/run_index.h"
#include "experiment/run_lock.h"
#include "experiment/run_masks.h"
#include "io/atomic_write.h"
#include "train/run_control.h"
#include "train/training_state.h"

#include <QFile>
#include <QTemporaryDir>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace {

using sa_test::errorOf;

// The built-in demo cut to 64 training examples (4 steps an epoch) and 16
// evaluation examples, `epochs` long, under `tmp`: a real run in a second.
sa::ExperimentConfig smallDemo(const QTemporaryDir& tmp, int epochs, const std::string& name = "run") {
    auto config = sa::builtinDemoConfig();
    config.name = name;
    config.outputDir = tmp.path().toStdString();
    config.task.maxTrainExamples = 64;
    config.task.maxEvalExamples = 16;
    config.optimization.epochs = epochs;
    return config;
}

// Runs `config` until `stopStep` (0: to the end); returns the run folder.
std::string runUntil(const sa::ExperimentConfig& config, int64_t stopStep) {
    sa::RunControl control;
    struct StopAt : sa::TrainingObserver {
        sa::RunControl* control = nullptr;
        int64_t step = 0;
        void onStep(const sa::StepEvent& e) override {
            if (e.step == step) control->requestStop();
        }
    } stopAt;
    stopAt.control = &control;
    stopAt.step = stopStep;
    auto experiment = sa::Experiment::create(config, &stopAt);
    experiment->run(&control);
    return experiment->runDirectory();
}

QByteArray contentOf(const std::string& path) {
    QFile f(QString::fromStdString(path));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

std::string statusOf(const std::string& folder) {
    return sa::readJsonFile(folder + "/summary.json").value("status", std::string());
}

} // namespace

class TestRunFolder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void finishedRunIsNeverTrainedAgainInPlace() {
        QTemporaryDir tmp;
        const auto folder = runUntil(smallDemo(tmp, 2), 0);
        const auto metrics = contentOf(folder + "/metrics.jsonl");
        for (const bool withCheckpoint : {true, false}) {
            if (!withCheckpoint) QVERIFY(QFile::remove(QString::fromStdString(folder + "/checkpoint.safetensors")));
            const QString message = errorOf([&] { sa::Experiment::resume(folder); });
            QVERIFY2(message.contains(QStringLiteral("finished")) && message.contains(QStringLiteral("--restart")),
                     qPrintable(message));
            QCOMPARE(contentOf(folder + "/metrics.jsonl"), metrics);
            QCOMPARE(statusOf(folder), std::string("finished"));
        }
        // --restart: the old files move aside whole, the run starts over.
        sa::ResumeOptions restart;
        restart.restart = true;
        auto experiment = sa::Experiment::resume(folder, nullptr, restart);
        QCOMPARE(experiment->run().steps, int64_t(8));
        QCOMPARE(contentOf(folder + "/previous-1/metrics.jsonl"), metrics);
        QVERIFY(QFile::exists(QString::fromStdString(folder + "/previous-1/summary.json")));
        QCOMPARE(statusOf(folder), std::string("finished"));
        QCOMPARE(contentOf(folder + "/previous-1/config.json"), QByteArray()); // the config stays in place
    }

    void recordedWorkWithoutCheckpointIsNotRestartedOverIt() {
        QTemporaryDir tmp;
        const auto folder = runUntil(smallDemo(tmp, 2), 5);
        QCOMPARE(statusOf(folder), std::string("stopped"));
        QVERIFY(QFile::remove(QString::fromStdString(folder + "/checkpoint.safetensors")));
        const auto metrics = contentOf(folder + "/metrics.jsonl");
        const QString message = errorOf([&] { sa::Experiment::resume(folder); });
        QVERIFY2(message.contains(QStringLiteral("checkpoint.safetensors is missing")) &&
                     message.contains(QStringLiteral("--restart")),
                 qPrintable(message));
        QCOMPARE(contentOf(folder + "/metrics.jsonl"), metrics);
        QCOMPARE(statusOf(folder), std::string("stopped"));
    }

    void secondWriterIsRefusedAndAStaleLockTakenOver() {
        QTemporaryDir tmp;
        const auto folder = runUntil(smallDemo(tmp, 2), 5);
        QVERIFY(!QFile::exists(QString::fromStdString(folder + "/.lock"))); // released at the end
        {
            const auto held = sa::RunLock::acquire(folder);
            QVERIFY(sa::RunLock::holder(folder).find("pid ") == 0);
            const QString message = errorOf([&] { sa::Experiment::resume(folder); });
            QVERIFY2(message.contains(QStringLiteral("another process")) &&
                         message.contains(QStringLiteral("pid %1").arg(getpid())),
                     qPrintable(message));
        }
        QVERIFY(sa::RunLock::holder(folder).empty());
        // A lock file whose writer died: taken over, and said.
        sa_test::writeFile(QString::fromStdString(folder + "/.lock"), "pid 4194999 on host elsewhere since then\n");
        auto experiment = sa::Experiment::resume(folder);
        bool said = false;
        for (const auto& note : experiment->notes())
            said = said || note.find("pid 4194999 on host elsewhere") != std::string::npos;
        QVERIFY(said);
        QCOMPARE(experiment->run().steps, int64_t(8));
    }

    void masksAreRewrittenFromTheCheckpoint() {
        QTemporaryDir tmp;
        const auto folder = runUntil(smallDemo(tmp, 2), 5);
        const auto masks = sa::readRunMasks(folder);
        const QString path = QString::fromStdString(folder + "/masks.safetensors");
        for (const bool truncate : {true, false}) {
            if (truncate) {
                QFile f(path);
                QVERIFY(f.open(QIODevice::ReadWrite) && f.resize(f.size() / 3));
            } else {
                QVERIFY(QFile::remove(path));
            }
            auto experiment = sa::Experiment::resume(folder); // rewrites before training
            const auto read = sa::readRunMasks(folder);
            QCOMPARE(read.kept, masks.kept);
            QCOMPARE(read.tensors.size(), masks.tensors.size());
            for (std::size_t i = 0; i < read.tensors.size(); ++i)
                QVERIFY(read.tensors[i].values == masks.tensors[i].values);
        }
    }

    void aHistoryWithGapsIsRefusedNamingTheSteps() {
        QTemporaryDir tmp;
        const auto folder = runUntil(smallDemo(tmp, 2), 6);
        auto run = sa::RunDirectory::open(folder);
        std::string kept;
        for (const auto& r : run.readMetrics())
            if (!(r.value("type", std::string()) == "step" && r.at("step").get<int>() <= 3)) kept += r.dump() + "\n";
        sa_test::writeFile(QString::fromStdString(run.metricsPath()), QByteArray::fromStdString(kept));
        const QString message = errorOf([&] { sa::Experiment::resume(folder); });
        QVERIFY2(message.contains(QStringLiteral("steps 1\u20133")) && message.contains(QStringLiteral("step 6")) &&
                     message.contains(QStringLiteral("--allow-metrics-gaps")),
                 qPrintable(message));
        sa::ResumeOptions allow;
        allow.allowMetricsGaps = true;
        auto experiment = sa::Experiment::resume(folder, nullptr, allow);
        QCOMPARE(experiment->run().steps, int64_t(8));
        const auto summary = sa::readJsonFile(folder + "/summary.json");
        QVERIFY2(summary.at("notes").dump().find("1\u20133") != std::string::npos, summary.dump().c_str());
        QCOMPARE(sa::missingSteps(sa::RunDirectory::open(folder).readMetrics(), 8), std::string("1\u20133"));
    }

    void aCheckpointIsOnlyItsOwnRunsAndIntact() {
        QTemporaryDir tmp;
        const auto mine = runUntil(smallDemo(tmp, 2, "mine"), 6);
        const auto other = runUntil(smallDemo(tmp, 2, "other"), 6); // the same config, another run
        const QString checkpoint = QString::fromStdString(mine + "/checkpoint.safetensors");
        const QByteArray own = contentOf(mine + "/checkpoint.safetensors");
        QVERIFY(QFile::remove(checkpoint));
        QVERIFY(QFile::copy(QString::fromStdString(other + "/checkpoint.safetensors"), checkpoint));
        QString message = errorOf([&] { sa::Experiment::resume(mine); });
        QVERIFY2(message.contains(QStringLiteral("belongs to run")), qPrintable(message));

        // Flipped bytes in the tensors: the checksum catches them.
        QByteArray damaged = own;
        damaged[damaged.size() - 3] = static_cast<char>(damaged[damaged.size() - 3] ^ 0x40);
        sa_test::writeFile(checkpoint, damaged);
        message = errorOf([&] { sa::Experiment::resume(mine); });
        QVERIFY2(message.contains(QStringLiteral("damaged")), qPrintable(message));

        // The folder's config changed since the checkpoint.
        sa_test::writeFile(checkpoint, own);
        auto config = sa::readJsonFile(mine + "/config.json");
        config["optimization"]["learning_rate"] = 0.5;
        sa_test::writeFile(QString::fromStdString(mine + "/config.json"), QByteArray::fromStdString(config.dump(2)));
        message = errorOf([&] { sa::Experiment::resume(mine); });
        QVERIFY2(message.contains(QStringLiteral("another config.json")), qPrintable(message));
    }

    // Found by fuzz_metrics: a step of 1e300 was converted to int64 (undefined
    // behaviour) on resume. It is kept as it is, and read, refused by line.
    void aStepThatIsNoIntegerIsRefusedNamingItsLine() {
        QTemporaryDir tmp;
        auto run = sa::RunDirectory::create(tmp.path().toStdString(), "r");
        sa_test::writeFile(QString::fromStdString(run.configPath()), "{}");
        sa_test::writeFile(QString::fromStdString(run.metricsPath()),
                           "{\"type\":\"step\",\"step\":1}\n{\"type\":\"step\",\"step\":1e300}\n");
        auto reopened = sa::RunDirectory::open(run.path());
        reopened.truncateMetricsAfter(10);
        QCOMPARE(sa::RunDirectory::open(run.path()).readMetrics().size(), std::size_t(2));
        const QString message = errorOf([&] { sa::readMetricSeries(run.path()); });
        QVERIFY2(message.contains(QStringLiteral("metrics.jsonl:2")), qPrintable(message));
    }

    // Found by fuzz_trainer_state: numbers that are no integers where the
    // state keeps integers are refused by key, never converted.
    void aTrainerStateOfImpossibleNumbersIsRefusedByKey_data() {
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("key");
        const QString base = QStringLiteral(R"({"step":%1,"pruned_epochs":0,"total_steps":8,"steps_per_epoch":4%2})");
        QTest::newRow("step 1e300") << base.arg(QStringLiteral("1e300"), QString())
                                    << QStringLiteral("trainer_state.step");
        QTest::newRow("best epoch 1e300")
            << base.arg(QStringLiteral("1"),
                        QStringLiteral(
                            R"(,"best":{"step":1,"epoch":1e300,"loss":0,"metrics":{},"main":"a","main_value":0})"))
            << QStringLiteral("trainer_state.best");
        QTest::newRow("step past the end")
            << base.arg(QStringLiteral("9"), QString()) << QStringLiteral("not a training position");
        QTest::newRow("checksum not hex")
            << base.arg(QStringLiteral("1"), QStringLiteral(R"(,"tensors_checksum":"xyz")"))
            << QStringLiteral("trainer_state.tensors_checksum");
    }
    void aTrainerStateOfImpossibleNumbersIsRefusedByKey() {
        QFETCH(QString, state);
        QFETCH(QString, key);
        const QString message = errorOf([&] { sa::TrainingState::fromJson(state.toStdString(), "ckpt"); });
        QVERIFY2(message.contains(QStringLiteral("ckpt")) && message.contains(key), qPrintable(message));
        // And what it writes, it reads.
        sa::TrainingState s;
        s.step = 3;
        s.totalSteps = 8;
        s.stepsPerEpoch = 4;
        s.runId = "0123456789abcdef";
        s.tensorsChecksum = 0xfedcba9876543210ULL;
        const auto back = sa::TrainingState::fromJson(s.toJson().dump(), "ckpt");
        QCOMPARE(back.step, s.step);
        QCOMPARE(back.runId, s.runId);
        QCOMPARE(back.tensorsChecksum, s.tensorsChecksum);
    }

    // Every pruning round's record says what it achieved beside the target,
    // and warns exactly when they are further apart than the rule allows.
    void pruneRecordsCarryTheAchievedDensityAndWarnings() {
        QTemporaryDir tmp;
        auto config = smallDemo(tmp, 2);
        config.pruning.options.startEpoch = 1; // trained units: ties at zero are likely
        const auto folder = runUntil(config, 0);
        int rounds = 0;
        for (const auto& r : sa::RunDirectory::open(folder).readMetrics()) {
            if (r.value("type", std::string()) != "prune") continue;
            ++rounds;
            const double target = r.at("density").get<double>();
            const double achieved = r.at("achieved_density").get<double>();
            QCOMPARE(achieved, double(r.at("kept").get<int64_t>()) / double(r.at("total").get<int64_t>()));
            const bool far = std::abs(achieved - target) > std::max(0.01, 0.05 * target);
            QCOMPARE(r.contains("warnings"), far);
        }
        QCOMPARE(rounds, 1);
    }

    void leftoversOfInterruptedWritesAreRemoved() {
        QTemporaryDir tmp;
        const auto folder = runUntil(smallDemo(tmp, 2), 5);
        const QString leftover = QString::fromStdString(folder + "/.checkpoint.safetensors.tmp123456");
        const QString unrelated = QString::fromStdString(folder + "/.notes.tmpx");
        sa_test::writeFile(leftover, "partial");
        sa_test::writeFile(unrelated, "mine");
        sa::Experiment::resume(folder);
        QVERIFY(!QFile::exists(leftover));
        QVERIFY(QFile::exists(unrelated));
    }

    // ulimit -f: SIGXFSZ ignored, the write fails with EFBIG, reported by name.
    void aWritePastTheFileSizeLimitIsAnErrorNamingTheFile() {
        sa::reportFileSizeLimitAsError();
        rlimit saved{};
        QCOMPARE(getrlimit(RLIMIT_FSIZE, &saved), 0);
        rlimit small = saved;
        small.rlim_cur = 4096;
        QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
        QTemporaryDir tmp;
        const std::string path = tmp.filePath(QStringLiteral("big.bin")).toStdString();
        const QString message = errorOf(
            [&] { sa::writeFileAtomically(path, [](std::ostream& out) { out << std::string(1 << 20, 'x'); }); });
        QCOMPARE(setrlimit(RLIMIT_FSIZE, &saved), 0);
        QVERIFY2(message.contains(QStringLiteral("big.bin")) && message.contains(QStringLiteral("ulimit -f")),
                 qPrintable(message));
        QCOMPARE(QDir(tmp.path()).entryList(QDir::Files | QDir::Hidden).size(), 0); // no temporary file left
    }
};

QTEST_GUILESS_MAIN(TestRunFolder)
#include "test_run_folder.moc"
