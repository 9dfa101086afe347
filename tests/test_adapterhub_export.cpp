// AdapterHub export: the torch.save writer against our own reader, and for
// every bottleneck fixture (houlsby, pfeiffer, parallel on each tiny model)
// the exported folder: its config against the placement the fixture's
// tune_args describe, its keys against AdapterHub's module names, masked
// weights as exact zeros, masks that reproduce the fixture's sparsity, and
// equal logits after loading the file back into a fresh model. Every layer
// is also recomputed the way AdapterHub's source computes it, from nothing
// but the exported config and weights, and must give our hidden states; the
// LayerNorm options the fixtures lack ("out", "none") are checked the same
// way on random weights. Plus the placements and methods AdapterHub cannot
// express, refused by name.
//
// Names and flags as in adapter-hub/adapters: src/adapters/methods/modeling.py
// (Adapter: adapter_norm_before, adapter_down = Sequential(LayerNorm?,
// Linear, activation), adapter_up, adapter_norm_after),
// src/adapters/models/bert/mixin_bert.py (BertSelfOutput = "mh_adapter",
// BertOutput = "output_adapter", each with an `adapters` ModuleDict),
// src/adapters/configuration/adapter_config.py (BnConfig fields) and
// src/adapters/loading.py (file names).
#include "tensor_compare.h"
#include "test_support.h"

#include "adapters/attach.h"
#include "error.h"
#include "io/adapterhub_format.h"
#include "io/safetensors.h"
#include "io/torch_pickle.h"
#include "io/torch_save.h"
#include "io/zip_archive.h"
#include "model/batch_file.h"
#include "model/bert.h"
#include "model/layers.h"
#include "model/pretrained.h"

#include <QFile>
#include <QTemporaryDir>

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

using nlohmann::json;

