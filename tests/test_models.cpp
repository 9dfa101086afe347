// Parity of the backbones with the official implementation: every reference
// tensor of every models/*/reference.json case (hidden states, pooler,
// logits, loss), from both weight formats, within the fixture's tolerance.
#include "test_support.h"

#include "error.h"
#include "model/bart.h"
#include "model/blas_choice.h"
#include "model/few_rows_linear.h"
#include "model/helper_threads.h"
#include "model/layers.h"
#include "model/pretrained.h"
#include "model/reference_check.h"
#include "model/threads.h"

#include <QTemporaryDir>

#include <cmath>

class TestModels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(1); }

    void matchesReference_data() {
        QTest::addColumn<int>("index");
        SA_REQUIRE_FIXTURE("models");
        const auto cases = sa::listModelReferenceCases(sa_test::fixturesRoot().toStdString());
        QVERIFY(!cases.empty());
        for (int i = 0; i < int(cases.size()); ++i)
            QTest::newRow(cases[i].label.c_str()) << i;
    }

    void matchesReference() {
        QFETCH(int, index);
        const auto c = sa::listModelReferenceCases(sa_test::fixturesRoot().toStdString()).at(index);
        const auto result = sa::checkModelReferenceCase(c);
        QVERIFY(!result.tensors.empty());
        for (const auto& t : result.tensors)
            QVERIFY2(t.pass, qPrintable(QStringLiteral("%1: max |diff| %2 (atol %3, rtol %4) %5")
                                            .arg(QString::fromStdString(t.name))
                                            .arg(t.maxAbsDiff)
                                            .arg(t.atol)
                                            .arg(t.rtol)
                                            .arg(QString::fromStdString(t.problem))));
    }

    void shiftTokensRightMatchesTheReferenceRule() {
        const auto labels = torch::tensor({5, 6, -100, -100}, torch::kInt64).view({1, 4});
        const auto shifted = sa::shiftTokensRight(labels, 1, 2);
        QVERIFY(torch::equal(shifted, torch::tensor({2, 5, 6, 1}, torch::kInt64).view({1, 4})));
    }

    void bartClassificationReadsTheLastEosState() {
        SA_REQUIRE_FIXTURE("models");
        for (const auto& c : sa::listModelReferenceCases(sa_test::fixturesRoot().toStdString())) {
            if (c.label.find("bart") == std::string::npos) continue;
            sa::LoadOptions options;
            options.head = sa::TaskHead::SequenceClassification;
            auto loaded = sa::loadPretrained(c.modelDir, options);
            // The checkpoint has no classification_head: it is initialised and said so.
            QVERIFY(!loaded.report.initialisedHead.empty());
            sa::Batch b;
            b.input_ids = torch::tensor({0, 11, 12, 2, 0, 13, 2, 1}, torch::kInt64).view({2, 4});
            b.attention_mask = b.input_ids.ne(1).to(torch::kInt64);
            const auto numLabels = loaded.model->config().numLabels;
            b.labels = torch::tensor({int64_t(0), std::max<int64_t>(0, numLabels - 1)}, torch::kInt64);
            torch::NoGradGuard noGrad;
            const auto out = loaded.model->forward(b);
            QCOMPARE(out.logits.sizes().vec(), (std::vector<int64_t>{2, numLabels}));
            QVERIFY(out.loss.defined() && std::isfinite(out.loss.item<float>()));
            // Rows with different numbers of </s> cannot be pooled (as in HF).
            b.input_ids[0][1] = 2;
            QVERIFY_THROWS_EXCEPTION(sa::Error, loaded.model->forward(b));
            return;
        }
        QSKIP("no BART fixture");
    }

    void regressionHeadUsesMeanSquaredError() {
        auto logits = torch::tensor({0.5f, 2.0f}).view({2, 1});
        auto loss = sa::classificationLoss(logits, torch::tensor({1.0f, 1.0f}));
        QCOMPARE(loss.item<float>(), (0.25f + 1.0f) / 2.0f);
    }

    // The decoding step's products: the same numbers as torch::linear, up to
    // the order of the sums, for every row count it takes, lengths that are
    // and are not multiples of its 16 lanes and 4 features, with and without
    // bias, on one and on several threads.
    void fewRowsLinearIsTorchLinear_data() {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("in");
        QTest::addColumn<int>("out");
        QTest::addColumn<bool>("bias");
        QTest::addColumn<int>("threads");
        for (int rows = 1; rows <= int(sa::kFewRowsMax); ++rows)
            QTest::addRow("%d rows", rows) << rows << 64 << 300 << true << 2;
        QTest::newRow("tails of both") << 12 << 37 << 1027 << true << 2;
        QTest::newRow("fewer features than threads take") << 3 << 32 << 5 << false << 4;
        QTest::newRow("no bias, one thread") << 12 << 1024 << 4096 << false << 1;
        QTest::newRow("three threads") << 7 << 96 << 50265 << true << 3;
    }
    void fewRowsLinearIsTorchLinear() {
        QFETCH(int, rows);
        QFETCH(int, in);
        QFETCH(int, out);
        QFETCH(bool, bias);
        QFETCH(int, threads);
        torch::NoGradGuard noGrad;
        torch::manual_seed(rows * 1000 + in);
        const auto x = torch::randn({rows, 1, in});
        const auto w = torch::randn({out, in});
        const auto b = bias ? torch::randn({out}) : torch::Tensor();
        const int before = sa::matrixThreads();
        sa::setMatrixThreads(threads);
        const auto got = sa::fewRowsLinear(x, w, b);
        sa::setMatrixThreads(before);
        const auto expected = torch::linear(x, w, b);
        QCOMPARE(got.sizes().vec(), expected.sizes().vec());
        // float32 sums of `in` products of N(0,1) numbers: rounding grows with √in.
        const double tolerance = 1e-5 * std::sqrt(double(in)) * expected.abs().max().item<double>();
        QVERIFY2((got - expected).abs().max().item<double>() <= tolerance,
                 qPrintable(QString::number((got - expected).abs().max().item<double>())));
    }

    void fewRowsLinearLeavesOtherProductsToTorch() {
        const auto w = torch::randn({8, 16});
        {
            torch::NoGradGuard noGrad;
            QVERIFY(!sa::fewRowsLinearApplies(torch::randn({sa::kFewRowsMax + 1, 16}), w)); // many rows
            QVERIFY(!sa::fewRowsLinearApplies(torch::randn({2, 16}, torch::kFloat64), w.to(torch::kFloat64)));
            QVERIFY(!sa::fewRowsLinearApplies(torch::randn({2, 16}), w.t().contiguous().t())); // not contiguous
            QVERIFY(!sa::fewRowsLinearApplies(torch::randn({2, 15}), w));                      // mismatched
        }
        // Training records gradients: always torch's (differentiable) product.
        const auto x = torch::randn({2, 16}, torch::requires_grad());
        QVERIFY(!sa::fewRowsLinearApplies(x, w));
        auto y = sa::fewRowsLinear(x, w);
        y.sum().backward();
        QVERIFY(x.grad().defined());
    }

    // The start-up choice of README "Thread setup", from made-up facts.
    void blasChoiceFollowsTheDocumentedRules() {
        QTemporaryDir root;
        const auto dir = root.path().toStdString();
        QVERIFY(QDir().mkpath(root.filePath("openblas-pthread")) && QDir().mkpath(root.filePath("openblas-openmp")));
        sa::BlasFacts f;
        f.core = "Prescott";
        f.library = dir + "/openblas-pthread/libopenblasp-r0.3.21.so";
        f.threading = sa::BlasThreading::Pthreads;
        f.avx512 = f.avx2 = true;
        bool openmpInstalled = true;
        const auto exists = [&](const std::string& path) {
            return openmpInstalled && path == dir + "/openblas-openmp/libblas.so.3";
        };
        auto c = sa::chooseBlas(f, exists);
        QCOMPARE(c.kernel, std::string("SkylakeX"));
        QCOMPARE(c.libraryDir, dir + "/openblas-openmp");
        f.avx512 = false;
        QCOMPARE(sa::chooseBlas(f, exists).kernel, std::string("Haswell"));
        f.avx2 = false; // an old CPU: OpenBLAS's own choice stands
        QVERIFY(sa::chooseBlas(f, exists).kernel.empty());
        f.avx512 = f.avx2 = true;
        f.userKernel = true; // OPENBLAS_CORETYPE set by the user wins
        QVERIFY(sa::chooseBlas(f, exists).kernel.empty());
        f.userKernel = false;
        f.core = "SkylakeX"; // OpenBLAS knew the CPU
        QVERIFY(sa::chooseBlas(f, exists).kernel.empty());
        f.libraryPath = "/elsewhere:" + dir + "/openblas-pthread"; // the user's own pick of the pthreads build
        QVERIFY(sa::chooseBlas(f, exists).libraryDir.empty());
        f.libraryPath.clear();
        openmpInstalled = false;
        QVERIFY(!sa::chooseBlas(f, exists).needsRestart());
        openmpInstalled = true;
        f.threading = sa::BlasThreading::OpenMP;
        QVERIFY(sa::chooseBlas(f, exists).libraryDir.empty());
        f.threading = sa::BlasThreading::Pthreads;
        f.alreadyRestarted = true; // never twice
        QVERIFY(!sa::chooseBlas(f, exists).needsRestart());
        f.alreadyRestarted = false;
        f.core.clear(); // not OpenBLAS
        QVERIFY(!sa::chooseBlas(f, exists).needsRestart());
    }

    // This test started through sa::restartWithFasterBlas like the programs
    // (tests/blas_start.cpp): what it runs on is what the rules choose.
    void thisProcessRunsTheChosenBlas() {
        const auto f = sa::blasFacts();
        if (f.core.empty()) QSKIP("the loaded BLAS is not OpenBLAS: nothing to choose");
        const bool userKernel = std::getenv("OPENBLAS_CORETYPE") && !std::getenv("SPARSEADAPTER_BLAS_CHOICE");
        if (f.core == "Prescott" && (f.avx2 || f.avx512))
            QVERIFY2(userKernel, "an AVX2/AVX-512 CPU runs OpenBLAS's SSE3 kernels");
        const auto chosen =
            sa::chooseBlas(f, [](const std::string& path) { return QFile::exists(QString::fromStdString(path)); });
        QVERIFY2(!chosen.needsRestart() || f.alreadyRestarted, "start-up left a better BLAS unchosen");
        QVERIFY(sa::blasChoiceText().find("kernel " + f.core) != std::string::npos);

        const int before = torch::get_num_threads();
        const auto setup = sa::configureThreads(2);
        torch::set_num_threads(before);
        QCOMPARE(setup.blasThreads, 2);
        QCOMPARE(setup.torchThreads, setup.threading == sa::BlasThreading::OpenMP ? 2 : 1);
    }
};

QTEST_GUILESS_MAIN(TestModels)
#include "test_models.moc"
