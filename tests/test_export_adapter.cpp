// `export-adapter --format peft` (issue 16): a trained run's LoRA written as
// PEFT saves it, read back with our own readers. The expected names and
// fields are PEFT's: get_peft_model_state_dict in
// huggingface/peft src/peft/utils/save_and_load.py (adapter name removed,
// modules_to_save under the module's own names), LoraConfig in
// src/peft/tuners/lora/config.py, and get_prompt in src/peft/peft_model.py
// for the prefix table's layout. Every number expected comes from the run's
// config or the checkpoint's config.json, never from the fixtures.
#include "test_support.h"

#include "adapters/attach.h"
#include "adapters/prefix_encoder.h"
#include "cli_process.h"
#include "error.h"
#include "experiment/adapter_export.h"
#include "experiment/demo_configs.h"
#include "experiment/experiment.h"
#include "experiment/experiment_config.h"
#include "experiment/run_directory.h"
#include "experiment/run_model.h"
#include "io/model_config.h"
#include "io/peft_format.h"
#include "io/safetensors.h"

#include <QTemporaryDir>

#include <set>

namespace {

using sa_test::errorOf;

// The built-in demo (BERT) with LoRA of rank 8, half its weights pruned at
// random, trained one short epoch: B has moved off zero and the masks are
// real. Returns the run folder.
std::string trainedLoraRun(const QTemporaryDir& tmp) {
    auto config = sa::builtinDemoConfig();
    config.name = "lora";
    config.outputDir = tmp.path().toStdString();
    config.adapter.preset = "lora";
    config.adapter.bottleneck = 8;
    config.adapter.options = sa::AdapterOptions::preset("lora", 8);
    config.pruning.options.method = sa::PruneMethod::Random;
    config.pruning.options.sparsity = 0.5;
    config.task.maxTrainExamples = 64;
    config.task.maxEvalExamples = 16;
    config.optimization.epochs = 1;
    config.optimization.learningRate = 1e-2;
    auto experiment = sa::Experiment::create(config);
    experiment->run();
    return experiment->runDirectory();
}

// A run folder holding only config.json: what the refusals read.
std::string configOnlyRun(const QTemporaryDir& tmp, const sa::ExperimentConfig& config) {
    const auto run = sa::RunDirectory::create(tmp.path().toStdString(), config.name);
    run.writeText("config.json", config.toJson());
    return run.path();
}

sa::PrefixEncoderImpl* prefixEncoderOf(sa::LanguageModelImpl& model) {
    for (const auto& child : model.named_children())
        if (child.key() == "prompt_model") return dynamic_cast<sa::PrefixEncoderImpl*>(child.value().get());
    return nullptr;
}

std::set<std::string> keysOf(const sa::SafetensorsFile& file) {
    std::set<std::string> keys;
    for (const auto& e : file.entries())
        keys.insert(e.name);
    return keys;
}

// Every output the head gives (class logits, or QA's start and end
// logits) on `batch`, as one tensor.
torch::Tensor outputsOf(sa::LanguageModelImpl& model, const sa::Batch& batch) {
    torch::NoGradGuard noGrad;
    model.eval();
    const auto out = model.forward(batch);
    std::vector<torch::Tensor> parts;
    for (const auto& t : {out.logits, out.start_logits, out.end_logits})
        if (t.defined()) parts.push_back(t.flatten());
    return torch::cat(parts);
}

// Adds noise of scale `scale` (0: replaces by N(0, 1)) to the adapter and
// head parameters: what training would have moved.
void perturbAdapters(sa::LanguageModelImpl& model, double scale) {
    torch::NoGradGuard noGrad;
    for (auto& p : model.named_parameters(true))
        if (sa::isAdapterParameter(p.key()) || model.isTrainableHeadParameter(p.key())) {
            if (scale == 0.0)
                p.value().normal_();
            else
                p.value().add_(torch::randn_like(p.value()) * scale);
        }
}

// A run folder as a finished run leaves it for the export, without the
// training: config.json and adapter.safetensors with the adapters and head
// moved off their initialisation (and, with `prune`, every third LoRA
// weight masked). Returns the folder.
std::string syntheticRun(const QTemporaryDir& tmp, const sa::ExperimentConfig& config, bool prune) {
    const auto folder = configOnlyRun(tmp, config);
    auto model = sa::loadRunModel(config, false);
    perturbAdapters(*model.model, 0.1);
    if (prune) {
        torch::NoGradGuard noGrad;
        for (auto& m : sa::maskedWeights(*model.model))
            m.mask.copy_((torch::arange(m.mask.numel()) % 3 != 0).view(m.mask.sizes()));
    }
    sa::saveAdapterTensors(*model.model, folder + "/adapter.safetensors", sa::AdapterTensors::Trained, true);
    return folder;
}

} // namespace