namespace {

const std::string kName = "sparse_test";

std::shared_ptr<const std::vector<uint8_t>> bytesOf(const std::vector<float>& values) {
    auto out = std::make_shared<std::vector<uint8_t>>(values.size() * sizeof(float));
    if (!values.empty()) std::memcpy(out->data(), values.data(), out->size());
    return out;
}

torch::Tensor toTensor(const sa::RawTensor& raw) {
    const auto type = sa::toScalarType(*sa::parseDType(raw.dtype));
    auto storage = torch::from_blob(const_cast<uint8_t*>(raw.storage_bytes->data()),
                                    {int64_t(raw.storage_bytes->size())}, torch::kUInt8)
                       .clone();
    return storage.view(type).as_strided(raw.shape, raw.strides, raw.storage_offset).clone();
}

std::map<std::string, torch::Tensor> readBin(const std::string& path) {
    std::map<std::string, torch::Tensor> out;
    for (const auto& [name, raw] : sa::readTorchZipStateDict(path))
        out[name] = toTensor(raw);
    return out;
}

double number(const json& v) {
    return v.is_string() ? std::stod(v.get<std::string>()) : v.get<double>();
}

struct Case {
    QString dir;
    json caseJson, modelConfig;
    sa::AdapterOptions options;
};

// A fixture model with the case's adapters, its weights and its masks
// (density 0.4); the head counts as trained.
sa::LanguageModel prepare(const Case& c, bool withTensors) {
    const auto modelDir = sa_test::fixturePath("models/" + QString::fromStdString(c.caseJson.at("model")));
    auto model = sa::loadPretrained(modelDir).model;
    sa::attachAdapters(*model, c.options);
    sa::freezeForAdapterTraining(*model, c.options);
    if (withTensors) {
        sa::loadAdapterTensors(*model, (c.dir + "/adapter_params.safetensors").toStdString());
        sa::loadAdapterTensors(*model, (c.dir + "/masks.safetensors").toStdString());
    }
    model->eval();
    return model;
}

Case loadCase(const QString& dir) {
    Case c;
    c.dir = dir;
    c.caseJson = sa_test::readJson(dir + "/case.json");
    c.options =
        sa::AdapterOptions::fromTuneArguments(c.caseJson.at("tune_args").dump(), (dir + "/case.json").toStdString());
    c.options.trainHead = true;
    c.modelConfig = sa_test::readJson(sa_test::fixturePath("models/" + QString::fromStdString(c.caseJson.at("model"))) +
                                      "/config.json");
    return c;
}

// The keys AdapterHub's state dict has for one adapter at `site`
// ("…layer.N.output." or "…layer.N.attention.output.").
std::set<std::string> expectedKeys(const std::string& site, bool lnBefore) {
    const std::string base = site + "adapters." + kName + ".";
    std::set<std::string> keys;
    for (const char* field : {"weight", "bias"}) {
        const std::string f(field);
        keys.insert(base + "adapter_up." + f);
        if (lnBefore) {
            keys.insert(base + "adapter_norm_before." + f);
            keys.insert(base + "adapter_down.0." + f); // the same LayerNorm
            keys.insert(base + "adapter_down.1." + f);
        } else {
            keys.insert(base + "adapter_down.0." + f);
        }
    }
    return keys;
}

namespace F = torch::nn::functional;
using Weights = std::map<std::string, torch::Tensor>;

// AdapterHub's bottleneck at one site as its source computes it, driven
// only by the exported config and weights (BottleneckLayer.
// bottleneck_layer_forward with one adapter: Adapter / ParallelAdapter
// pre_forward, forward, post_forward in methods/modeling.py). y: the
// sub-layer's dense output, x: the sub-layer's input, ln: its LayerNorm,
// base: "<site>adapters.<name>.".
torch::Tensor hubBottleneck(const torch::Tensor& y, const torch::Tensor& x, torch::nn::LayerNorm& ln, const json& bn,
                            const Weights& w, const std::string& base) {
    auto W = [&](const std::string& key) { return w.at(base + key); };
    auto norm = [&](const torch::Tensor& t, const std::string& module) { // nn.LayerNorm(hidden): eps 1e-5
        return F::layer_norm(
            t, F::LayerNormFuncOptions({t.size(-1)}).weight(W(module + "weight")).bias(W(module + "bias")).eps(1e-5));
    };
    const bool parallel = bn.at("is_parallel");
    const auto& residualBeforeLn = bn.at("residual_before_ln");
    torch::Tensor hidden = y, residual;
    if (parallel) { // ParallelAdapter.pre_forward: the sub-layer input, twice
        hidden = x;
        residual = x;
    } else {
        if (residualBeforeLn == true) residual = y;
        if (bn.at("original_ln_before")) {
            hidden = y + x;
            if (residualBeforeLn == "post_add") residual = hidden;
            hidden = ln(hidden);
        }
        if (residualBeforeLn == false) residual = hidden;
    }
    // adapter_down = Sequential([LayerNorm if ln_before], Linear, activation)
    const std::string down = bn.at("ln_before") ? "adapter_down.1." : "adapter_down.0.";
    auto h = bn.at("ln_before") ? norm(hidden, "adapter_down.0.") : hidden;
    if (bn.at("non_linearity") != "relu") throw std::runtime_error("only relu is modelled here");
    h = torch::relu(F::linear(h, W(down + "weight"), W(down + "bias")));
    auto out = F::linear(h, W("adapter_up.weight"), W("adapter_up.bias")) * bn.at("scaling").get<double>();
    if (parallel) {
        if (bn.at("ln_after")) out = norm(out, "adapter_norm_after.");
        out = out + y; // post_forward: + input_hidden_states
    } else {
        const bool before = bn.at("adapter_residual_before_ln");
        if (before) out = out + residual;
        if (bn.at("ln_after")) out = norm(out, "adapter_norm_after.");
        if (!before) out = out + residual;
    }
    return bn.at("original_ln_after") ? ln(out + x) : out;
}

// One BertLayer as AdapterHub's BertSelfOutput / BertOutput run it (the
// backbone's own modules, eval mode), with the exported adapters.
torch::Tensor hubLayer(sa::BertLayerImpl& layer, const torch::Tensor& h, const torch::Tensor& additiveMask,
                       const json& bn, const Weights& w, const std::string& site) {
    auto& attention = *layer.attention->output;
    const auto a = attention.dense(layer.attention->self->forward(h, additiveMask));
    const auto x = bn.at("mh_adapter") ? hubBottleneck(a, h, attention.LayerNorm, bn, w,
                                                       site + "attention.output.adapters." + kName + ".")
                                       : attention.LayerNorm(a + h);
    auto& output = *layer.output;
    const auto y = output.dense(layer.act(layer.intermediate_dense(x)));
    return bn.at("output_adapter")
               ? hubBottleneck(y, x, output.LayerNorm, bn, w, site + "output.adapters." + kName + ".")
               : output.LayerNorm(y + x);
}

// Every layer of `model` recomputed the AdapterHub way from the exported
// folder gives the hidden state our model gives.
void checkAdapterHubSemantics(sa::LanguageModelImpl& model, const sa::Batch& batch, const QString& folder) {
    const auto bn = sa_test::readJson(folder + "/adapter_config.json").at("config");
    const auto weights = readBin((folder + "/pytorch_adapter.bin").toStdString());
    auto* bert = dynamic_cast<sa::BertTaskModelImpl*>(&model);
    QVERIFY(bert);
    torch::NoGradGuard noGrad;
    const auto out = model.forward(batch);
    const auto additive = sa::bertAttentionMask(batch.attention_mask, torch::kFloat32);
    auto& layers = *bert->backbone()->layers;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const auto site = bert->basePrefix() + ".encoder.layer." + std::to_string(i) + ".";
        const auto hub = hubLayer(*layers[i]->as<sa::BertLayer>(), out.hidden_states[i], additive, bn, weights, site);
        bool ok = false;
        const auto detail = sa_test::closeness(hub, out.hidden_states[i + 1], 1e-5, 1e-5, ok);
        QVERIFY2(ok, qPrintable(QString::fromStdString(site) + " " + detail));
    }
}

