// TensorBoard event files (issue 16): every record decoded here by a reader
// written apart from core's writer: a bit-at-a-time CRC-32C, the TFRecord
// framing read byte by byte, and a generic protobuf wire-format decoder,
// checked against the field numbers of TensorFlow's event.proto (Event:
// wall_time 1, step 2, file_version 3, summary 5) and summary.proto
// (Summary.value 1; Value: tag 1, simple_value 2). A run's events must equal
// its metrics.jsonl, be on disk after each evaluation while the run goes on,
// and a resumed run must hold every step once across its files.
#include "cli_process.h"
#include "test_support.h"

#include "experiment/demo_configs.h"
#include "experiment/experiment.h"
#include "experiment/run_directory.h"
#include "io/crc32.h"
#include "io/event_file.h"
#include "train/run_control.h"

#include <QTemporaryDir>

#include <cstring>
#include <filesystem>
#include <map>
#include <set>

namespace fs = std::filesystem;

namespace {

// CRC-32C one bit at a time, straight from the polynomial (no table).
uint32_t bitwiseCrc32c(const std::string& bytes) {
    uint32_t crc = 0xFFFFFFFFu;
    for (unsigned char byte : bytes) {
        crc ^= byte;
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1u)));
    }
    return ~crc;
}

uint32_t masked(uint32_t crc) {
    return ((crc >> 15) | (crc << 17)) + 0xA282EAD8u;
}

uint64_t littleEndian(const std::string& s, std::size_t at, int bytes) {
    uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; --i)
        v = v << 8 | static_cast<unsigned char>(s.at(at + static_cast<std::size_t>(i)));
    return v;
}

// A protobuf message as field number -> values (varints and fixed-width
// values as their integer bits, length-delimited ones as bytes).
struct Field {
    int wire = -1;
    uint64_t number = 0;
    std::string bytes;
};
using Message = std::multimap<int, Field>;

Message decode(const std::string& s) {
    Message m;
    std::size_t at = 0;
    auto varint = [&] {
        uint64_t v = 0;
        for (int shift = 0;; shift += 7) {
            if (at >= s.size() || shift > 63) throw std::runtime_error("varint runs past the message");
            const auto b = static_cast<unsigned char>(s[at++]);
            v |= uint64_t(b & 0x7F) << shift;
            if (!(b & 0x80)) return v;
        }
    };
    while (at < s.size()) {
        const uint64_t key = varint();
        Field f;
        f.wire = static_cast<int>(key & 7);
        if (f.wire == 0) {
            f.number = varint();
        } else if (f.wire == 1 || f.wire == 5) {
            const int width = f.wire == 1 ? 8 : 4;
            f.number = littleEndian(s, at, width);
            at += static_cast<std::size_t>(width);
        } else if (f.wire == 2) {
            const auto length = varint();
            if (length > s.size() - at) throw std::runtime_error("field runs past the message");
            f.bytes = s.substr(at, length);
            at += length;
        } else {
            throw std::runtime_error("unexpected wire type " + std::to_string(f.wire));
        }
        m.emplace(static_cast<int>(key >> 3), f);
    }
    return m;
}

struct Event {
    double wallTime = 0.0;
    int64_t step = 0;
    std::string fileVersion;
    std::map<std::string, float> scalars;
};

