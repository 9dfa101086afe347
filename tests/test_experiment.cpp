// Experiment configuration (core/experiment/experiment_config.h): a full
// example and every preset round-trip through toJson; "{}" gives the
// documented defaults; every kind of bad input (unknown key, wrong type, out
// of range, bad enum, bad task, bad adapter override) fails with an error
// naming the dotted key; `--set` overrides parse numbers, strings and
// booleans and re-derive the adapter when the preset changes; run names and
// the key list; the README's example is a valid configuration. The demo
// sentiment corpus: every word is in the demo vocabulary, labels are balanced,
// generation is deterministic, dev is mostly unseen by train, and an unknown
// split is named in the error.
#include "test_support.h"

#include "error.h"
#include "experiment/config_check.h"
#include "experiment/experiment.h"
#include "experiment/experiment_budget.h"
#include "experiment/experiment_config.h"
#include "experiment/run_directory.h"
#include "experiment/run_masks.h"
#include "model/demo_checkpoint.h"
#include "tasks/classification/classification_task.h"
#include "tasks/classification/demo_sentiment.h"
#include "tasks/classification/demo_tasks.h"
#include "tasks/question_answering/squad_dataset.h"
#include "tasks/question_answering/squad_metric.h"
#include "tasks/summarization/rouge.h"
#include "tasks/summarization/rouge_files.h"
#include "tasks/summarization/summarization_dataset.h"
#include "tasks/summarization/summarization_task.h"
#include "text/tokenizer.h"
#include "train/run_control.h"

#include <QFile>
#include <QTemporaryDir>

#include <algorithm>
#include <functional>
#include <set>
#include <string>
#include <vector>

namespace {

// The built-in demo cut to `train`/`eval` examples and `epochs`, its run
// folder under `tmp`: a real run in well under a second.
sa::ExperimentConfig smallDemo(const QTemporaryDir& tmp, int64_t train, int64_t eval, int epochs) {
    auto config = sa::builtinDemoConfig();
    config.outputDir = tmp.path().toStdString();
    config.task.maxTrainExamples = train;
    config.task.maxEvalExamples = eval;
    config.optimization.epochs = epochs;
    return config;
}

using sa_test::errorOf;
using sa_test::writeFile;

// The built-in demo model's tokenizer, loaded from a checkpoint written to a
// temporary folder (the tokenizer keeps nothing open once loaded).
std::unique_ptr<sa::Tokenizer> demoTokenizer() {
    QTemporaryDir dir;
    sa::writeDemoCheckpoint(dir.path().toStdString());
    return sa::loadTokenizer(dir.path().toStdString());
}

using nlohmann::json;

// Every key set to a value other than its default.
const char* const kFullExample = R"({
  "name": "sst2-lora8-grasp75",
  "model": "/models/roberta-base",
  "reinit_head": true,
  "adapter_dir": "/adapters/sst2-lora8",
  "task": {
    "name": "sst2",
    "data_dir": "/data/glue_data/SST-2",
    "max_seq_length": 256,
    "max_train_examples": 1000,
    "max_eval_examples": 200,
    "padding": "max",
    "group_by_length": true
  },
  "adapter": {
    "preset": "lora",
    "bottleneck": 8,
    "attn_bn": 8,
    "attn_mode": "lora",
    "attn_option": "sequential",
    "ffn_adapter_layernorm_option": "out",
    "ffn_adapter_scalar": 2.0,
    "ffn_bn": 0,
    "ffn_mode": "none",
    "ffn_option": "sequential",
    "lora_alpha": 16.0,
    "mid_dim": 512,
    "reference_quirks": true,
    "train_head": false
  },
  "pruning": {
    "method": "grasp",
    "sparsity": 0.75,
    "scope": "local",
    "scoring_batches": 4,
    "iterations": 3,
    "schedule": "linear",
    "start_epoch": 1,
    "large_sparse": 4,
    "break_ties": true,
    "reference_gradient_leak": true
  },
  "optimization": {
    "epochs": 10,
    "max_steps": 5000,
    "batch_size": 16,
    "eval_batch_size": 128,
    "learning_rate": 0.0005,
    "weight_decay": 0.01,
    "warmup_ratio": 0.1,
    "max_grad_norm": 0.0,
    "seed": 7,
    "eval_every_steps": 500,
    "checkpoint_every_steps": 1000,
    "dropout": false
  },
  "device": "cuda",
  "output_dir": "/tmp/runs"
})";

// The value at a dotted key of a config's toJson().
json valueAt(const sa::ExperimentConfig& config, const std::string& dottedKey) {
    std::string pointer = "/" + dottedKey;
    std::replace(pointer.begin(), pointer.end(), '.', '/');
    return json::parse(config.toJson()).at(json::json_pointer(pointer));
}

// The ```json block of the README's "Experiment configuration" section.
QString readmeExample() {
    QFile f(QStringLiteral(SPARSEADAPTER_SOURCE_DIR "/README.md"));
    if (!f.open(QIODevice::ReadOnly)) return {};
    const QString readme = QString::fromUtf8(f.readAll());
    const auto section = readme.indexOf(QStringLiteral("## Experiment configuration"));
    if (section < 0) return {};
    const QString open = QStringLiteral("```json\n");
    const auto begin = readme.indexOf(open, section);
    const auto end = readme.indexOf(QStringLiteral("```"), begin + open.size());
    if (begin < 0 || end < 0) return {};
    return readme.mid(begin + open.size(), end - begin - open.size());
}

} // namespace