QString exportError(const sa::AdapterOptions& options, const sa::ModelConfig& config) {
    try {
        sa::adapterHubBnConfig(options, config);
    } catch (const sa::Error& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace

class TestAdapterHubExport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(1); }

    // Our reader, which refuses anything unexpected, takes what we write:
    // values, shapes, strides, a shared storage, a 0-d and an empty tensor,
    // and the 64-byte alignment torch.save gives every record.
    void torchSaveWriterRoundTrip() {
        QTemporaryDir tmp;
        const auto path = tmp.filePath("state.bin").toStdString();
        const auto matrix = bytesOf({1.5f, -2.0f, 0.0f, 3.25f, 4.0f, -0.5f});
        auto scalar = std::make_shared<std::vector<uint8_t>>(8);
        const int64_t seven = 7;
        std::memcpy(scalar->data(), &seven, 8);
        const std::vector<std::pair<std::string, sa::TorchSaveTensor>> tensors = {
            {"a.weight", {sa::DType::F32, {2, 3}, matrix}},
            {"b.alias", {sa::DType::F32, {2, 3}, matrix}},
            {"c.count", {sa::DType::I64, {}, scalar}},
            {"d.empty", {sa::DType::F32, {0, 4}, bytesOf({})}},
        };
        sa::writeTorchZipStateDict(path, tensors);
        const auto read = sa::readTorchZipStateDict(path);
        QCOMPARE(read.size(), tensors.size());
        for (std::size_t i = 0; i < read.size(); ++i) {
            QCOMPARE(read[i].first, tensors[i].first);
            QCOMPARE(read[i].second.dtype, std::string(sa::dtypeName(tensors[i].second.dtype)));
            QCOMPARE(read[i].second.shape, tensors[i].second.shape);
            QCOMPARE(read[i].second.storage_offset, int64_t(0));
            QCOMPARE(*read[i].second.storage_bytes, *tensors[i].second.bytes);
        }
        QCOMPARE(read[0].second.strides, (std::vector<int64_t>{3, 1}));
        QCOMPARE(read[0].second.storage_bytes.get(), read[1].second.storage_bytes.get()); // one storage
        QVERIFY(torch::equal(toTensor(read[1].second),
                             torch::tensor({1.5f, -2.0f, 0.0f, 3.25f, 4.0f, -0.5f}).view({2, 3})));

        sa::ZipArchive zip(path);
        QFile file(QString::fromStdString(path));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray all = file.readAll();
        std::set<std::string> names;
        for (const auto& entry : zip.entries()) {
            names.insert(entry.name);
            QCOMPARE(entry.method, uint16_t(0));
            const auto at = qsizetype(entry.localHeaderOffset);
            const auto le16 = [&](qsizetype p) { return uint8_t(all[p]) | (uint8_t(all[p + 1]) << 8); };
            const auto dataOffset = at + 30 + le16(at + 26) + le16(at + 28);
            QVERIFY2(dataOffset % 64 == 0, entry.name.c_str());
        }
        QCOMPARE(names, (std::set<std::string>{"archive/data.pkl", "archive/byteorder", "archive/version",
                                               "archive/data/0", "archive/data/1", "archive/data/2"}));
        QCOMPARE(zip.read("archive/version"), (std::vector<uint8_t>{'3', '\n'}));

        QVERIFY_THROWS_EXCEPTION(sa::Error,
                                 sa::writeTorchZipStateDict(path, {tensors[0], {"a.weight", tensors[1].second}}));
        QVERIFY_THROWS_EXCEPTION(sa::Error,
                                 sa::writeTorchZipStateDict(path, {{"short", {sa::DType::F32, {4}, bytesOf({1.0f})}}}));
    }

    void exportsBottleneckAdapters_data() {
        QTest::addColumn<QString>("caseDir");
        SA_REQUIRE_FIXTURE("adapters");
        int rows = 0;
        for (const auto& file :
             sa_test::filesUnder(QDir(sa_test::fixturesRoot()).filePath("adapters"), {QStringLiteral("case.json")})) {
            const auto dir = QFileInfo(file).absolutePath();
            const auto name = QFileInfo(dir).fileName();
            if (name != "houlsby" && name != "pfeiffer" && name != "parallel") continue;
            if (!QFileInfo::exists(dir + "/masks.safetensors")) continue;
            QTest::newRow(qPrintable(QFileInfo(QFileInfo(dir).absolutePath()).fileName() + "/" + name)) << dir;
            ++rows;
        }
        QVERIFY(rows > 0);
    }

    void exportsBottleneckAdapters() {
        QFETCH(QString, caseDir);
        const Case c = loadCase(caseDir);
        const auto& tune = c.caseJson.at("tune_args");
        auto model = prepare(c, true);
        {
            // A head that differs from the checkpoint's, so the round trip
            // shows the exported head is the one used.
            torch::NoGradGuard noGrad;
            for (auto& p : model->named_parameters(true))
                if (model->isTrainableHeadParameter(p.key())) p.value().add_(0.01);
        }
        const auto batch = sa::readBatch((caseDir + "/reference.safetensors").toStdString());
        const auto expectedLogits = model->forward(batch).logits;

        QTemporaryDir tmp;
        sa::AdapterHubExportOptions e;
        e.adapterName = kName;
        e.modelName = "tiny-model";
        e.withHead = true;
        const auto written = sa::writeAdapterHubFolder(*model, c.options, e, tmp.path().toStdString());
        for (const char* f : {"adapter_config.json", "pytorch_adapter.bin", "head_config.json",
                              "pytorch_model_head.bin", "sparse_masks.safetensors", "README.md"})
            QVERIFY2(QFileInfo::exists(tmp.filePath(f)), f);
        QCOMPARE(written.size(), std::size_t(6));
        checkAdapterHubSemantics(*model, batch, tmp.path());

        // adapter_config.json: build_full_config's fields around a BnConfig.
        const auto config = sa_test::readJson(tmp.filePath("adapter_config.json"));
        std::set<std::string> top;
        for (const auto& [k, v] : config.items())
            top.insert(k);
        QCOMPARE(top, (std::set<std::string>{"config", "hidden_size", "model_class", "model_name", "model_type", "name",
                                             "version"}));
        const int64_t hidden = c.modelConfig.at("hidden_size");
        QCOMPARE(config.at("hidden_size").get<int64_t>(), hidden);
        const std::string modelType = c.modelConfig.at("model_type");
        QCOMPARE(config.at("model_type").get<std::string>(), modelType);
        QCOMPARE(config.at("name").get<std::string>(), kName);
        QVERIFY(config.at("version").get<std::string>().rfind("adapters.", 0) == 0);
        const auto& bn = config.at("config");
        const std::string placement = tune.at("ffn_option");
        const bool attention = tune.at("attn_mode") == "adapter";
        const bool lnBefore = tune.at("ffn_adapter_layernorm_option") == "in";
        const int64_t bottleneck = int64_t(number(tune.at("ffn_bn")));
        QCOMPARE(bn.at("mh_adapter").get<bool>(), attention);
        QCOMPARE(bn.at("output_adapter").get<bool>(), true);
        QCOMPARE(bn.at("original_ln_before").get<bool>(), placement == "pfeiffer");
        QCOMPARE(bn.at("original_ln_after").get<bool>(), true);
        QCOMPARE(bn.at("residual_before_ln").get<bool>(), true);
        QCOMPARE(bn.at("is_parallel").get<bool>(), placement == "parallel");
        QCOMPARE(bn.at("ln_before").get<bool>(), lnBefore);
        QCOMPARE(bn.at("ln_after").get<bool>(), false);
        QCOMPARE(bn.at("non_linearity").get<std::string>(), std::string("relu"));
        QVERIFY(bn.at("scaling").is_number_float()); // AdapterHub refuses an int scaling
        QCOMPARE(bn.at("scaling").get<double>(), number(tune.at("ffn_adapter_scalar")));
        QCOMPARE(int64_t(std::floor(double(hidden) / bn.at("reduction_factor").get<double>())), bottleneck);

        // The weights, read back by our torch.save reader, under AdapterHub's names.
        const auto weights = readBin(tmp.filePath("pytorch_adapter.bin").toStdString());
        const std::string& base = modelType; // the backbone's attribute: bert. / roberta.
        std::set<std::string> expected;
        for (int64_t layer = 0; layer < c.modelConfig.at("num_hidden_layers").get<int64_t>(); ++layer) {
            const auto site = base + ".encoder.layer." + std::to_string(layer) + ".";
            for (const auto& k : expectedKeys(site + "output.", lnBefore))
                expected.insert(k);
            if (attention)
                for (const auto& k : expectedKeys(site + "attention.output.", true))
                    expected.insert(k);
        }
        std::set<std::string> keys;
        for (const auto& [k, v] : weights)
            keys.insert(k);
        QCOMPARE(keys, expected);
        const std::string down = lnBefore ? "adapter_down.1.weight" : "adapter_down.0.weight";
        for (const auto& [k, v] : weights) {
            if (k.size() > down.size() && k.compare(k.size() - down.size(), down.size(), down) == 0)
                QCOMPARE(v.sizes().vec(), (std::vector<int64_t>{bottleneck, hidden}));
            if (k.find("adapter_up.weight") != std::string::npos)
                QCOMPARE(v.sizes().vec(), (std::vector<int64_t>{hidden, bottleneck}));
        }

        // Masked entries are exact zeros; kept ones are the fixture's weights.
        const auto masks = sa::SafetensorsFile::open(tmp.filePath("sparse_masks.safetensors").toStdString());
        const auto fixtureMasks = sa::SafetensorsFile::open((caseDir + "/masks.safetensors").toStdString());
        const auto params = sa::SafetensorsFile::open((caseDir + "/adapter_params.safetensors").toStdString());
        QCOMPARE(masks.entries().size(), fixtureMasks.entries().size());
        int64_t kept = 0, total = 0, fixtureKept = 0;
        for (const auto& entry : masks.entries()) {
            const auto mask = masks.tensor(entry.name);
            const auto& weight = weights.at(entry.name);
            QVERIFY2(torch::equal(weight.masked_select(mask == 0), torch::zeros({(mask == 0).sum().item<int64_t>()})),
                     entry.name.c_str());
            QVERIFY2(!torch::signbit(weight.masked_select(mask == 0)).any().item<bool>(), entry.name.c_str());
            const auto official = sa::toOfficialName(sa::fromAdapterHubName(entry.name, c.options, kName));
            QVERIFY2(torch::equal(weight.masked_select(mask != 0), params.tensor(official).masked_select(mask != 0)),
                     entry.name.c_str());
            kept += (mask != 0).sum().item<int64_t>();
            total += mask.numel();
        }
        for (const auto& entry : fixtureMasks.entries())
            fixtureKept += (fixtureMasks.tensor(entry.name) != 0).sum().item<int64_t>();
        QCOMPARE(kept, fixtureKept);
        QCOMPARE(std::stod(masks.metadata().at("density")), double(kept) / double(total));
        QCOMPARE(std::stod(masks.metadata().at("sparsity")), 1.0 - double(kept) / double(total));
        QFile readme(tmp.filePath("README.md"));
        QVERIFY(readme.open(QIODevice::ReadOnly));
        const auto text = QString::fromUtf8(readme.readAll());
        QVERIFY2(text.contains(QString("%1 of %2").arg(kept).arg(total)), qPrintable(text));
        QVERIFY(text.contains(QString::number(1.0 - double(kept) / double(total), 'f', 4)));

        // Round trip: a fresh model (masks all 1) with the file's tensors
        // computes the same logits.
        auto fresh = prepare(c, false);
        auto freshParams = fresh->named_parameters(true);
        {
            torch::NoGradGuard noGrad;
            for (const auto& [k, v] : weights) {
                const auto ours = sa::fromAdapterHubName(k, c.options, kName);
                auto* target = freshParams.find(ours);
                QVERIFY2(target, k.c_str());
                const auto back = sa::toAdapterHubNames(ours, c.options, kName);
                QVERIFY2(std::find(back.begin(), back.end(), k) != back.end(), k.c_str());
                target->copy_(v);
            }
            const auto head = readBin(tmp.filePath("pytorch_model_head.bin").toStdString());
            QVERIFY(!head.empty());
            for (const auto& [k, v] : head) {
                QVERIFY2(fresh->isTrainableHeadParameter(k), k.c_str());
                freshParams.find(k)->copy_(v);
            }
        }
        bool ok = false;
        const auto detail = sa_test::closeness(fresh->forward(batch).logits, expectedLogits, 1e-6, 0.0, ok);
        QVERIFY2(ok, qPrintable(detail));
        const auto headConfig = sa_test::readJson(tmp.filePath("head_config.json"));
        QCOMPARE(headConfig.at("model_class").get<std::string>(),
                 sa::taskModelClassName(fresh->config().architecture, fresh->head()));
        QCOMPARE(headConfig.at("num_labels").get<std::size_t>(), c.modelConfig.at("id2label").size());
    }

    // The LayerNorm options the fixtures do not cover ("out": AdapterHub's
    // ln_after, named adapter_norm_after; "none": adapter_down.0 is the down
    // projection), on random adapter weights and random masks.
    void exportsLayerNormVariants_data() {
        QTest::addColumn<QString>("placement");
        QTest::addColumn<int>("layerNorm");
        QTest::newRow("pfeiffer/out") << "pfeiffer" << int(sa::AdapterLayerNorm::Out);
        QTest::newRow("parallel/out") << "parallel" << int(sa::AdapterLayerNorm::Out);
        QTest::newRow("parallel/none") << "parallel" << int(sa::AdapterLayerNorm::None);
        QTest::newRow("sequential/out") << "sequential" << int(sa::AdapterLayerNorm::Out);
        QTest::newRow("sequential/none") << "sequential" << int(sa::AdapterLayerNorm::None);
    }

    void exportsLayerNormVariants() {
        QFETCH(QString, placement);
        QFETCH(int, layerNorm);
        SA_REQUIRE_FIXTURE("adapters/tiny-roberta/pfeiffer");
        const auto modelDir = sa_test::fixturePath("models/tiny-roberta");
        auto model = sa::loadPretrained(modelDir).model;
        auto options = sa::AdapterOptions::preset(placement == "sequential" ? "pfeiffer" : placement.toStdString(), 8);
        if (placement == "sequential") options.ffnPlacement = sa::FfnPlacement::Sequential;
        options.ffnLayerNorm = sa::AdapterLayerNorm(layerNorm);
        options.ffnScale = 2.0;
        sa::attachAdapters(*model, options);
        sa::freezeForAdapterTraining(*model, options);
        torch::manual_seed(3);
        {
            torch::NoGradGuard noGrad;
            for (auto& p : model->named_parameters(true)) {
                if (!sa::isAdapterParameter(p.key())) continue;
                const bool normScale = p.key().find("layer_norm_before.weight") != std::string::npos;
                p.value().copy_(torch::randn_like(p.value()) * 0.3 + (normScale ? 1.0 : 0.0));
            }
            for (auto& m : sa::maskedWeights(*model))
                m.mask.copy_(torch::rand_like(m.mask) < 0.5);
        }
        model->eval();
        const auto batch = sa::readBatch(sa_test::fixturePath("adapters/tiny-roberta/pfeiffer/reference.safetensors"));
        QTemporaryDir tmp;
        sa::AdapterHubExportOptions e;
        e.adapterName = kName;
        e.modelName = modelDir;
        sa::writeAdapterHubFolder(*model, options, e, tmp.path().toStdString());
        QVERIFY(!QFileInfo::exists(tmp.filePath("pytorch_model_head.bin")));
        const auto bn = sa_test::readJson(tmp.filePath("adapter_config.json")).at("config");
        QCOMPARE(bn.at("ln_before").get<bool>(), options.ffnLayerNorm == sa::AdapterLayerNorm::In);
        QCOMPARE(bn.at("ln_after").get<bool>(), options.ffnLayerNorm == sa::AdapterLayerNorm::Out);
        const auto weights = readBin(tmp.filePath("pytorch_adapter.bin").toStdString());
        const auto layer0 = "roberta.encoder.layer.0.output.adapters." + kName + ".";
        QCOMPARE(weights.count(layer0 + "adapter_norm_after.weight"),
                 std::size_t(options.ffnLayerNorm == sa::AdapterLayerNorm::Out ? 1 : 0));
        QCOMPARE(weights.at(layer0 + "adapter_down.0.weight").dim(), int64_t(2)); // the Linear, no LayerNorm before it
        checkAdapterHubSemantics(*model, batch, tmp.path());
    }

    void refusesWhatAdapterHubCannotExpress() {
        sa::ModelConfig roberta;
        roberta.architecture = sa::Architecture::Roberta;
        roberta.hidden = 32;
        auto expectRefusal = [&](const sa::AdapterOptions& o, const sa::ModelConfig& m, const char* words) {
            const auto message = exportError(o, m);
            QVERIFY2(message.contains(QLatin1String(words)), qPrintable(words + QString(" not in: ") + message));
        };
        expectRefusal(sa::AdapterOptions::preset("lora", 4), roberta, "use --format peft");
        expectRefusal(sa::AdapterOptions::preset("prefix", 5), roberta, "use --format peft");
        expectRefusal(sa::AdapterOptions::preset("mam", 8), roberta, "use --format peft");
        expectRefusal(sa::AdapterOptions(), roberta, "no adapters");

        auto houlsby = sa::AdapterOptions::preset("houlsby", 8);
        QVERIFY(exportError(houlsby, roberta).isEmpty());
        auto noNorm = houlsby;
        noNorm.ffnLayerNorm = sa::AdapterLayerNorm::None;
        expectRefusal(noNorm, roberta, "LayerNorm");
        auto scaled = houlsby;
        scaled.ffnScale = 4.0;
        expectRefusal(scaled, roberta, "scaling");
        auto uneven = houlsby;
        uneven.ffnBn = 16;
        expectRefusal(uneven, roberta, "reduction_factor");
        auto besideParallel = sa::AdapterOptions::preset("parallel", 8);
        besideParallel.attnMode = sa::AttnMode::Adapter;
        besideParallel.attnBn = 8;
        expectRefusal(besideParallel, roberta, "parallel FFN adapter");
        auto besidePfeiffer = sa::AdapterOptions::preset("pfeiffer", 8);
        besidePfeiffer.attnMode = sa::AttnMode::Adapter;
        besidePfeiffer.attnBn = 8;
        expectRefusal(besidePfeiffer, roberta, "Pfeiffer FFN adapter");
        sa::ModelConfig bart = roberta;
        bart.architecture = sa::Architecture::Bart;
        expectRefusal(houlsby, bart, "BART");

        // A bottleneck that does not divide the width still comes back out
        // of int(hidden // reduction_factor).
        sa::ModelConfig wide = roberta;
        wide.hidden = 768;
        const auto config = sa::adapterHubBnConfig(sa::AdapterOptions::preset("pfeiffer", 13), wide);
        QVERIFY(config.at("reduction_factor").is_number_float());
        QCOMPARE(std::floor(768.0 / config.at("reduction_factor").get<double>()), 13.0);
        QCOMPARE(sa::adapterHubBnConfig(sa::AdapterOptions::preset("pfeiffer", 64), wide).at("reduction_factor"),
                 json(12));
    }
};

QTEST_GUILESS_MAIN(TestAdapterHubExport)
#include "test_adapterhub_export.moc"