class TestExportAdapter : public QObject {
    Q_OBJECT

private:
    QTemporaryDir runs_;
    std::string loraRun_;

    std::string loraRun() {
        if (loraRun_.empty()) loraRun_ = trainedLoraRun(runs_);
        return loraRun_;
    }

    // The LoRA run exported into `out`: its trained model, and its config.
    sa::RunModel exportedLoraRun(const QTemporaryDir& out, sa::ExperimentConfig& config) {
        const auto folder = loraRun();
        sa::exportPeftAdapter(folder, out.path().toStdString());
        return sa::loadTrainedRunModel(folder, &config);
    }

private Q_SLOTS:
    void loraFilesAreAsPeftSavesThem() {
        QTemporaryDir out;
        const auto folder = loraRun();
        const auto exported = sa::exportPeftAdapter(folder, out.path().toStdString());
        QCOMPARE(exported.files.size(), std::size_t(4));
        const auto config = sa::ExperimentConfig::fromFile(folder + "/config.json");
        const auto& o = config.adapter.options;
        sa::ExperimentConfig runConfig;
        auto trained = sa::loadTrainedRunModel(folder, &runConfig);
        const auto& mc = trained.model->config();

        const auto peft = sa_test::readJson(QDir(out.path()).filePath("adapter_config.json"));
        QCOMPARE(peft.at("peft_type").get<std::string>(), std::string("LORA"));
        QCOMPARE(peft.at("task_type").get<std::string>(), std::string("SEQ_CLS"));
        QCOMPARE(peft.at("r").get<int64_t>(), o.attnBn);
        QCOMPARE(peft.at("lora_alpha").get<double>(), o.loraAlpha);
        QCOMPARE(peft.at("lora_dropout").get<double>(), 0.0);
        QVERIFY(peft.at("target_modules") == nlohmann::json({"query", "value"}));
        QCOMPARE(peft.at("bias").get<std::string>(), std::string("none"));
        QCOMPARE(peft.at("fan_in_fan_out").get<bool>(), false);
        QCOMPARE(peft.at("use_rslora").get<bool>(), false);
        QVERIFY(peft.at("modules_to_save") == nlohmann::json({"classifier"}));
        QCOMPARE(peft.at("base_model_name_or_path").get<std::string>(), config.model);
        QCOMPARE(peft.at("inference_mode").get<bool>(), true);
        QVERIFY(peft.at("revision").is_null());

        const auto weights =
            sa::SafetensorsFile::open(QDir(out.path()).filePath("adapter_model.safetensors").toStdString());
        QVERIFY(weights.metadata() == (std::map<std::string, std::string>{{"format", "pt"}}));
        std::set<std::string> expected;
        const auto base = std::string("base_model.model.") + trained.model->basePrefix() + ".encoder.layer.";
        for (int64_t layer = 0; layer < mc.layers; ++layer)
            for (const char* module : {"query", "value"}) {
                const auto stem = base + std::to_string(layer) + ".attention.self." + module;
                expected.insert(stem + ".lora_A.weight");
                expected.insert(stem + ".lora_B.weight");
                QVERIFY(weights.entry(stem + ".lora_A.weight").shape == (std::vector<int64_t>{o.attnBn, mc.hidden}));
                QVERIFY(weights.entry(stem + ".lora_B.weight").shape == (std::vector<int64_t>{mc.hidden, o.attnBn}));
            }
        for (const auto& p : trained.model->named_parameters(true))
            if (trained.model->isTrainableHeadParameter(p.key())) expected.insert("base_model.model." + p.key());
        QVERIFY(keysOf(weights) == expected);

        // Masked entries are exact (+0.0) zeros; the masks file has the
        // weights' keys and the run's masks, so the sparsity is reproduced.
        const auto masks =
            sa::SafetensorsFile::open(QDir(out.path()).filePath("sparse_masks.safetensors").toStdString());
        const auto buffers = trained.model->named_buffers(true);
        int64_t kept = 0, total = 0;
        for (const auto& e : masks.entries()) {
            const auto mask = masks.tensor(e.name);
            QVERIFY(mask.scalar_type() == torch::kBool);
            const auto w = weights.tensor(e.name);
            const auto removed = w.masked_select(mask.logical_not());
            QVERIFY(torch::all(removed == 0).item<bool>());
            QVERIFY(!torch::any(torch::signbit(removed)).item<bool>());
            const auto isA = e.name.find(".lora_A.") != std::string::npos;
            const auto ours =
                e.name.substr(std::string("base_model.model.").size(),
                              e.name.find(isA ? ".lora_A." : ".lora_B.") - std::string("base_model.model.").size()) +
                (isA ? ".A_mask" : ".B_mask");
            QVERIFY2(buffers.find(ours), ours.c_str());
            QVERIFY(torch::equal(mask, *buffers.find(ours) != 0));
            kept += mask.sum().item<int64_t>();
            total += mask.numel();
        }
        QCOMPARE(masks.entries().size(), std::size_t(4 * mc.layers));
        // Random pruning keeps an exact count: 1 - sparsity of the whole.
        QCOMPARE(kept, static_cast<int64_t>(
                           std::llround((1.0 - config.pruning.options.sparsity) * static_cast<double>(total))));
        QFile readme(QDir(out.path()).filePath("README.md"));
        QVERIFY(readme.open(QIODevice::ReadOnly));
        const auto text = QString::fromUtf8(readme.readAll());
        QVERIFY2(text.contains(QStringLiteral("%1 are kept").arg(kept)), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("sparsity")) && text.contains(QStringLiteral("density")));

