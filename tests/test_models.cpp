// Parity of the backbones with the official implementation: every reference
// tensor of every models/*/reference.json case (hidden states, pooler,
// logits, loss), from both weight formats, within the fixture's tolerance.
#include "test_support.h"

#include "model/bart.h"
#include "model/layers.h"
#include "model/reference_check.h"

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

    void regressionHeadUsesMeanSquaredError() {
        auto logits = torch::tensor({0.5f, 2.0f}).view({2, 1});
        auto loss = sa::classificationLoss(logits, torch::tensor({1.0f, 1.0f}));
        QCOMPARE(loss.item<float>(), (0.25f + 1.0f) / 2.0f);
    }
};

QTEST_GUILESS_MAIN(TestModels)
#include "test_models.moc"