// The records of a file, framing and CRCs checked; every event decoded.
std::vector<Event> readEvents(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<Event> events;
    std::size_t at = 0;
    while (at < data.size()) {
        if (data.size() - at < 16) throw std::runtime_error(path + ": a torn record at the end");
        const uint64_t length = littleEndian(data, at, 8);
        if (littleEndian(data, at + 8, 4) != masked(bitwiseCrc32c(data.substr(at, 8))))
            throw std::runtime_error(path + ": bad length CRC");
        const std::string payload = data.substr(at + 12, length);
        if (littleEndian(data, at + 12 + length, 4) != masked(bitwiseCrc32c(payload)))
            throw std::runtime_error(path + ": bad data CRC");
        at += 16 + length;
        Event e;
        for (const auto& [number, f] : decode(payload)) {
            if (number == 1 && f.wire == 1)
                std::memcpy(&e.wallTime, &f.number, 8);
            else if (number == 2 && f.wire == 0)
                e.step = static_cast<int64_t>(f.number);
            else if (number == 3 && f.wire == 2)
                e.fileVersion = f.bytes;
            else if (number == 5 && f.wire == 2) {
                for (const auto& [valueNumber, value] : decode(f.bytes)) {
                    if (valueNumber != 1 || value.wire != 2) throw std::runtime_error("Summary: unexpected field");
                    std::string tag;
                    float simple = NAN;
                    for (const auto& [n, vf] : decode(value.bytes)) {
                        if (n == 1 && vf.wire == 2)
                            tag = vf.bytes;
                        else if (n == 2 && vf.wire == 5) {
                            const auto bits = static_cast<uint32_t>(vf.number);
                            std::memcpy(&simple, &bits, 4);
                        } else
                            throw std::runtime_error("Summary.Value: unexpected field " + std::to_string(n));
                    }
                    e.scalars[tag] = simple;
                }
            } else
                throw std::runtime_error("Event: unexpected field " + std::to_string(number));
        }
        events.push_back(e);
    }
    return events;
}

std::vector<std::string> eventFiles(const std::string& folder) {
    std::vector<std::string> files;
    if (fs::is_directory(folder))
        for (const auto& entry : fs::directory_iterator(folder))
            if (entry.path().filename().string().rfind("events.out.tfevents.", 0) == 0)
                files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    return files;
}

// Every event of every file in `folder` but the file_version ones.
std::vector<Event> scalarEvents(const std::string& folder) {
    std::vector<Event> all;
    for (const auto& file : eventFiles(folder))
        for (const auto& e : readEvents(file))
            if (e.fileVersion.empty()) all.push_back(e);
    return all;
}

sa::ExperimentConfig smallDemo(const QTemporaryDir& tmp, int epochs) {
    auto config = sa::builtinDemoConfig();
    config.name = "tb";
    config.outputDir = tmp.path().toStdString();
    config.task.maxTrainExamples = 64;
    config.task.maxEvalExamples = 16;
    config.optimization.epochs = epochs;
    return config;
}

// The metrics.jsonl step records as {step: loss} and eval records as {step: {metric: value}}.
void expectEventsEqualMetrics(const std::string& run) {
    const auto records = sa::RunDirectory::open(run).readMetrics();
    const auto events = scalarEvents(run + "/tb");
    std::map<int64_t, const Event*> trainAt, evalAt;
    for (const auto& e : events) {
        auto& index = e.scalars.count("train/loss") ? trainAt : evalAt;
        if (e.scalars.count("train/loss") || e.scalars.count("eval/loss")) {
            QVERIFY2(!index.count(e.step), qPrintable("step " + QString::number(e.step) + " twice"));
            index[e.step] = &e;
        }
    }
    int steps = 0, evals = 0;
    for (const auto& r : records) {
        const auto type = r.value("type", std::string());
        const int64_t step = r.at("step").get<int64_t>();
        if (type == "step") {
            ++steps;
            QVERIFY2(trainAt.count(step), qPrintable("no event for step " + QString::number(step)));
            const auto& s = trainAt[step]->scalars;
            QCOMPARE(s.at("train/loss"), r.at("loss").get<float>());
            QCOMPARE(s.at("train/learning_rate"), r.at("lr").get<float>());
            QCOMPARE(s.at("train/grad_norm"), r.at("grad_norm").get<float>());
            QCOMPARE(s.at("train/tokens_per_s"), r.at("tokens_per_s").get<float>());
        } else if (type == "eval") {
            ++evals;
            QVERIFY2(evalAt.count(step), qPrintable("no eval event at step " + QString::number(step)));
            const auto& s = evalAt[step]->scalars;
            QCOMPARE(s.at("eval/loss"), r.at("loss").get<float>());
            QVERIFY(!r.at("metrics").empty());
            for (const auto& [name, value] : r.at("metrics").items())
                QCOMPARE(s.at("eval/" + name), value.get<float>());
        }
    }
    QCOMPARE(static_cast<std::size_t>(steps), trainAt.size());
    QCOMPARE(static_cast<std::size_t>(evals), evalAt.size());
    QVERIFY(steps > 0 && evals > 0);
}

} // namespace