        // B·A·alpha/r from the file is our effective update, layer by layer.
        const auto params = trained.model->named_parameters(true);
        for (int64_t layer = 0; layer < mc.layers; ++layer) {
            const auto module =
                trained.model->basePrefix() + ".encoder.layer." + std::to_string(layer) + ".attention.self.query";
            const auto ours = torch::matmul(*params.find(module + ".ef_lora_B") * *buffers.find(module + ".B_mask"),
                                            *params.find(module + ".ef_lora_A") * *buffers.find(module + ".A_mask")) *
                              o.loraScaling();
            const auto stem = "base_model.model." + module;
            const auto theirs =
                torch::matmul(weights.tensor(stem + ".lora_B.weight"), weights.tensor(stem + ".lora_A.weight")) *
                (peft.at("lora_alpha").get<double>() / peft.at("r").get<double>());
            QVERIFY(torch::any(ours != 0).item<bool>()); // trained: B moved off zero
            QVERIFY(torch::allclose(ours.detach(), theirs, 0.0, 1e-6));
        }
    }

    void loraLoadsBackToEqualLogits() {
        QTemporaryDir out;
        sa::ExperimentConfig config;
        auto trained = exportedLoraRun(out, config);
        const auto batch = sa::randomBatch(trained.model->config(), trained.model->head(), 4, 12);
        const auto expected = outputsOf(*trained.model, batch);
        for (const bool withMasks : {true, false}) {
            if (!withMasks) QVERIFY(QFile::remove(QDir(out.path()).filePath("sparse_masks.safetensors")));
            // A fresh model whose adapters and head are anything but the trained ones.
            auto fresh = sa::loadRunModel(config, false);
            perturbAdapters(*fresh.model, 0.0);
            sa::loadPeftAdapter(*fresh.model, trained.budget.adapter, out.path().toStdString());
            const auto logits = outputsOf(*fresh.model, batch);
            QVERIFY2(torch::allclose(logits, expected, 0.0, 1e-6), withMasks ? "with masks" : "without masks");
        }
    }

    // adapter_dir: a run starts from the exported LoRA and head, so its
    // model computes what the exported run's did; a prefix folder is refused.
    void runStartsFromAnAdapterDir() {
        QTemporaryDir out;
        sa::ExperimentConfig config;
        auto trained = exportedLoraRun(out, config);
        const auto batch = sa::randomBatch(trained.model->config(), trained.model->head(), 4, 12);
        config.adapterDir = out.path().toStdString();
        config.optimization.seed += 1; // adapters and head drawn otherwise, then replaced
        auto started = sa::loadRunModel(config, false);
        QVERIFY(torch::allclose(outputsOf(*started.model, batch), outputsOf(*trained.model, batch), 0.0, 1e-6));
        bool said = false;
        for (const auto& note : started.notes)
            said = said || note.find("adapter_dir") != std::string::npos;
        QVERIFY(said);

        auto edited = sa_test::readJson(QDir(out.path()).filePath("adapter_config.json"));
        edited["peft_type"] = "PREFIX_TUNING";
        sa_test::writeFile(QDir(out.path()).filePath("adapter_config.json"), QByteArray::fromStdString(edited.dump()));
        const QString message = errorOf([&] { sa::loadRunModel(config, false); });
        QVERIFY2(message.contains(QStringLiteral("PREFIX_TUNING")), qPrintable(message));
    }

    void prefixIsTheReparameterisedTable() {
        SA_REQUIRE_FIXTURE("models/tiny-roberta/config.json");
        QTemporaryDir tmp, out;
        const auto modelDir = sa_test::fixturePath(QStringLiteral("models/tiny-roberta"));
        const auto mc = sa::readModelConfig(modelDir + "/config.json");
        sa::ExperimentConfig config;
        config.name = "prefix";
        config.model = modelDir;
        config.reinitHead = true;
        config.task.maxSeqLength = std::min<int64_t>(16, mc.usablePositions());
        config.adapter.preset = "prefix";
        config.adapter.bottleneck = 5;
        config.adapter.options = sa::AdapterOptions::preset("prefix", 5);
        config.adapter.options.prefixMidDim = 16;
        config.pruning.enabled = false;
        const auto folder = syntheticRun(tmp, config, false);
        auto model = sa::loadTrainedRunModel(folder);
        // What an earlier LoRA export into the same folder left: removed.
        sa_test::writeFile(QDir(out.path()).filePath("sparse_masks.safetensors"), "stale");
        const auto exported = sa::exportPeftAdapter(folder, out.path().toStdString());
        QVERIFY(!exported.notes.empty()); // the position numbering PEFT's RoBERTa uses

        const auto peft = sa_test::readJson(QDir(out.path()).filePath("adapter_config.json"));
        QCOMPARE(peft.at("peft_type").get<std::string>(), std::string("PREFIX_TUNING"));
        QCOMPARE(peft.at("task_type").get<std::string>(), std::string("SEQ_CLS"));
        QCOMPARE(peft.at("num_virtual_tokens").get<int64_t>(), config.adapter.bottleneck);
        QCOMPARE(peft.at("token_dim").get<int64_t>(), mc.hidden);
        QCOMPARE(peft.at("num_layers").get<int64_t>(), mc.layers);
        QCOMPARE(peft.at("num_attention_heads").get<int64_t>(), mc.heads);
        QCOMPARE(peft.at("num_transformer_submodules").get<int64_t>(), int64_t(1));
        QCOMPARE(peft.at("prefix_projection").get<bool>(), false);
        QCOMPARE(peft.at("inference_mode").get<bool>(), true);
        QVERIFY(!QFile::exists(QDir(out.path()).filePath("sparse_masks.safetensors")));

        const auto weights =
            sa::SafetensorsFile::open(QDir(out.path()).filePath("adapter_model.safetensors").toStdString());
        const auto table = weights.tensor("prompt_embeddings");
        const auto P = config.adapter.bottleneck, L = mc.layers, H = mc.heads, d = mc.hidden;
        QVERIFY(table.sizes() == (std::vector<int64_t>{P, L * 2 * d}));
        for (const auto& p : model.model->named_parameters(true))
            if (model.model->isTrainableHeadParameter(p.key()))
                QVERIFY2(torch::equal(weights.tensor("base_model." + p.key()), p.value()), p.key().c_str());

        // The MLP's output, computed here from the saved network itself.
        const auto saved = sa::SafetensorsFile::open(folder + "/adapter.safetensors");
        const auto t = [&](const char* name) { return saved.tensor(name); };
        const auto hidden =
            torch::tanh(torch::matmul(t("prompt_model.wte.weight"), t("prompt_model.control_trans.0.weight").t()) +
                        t("prompt_model.control_trans.0.bias"));
        const auto mlp = torch::matmul(hidden, t("prompt_model.control_trans.2.weight").t()) +
                         t("prompt_model.control_trans.2.bias");
        QVERIFY(torch::allclose(table, mlp, 0.0, 1e-6));

        // Read back as PEFT's get_prompt does (view, permute, pairs): layer
        // l's key and value are the ones our attention prepends.
        torch::NoGradGuard noGrad;
        const auto kv = table.view({P, 2 * L, H, d / H}).permute({1, 2, 0, 3});
        const auto ours = prefixEncoderOf(*model.model)->keyValues(sa::PrefixEncoderImpl::Site::Self);
        QCOMPARE(static_cast<int64_t>(ours.size()), L);
        for (int64_t l = 0; l < L; ++l) {
            QVERIFY(torch::allclose(kv[2 * l], ours[l].key, 0.0, 1e-6));
            QVERIFY(torch::allclose(kv[2 * l + 1], ours[l].value, 0.0, 1e-6));
        }
    }

    // Question answering: PEFT's QUESTION_ANS, with qa_outputs as the
    // module it saves (PeftModelForQuestionAnswering), and equal start and
    // end logits after loading back.
    void questionAnsweringLoraRoundTrips() {
        QTemporaryDir tmp, out;
        auto config = sa::builtinDemoConfig("squad");
        config.name = "qa";
        const auto folder = syntheticRun(tmp, config, true);
        sa::exportPeftAdapter(folder, out.path().toStdString());
        const auto peft = sa_test::readJson(QDir(out.path()).filePath("adapter_config.json"));
        QCOMPARE(peft.at("task_type").get<std::string>(), std::string("QUESTION_ANS"));
        QVERIFY(peft.at("modules_to_save") == nlohmann::json({"qa_outputs"}));
        const auto weights =
            sa::SafetensorsFile::open(QDir(out.path()).filePath("adapter_model.safetensors").toStdString());
        QVERIFY(weights.contains("base_model.model.qa_outputs.weight"));
        QVERIFY(weights.contains("base_model.model.qa_outputs.bias"));

        auto trained = sa::loadTrainedRunModel(folder);
        const auto batch = sa::randomBatch(trained.model->config(), trained.model->head(), 3, 10);
        auto fresh = sa::loadRunModel(config, false);
        perturbAdapters(*fresh.model, 0.0);
        sa::loadPeftAdapter(*fresh.model, trained.budget.adapter, out.path().toStdString());
        QVERIFY(torch::allclose(outputsOf(*fresh.model, batch), outputsOf(*trained.model, batch), 0.0, 1e-6));
    }

    void refusesWhatPeftCannotExpress() {
        QTemporaryDir tmp, out;
        // The demo of `task` with `preset`, exported from a folder with its config alone.
        const auto refusal = [&](const std::string& task, const std::string& preset, bool quirks) {
            auto config = sa::builtinDemoConfig(task);
            config.name = task + "-" + preset;
            config.adapter.preset = preset;
            config.adapter.bottleneck = 4;
            config.adapter.options = sa::AdapterOptions::preset(preset, 4);
            config.adapter.options.referenceQuirks = quirks;
            config.pruning.enabled = preset != "prefix"; // a prefix has nothing to prune
            const auto run = configOnlyRun(tmp, config);
            return errorOf([&] { sa::exportPeftAdapter(run, out.path().toStdString()); });
        };
        for (const char* bottleneck : {"houlsby", "pfeiffer", "parallel", "mam"}) {
            const QString message = refusal("sst-2", bottleneck, false);
            QVERIFY2(message.contains(QStringLiteral("--format adapterhub")), qPrintable(message));
        }
        const QString quirk = refusal("sst-2", "prefix", true);
        QVERIFY2(quirk.contains(QStringLiteral("BERT")) && quirk.contains(QStringLiteral("never applies")),
                 qPrintable(quirk));
        const QString seq2seq = refusal("summarization", "prefix", false);
        QVERIFY2(seq2seq.contains(QStringLiteral("BART")), qPrintable(seq2seq));

        // An expressible run that has not evaluated yet: nothing to export.
        auto lora = sa::builtinDemoConfig();
        lora.name = "untrained";
        lora.adapter.preset = "lora";
        lora.adapter.options = sa::AdapterOptions::preset("lora", lora.adapter.bottleneck);
        const auto untrained = configOnlyRun(tmp, lora);
        const QString none = errorOf([&] { sa::exportPeftAdapter(untrained, out.path().toStdString()); });
        QVERIFY2(none.contains(QStringLiteral("adapter.safetensors")), qPrintable(none));
        QVERIFY(QDir(out.path()).entryList(QDir::Files).isEmpty()); // nothing written by any refusal
    }

    void loadRefusesAnotherLora() {
        QTemporaryDir out;
        sa::ExperimentConfig config;
        auto trained = exportedLoraRun(out, config);
        const auto configPath = QDir(out.path()).filePath("adapter_config.json");
        const auto original = sa_test::readJson(configPath);
        const auto loadWith = [&](const char* key, const nlohmann::json& value) {
            auto edited = original;
            edited[key] = value;
            sa_test::writeFile(configPath, QByteArray::fromStdString(edited.dump()));
            return errorOf(
                [&] { sa::loadPeftAdapter(*trained.model, trained.budget.adapter, out.path().toStdString()); });
        };
        const QString rank = loadWith("r", original.at("r").get<int64_t>() * 2);
        QVERIFY2(rank.contains(QStringLiteral("'r'")) && rank.contains(QStringLiteral("adapter.bottleneck")),
                 qPrintable(rank));
        const QString alpha = loadWith("lora_alpha", original.at("lora_alpha").get<double>() * 2);
        QVERIFY2(alpha.contains(QStringLiteral("lora_alpha")), qPrintable(alpha));
        const QString type = loadWith("peft_type", "PREFIX_TUNING");
        QVERIFY2(type.contains(QStringLiteral("PREFIX_TUNING")), qPrintable(type));
    }

    void cliExportsAndNamesTheFormats() {
        QTemporaryDir out;
        const auto folder = QString::fromStdString(loraRun());
        const auto bad = sa_test::runCli({"export-adapter", folder, "--format", "onnx", out.path()});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.err.contains(QStringLiteral("formats: adapterhub, peft")), qPrintable(bad.all()));
        const auto good = sa_test::runCli({"export-adapter", folder, "--format", "peft", out.path()});
        QVERIFY2(good.exitCode == 0, qPrintable(good.all()));
        QVERIFY2(good.out.contains(QStringLiteral("adapter_model.safetensors")), qPrintable(good.all()));
        QVERIFY(QFile::exists(QDir(out.path()).filePath("adapter_config.json")));
    }
};

QTEST_GUILESS_MAIN(TestExportAdapter)
#include "test_export_adapter.moc"