class TestExperiment : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void emptyDocumentGivesTheDocumentedDefaults() {
        const auto c = sa::ExperimentConfig::fromJson("{}", "config.json");
        // A default-constructed config is the same document.
        QCOMPARE(QString::fromStdString(c.toJson()), QString::fromStdString(sa::ExperimentConfig{}.toJson()));
        QVERIFY(c.name.empty());
        QCOMPARE(QString::fromStdString(c.model), QStringLiteral("builtin:demo"));
        QCOMPARE(QString::fromStdString(c.task.name), QStringLiteral("SST-2"));
        QCOMPARE(c.task.maxSeqLength, int64_t{128});
        QCOMPARE(c.task.padding, sa::Padding::Longest);
        QCOMPARE(QString::fromStdString(c.adapter.preset), QStringLiteral("houlsby"));
        QCOMPARE(c.adapter.bottleneck, int64_t{64});
        QVERIFY(c.adapter.options == sa::AdapterOptions::preset("houlsby", 64));
        QVERIFY(sa::ExperimentConfig{}.adapter.options == sa::AdapterOptions::preset("houlsby", 64));
        QVERIFY(c.pruning.enabled);
        QCOMPARE(c.pruning.options.method, sa::PruneMethod::Snip);
        QCOMPARE(c.pruning.options.sparsity, 0.4);
        QCOMPARE(c.pruning.options.scope, sa::MaskScope::Global);
        QCOMPARE(c.pruning.largeSparse, 1);
        QCOMPARE(c.optimization.epochs, 3);
        QCOMPARE(c.optimization.learningRate, 1e-3);
        QCOMPARE(c.optimization.seed, uint64_t{42});
        QCOMPARE(c.pruning.options.seed, uint64_t{42}); // one seed: optimization.seed
        QCOMPARE(sa::ExperimentConfig{}.pruning.options.seed, uint64_t{42});
        QCOMPARE(c.device, sa::DeviceChoice::Auto);
        QCOMPARE(QString::fromStdString(c.outputDir), QStringLiteral("runs"));
        QCOMPARE(QString::fromStdString(c.runName()), QStringLiteral("sst-2_houlsby64_snip40_s42"));
    }

    void fullExampleRoundTrip() {
        const auto c = sa::ExperimentConfig::fromJson(kFullExample, "config.json");
        QCOMPARE(QString::fromStdString(c.name), QStringLiteral("sst2-lora8-grasp75"));
        QCOMPARE(QString::fromStdString(c.model), QStringLiteral("/models/roberta-base"));
        QCOMPARE(QString::fromStdString(c.adapterDir), QStringLiteral("/adapters/sst2-lora8"));
        QCOMPARE(QString::fromStdString(c.task.name), QStringLiteral("sst2")); // stored as given
        QCOMPARE(QString::fromStdString(c.task.dataDir), QStringLiteral("/data/glue_data/SST-2"));
        QCOMPARE(c.task.maxSeqLength, int64_t{256});
        QCOMPARE(c.task.maxTrainExamples, int64_t{1000});
        QCOMPARE(c.task.maxEvalExamples, int64_t{200});
        QCOMPARE(c.task.padding, sa::Padding::Max);
        QVERIFY(c.task.groupByLength);
        QCOMPARE(QString::fromStdString(c.adapter.preset), QStringLiteral("lora"));
        QCOMPARE(c.adapter.bottleneck, int64_t{8});
        QCOMPARE(c.adapter.options.attnMode, sa::AttnMode::Lora);
        QCOMPARE(c.adapter.options.attnBn, int64_t{8});
        QCOMPARE(c.adapter.options.ffnMode, sa::FfnMode::None);
        QCOMPARE(c.adapter.options.loraAlpha, 16.0);
        QCOMPARE(c.adapter.options.ffnScale, 2.0);
        QCOMPARE(c.adapter.options.ffnLayerNorm, sa::AdapterLayerNorm::Out);
        QCOMPARE(c.adapter.options.prefixMidDim, int64_t{512});
        QVERIFY(!c.adapter.options.trainHead);
        QVERIFY(c.adapter.options.referenceQuirks);
        QVERIFY(c.pruning.enabled);
        QCOMPARE(c.pruning.options.method, sa::PruneMethod::Grasp);
        QCOMPARE(c.pruning.options.sparsity, 0.75);
        QCOMPARE(c.pruning.options.scope, sa::MaskScope::Local);
        QCOMPARE(c.pruning.scoringBatches, 4);
        QCOMPARE(c.pruning.options.iterations, 3);
        QCOMPARE(c.pruning.options.schedule, sa::PruneSchedule::Linear);
        QCOMPARE(c.pruning.options.startEpoch, 1);
        QCOMPARE(c.pruning.largeSparse, 4);
        QVERIFY(c.pruning.options.breakTies);
        QVERIFY(c.pruning.referenceGradientLeak);
        QCOMPARE(c.optimization.epochs, 10);
        QCOMPARE(c.optimization.maxSteps, int64_t{5000});
        QCOMPARE(c.optimization.batchSize, int64_t{16});
        QCOMPARE(c.optimization.evalBatchSize, int64_t{128});
        QCOMPARE(c.optimization.learningRate, 5e-4);
        QCOMPARE(c.optimization.weightDecay, 0.01);
        QCOMPARE(c.optimization.warmupRatio, 0.1);
        QCOMPARE(c.optimization.maxGradNorm, 0.0);
        QCOMPARE(c.optimization.seed, uint64_t{7});
        QCOMPARE(c.pruning.options.seed, uint64_t{7});
        QCOMPARE(c.optimization.evalEverySteps, int64_t{500});
        QCOMPARE(c.optimization.checkpointEverySteps, int64_t{1000});
        QVERIFY(!c.optimization.dropout);
        QCOMPARE(c.device, sa::DeviceChoice::Cuda);
        QCOMPARE(QString::fromStdString(c.outputDir), QStringLiteral("/tmp/runs"));

        // toJson writes every key of the example, with the same values.
        const json written = json::parse(c.toJson());
        QCOMPARE(QString::fromStdString(written.dump()), QString::fromStdString(json::parse(kFullExample).dump()));
        // ... pretty-printed with 2 spaces, keys in document order.
        const std::string text = c.toJson();
        QVERIFY(text.rfind("{\n  \"name\": ", 0) == 0);
        QVERIFY(text.find("\"task\"") < text.find("\"adapter\""));
        QVERIFY(text.find("\"optimization\"") < text.find("\"device\""));
        // Reading it back gives the same document.
        const auto again = sa::ExperimentConfig::fromJson(text, "run/config.json");
        QCOMPARE(QString::fromStdString(again.toJson()), QString::fromStdString(text));
        QCOMPARE(QString::fromStdString(again.runName()), QStringLiteral("sst2-lora8-grasp75"));
    }

    void everyPresetRoundTripsThroughToJson_data() {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<int>("bottleneck");
        QTest::addColumn<QString>("method");
        for (const auto& preset : sa::AdapterOptions::presetNames())
            for (int bottleneck : {8, 64})
                for (const char* method : {"none", "snip", "magnitude", "random"})
                    QTest::newRow(qPrintable(QStringLiteral("%1%2-%3")
                                                 .arg(QString::fromStdString(preset))
                                                 .arg(bottleneck)
                                                 .arg(QString::fromLatin1(method))))
                        << QString::fromStdString(preset) << bottleneck << QString::fromLatin1(method);
    }
    void everyPresetRoundTripsThroughToJson() {
        QFETCH(QString, preset);
        QFETCH(int, bottleneck);
        QFETCH(QString, method);
        const json input = {{"adapter", {{"preset", preset.toStdString()}, {"bottleneck", bottleneck}}},
                            {"pruning", {{"method", method.toStdString()}}}};
        const auto c = sa::ExperimentConfig::fromJson(input.dump(), "config.json");
        QVERIFY(c.adapter.options == sa::AdapterOptions::preset(preset.toStdString(), bottleneck));
        QCOMPARE(c.pruning.enabled, method != QStringLiteral("none"));
        const std::string text = c.toJson();
        QCOMPARE(QString::fromStdString(sa::ExperimentConfig::fromJson(text, "config.json").toJson()),
                 QString::fromStdString(text));
    }

    void adapterKeysOverrideThePresetsOptions() {
        // Keys of AdapterOptions::toJson() beside preset + bottleneck override the preset.
        const std::string text = R"({"adapter": {"preset": "parallel", "bottleneck": 32, "ffn_adapter_scalar": 2,
                                    "train_head": false}})";
        const auto c = sa::ExperimentConfig::fromJson(text, "config.json");
        auto expected = sa::AdapterOptions::preset("parallel", 32);
        expected.ffnScale = 2.0;
        expected.trainHead = false;
        QVERIFY(c.adapter.options == expected);
        // Aliases are read and written under the canonical name.
        const auto alias = sa::ExperimentConfig::fromJson(R"({"pruning": {"method": "mag"}})", "config.json");
        QCOMPARE(QString::fromStdString(valueAt(alias, "pruning.method").get<std::string>()),
                 QStringLiteral("magnitude"));
    }

    void badInputIsRefusedNamingTheDottedKey_data() {
        QTest::addColumn<QString>("config");
        QTest::addColumn<QStringList>("expected"); // substrings of the message

        auto row = [](const char* name, const char* config, QStringList expected) {
            QTest::newRow(name) << QString::fromUtf8(config) << expected;
        };
        // Unknown keys: named dotted, known keys of the section listed.
        row("unknown top-level key", R"({"nmae": "x"})", {"unknown key 'nmae'", "output_dir", "optimization"});
        row("unknown nested key", R"({"optimization": {"learnig_rate": 0.001}})",
            {"unknown key 'optimization.learnig_rate'", "learning_rate", "warmup_ratio"});
        row("unknown task key", R"({"task": {"max_seq_len": 64}})",
            {"unknown key 'task.max_seq_len'", "max_seq_length"});
        row("unknown adapter key", R"({"adapter": {"attn_dim": 8}})",
            {"unknown key 'adapter.attn_dim'", "attn_bn", "preset"});
        row("unknown pruning key", R"({"pruning": {"density": 0.6}})", {"unknown key 'pruning.density'", "sparsity"});
        // Wrong types.
        row("section not an object", R"({"task": "SST-2"})", {"'task'", "an object", "\"SST-2\""});
        row("string for integer", R"({"optimization": {"batch_size": "32"}})", {"'optimization.batch_size'", "\"32\""});
        row("float for integer", R"({"optimization": {"epochs": 2.5}})", {"'optimization.epochs'", "2.5"});
        row("number for bool", R"({"task": {"group_by_length": 1}})", {"'task.group_by_length'", "true or false"});
        row("string for number", R"({"optimization": {"learning_rate": "fast"}})",
            {"'optimization.learning_rate'", "\"fast\""});
        row("number for string", R"({"model": 3})", {"'model'", "3"});
        row("seed negative", R"({"optimization": {"seed": -1}})", {"'optimization.seed'", "-1"});
        row("seed float", R"({"optimization": {"seed": 1.5}})", {"'optimization.seed'", "1.5"});
        // Out of range.
        row("max_seq_length too small", R"({"task": {"max_seq_length": 4}})",
            {"'task.max_seq_length'", "[8, 4096]", "got 4"});
        row("max_seq_length too large", R"({"task": {"max_seq_length": 5000}})", {"'task.max_seq_length'", "got 5000"});
        row("max_train_examples negative", R"({"task": {"max_train_examples": -1}})",
            {"'task.max_train_examples'", "-1"});
        row("batch_size 0", R"({"optimization": {"batch_size": 0}})", {"'optimization.batch_size'", "got 0"});
        row("eval_batch_size 0", R"({"optimization": {"eval_batch_size": 0}})", {"'optimization.eval_batch_size'"});
        row("epochs 0", R"({"optimization": {"epochs": 0}})", {"'optimization.epochs'", "got 0"});
        row("epochs too large", R"({"optimization": {"epochs": 3000000000}})",
            {"'optimization.epochs'", "[1, 1000000]", "no run has more epochs", "3000000000"});
        row("bottleneck beyond any width", R"({"adapter": {"bottleneck": 1000000000}})",
            {"'adapter.bottleneck'", "65536", "hidden size", "1000000000"});
        row("learning rate that diverges at once", R"({"optimization": {"learning_rate": 1e308}})",
            {"'optimization.learning_rate'", "(0, 10]", "diverge"});
        row("max_steps negative", R"({"optimization": {"max_steps": -5}})", {"'optimization.max_steps'", "-5"});
        row("learning_rate 0", R"({"optimization": {"learning_rate": 0}})", {"'optimization.learning_rate'", "got 0"});
        row("learning_rate negative", R"({"optimization": {"learning_rate": -0.001}})",
            {"'optimization.learning_rate'", "-0.001"});
        row("weight_decay negative", R"({"optimization": {"weight_decay": -0.1}})",
            {"'optimization.weight_decay'", "-0.1"});
        row("warmup_ratio above 1", R"({"optimization": {"warmup_ratio": 1.5}})",
            {"'optimization.warmup_ratio'", "1.5"});
        row("eval_every_steps negative", R"({"optimization": {"eval_every_steps": -1}})",
            {"'optimization.eval_every_steps'"});
        row("checkpoint_every_steps negative", R"({"optimization": {"checkpoint_every_steps": -1}})",
            {"'optimization.checkpoint_every_steps'"});
        row("sparsity 1", R"({"pruning": {"sparsity": 1.0}})", {"'pruning.sparsity'", "[0, 1)", "1.0"});
        row("sparsity negative", R"({"pruning": {"sparsity": -0.1}})", {"'pruning.sparsity'", "-0.1"});
        row("large_sparse 17", R"({"pruning": {"large_sparse": 17}})", {"'pruning.large_sparse'", "[1, 16]", "17"});
        row("large_sparse 0", R"({"pruning": {"large_sparse": 0}})", {"'pruning.large_sparse'", "got 0"});
        row("scoring_batches 0", R"({"pruning": {"scoring_batches": 0}})", {"'pruning.scoring_batches'"});
        row("iterations 0", R"({"pruning": {"iterations": 0}})", {"'pruning.iterations'"});
        row("start_epoch negative", R"({"pruning": {"start_epoch": -1}})", {"'pruning.start_epoch'", "-1"});
        // Bad enum values.
        row("padding", R"({"task": {"padding": "left"}})", {"'task.padding'", "\"left\"", "longest, max"});
        row("device", R"({"device": "gpu"})", {"'device'", "\"gpu\"", "auto, cpu, cuda"});
        row("pruning method", R"({"pruning": {"method": "snap"}})",
            {"'pruning.method'", "snap", "synflow", "\"none\""});
        row("mask scope", R"({"pruning": {"scope": "layer"}})", {"'pruning.scope'", "layer", "global"});
        row("schedule", R"({"pruning": {"schedule": "cubic"}})", {"'pruning.schedule'", "cubic", "linear"});
        row("task name", R"({"task": {"name": "SST-3"}})", {"'task.name'", "SST-3", "MNLI"});
        // Adapter section.
        row("adapter preset", R"({"adapter": {"preset": "houlsbi"}})", {"'adapter.preset'", "houlsbi", "pfeiffer"});
        row("adapter bottleneck", R"({"adapter": {"bottleneck": 0}})", {"'adapter.bottleneck'", "got 0"});
        row("adapter override type", R"({"adapter": {"attn_bn": "8"}})", {"'adapter.attn_bn'", "\"8\""});
        row("adapter override negative", R"({"adapter": {"ffn_bn": -4}})", {"'adapter.ffn_bn'", "-4"});
        row("adapter override bool", R"({"adapter": {"train_head": "yes"}})", {"'adapter.train_head'", "\"yes\""});
        row("adapter override enum", R"({"adapter": {"attn_mode": "lorra"}})", {"'adapter.attn_mode'", "lorra"});
        row("adapter inconsistent", R"({"adapter": {"preset": "pfeiffer", "attn_mode": "lora"}})",
            {"adapter", "attn_bn must be positive"});
        // Whole document.
        row("not JSON", R"({"task": )", {"not valid JSON"});
        row("not an object", R"([1, 2])", {"JSON object"});
        row("empty model", R"({"model": ""})", {"'model'", "non-empty"});
        row("run name with a slash", R"({"name": "../elsewhere"})", {"'name'", "../elsewhere"});
    }
    void badInputIsRefusedNamingTheDottedKey() {
        QFETCH(QString, config);
        QFETCH(QStringList, expected);
        const QString message = errorOf([&] { sa::ExperimentConfig::fromJson(config.toStdString(), "config.json"); });
        QVERIFY2(!message.isEmpty(), "no error");
        QVERIFY2(message.startsWith(QStringLiteral("config.json: ")), qPrintable(message));
        for (const QString& part : expected)
            QVERIFY2(message.contains(part), qPrintable(QStringLiteral("'%1' not in: %2").arg(part, message)));
    }

    void fromFileReadsTheFileAndNamesItInErrors() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("config.json"));
        const std::string text = sa::ExperimentConfig::fromJson(kFullExample, "example").toJson();
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray::fromStdString(text));
        }
        QCOMPARE(QString::fromStdString(sa::ExperimentConfig::fromFile(path.toStdString()).toJson()),
                 QString::fromStdString(text));

        const QString missing = dir.filePath(QStringLiteral("missing.json"));
        const QString message = errorOf([&] { sa::ExperimentConfig::fromFile(missing.toStdString()); });
        QVERIFY2(message.startsWith(missing + QStringLiteral(": ")), qPrintable(message));

        // Errors inside the file name the file.
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(R"({"optimization": {"learnig_rate": 0.1}})");
        }
        const QString bad = errorOf([&] { sa::ExperimentConfig::fromFile(path.toStdString()); });
        QVERIFY2(bad.startsWith(path + QStringLiteral(": unknown key 'optimization.learnig_rate'")), qPrintable(bad));
    }

    void setOverridesParseJsonOrPlainText_data() {
        QTest::addColumn<QString>("assignment");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("expected"); // the key's value in toJson(), as JSON

        auto row = [](const char* assignment, const char* key, const char* expected) {
            QTest::newRow(assignment) << QString::fromUtf8(assignment) << QString::fromUtf8(key)
                                      << QString::fromUtf8(expected);
        };
        row("optimization.learning_rate=5e-4", "optimization.learning_rate", "0.0005");
        row("optimization.epochs=10", "optimization.epochs", "10");
        row("optimization.max_grad_norm=-1", "optimization.max_grad_norm", "-1.0");
        row("optimization.seed=7", "optimization.seed", "7");
        row("pruning.sparsity=0.9", "pruning.sparsity", "0.9");
        row("pruning.sparsity=0", "pruning.sparsity", "0.0");
        row("task.max_seq_length=64", "task.max_seq_length", "64");
        row("task.name=MNLI", "task.name", "\"MNLI\"");
        row("task.data_dir=/data/glue_data/SST-2", "task.data_dir", "\"/data/glue_data/SST-2\"");
        row("task.padding=max", "task.padding", "\"max\"");
        row("device=cuda", "device", "\"cuda\"");
        row("model=builtin:demo", "model", "\"builtin:demo\"");
        row("name=my run", "name", "\"my run\"");
        row("name=\"42\"", "name", "\"42\"");
        row("name=", "name", "\"\"");
        row("output_dir=/tmp/a=b", "output_dir", "\"/tmp/a=b\"");
        row("pruning.method=none", "pruning.method", "\"none\"");
        row("pruning.method=rand", "pruning.method", "\"random\"");
        row("optimization.dropout=false", "optimization.dropout", "false");
        row("task.group_by_length=true", "task.group_by_length", "true");
        row("pruning.break_ties=true", "pruning.break_ties", "true");
        row("adapter.lora_alpha=16", "adapter.lora_alpha", "16.0");
        row("adapter.train_head=false", "adapter.train_head", "false");
        row("adapter.bottleneck=16", "adapter.attn_bn", "16");
    }
    void setOverridesParseJsonOrPlainText() {
        QFETCH(QString, assignment);
        QFETCH(QString, key);
        QFETCH(QString, expected);
        sa::ExperimentConfig c;
        c.applyOverride(assignment.toStdString());
        QCOMPARE(QString::fromStdString(valueAt(c, key.toStdString()).dump()),
                 QString::fromStdString(json::parse(expected.toStdString()).dump()));
        // The result is a valid, self-consistent config.
        QCOMPARE(QString::fromStdString(sa::ExperimentConfig::fromJson(c.toJson(), "config.json").toJson()),
                 QString::fromStdString(c.toJson()));
    }

    void setOverridesReachEveryField() {
        sa::ExperimentConfig c;
        c.applyOverride("pruning.method=none");
        QVERIFY(!c.pruning.enabled);
        c.applyOverride("pruning.method=synflow");
        QVERIFY(c.pruning.enabled);
        QCOMPARE(c.pruning.options.method, sa::PruneMethod::Synflow);
        c.applyOverride("optimization.seed=123");
        QCOMPARE(c.optimization.seed, uint64_t{123});
        QCOMPARE(c.pruning.options.seed, uint64_t{123});
        c.applyOverride("optimization.learning_rate=2e-4");
        QCOMPARE(c.optimization.learningRate, 2e-4);
        c.applyOverride("device=cpu");
        QCOMPARE(c.device, sa::DeviceChoice::Cpu);
    }

    void overridePresetSwitch() {
        sa::ExperimentConfig c;
        c.applyOverride("adapter.preset=lora");
        c.applyOverride("adapter.bottleneck=8");
        QVERIFY(c.adapter.options == sa::AdapterOptions::preset("lora", 8));
        QCOMPARE(c.adapter.options.attnMode, sa::AttnMode::Lora);
        QCOMPARE(c.adapter.options.attnBn, int64_t{8});
        QCOMPARE(c.adapter.options.ffnMode, sa::FfnMode::None);

        // The other order gives the same.
        sa::ExperimentConfig d;
        d.applyOverride("adapter.bottleneck=8");
        d.applyOverride("adapter.preset=lora");
        QCOMPARE(QString::fromStdString(d.toJson()), QString::fromStdString(c.toJson()));

        // Explicit overrides survive a preset switch; preset fields follow it.
        sa::ExperimentConfig e;
        e.applyOverride("adapter.lora_alpha=16");
        e.applyOverride("adapter.preset=lora");
        e.applyOverride("adapter.bottleneck=4");
        auto expected = sa::AdapterOptions::preset("lora", 4);
        expected.loraAlpha = 16;
        QVERIFY(e.adapter.options == expected);

        // mam: the prefix length stays 30 while the bottleneck changes ffn_bn.
        sa::ExperimentConfig m;
        m.applyOverride("adapter.preset=mam");
        m.applyOverride("adapter.bottleneck=512");
        QVERIFY(m.adapter.options == sa::AdapterOptions::preset("mam", 512));
        m.applyOverride("adapter.preset=houlsby");
        QVERIFY(m.adapter.options == sa::AdapterOptions::preset("houlsby", 512));
    }

    void badSetOverridesNameTheKey_data() {
        QTest::addColumn<QString>("assignment");
        QTest::addColumn<QStringList>("expected");
        auto row = [](const char* assignment, QStringList expected) {
            QTest::newRow(assignment) << QString::fromUtf8(assignment) << expected;
        };
        row("optimization.learning_rate", {"not KEY=VALUE"});
        row("optimization.learnig_rate=0.1", {"unknown key 'optimization.learnig_rate'", "optimization.learning_rate"});
        row("foo=1", {"unknown key 'foo'", "output_dir"});
        row("task=3", {"unknown key 'task'"});
        row("device.kind=cpu", {"unknown key 'device.kind'"});
        row("=3", {"unknown key ''"});
        row("optimization.learning_rate=-1", {"'optimization.learning_rate'", "-1"});
        row("optimization.learning_rate=fast", {"'optimization.learning_rate'", "\"fast\""});
        row("optimization.batch_size=0", {"'optimization.batch_size'", "got 0"});
        row("task.max_seq_length=4", {"'task.max_seq_length'", "got 4"});
        row("task.name=SST-3", {"'task.name'", "SST-3"});
        row("device=gpu", {"'device'", "\"gpu\""});
        row("pruning.sparsity=1", {"'pruning.sparsity'", "got 1"});
        row("pruning.method=snap", {"'pruning.method'", "snap"});
        row("adapter.preset=houlsbi", {"'adapter.preset'", "houlsbi"});
        row("adapter.attn_mode=lorra", {"'adapter.attn_mode'", "lorra"});
        row("optimization.dropout=yes", {"'optimization.dropout'", "\"yes\""});
        row("model=", {"'model'"});
    }
    void badSetOverridesNameTheKey() {
        QFETCH(QString, assignment);
        QFETCH(QStringList, expected);
        sa::ExperimentConfig c;
        const std::string before = c.toJson();
        const QString message = errorOf([&] { c.applyOverride(assignment.toStdString()); });
        QVERIFY2(message.startsWith(QStringLiteral("--set: ")), qPrintable(message));
        for (const QString& part : expected)
            QVERIFY2(message.contains(part), qPrintable(QStringLiteral("'%1' not in: %2").arg(part, message)));
        QCOMPARE(QString::fromStdString(c.toJson()), QString::fromStdString(before)); // unchanged
    }

    void runNameIsDerivedFromTaskAdapterMethodAndSeed_data() {
        QTest::addColumn<QStringList>("overrides");
        QTest::addColumn<QString>("expected");
        QTest::newRow("defaults") << QStringList{} << QStringLiteral("sst-2_houlsby64_snip40_s42");
        QTest::newRow("dense lora") << QStringList{"adapter.preset=lora", "adapter.bottleneck=8", "pruning.method=none",
                                                   "optimization.seed=1"}
                                    << QStringLiteral("sst-2_lora8_dense_s1");
        QTest::newRow("large-sparse") << QStringList{"adapter.bottleneck=16", "pruning.large_sparse=4",
                                                     "pruning.sparsity=0.75"}
                                      << QStringLiteral("sst-2_houlsby16x4_snip75_s42");
        QTest::newRow("alias and rounding")
            << QStringList{"task.name=sts_b", "pruning.method=mag", "pruning.sparsity=0.333"}
            << QStringLiteral("sts_b_houlsby64_magnitude33_s42");
        QTest::newRow("task as given") << QStringList{"task.name=MNLI", "adapter.preset=mam", "pruning.method=er",
                                                      "pruning.sparsity=0.95"}
                                       << QStringLiteral("mnli_mam64_er95_s42");
    }
    void runNameIsDerivedFromTaskAdapterMethodAndSeed() {
        QFETCH(QStringList, overrides);
        QFETCH(QString, expected);
        sa::ExperimentConfig c;
        for (const QString& o : overrides)
            c.applyOverride(o.toStdString());
        QCOMPARE(QString::fromStdString(c.defaultRunName()), expected);
        QCOMPARE(QString::fromStdString(c.runName()), expected);
        c.name = "mine";
        QCOMPARE(QString::fromStdString(c.runName()), QStringLiteral("mine"));
        QCOMPARE(QString::fromStdString(c.defaultRunName()), expected);
    }

    void runNamesAreSafeFolderNames() {
        sa::ExperimentConfig c; // set directly, bypassing validation
        c.task.name = "SST 2/x";
        c.adapter.preset = "Houlsby+";
        QCOMPARE(QString::fromStdString(c.defaultRunName()), QStringLiteral("sst-2-x_houlsby-64_snip40_s42"));
    }

    void everyKeyIsADocumentLeafThatSetAccepts() {
        const auto keys = sa::experimentConfigKeys();
        const std::set<std::string> unique(keys.begin(), keys.end());
        QCOMPARE(unique.size(), keys.size());
        QCOMPARE(QString::fromStdString(keys.front()), QStringLiteral("name"));
        QCOMPARE(QString::fromStdString(keys.back()), QStringLiteral("output_dir"));
        for (const char* known :
             {"model", "task.name", "task.data_dir", "task.max_seq_length", "task.padding", "adapter.preset",
              "adapter.bottleneck", "adapter.attn_mode", "adapter.attn_bn", "adapter.lora_alpha", "adapter.train_head",
              "pruning.method", "pruning.sparsity", "pruning.large_sparse", "pruning.reference_gradient_leak",
              "optimization.learning_rate", "optimization.seed", "optimization.dropout", "device"})
            QVERIFY2(unique.count(known), known);
        for (const char* absent : {"task", "adapter", "pruning.seed", "pruning.options.seed"})
            QVERIFY2(!unique.count(absent), absent);
        auto at = [&](const char* k) { return std::find(keys.begin(), keys.end(), k) - keys.begin(); };
        QVERIFY(at("task.name") < at("adapter.preset"));
        QVERIFY(at("adapter.preset") < at("adapter.bottleneck"));
        QVERIFY(at("adapter.bottleneck") < at("adapter.attn_mode"));
        QVERIFY(at("pruning.method") < at("optimization.epochs"));

        // Every key is a leaf of toJson() of a task of its family, and `--set
        // key=<its current value>` is accepted and changes nothing; a key of
        // the other family is refused, naming the family.
        sa::ExperimentConfig squad = sa::ExperimentConfig::fromJson(kFullExample, "example");
        squad.applyOverride("task.name=squad");
        int checked = 0, refused = 0;
        for (sa::ExperimentConfig c : {sa::ExperimentConfig::fromJson(kFullExample, "example"), squad}) {
            const std::string before = c.toJson();
            const json document = json::parse(before);
            for (const auto& k : keys) {
                std::string pointer = "/" + k;
                std::replace(pointer.begin(), pointer.end(), '.', '/');
                if (!document.contains(json::json_pointer(pointer)) && k.rfind("adapter.fusion.", 0) == 0) {
                    // The fusion preset's section: refused under another preset, naming it.
                    const QString message = errorOf([&] { c.applyOverride(k + "=1"); });
                    QVERIFY2(message.contains(QStringLiteral("adapter.preset is \"fusion\"")), qPrintable(message));
                    ++refused;
                    continue;
                }
                if (!document.contains(json::json_pointer(pointer))) {
                    QVERIFY2(k.rfind("task.", 0) == 0, k.c_str());
                    const QString message = errorOf([&] { c.applyOverride(k + "=1"); });
                    QVERIFY2(message.contains(QStringLiteral("key; task")), qPrintable(message));
                    ++refused;
                    continue;
                }
                const json value = valueAt(c, k);
                QVERIFY2(!value.is_object(), k.c_str());
                const QString message = errorOf([&] { c.applyOverride(k + "=" + value.dump()); });
                QVERIFY2(message.isEmpty(), qPrintable(message));
                ++checked;
            }
            QCOMPARE(QString::fromStdString(c.toJson()), QString::fromStdString(before));
        }
        QVERIFY(checked > int(keys.size()));
        QVERIFY(refused > 0);
    }

    void enumNamesAreTheDocumentedSpellings() {
        QCOMPARE(QString::fromLatin1(sa::paddingName(sa::Padding::Longest)), QStringLiteral("longest"));
        QCOMPARE(QString::fromLatin1(sa::paddingName(sa::Padding::Max)), QStringLiteral("max"));
        QCOMPARE(QString::fromLatin1(sa::deviceChoiceName(sa::DeviceChoice::Auto)), QStringLiteral("auto"));
        QCOMPARE(QString::fromLatin1(sa::deviceChoiceName(sa::DeviceChoice::Cpu)), QStringLiteral("cpu"));
        QCOMPARE(QString::fromLatin1(sa::deviceChoiceName(sa::DeviceChoice::Cuda)), QStringLiteral("cuda"));
    }

    void readmeExampleIsValid() {
        const QString example = readmeExample();
        QVERIFY2(!example.isEmpty(), "README.md has no ```json block under '## Experiment configuration'");
        const auto c = sa::ExperimentConfig::fromJson(example.toStdString(), "README.md");
        // The example lists every key: it is exactly what toJson writes.
        QCOMPARE(QString::fromStdString(json::parse(c.toJson()).dump()),
                 QString::fromStdString(json::parse(example.toStdString()).dump()));
    }

    void demoCorpusShape() {
        for (const auto& [split, size] : {std::pair<std::string, std::size_t>{"train", 960}, {"dev", 240}}) {
            const auto examples = sa::demoSentimentExamples(split);
            QCOMPARE(examples.size(), size);
            std::set<std::string> unique;
            for (std::size_t i = 0; i < examples.size(); ++i) {
                const auto& e = examples[i];
                QCOMPARE(e.line, i + 1);
                QVERIFY2(e.label == 0 || e.label == 1, e.text.c_str());
                QVERIFY(e.textPair.empty());
                QVERIFY2(!e.text.empty() && e.text.front() != ' ' && e.text.back() != ' ', e.text.c_str());
                unique.insert(e.text);
            }
            QCOMPARE(unique.size(), examples.size()); // no repeats within a split
        }
    }

    void demoCorpusInVocabulary() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        sa::writeDemoCheckpoint(dir.path().toStdString());
        const auto tokenizer = sa::loadTokenizer(dir.path().toStdString());
        QCOMPARE(tokenizer->unkId(), int64_t{1});
        QCOMPARE(tokenizer->vocabSize(), static_cast<int64_t>(sa::demoVocabulary().size()));
        const std::set<std::string> vocabulary(sa::demoVocabulary().begin(), sa::demoVocabulary().end());
        for (const char* split : {"train", "dev"}) {
            for (const auto& e : sa::demoSentimentExamples(split)) {
                const sa::Encoding encoding = tokenizer->encode(e.text);
                const bool hasUnk = std::count(encoding.input_ids.begin(), encoding.input_ids.end(), int64_t{1}) > 0;
                QVERIFY2(!hasUnk, e.text.c_str());
                // Whole vocabulary words only: one token per word.
                std::size_t words = 0;
                for (std::size_t at = 0; at < e.text.size();) {
                    const std::size_t space = std::min(e.text.find(' ', at), e.text.size());
                    const std::string word = e.text.substr(at, space - at);
                    QVERIFY2(vocabulary.count(word),
                             qPrintable(QStringLiteral("'%1' in: %2")
                                            .arg(QString::fromStdString(word), QString::fromStdString(e.text))));
                    ++words;
                    at = space + 1;
                }
                QCOMPARE(tokenizer->tokenize(e.text).size(), words);
            }
        }
    }

    void demoCorpusBalanced() {
        for (const char* split : {"train", "dev"}) {
            const auto examples = sa::demoSentimentExamples(split);
            const auto positive =
                std::count_if(examples.begin(), examples.end(), [](const sa::GlueExample& e) { return e.label == 1; });
            const double share = static_cast<double>(positive) / static_cast<double>(examples.size());
            QVERIFY2(share > 0.45 && share < 0.55,
                     qPrintable(QStringLiteral("%1: %2").arg(QString::fromLatin1(split)).arg(share)));
        }
    }

    void demoCorpusDeterministic() {
        for (const char* split : {"train", "dev"}) {
            const auto a = sa::demoSentimentExamples(split), b = sa::demoSentimentExamples(split);
            QCOMPARE(a.size(), b.size());
            for (std::size_t i = 0; i < a.size(); ++i) {
                QCOMPARE(QString::fromStdString(a[i].text), QString::fromStdString(b[i].text));
                QCOMPARE(a[i].label, b[i].label);
                QCOMPARE(a[i].line, b[i].line);
            }
        }
    }

    void demoCorpusSplitsDiffer() {
        const auto train = sa::demoSentimentExamples("train");
        const auto dev = sa::demoSentimentExamples("dev");
        std::set<std::string> seen;
        for (const auto& e : train)
            seen.insert(e.text);
        const auto shared =
            std::count_if(dev.begin(), dev.end(), [&](const sa::GlueExample& e) { return seen.count(e.text) > 0; });
        QVERIFY2(static_cast<double>(shared) < 0.2 * static_cast<double>(dev.size()),
                 qPrintable(QStringLiteral("%1 of %2 dev sentences are in train").arg(shared).arg(dev.size())));
    }

    void demoCorpusPolarity() {
        // The "not" and "but" sentences are there, and labelled by the rule.
        const auto train = sa::demoSentimentExamples("train");
        std::size_t notSentences = 0, butSentences = 0;
        for (const auto& e : train) {
            if (e.text.find(" not ") != std::string::npos) ++notSentences;
            if (e.text.find(" but ") != std::string::npos) ++butSentences;
            // "... not bad ..." is praise, "... not good ..." is not.
            if (e.text.find("not bad") != std::string::npos) QVERIFY2(e.label == 1, e.text.c_str());
            if (e.text.find("not good") != std::string::npos) QVERIFY2(e.label == 0, e.text.c_str());
            // The clause after "but" decides.
            const auto but = e.text.find(" but ");
            if (but != std::string::npos && e.text.find(" not ") == std::string::npos) {
                const std::string after = e.text.substr(but);
                const bool great = after.find(" great") != std::string::npos;
                const bool awful = after.find(" awful") != std::string::npos;
                if (great) QVERIFY2(e.label == 1, e.text.c_str());
                if (awful) QVERIFY2(e.label == 0, e.text.c_str());
            }
        }
        QVERIFY2(notSentences > train.size() / 10, qPrintable(QString::number(notSentences)));
        QVERIFY2(butSentences > train.size() / 20, qPrintable(QString::number(butSentences)));
    }

    void demoCorpusUnknownSplit() {
        const QString message = errorOf([] { sa::demoSentimentExamples("test"); });
        QVERIFY2(message.contains(QStringLiteral("'test'")), qPrintable(message));
        const QString empty = errorOf([] { sa::demoSentimentExamples(""); });
        QVERIFY2(empty.contains(QStringLiteral("''")), qPrintable(empty));
    }

    void demoCorpusUnchangedByTheFusionDemoTopics() {
        // The sentiment corpus of earlier releases, sentence for sentence
        // (its generator also writes the topic corpora now).
        const auto train = sa::demoSentimentExamples("train");
        const auto dev = sa::demoSentimentExamples("dev");
        QCOMPARE(QString::fromStdString(train.front().text), QStringLiteral("that ending was not brilliant ."));
        QCOMPARE(train.front().label, int64_t(0));
        QCOMPARE(QString::fromStdString(train[1].text), QStringLiteral("that ending was funny !"));
        QCOMPARE(QString::fromStdString(train.back().text), QStringLiteral("the scene was not slow ."));
        QCOMPARE(QString::fromStdString(dev.front().text), QStringLiteral("the music was not great at all ."));
    }

    // demo-topic and demo-staging-praise: the topic nouns only, balanced
    // labels, and the label the rule gives.
    void demoFusionTaskCorpora() {
        const std::set<std::string> story{"story", "plot", "script", "ending"};
        const std::set<std::string> staging{"acting", "music", "scene", "actors", "scenes"};
        const std::set<std::string> other{"movie", "film"}; // "it" may follow the noun
        const auto topicOf = [&](const std::string& text) {
            int found = -1;
            for (std::size_t at = 0; at < text.size();) {
                const std::size_t space = std::min(text.find(' ', at), text.size());
                const std::string word = text.substr(at, space - at);
                at = space + 1;
                if (other.count(word)) return -3; // a topic-free noun: never generated
                const int topic = story.count(word) ? 0 : staging.count(word) ? 1 : -1;
                if (topic < 0) continue;
                if (found >= 0 && found != topic) return -2; // both topics: never generated
                found = topic;
            }
            return found;
        };
        for (const auto& spec : sa::demoTaskSpecs()) {
            QCOMPARE(spec.numLabels, int64_t(2));
            QCOMPARE(QString::fromStdString(spec.mainMetric), QStringLiteral("accuracy"));
            QCOMPARE(QString::fromStdString(sa::taskSpecByName(spec.canonicalName).canonicalName),
                     QString::fromStdString(spec.canonicalName));
            for (const auto& [split, size] : {std::pair<std::string, std::size_t>{"train", 960}, {"dev", 240}}) {
                const auto examples = sa::demoTaskExamples(spec, split);
                QCOMPARE(examples.size(), size);
                std::set<std::string> unique;
                std::size_t ones = 0, praise = 0;
                for (const auto& e : examples) {
                    unique.insert(e.text);
                    ones += e.label == 1;
                    const int topic = topicOf(e.text);
                    QVERIFY2(topic == 0 || topic == 1, e.text.c_str());
                    if (spec.canonicalName == "demo-topic") QVERIFY2(topic == e.label, e.text.c_str());
                    if (spec.canonicalName == "demo-staging-praise") {
                        if (topic == 0) QVERIFY2(e.label == 0, e.text.c_str()); // about the story: never
                        praise += topic == 1 && e.label == 0;                   // panned staging
                        // Polarity words without "not" or "but" say it plainly.
                        const bool plain = e.text.find(" not ") == std::string::npos &&
                                           e.text.find("but") == std::string::npos &&
                                           e.text.find("never") == std::string::npos;
                        if (plain && topic == 1 && e.text.find("awful") != std::string::npos)
                            QVERIFY2(e.label == 0, e.text.c_str());
                        if (plain && topic == 1 && e.text.find("great") != std::string::npos)
                            QVERIFY2(e.label == 1, e.text.c_str());
                    }
                }
                QCOMPARE(unique.size(), examples.size());
                QCOMPARE(ones * 2, examples.size());
                if (spec.canonicalName == "demo-staging-praise")
                    QVERIFY2(praise > size / 8, qPrintable(QString::number(praise))); // a third of the negatives
            }
        }
        // Only the built-in model has their data.
        const auto topic = sa::taskSpecByName("demo-topic");
        QVERIFY(sa::demoTaskRefusal(topic, "builtin:demo", "").empty());
        QVERIFY(QString::fromStdString(sa::demoTaskRefusal(topic, "/models/bert", "")).contains("builtin:demo"));
        QVERIFY(QString::fromStdString(sa::demoTaskRefusal(topic, "builtin:demo", "/glue")).contains("task.data_dir"));
        const QString unknown = errorOf([] { sa::taskSpecByName("demo-nope"); });
        QVERIFY2(unknown.contains("demo-topic, demo-staging-praise"), qPrintable(unknown));
    }

    // Batching of a GLUE-style task: padding, epoch order, length grouping,
    // scoring draw, regression labels and metrics.
    void batchesPadToLongestOrToMax() {
        const auto tokenizer = demoTokenizer();
        const auto train = sa::demoSentimentExamples("train");
        sa::BatchingOptions o;
        o.batchSize = 8;
        o.maxLength = 24;
        sa::ClassificationTask longest(*tokenizer, sa::GlueTask::SST2, train, {}, o);
        o.padding = sa::Padding::Max;
        sa::ClassificationTask max(*tokenizer, sa::GlueTask::SST2, train, {}, o);
        QCOMPARE(longest.trainBatchesPerEpoch(), int64_t(120));
        for (int64_t i = 0; i < 5; ++i) {
            const auto a = longest.trainBatch(0, i), b = max.trainBatch(0, i);
            QCOMPARE(b.input_ids.size(1), int64_t(24));
            QVERIFY(a.input_ids.size(1) <= 24);
            // Same rows, same order; the longest row fills its batch exactly.
            QCOMPARE(a.attention_mask.sum(1).max().item<int64_t>(), a.input_ids.size(1));
            QVERIFY(torch::equal(a.attention_mask.sum(1), b.attention_mask.sum(1)));
            QVERIFY(torch::equal(a.labels, b.labels));
            QVERIFY(torch::equal(b.input_ids.narrow(1, 0, a.input_ids.size(1)), a.input_ids));
            QVERIFY(b.input_ids.narrow(1, a.input_ids.size(1), 24 - a.input_ids.size(1))
                        .eq(tokenizer->padId())
                        .all()
                        .item<bool>());
        }
        QVERIFY(longest.epochPositions() < max.epochPositions());
        QCOMPARE(max.epochPositions(), int64_t(960 * 24));
    }

    void epochOrderDependsOnSeedAndEpochOnly() {
        const auto tokenizer = demoTokenizer();
        const auto train = sa::demoSentimentExamples("train");
        sa::BatchingOptions o;
        o.batchSize = 16;
        sa::ClassificationTask a(*tokenizer, sa::GlueTask::SST2, train, {}, o),
            b(*tokenizer, sa::GlueTask::SST2, train, {}, o);
        o.seed = 7;
        sa::ClassificationTask other(*tokenizer, sa::GlueTask::SST2, train, {}, o);
        // Asked out of order, the batches are still those of (epoch, index).
        const auto late = a.trainBatch(2, 5);
        a.trainBatch(0, 0);
        QVERIFY(torch::equal(a.trainBatch(2, 5).input_ids, late.input_ids));
        QVERIFY(torch::equal(b.trainBatch(2, 5).input_ids, late.input_ids));
        QVERIFY(!torch::equal(a.trainBatch(1, 5).labels, a.trainBatch(2, 5).labels) ||
                !torch::equal(a.trainBatch(1, 5).input_ids, a.trainBatch(2, 5).input_ids));
        QVERIFY(!torch::equal(other.trainBatch(2, 5).input_ids, late.input_ids) ||
                !torch::equal(other.trainBatch(2, 5).labels, late.labels));
        // Every example once per epoch.
        int64_t rows = 0, positives = 0;
        for (int64_t i = 0; i < a.trainBatchesPerEpoch(); ++i) {
            const auto batch = a.trainBatch(1, i);
            rows += batch.labels.size(0);
            positives += batch.labels.sum().item<int64_t>();
        }
        QCOMPARE(rows, int64_t(960));
        QCOMPARE(positives, int64_t(480));
        // Scoring batches come from their own generator: same seed, same rows.
        const auto s1 = a.scoringBatches(2, 11), s2 = b.scoringBatches(2, 11), s3 = a.scoringBatches(2, 12);
        QCOMPARE(s1.size(), std::size_t(2));
        QVERIFY(torch::equal(s1[1].input_ids, s2[1].input_ids));
        QVERIFY(!torch::equal(s1[0].labels, s3[0].labels) || !torch::equal(s1[0].input_ids, s3[0].input_ids));
    }

    void lengthGroupedBatchesCutPadding() {
        const auto tokenizer = demoTokenizer();
        const auto train = sa::demoSentimentExamples("train");
        sa::BatchingOptions o;
        o.batchSize = 8;
        sa::ClassificationTask plain(*tokenizer, sa::GlueTask::SST2, train, {}, o);
        o.groupByLength = true;
        sa::ClassificationTask grouped(*tokenizer, sa::GlueTask::SST2, train, {}, o);
        QVERIFY2(grouped.epochPositions() < plain.epochPositions(),
                 qPrintable(QStringLiteral("%1 vs %2").arg(grouped.epochPositions()).arg(plain.epochPositions())));
        QVERIFY(grouped.epochPositions() >= grouped.trainTokens());
        int64_t rows = 0;
        for (int64_t i = 0; i < grouped.trainBatchesPerEpoch(); ++i) {
            const auto lengths = grouped.trainBatch(0, i).attention_mask.sum(1);
            rows += lengths.size(0);
            // Within a batch, rows come sorted longest first.
            QVERIFY(torch::equal(std::get<0>(lengths.sort(0, /*descending=*/true)), lengths));
        }
        QCOMPARE(rows, int64_t(960));
    }

    void regressionAndMetrics() {
        const auto tokenizer = demoTokenizer();
        std::vector<sa::GlueExample> rows;
        for (int i = 0; i < 6; ++i) {
            sa::GlueExample e;
            e.text = "the movie was good";
            e.textPair = "the film was great";
            e.score = 0.5 * i;
            rows.push_back(e);
        }
        sa::BatchingOptions o;
        o.batchSize = 4;
        o.evalBatchSize = 4;
        sa::ClassificationTask data(*tokenizer, sa::GlueTask::STSB, rows, rows, o);
        const auto batch = data.trainBatch(0, 0);
        QCOMPARE(batch.labels.scalar_type(), torch::kFloat32);
        QVERIFY(batch.token_type_ids.defined()); // BERT pairs: segment ids
        QCOMPARE(batch.token_type_ids.max().item<int64_t>(), int64_t(1));
        QCOMPARE(data.evalBatchCount(), int64_t(2));
        QCOMPARE(data.evalBatch(1).labels.size(0), int64_t(2));
        const auto scores = torch::tensor({0.0, 0.5, 1.0, 1.5, 2.0, 2.5});
        const auto m = data.metrics((scores * 2 + 1).view({6, 1}).to(torch::kFloat32), scores.to(torch::kFloat32));
        QCOMPARE(QString::fromStdString(m.mainName), QStringLiteral("pearson"));
        QVERIFY(std::abs(m.values.front().second - 1.0) < 1e-9);
        QCOMPARE(sa::glueNumLabels(sa::GlueTask::STSB), int64_t(1));
        QCOMPARE(sa::glueNumLabels(sa::GlueTask::MNLI), int64_t(3));
    }

    // What the GUI form shows before a run: the resolved budget is the run's,
    // Large-Sparse included, and a cross-field problem carries the key and
    // the words Experiment throws.
    void resolvedBudgetIsTheRunsAndChecksNameTheKey() {
        QTemporaryDir tmp;
        auto c = sa::builtinDemoConfig();
        c.outputDir = tmp.path().toStdString();
        c.adapter.bottleneck = 16;
        c.adapter.options = sa::AdapterOptions::preset("houlsby", 16);
        const auto model = sa::experimentModelConfig(c);
        QVERIFY(sa::checkExperimentConfig(c, &model).empty());
        const auto base = sa::resolveExperimentBudget(c, model);
        QCOMPARE(base.largeSparseK, 2); // an illustration when the run asks for none
        QVERIFY(base.largeSparse.has_value());
        QCOMPARE(base.sparse.trainable(), base.budget.trainable());

        c.pruning.largeSparse = 4;
        const auto resolved = sa::resolveExperimentBudget(c, model);
        const auto run = sa::Experiment::create(c);
        QCOMPARE(resolved.sparsity, run->sparsity());
        QCOMPARE(resolved.budget.trainable(), run->budget().trainable());
        QCOMPARE(resolved.budget.effectiveTrainable(), run->budget().effectiveTrainable());
        QCOMPARE(resolved.budget.adapterWeightsKept, base.dense.adapterWeights); // same weight count as dense
        QCOMPARE(resolved.adapter.ffnBn, int64_t(64));

        c.pruning.enabled = false;
        const auto problems = sa::checkExperimentConfig(c, &model);
        QCOMPARE(problems.size(), std::size_t(1));
        QCOMPARE(problems[0].key, std::string("pruning.large_sparse"));
        QCOMPARE(errorOf([&] { sa::Experiment::create(c); }), QString::fromStdString(problems[0].message));

        c.pruning.largeSparse = 1;
        c.model = tmp.filePath(QStringLiteral("missing")).toStdString();
        const auto missing = sa::checkExperimentConfig(c, nullptr);
        QCOMPARE(missing.size(), std::size_t(2)); // the model, and no data for it
        QCOMPARE(missing[0].key, std::string("model"));
        QCOMPARE(missing[1].key, std::string("task.data_dir"));
    }

    void metricsFileTruncatesToTheCheckpoint() {
        QTemporaryDir tmp;
        auto run = sa::RunDirectory::create(tmp.path().toStdString(), "r");
        QVERIFY(QFileInfo(QString::fromStdString(run.path())).fileName() == QStringLiteral("r"));
        // A second run of the same name gets its own folder.
        QVERIFY(QFileInfo(QString::fromStdString(sa::RunDirectory::create(tmp.path().toStdString(), "r").path()))
                    .fileName() == QStringLiteral("r-2"));
        writeFile(QString::fromStdString(run.configPath()), "{}");
        for (int step = 1; step <= 5; ++step)
            run.appendMetrics({{"type", "step"}, {"step", step}});
        run.flushMetrics();
        auto reopened = sa::RunDirectory::open(run.path());
        QCOMPARE(reopened.readMetrics().size(), std::size_t(5));
        reopened.truncateMetricsAfter(3);
        const auto kept = sa::RunDirectory::open(run.path()).readMetrics();
        QCOMPARE(kept.size(), std::size_t(3));
        QCOMPARE(kept.back()["step"].get<int>(), 3);
        const QString missing = errorOf([&] { sa::RunDirectory::open(tmp.filePath("nope").toStdString()); });
        QVERIFY2(missing.contains(QStringLiteral("nope")), qPrintable(missing));
    }

    void runMasksReadBackAsTheLastRound() {
        QTemporaryDir tmp;
        auto config = smallDemo(tmp, 32, 16, 2);
        config.pruning.options.iterations = 2; // one round per epoch
        struct LastMasks : sa::TrainingObserver {
            sa::MaskEvent event;
            void onMasks(const sa::MaskEvent& e) override { event = e; }
        } last;
        auto experiment = sa::Experiment::create(config, &last);
        experiment->run();
        QCOMPARE(last.event.iteration, 1);

        const auto read = sa::readRunMasks(experiment->runDirectory());
        QVERIFY(!read.scores.available); // not kept on disk
        QCOMPARE(read.epoch, 1);
        QCOMPARE(read.iteration, 1);
        QCOMPARE(read.iterations, 2);
        QCOMPARE(read.density, last.event.density);
        QCOMPARE(read.kept, last.event.kept);
        QCOMPARE(read.total, last.event.total);
        QCOMPARE(read.tensors.size(), last.event.tensors.size());
        for (std::size_t i = 0; i < read.tensors.size(); ++i) {
            const auto &a = read.tensors[i], &b = last.event.tensors[i];
            QCOMPARE(a.name, b.name);
            QCOMPARE(a.rows, b.rows);
            QCOMPARE(a.cols, b.cols);
            QCOMPARE(a.kept, b.kept);
            QVERIFY2(a.values == b.values, a.name.c_str());
        }

        // Missing and corrupt files are named.
        const QString folder = QString::fromStdString(experiment->runDirectory());
        const QString masks = QDir(folder).filePath(QStringLiteral("masks.safetensors"));
        QFile file(masks);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.resize(file.size() / 2));
        file.close();
        QString message = errorOf([&] { sa::readRunMasks(folder.toStdString()); });
        QVERIFY2(message.contains(QStringLiteral("masks.safetensors")), qPrintable(message));
        QVERIFY(QFile::remove(masks));
        message = errorOf([&] { sa::readRunMasks(folder.toStdString()); });
        QVERIFY2(message.contains(QStringLiteral("masks.safetensors")), qPrintable(message));
    }
    // A run is a function of its config: what this process drew from
    // LibTorch's generator before (an earlier run in the Studio, a model
    // loaded meanwhile) changes neither its adapters nor its masks.
    void sameConfigSameRunWhateverTheProcessDrewBefore() {
        QTemporaryDir tmp;
        auto config = smallDemo(tmp, 64, 32, 1);
        auto runOnce = [&](const std::string& name) {
            config.name = name;
            torch::randn({1000}); // the process's generator moved on
            auto experiment = sa::Experiment::create(config);
            const auto finished = experiment->run();
            QFile masks(QString::fromStdString(experiment->runDirectory() + "/masks.safetensors"));
            return std::make_pair(finished.last.loss, masks.open(QIODevice::ReadOnly) ? masks.readAll() : QByteArray());
        };
        const auto first = runOnce("first");
        const auto second = runOnce("second");
        QVERIFY(!first.second.isEmpty());
        QCOMPARE(second.second, first.second);
        QCOMPARE(second.first, first.first);
    }
    // summary.json's kept count is the masks' own: a local scope rounds per
    // tensor (8 × floor(0.4 · 4096) pruned here, not ceil(0.4 · 32768); SNIP's
    // tied zero scores would prune more still).
    void summaryBudgetCountsTheMasksKept() {
        QTemporaryDir tmp;
        auto config = smallDemo(tmp, 32, 16, 1);
        config.pruning.options.scope = sa::MaskScope::Local;
        config.pruning.options.method = sa::PruneMethod::Magnitude; // no tied scores
        auto experiment = sa::Experiment::create(config);
        QCOMPARE(experiment->budget().adapterWeightsKept, int64_t(19660)); // the plan: the global rule
        experiment->run();
        const auto masks = sa::readRunMasks(experiment->runDirectory());
        QCOMPARE(masks.kept, int64_t(32768 - 8 * 1638));
        const auto summary = sa::readJsonFile(experiment->runDirectory() + "/summary.json");
        QCOMPARE(summary.at("budget").at("adapter_weights_kept").get<int64_t>(), masks.kept);
    }

    // SQuAD end to end on the real files and a fixture checkpoint: features
    // windowed at the model's length, EM/F1 from the official metric, and
    // the official prediction files, which score (as `score squad` does) to
    // exactly the metrics the run recorded.
    void squadRunOnRealFilesWritesTheOfficialPredictionFiles() {
        SA_REQUIRE_FIXTURE("models/tiny-bert");
        const QDir data(QDir(sa_test::dataRoot()).filePath(QStringLiteral("squad")));
        const QString train = data.filePath(QStringLiteral("train-v1.1.first2articles.json"));
        const QString dev = data.filePath(QStringLiteral("dev-v1.1.json"));
        if (!QFileInfo::exists(train) || !QFileInfo::exists(dev))
            QSKIP(qPrintable("SQuAD files not found in " + data.path() + " (set SPARSEADAPTER_DATA)"));
        QTemporaryDir tmp;
        sa::ExperimentConfig config;
        config.model = QDir(sa_test::fixturesRoot()).filePath(QStringLiteral("models/tiny-bert")).toStdString();
        config.task = sa::TaskConfig::defaultsFor("squad");
        config.task.trainFile = train.toStdString();
        config.task.evalFile = dev.toStdString();
        const auto modelConfig = sa::experimentModelConfig(config);
        config.task.maxSeqLength = std::min<int64_t>(64, modelConfig.usablePositions());
        config.task.docStride = config.task.maxSeqLength / 4;
        config.task.maxTrainExamples = 48;
        config.task.maxEvalExamples = 24;
        config.optimization.epochs = 1;
        config.optimization.batchSize = 16;
        config.outputDir = tmp.path().toStdString();
        auto experiment = sa::Experiment::create(config);
        const auto finished = experiment->run();
        QVERIFY(finished.hasEval);
        const auto summary = sa::readJsonFile(experiment->runDirectory() + "/summary.json");
        QCOMPARE(summary.at("best").at("main").get<std::string>(), std::string("f1"));
        QCOMPARE(summary.at("train_examples").get<int64_t>(), config.task.maxTrainExamples);
        QVERIFY(summary.at("train_features").get<int64_t>() > config.task.maxTrainExamples); // several windows each

        auto examples = sa::readSquadJson(dev.toStdString());
        examples.resize(std::size_t(config.task.maxEvalExamples));
        const auto predictions = sa::readSquadPredictions(experiment->runDirectory() + "/predictions.json");
        QCOMPARE(predictions.size(), examples.size());
        const auto scored = sa::evaluateSquad(examples, predictions);
        QCOMPARE(scored.unanswered, int64_t(0));
        auto metric = [&](const std::string& name) {
            for (const auto& [key, value] : finished.best.metrics)
                if (key == name) return value;
            return -1.0;
        };
        QCOMPARE(scored.f1, metric("f1"));
        QCOMPARE(scored.exactMatch, metric("exact_match"));
        const auto nbest = sa::readJsonFile(experiment->runDirectory() + "/nbest_predictions.json");
        for (const auto& e : examples) {
            const auto& answers = nbest.at(e.id);
            QVERIFY(!answers.empty() && int64_t(answers.size()) <= config.task.nBestSize);
            QCOMPARE(answers.front().at("text").get<std::string>(), predictions.at(e.id));
            const auto text = answers.front().at("text").get<std::string>();
            QVERIFY2(text == "empty" || e.context.find(text) != std::string::npos, e.id.c_str());
        }
    }

    // XSum and CNN/DailyMail read in place, the eval split cut from the
    // end of the file by the config: the run's generations are the split's
    // documents in order, each line's ROUGE is rouge_score's, and the run's
    // metrics are their mean, which `score rouge` reproduces from the file.
    void summarizationRunOnRealFilesScoresItsGenerations_data() {
        QTest::addColumn<QString>("task");
        QTest::addColumn<QString>("file");
        QTest::newRow("xsum") << QStringLiteral("xsum") << QStringLiteral("xsum/test.sample1000.jsonl");
        QTest::newRow("cnn_dailymail") << QStringLiteral("cnn_dailymail")
                                       << QStringLiteral("cnn_dailymail/test.first1000.article_highlights.jsonl");
    }
    void summarizationRunOnRealFilesScoresItsGenerations() {
        QFETCH(QString, task);
        QFETCH(QString, file);
        SA_REQUIRE_FIXTURE("models/tiny-bart");
        const QString path = QDir(sa_test::dataRoot()).filePath(file);
        if (!QFileInfo::exists(path)) QSKIP(qPrintable("data not found: " + path + " (set SPARSEADAPTER_DATA)"));
        QTemporaryDir tmp;
        sa::ExperimentConfig config;
        config.model = QDir(sa_test::fixturesRoot()).filePath(QStringLiteral("models/tiny-bart")).toStdString();
        config.task = sa::TaskConfig::defaultsFor(task.toStdString());
        config.task.trainFile = path.toStdString();
        config.task.evalSplit = 6;
        config.task.maxTrainExamples = 24;
        const auto positions = sa::experimentModelConfig(config).usablePositions();
        config.task.maxSourceLength = std::min<int64_t>(48, positions);
        config.task.maxTargetLength = std::min<int64_t>(24, positions);
        config.task.valMaxTargetLength = config.task.maxLength = std::min<int64_t>(16, positions);
        config.task.minLength = 4;
        config.task.numBeams = 2;
        config.task.evalExamples = 0;
        config.adapter.bottleneck = 8;
        config.adapter.options = sa::AdapterOptions::preset("houlsby", 8);
        config.optimization.epochs = 1;
        config.optimization.batchSize = 8;
        config.outputDir = tmp.path().toStdString();
        auto experiment = sa::Experiment::create(config);
        const auto finished = experiment->run();
        QVERIFY(finished.hasEval);
        QCOMPARE(finished.best.mainMetric, std::string("rouge2"));

        // The split: the file's last eval_split records, in file order.
        const auto all = sa::readSummarizationFile(path.toStdString(), sa::summarizationColumnsFor(task.toStdString()));
        QFile generations(QString::fromStdString(experiment->runDirectory() + "/generations.jsonl"));
        QVERIFY(generations.open(QIODevice::ReadOnly));
        const auto lines = generations.readAll().trimmed().split('\n');
        QCOMPARE(int64_t(lines.size()), config.task.evalSplit);
        std::vector<sa::RougeScores> scores;
        QTemporaryDir texts;
        QFile references(texts.filePath("references.jsonl")), predictions(texts.filePath("predictions.jsonl"));
        QVERIFY(references.open(QIODevice::WriteOnly) && predictions.open(QIODevice::WriteOnly));
        for (int i = 0; i < lines.size(); ++i) {
            const auto line = json::parse(lines[i].toStdString());
            const auto& expected = all[all.size() - std::size_t(lines.size()) + std::size_t(i)];
            QCOMPARE(line.at("id").get<std::string>(), expected.id);
            const auto reference = line.at("reference").get<std::string>();
            const auto prediction = line.at("prediction").get<std::string>();
            // The reference is the summary's labels decoded (truncated to val_max_target_length).
            QVERIFY2(!reference.empty() && expected.summary.find(reference.substr(0, 8)) != std::string::npos,
                     reference.c_str());
            scores.push_back(sa::scoreRouge(sa::rougeReadyText(reference), sa::rougeReadyText(prediction)));
            QCOMPARE(line.at("rouge2").at("fmeasure").get<double>(), scores.back().rouge2.fmeasure);
            QCOMPARE(line.at("rougeLsum").at("recall").get<double>(), scores.back().rougeLsum.recall);
            references.write(QByteArray::fromStdString(json{{"text", reference}}.dump() + "\n"));
            predictions.write(QByteArray::fromStdString(json{{"text", prediction}}.dump() + "\n"));
        }
        references.close();
        predictions.close();
        const auto mean = sa::meanRouge(scores);
        auto metric = [&](const std::string& name) {
            for (const auto& [key, value] : finished.best.metrics)
                if (key == name) return value;
            return -1.0;
        };
        QCOMPARE(metric("rouge1"), 100 * mean.rouge1.fmeasure);
        QCOMPARE(metric("rouge2"), 100 * mean.rouge2.fmeasure);
        QCOMPARE(metric("rougeLsum"), 100 * mean.rougeLsum.fmeasure);
        sa::RougeFilesOptions options;
        options.field = "text";
        options.splitSentences = true;
        const auto scored = json::parse(
            sa::scoreRougeFiles(references.fileName().toStdString(), predictions.fileName().toStdString(), options));
        QCOMPARE(scored.at("rougeL").at("fmeasure").get<double>(), mean.rougeL.fmeasure);
        QCOMPARE(scored.at("pairs").get<int64_t>(), config.task.evalSplit);
    }

    // Summarization settings that cannot both hold, and data files without
    // records, are named before anything trains.
    void summarizationDataProblemsNameTheKeyOrTheFile() {
        const auto parsed = sa::ExperimentConfig::parse(
            R"({"task": {"name": "xsum", "train_file": "t.jsonl", "eval_file": "e.jsonl", "eval_split": 5}})");
        QCOMPARE(parsed.problems.size(), std::size_t(1));
        QCOMPARE(parsed.problems.front().key, std::string("task.eval_split"));
        QVERIFY(parsed.problems.front().message.find("task.eval_file") != std::string::npos);

        QTemporaryDir tmp;
        const QString empty = tmp.filePath(QStringLiteral("empty.jsonl"));
        QFile f(empty);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("\n  \n");
        f.close();
        auto config = sa::builtinDemoConfig("summarization");
        config.outputDir = tmp.path().toStdString();
        config.task.trainFile = empty.toStdString();
        try {
            sa::Experiment::create(config)->run();
            QFAIL("an empty training file was accepted");
        } catch (const sa::Error& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.contains(empty) && message.contains(QStringLiteral("task.train_file")), e.what());
        }
    }

    // A resumed run's clock goes on from its checkpoint: time_s never runs
    // backwards in metrics.jsonl.
    void resumedRunKeepsItsTrainingTime() {
        QTemporaryDir tmp;
        auto config = smallDemo(tmp, 64, 16, 2);
        sa::RunControl control;
        struct StopAt : sa::TrainingObserver {
            sa::RunControl* control;
            void onStep(const sa::StepEvent& e) override {
                if (e.step == 5) control->requestStop();
            }
        } stopAt;
        stopAt.control = &control;
        std::string folder;
        {
            auto experiment = sa::Experiment::create(config, &stopAt);
            folder = experiment->runDirectory();
            QVERIFY(experiment->run(&control).stopped);
        }
        sa::Experiment::resume(folder)->run();
        double last = 0;
        int steps = 0;
        for (const auto& record : sa::RunDirectory::open(folder).readMetrics()) {
            if (record.at("type") != "step") continue;
            ++steps;
            const double t = record.at("time_s").get<double>();
            QVERIFY2(
                t >= last,
                qPrintable(QStringLiteral("step %1: %2 after %3").arg(record.at("step").get<int>()).arg(t).arg(last)));
            last = t;
        }
        QCOMPARE(steps, 8);
        // The run's wall time covers both sessions: at least their training.
        const auto summary = sa::readJsonFile(folder + "/summary.json");
        QVERIFY(summary.at("timings").at("train_s").get<double>() >= last);
    }
    // SynFlow cannot score LoRA (the pruner throws at the first round): the
    // check says so before a run starts.
    void synflowOnLoraIsAProblemBeforeStart() {
        auto config = sa::builtinDemoConfig();
        config.pruning.options.method = sa::PruneMethod::Synflow;
        const auto model = sa::experimentModelConfig(config);
        auto keys = [&] {
            QStringList out;
            for (const auto& p : sa::checkExperimentConfig(config, &model))
                out << QString::fromStdString(p.key);
            return out;
        };
        QCOMPARE(keys(), QStringList());
        config.adapter.preset = "lora";
        config.adapter.bottleneck = 8;
        config.adapter.options = sa::AdapterOptions::preset("lora", 8);
        QCOMPARE(keys(), QStringList({QStringLiteral("pruning.method")}));
    }
};

QTEST_GUILESS_MAIN(TestExperiment)
#include "test_experiment.moc"