class TestTensorBoard : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // RFC 3720 appendix B.4, and each against the bit-at-a-time reference.
    void crc32cMatchesKnownVectors() {
        QCOMPARE(sa::crc32c("123456789", 9), 0xE3069283u);
        QCOMPARE(sa::crc32("123456789", 9), 0xCBF43926u); // zip's, beside it in io/crc32
        const std::string zeros(32, '\0'), ones(32, '\xFF');
        std::string ascending;
        for (int i = 0; i < 32; ++i)
            ascending.push_back(static_cast<char>(i));
        QCOMPARE(sa::crc32c(zeros.data(), zeros.size()), 0x8A9136AAu);
        QCOMPARE(sa::crc32c(ones.data(), ones.size()), 0x62A8AB43u);
        QCOMPARE(sa::crc32c(ascending.data(), ascending.size()), 0x46DD794Eu);
        for (const auto& s : {zeros, ones, ascending, std::string("brain.Event:2")})
            QCOMPARE(sa::maskedCrc32c(s.data(), s.size()), masked(bitwiseCrc32c(s)));
    }

    void recordsDecodeWithTensorFlowsFieldNumbers() {
        QTemporaryDir tmp;
        std::string path;
        {
            sa::EventFileWriter writer(tmp.filePath("tb").toStdString(), 1700000000.25);
            path = writer.path();
            writer.writeScalars(7, 1700000001.5, {{"train/loss", 0.6931}, {"eval/accuracy", 0.875}});
            writer.writeScalars(-3, 1700000002.0, {{"x", -1e-3}});
            writer.flush();
        }
        const auto name = fs::path(path).filename().string();
        QVERIFY2(name.rfind("events.out.tfevents.1700000000.", 0) == 0, name.c_str());
        const auto events = readEvents(path);
        QCOMPARE(events.size(), std::size_t(3));
        QCOMPARE(events[0].fileVersion, std::string("brain.Event:2"));
        QCOMPARE(events[0].wallTime, 1700000000.25);
        QCOMPARE(events[1].step, int64_t(7));
        QCOMPARE(events[1].wallTime, 1700000001.5);
        QCOMPARE(events[1].scalars.at("train/loss"), 0.6931f);
        QCOMPARE(events[1].scalars.at("eval/accuracy"), 0.875f);
        QCOMPARE(events[2].step, int64_t(-3));
        QCOMPARE(events[2].scalars.at("x"), -1e-3f);
        // Core's own reader (used to cut files on resume) agrees.
        const auto records = sa::readEventRecords(path);
        QCOMPARE(records.size(), std::size_t(3));
        QCOMPARE(sa::eventStep(records[1]), int64_t(7));
        QCOMPARE(sa::eventStep(records[2]), int64_t(-3));
    }

    // A crash mid-write leaves a partial record: core reads up to it.
    void aTornTailIsDroppedNotMisread() {
        QTemporaryDir tmp;
        const auto folder = tmp.filePath("tb").toStdString();
        std::string path;
        {
            sa::EventFileWriter writer(folder, 1.0);
            path = writer.path();
            writer.writeScalars(1, 2.0, {{"a", 1.0}});
            writer.writeScalars(2, 3.0, {{"a", 2.0}});
        }
        fs::resize_file(path, fs::file_size(path) - 5);
        QCOMPARE(sa::readEventRecords(path).size(), std::size_t(2));
        sa::dropEventsAfter(folder, 100); // nothing after step 100, but the torn tail goes
        const auto events = readEvents(path);
        QCOMPARE(events.size(), std::size_t(2));
        QCOMPARE(events[1].step, int64_t(1));
    }

    // The run writes tb/ as it goes; after every evaluation the file on disk
    // already holds that evaluation (a TensorBoard watching sees it live).
    void aRunsEventsEqualItsMetricsAndAreFlushedAtEachEvaluation() {
        QTemporaryDir tmp;
        struct Watch : sa::TrainingObserver {
            std::string folder;
            int seen = 0, evals = 0;
            void onEval(const sa::EvalEvent& e) override {
                ++evals;
                for (const auto& event : scalarEvents(folder))
                    if (event.step == e.step && event.scalars.count("eval/loss")) ++seen;
            }
        } watch;
        auto experiment = sa::Experiment::create(smallDemo(tmp, 2), &watch);
        const auto run = experiment->runDirectory();
        watch.folder = run + "/tb";
        experiment->run();
        QCOMPARE(watch.evals, 2);
        QCOMPARE(watch.seen, watch.evals);
        QCOMPARE(eventFiles(run + "/tb").size(), std::size_t(1));
        expectEventsEqualMetrics(run);
        if (QTest::currentTestFailed()) return;
        // The pruning round: overall and per-layer densities.
        bool pruning = false;
        for (const auto& e : scalarEvents(run + "/tb"))
            if (e.scalars.count("pruning/density")) {
                pruning = true;
                int layers = 0;
                for (const auto& [tag, value] : e.scalars)
                    if (tag.rfind("pruning/layer_density/", 0) == 0) {
                        ++layers;
                        QVERIFY(value >= 0.0f && value <= 1.0f);
                    }
                QVERIFY(layers > 0);
            }
        QVERIFY(pruning);
    }

    // Stopped, with records past the checkpoint left by a killed session,
    // then resumed: a new file, and across all files every step once.
    void aResumedRunHoldsEveryStepOnce() {
        QTemporaryDir tmp;
        sa::RunControl control;
        struct StopAt : sa::TrainingObserver {
            sa::RunControl* control = nullptr;
            void onStep(const sa::StepEvent& e) override {
                if (e.step == 3) control->requestStop();
            }
        } stopAt;
        stopAt.control = &control;
        auto experiment = sa::Experiment::create(smallDemo(tmp, 2), &stopAt);
        const auto run = experiment->runDirectory();
        experiment->run(&control);
        experiment.reset();
        {
            // What a session killed after its checkpoint at step 3 had written.
            sa::EventFileWriter killed(run + "/tb", sa::unixSeconds());
            // An evaluation and a pruning round at the checkpoint's own step,
            // recorded after it: redone too, so they go as well.
            killed.writeScalars(3, sa::unixSeconds(), {{"eval/loss", 321.0}});
            killed.writeScalars(3, sa::unixSeconds(), {{"pruning/density", 0.5}});
            killed.writeScalars(4, sa::unixSeconds(), {{"train/loss", 123.0}});
            killed.writeScalars(5, sa::unixSeconds(), {{"train/loss", 456.0}});
        }
        QCOMPARE(eventFiles(run + "/tb").size(), std::size_t(2));
        sa::Experiment::resume(run)->run();
        QCOMPARE(eventFiles(run + "/tb").size(), std::size_t(3));
        expectEventsEqualMetrics(run);
        int pruningAt3 = 0;
        for (const auto& e : scalarEvents(run + "/tb")) {
            QVERIFY(!e.scalars.count("train/loss") || e.scalars.at("train/loss") < 100.0f);
            QVERIFY(!e.scalars.count("eval/loss") || e.scalars.at("eval/loss") < 100.0f);
            if (e.step == 3 && e.scalars.count("pruning/density")) ++pruningAt3;
        }
        QCOMPARE(pruningAt3, 0);
    }

    // `export --tensorboard` writes a finished run's records, one folder per run.
    void exportWritesTheSameScalarsForOlderRuns() {
        QTemporaryDir tmp;
        auto experiment = sa::Experiment::create(smallDemo(tmp, 1));
        const auto run = experiment->runDirectory();
        experiment->run();
        experiment.reset();
        fs::remove_all(run + "/tb"); // a run made before tb/ existed
        const auto out = tmp.filePath("exported").toStdString();
        const auto result = sa_test::runCli(
            {"export", QString::fromStdString(run + "/"), "--tensorboard", QString::fromStdString(out)});
        QVERIFY2(result.exitCode == 0, qPrintable(result.all()));
        const auto name = fs::path(run).filename().string();
        QCOMPARE(eventFiles(out + "/" + name).size(), std::size_t(1));
        fs::rename(out + "/" + name, run + "/tb");
        expectEventsEqualMetrics(run);
    }
};

QTEST_GUILESS_MAIN(TestTensorBoard)
#include "test_tensorboard.moc"
