// Widgets without core or LibTorch: TrainingCurves' data, smoothing, export
// and redraw coalescing; MaskViews' grid of mask densities. Runs on Qt's
// offscreen platform (CMake sets QT_QPA_PLATFORM=offscreen).
#include "error.h"
#include "experiment/run_fusion.h"
#include "experiment/run_index.h"
#include "fusion_view.h"
#include "mask_matrix_view.h"
#include "mask_views.h"
#include "predictions_view.h"
#include "samples_view.h"
#include "score_histogram_view.h"
#include "train/eval_json.h"
#include "training_curves.h"

#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QLocale>
#include <QSlider>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include "sa_qcustomplot.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

using sa::MaskViews;
using sa::TrainingCurves;

namespace {

std::vector<double> values(const QCPGraph* graph) {
    std::vector<double> out;
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it)
        out.push_back(it->value);
    return out;
}

std::vector<double> keys(const QCPGraph* graph) {
    std::vector<double> out;
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it)
        out.push_back(it->key);
    return out;
}

void compareValues(const std::vector<double>& actual, const std::vector<double>& expected) {
    QCOMPARE(actual.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        if (std::isnan(expected[i])) {
            QVERIFY2(std::isnan(actual[i]), qPrintable(QStringLiteral("index %1").arg(i)));
            continue;
        }
        QVERIFY2(std::abs(actual[i] - expected[i]) < 1e-12,
                 qPrintable(QStringLiteral("index %1: %2, expected %3").arg(i).arg(actual[i]).arg(expected[i])));
    }
}

// A failed comparison inside compareValues() returns from it only.
#define COMPARE_VALUES(actual, ...)                                                                                    \
    do {                                                                                                               \
        compareValues(actual, __VA_ARGS__);                                                                            \
        if (QTest::currentTestFailed()) return;                                                                        \
    } while (false)

// Files in `dir`, hidden ones (the exporter's partial files) included.
QStringList filesIn(const QString& dir) {
    return QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

} // namespace

class TestWidgets : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void curvesStartEmpty();
    void stepsArrive();
    void smoothingIsDebiasedEma();
    void smoothingSkipsNonFiniteLosses();
    void smoothingZeroEqualsRaw();
    void smoothingIsClampedAndBoundToSlider();
    void metricGraphPerName();
    void clearEmptiesEverything();
    void exportPng();
    void exportPdf();
    void exportSvg();
    void exportFailureLeavesNoFile();
    void manyStepsCoalesceReplots();
    void axisShowsStepsEpochsOrWallTime();
    void runsOverlaidOneColourEach();
    void seriesPlaceEvaluationsAtTheirStep();
    void masksStartEmpty();
    void masksGridOfAdapters();
    void masksLora();
    void masksBartEncoderDecoder();
    void masksUnknownNames();
    void masksClear();
    void masksWarningShowsAboveThePlotsUntilACleanRound();
    void masksExportPng();
    void masksMatrixListAndSelection();
    void masksMatrixImageShowsMaskValues();
    void masksNextRoundKeepsSelectionAndZoom();
    void masksHeatmapCellSelectsMatrix();
    void masksHistogramShowsBinsAndThreshold();
    void masksHistogramWithoutScores();
    void masksExportMatrixAndHistogram();
    void predictionsStartEmpty();
    void predictionsHighlightTheAnswerInItsPassage();
    void predictionsKeepTheSelectedRowAcrossEvaluations();
    void samplesHighlightTheWordsSummaryAndReferenceShare();
    void samplesKeepEveryEvaluationAndTheSelectedDocument();
    void fusionStartsWithNoEvaluation();
    void fusionShowsEverySiteAndSource();
    void fusionWritesValuesOnlyInCellsWithRoom();
    void fusionEmptyAttentionSaysNoFusionLayers();
    void fusionMismatchedAttentionIsNotDrawn();
    void fusionExportPng();
    void fusionFromTheLastEvalRecordOfARunFolder();
};

void TestWidgets::curvesStartEmpty() {
    TrainingCurves curves;
    QCOMPARE(curves.lossPointCount(), 0);
    QCOMPARE(curves.evalPointCount(QStringLiteral("accuracy")), 0);
    QVERIFY(curves.metricGraph(QStringLiteral("accuracy")) == nullptr);
    QCOMPARE(curves.metricPlot()->graphCount(), 0);
    QCOMPARE(curves.lossPlot()->graphCount(), 3);
    QCOMPARE(curves.lossPlot()->xAxis->label(), QStringLiteral("step"));
    QVERIFY(curves.lossPlot()->yAxis2->visible());
    QVERIFY(curves.metricPlot()->legend->visible());
    // The learning rate is read off the right axis.
    QCOMPARE(curves.learningRateGraph()->valueAxis(), curves.lossPlot()->yAxis2);
    QCOMPARE(curves.rawLossGraph()->valueAxis(), curves.lossPlot()->yAxis);
    QCOMPARE(curves.smoothedLossGraph()->valueAxis(), curves.lossPlot()->yAxis);
    // Smoothed is drawn bolder than raw.
    QVERIFY(curves.smoothedLossGraph()->pen().widthF() > curves.rawLossGraph()->pen().widthF());
}

void TestWidgets::stepsArrive() {
    TrainingCurves curves;
    curves.addStep(1, 2.0, 1e-5);
    curves.addStep(2, 1.5, 2e-5);
    curves.addStep(3, 1.2, 3e-5);
    QCOMPARE(curves.lossPointCount(), 3);
    QCOMPARE(curves.rawLossGraph()->dataCount(), 3);
    QCOMPARE(curves.smoothedLossGraph()->dataCount(), 3);
    QCOMPARE(curves.learningRateGraph()->dataCount(), 3);
    COMPARE_VALUES(keys(curves.rawLossGraph()), {1, 2, 3});
    COMPARE_VALUES(values(curves.rawLossGraph()), {2.0, 1.5, 1.2});
    COMPARE_VALUES(values(curves.learningRateGraph()), {1e-5, 2e-5, 3e-5});
}

void TestWidgets::smoothingIsDebiasedEma() {
    // w = 0.5 on losses 1, 2, 3; a_t = w*a_{t-1} + (1-w)*x_t from a_0 = 0,
    // shown as a_t / (1 - w^t):
    //   t=1: a = 0.5*0    + 0.5*1 = 0.5,   / (1 - 0.5)   = 1
    //   t=2: a = 0.5*0.5  + 0.5*2 = 1.25,  / (1 - 0.25)  = 1.25/0.75   = 5/3  = 1.6667
    //   t=3: a = 0.5*1.25 + 0.5*3 = 2.125, / (1 - 0.125) = 2.125/0.875 = 17/7 = 2.4286
    TrainingCurves curves;
    curves.setSmoothing(0.5);
    QCOMPARE(curves.smoothing(), 0.5);
    curves.addStep(10, 1, 0);
    curves.addStep(20, 2, 0);
    curves.addStep(30, 3, 0);
    COMPARE_VALUES(values(curves.smoothedLossGraph()), {1.0, 5.0 / 3.0, 17.0 / 7.0});

    // w = 0.9 on losses 4, 2:
    //   t=1: a = 0.1*4 = 0.4,            / (1 - 0.9)  = 4
    //   t=2: a = 0.9*0.4 + 0.1*2 = 0.56, / (1 - 0.81) = 0.56/0.19 = 56/19 = 2.9474
    // Set after the points arrived: the whole curve is recomputed.
    TrainingCurves later;
    later.addStep(1, 4, 0);
    later.addStep(2, 2, 0);
    later.setSmoothing(0.9);
    COMPARE_VALUES(values(later.smoothedLossGraph()), {4.0, 56.0 / 19.0});
    // ... and points after that continue the same average:
    //   t=3: a = 0.9*0.56 + 0.1*1 = 0.604, / (1 - 0.729) = 0.604/0.271 = 604/271
    later.addStep(3, 1, 0);
    COMPARE_VALUES(values(later.smoothedLossGraph()), {4.0, 56.0 / 19.0, 604.0 / 271.0});
}

void TestWidgets::smoothingSkipsNonFiniteLosses() {
    // w = 0.5 on 1, NaN, 3: the NaN shows as a gap and leaves the average
    // alone, so 3 is its second term: a = 0.5*0.5 + 0.5*3 = 1.75,
    // / (1 - 0.25) = 7/3.
    const double nan = std::numeric_limits<double>::quiet_NaN();
    TrainingCurves curves;
    curves.setSmoothing(0.5);
    curves.addStep(1, 1, 0);
    curves.addStep(2, nan, 0);
    curves.addStep(3, 3, 0);
    COMPARE_VALUES(values(curves.smoothedLossGraph()), {1.0, nan, 7.0 / 3.0});
}

void TestWidgets::smoothingZeroEqualsRaw() {
    TrainingCurves curves;
    const std::vector<double> losses{0.9, 0.7, 0.8, 0.4, 0.5, 0.1};
    for (size_t i = 0; i < losses.size(); ++i)
        curves.addStep(static_cast<double>(i), losses[i], 1e-4);
    QVERIFY(values(curves.smoothedLossGraph()) != losses); // default smoothing 0.6
    curves.setSmoothing(0);
    QCOMPARE(values(curves.smoothedLossGraph()), losses); // exactly
    QCOMPARE(values(curves.rawLossGraph()), losses);
}

void TestWidgets::smoothingIsClampedAndBoundToSlider() {
    TrainingCurves curves;
    auto* slider = curves.findChild<QSlider*>();
    QVERIFY(slider);
    QCOMPARE(slider->minimum(), 0);
    QCOMPARE(slider->maximum(), 99);
    QSignalSpy changed(&curves, &TrainingCurves::smoothingChanged);

    curves.setSmoothing(2.0);
    QCOMPARE(curves.smoothing(), 0.99);
    QCOMPARE(slider->value(), 99);
    curves.setSmoothing(-1.0);
    QCOMPARE(curves.smoothing(), 0.0);
    QCOMPARE(slider->value(), 0);
    QCOMPARE(changed.count(), 2);

    curves.addStep(1, 1, 0);
    curves.addStep(2, 2, 0);
    curves.addStep(3, 3, 0);
    // Moving the slider to 50 is w = 0.5: the curve of smoothingIsDebiasedEma.
    slider->setValue(50);
    QCOMPARE(curves.smoothing(), 0.5);
    QCOMPARE(changed.count(), 3);
    COMPARE_VALUES(values(curves.smoothedLossGraph()), {1.0, 5.0 / 3.0, 17.0 / 7.0});
    slider->setValue(0);
    COMPARE_VALUES(values(curves.smoothedLossGraph()), {1.0, 2.0, 3.0});
}

void TestWidgets::metricGraphPerName() {
    TrainingCurves curves;
    curves.addEval(100, QStringLiteral("accuracy"), 0.5);
    curves.addEval(100, QStringLiteral("f1"), 0.4);
    curves.addEval(200, QStringLiteral("accuracy"), 0.6);
    QCOMPARE(curves.metrics(), (QStringList{QStringLiteral("accuracy"), QStringLiteral("f1")}));
    QCOMPARE(curves.evalPointCount(QStringLiteral("accuracy")), 2);
    QCOMPARE(curves.evalPointCount(QStringLiteral("f1")), 1);
    QCOMPARE(curves.evalPointCount(QStringLiteral("mcc")), 0);
    QCOMPARE(curves.metricPlot()->graphCount(), 2);
    QCOMPARE(curves.metricPlot()->legend->itemCount(), 2);
    // Metrics stay off the loss plot.
    QCOMPARE(curves.lossPlot()->graphCount(), 3);
    QCOMPARE(curves.lossPointCount(), 0);

    QCPGraph* accuracy = curves.metricGraph(QStringLiteral("accuracy"));
    QVERIFY(accuracy);
    QCOMPARE(accuracy->name(), QStringLiteral("accuracy"));
    QCOMPARE(accuracy->lineStyle(), QCPGraph::lsLine);
    QCOMPARE(accuracy->scatterStyle().shape(), QCPScatterStyle::ssCircle);
    COMPARE_VALUES(keys(accuracy), {100, 200});
    COMPARE_VALUES(values(accuracy), {0.5, 0.6});
    QVERIFY(curves.metricGraph(QStringLiteral("f1"))->pen().color() != accuracy->pen().color());
}

void TestWidgets::clearEmptiesEverything() {
    TrainingCurves curves;
    for (int i = 0; i < 10; ++i)
        curves.addStep(i, 1.0 / (i + 1), 1e-3);
    curves.addEval(5, QStringLiteral("accuracy"), 0.7);
    curves.clear();
    QCOMPARE(curves.lossPointCount(), 0);
    QCOMPARE(curves.rawLossGraph()->dataCount(), 0);
    QCOMPARE(curves.smoothedLossGraph()->dataCount(), 0);
    QCOMPARE(curves.learningRateGraph()->dataCount(), 0);
    QCOMPARE(curves.evalPointCount(QStringLiteral("accuracy")), 0);
    QVERIFY(curves.metrics().isEmpty());
    QCOMPARE(curves.metricPlot()->graphCount(), 0);
    QCOMPARE(curves.lossPlot()->graphCount(), 3);

    // The average starts afresh: the first point after clear() is itself.
    curves.addStep(0, 3.0, 1e-3);
    COMPARE_VALUES(values(curves.smoothedLossGraph()), {3.0});
    curves.addEval(1, QStringLiteral("accuracy"), 0.8);
    QCOMPARE(curves.evalPointCount(QStringLiteral("accuracy")), 1);
}

namespace {

void fill(TrainingCurves& curves) {
    for (int i = 0; i < 200; ++i)
        curves.addStep(i, 2.0 * std::exp(-i / 50.0) + 0.1 * std::sin(i), 1e-4 * (i + 1) / 200);
    for (int i = 0; i <= 200; i += 50) {
        curves.addEval(i, QStringLiteral("accuracy"), 0.5 + i / 500.0);
        curves.addEval(i, QStringLiteral("f1"), 0.4 + i / 600.0);
    }
}

} // namespace

void TestWidgets::exportPng() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    TrainingCurves curves;
    fill(curves);
    const QString path = dir.filePath(QStringLiteral("loss.png"));
    QVERIFY(curves.exportPlot(curves.lossPlot(), path));
    QImage image(path);
    QVERIFY(!image.isNull());
    // Not on screen: the fixed export size.
    QCOMPARE(image.size(), QSize(800, 500));
    // The coloured curves were drawn, not only the black-on-white frame.
    QVERIFY(!image.allGray());

    // Overwrites an existing file, leaving nothing else behind.
    const QString metrics = dir.filePath(QStringLiteral("metrics.PNG"));
    {
        QFile old(metrics);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("old");
    }
    QVERIFY(curves.exportPlot(curves.metricPlot(), metrics));
    QVERIFY(!QImage(metrics).isNull());
    QCOMPARE(filesIn(dir.path()), (QStringList{QStringLiteral("loss.png"), QStringLiteral("metrics.PNG")}));
}

void TestWidgets::exportPdf() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    TrainingCurves curves;
    fill(curves);
    const QString path = dir.filePath(QStringLiteral("metrics.pdf"));
    QVERIFY(curves.exportPlot(curves.metricPlot(), path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.size() > 100);
    QCOMPARE(file.read(4), QByteArray("%PDF"));
    QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("metrics.pdf")});
}

void TestWidgets::exportSvg() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    TrainingCurves curves;
    fill(curves);
    const QString path = dir.filePath(QStringLiteral("loss.svg"));
    if (!TrainingCurves::canExportSvg()) {
        QVERIFY(!curves.exportPlot(curves.lossPlot(), path));
        QVERIFY(filesIn(dir.path()).isEmpty());
        QSKIP("built without Qt Svg: no SVG export");
    }
    QVERIFY(curves.exportPlot(curves.lossPlot(), path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    bool sawSvg = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == QLatin1String("svg")) sawSvg = true;
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(sawSvg);
}

void TestWidgets::exportFailureLeavesNoFile() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    TrainingCurves curves;
    fill(curves);
    QVERIFY(!curves.exportPlot(curves.lossPlot(), dir.filePath(QStringLiteral("loss.txt"))));
    QVERIFY(!curves.exportPlot(curves.lossPlot(), dir.filePath(QStringLiteral("loss"))));
    QVERIFY(!curves.exportPlot(nullptr, dir.filePath(QStringLiteral("loss.png"))));
    QVERIFY(!curves.exportPlot(curves.lossPlot(), dir.filePath(QStringLiteral("missing/loss.png"))));
    QVERIFY(!curves.exportPlot(curves.lossPlot(), dir.filePath(QStringLiteral("missing/loss.pdf"))));
    QVERIFY(filesIn(dir.path()).isEmpty());
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("missing"))));
}

void TestWidgets::manyStepsCoalesceReplots() {
    TrainingCurves curves;
    curves.resize(900, 700);
    curves.show();
    QVERIFY(QTest::qWaitForWindowExposed(&curves));
    QTest::qWait(200); // the redraws of showing and laying out

    int replots = 0;
    connect(curves.lossPlot(), &QCustomPlot::afterReplot, this, [&replots] { ++replots; });
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < 5000; ++i)
        curves.addStep(i, 1.0 / (1 + i), 1e-4);
    const qint64 elapsed = timer.elapsed();
    qInfo("5000 addStep calls: %lld ms", static_cast<long long>(elapsed));
    QVERIFY2(elapsed < 1000, qPrintable(QStringLiteral("%1 ms").arg(elapsed)));
    QCOMPARE(replots, 0); // nothing is drawn inside addStep()

    QTest::qWait(200);
    qInfo("replots in the 200 ms after: %d", replots);
    QVERIFY2(replots >= 1 && replots <= 5, qPrintable(QStringLiteral("%1 replots").arg(replots)));
    QCOMPARE(curves.lossPointCount(), 5000);
    // The redraw followed the data.
    QVERIFY(curves.lossPlot()->xAxis->range().upper >= 4999);

    // Shown: exports take the plot's on-screen size.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("loss.png"));
    QVERIFY(curves.exportPlot(curves.lossPlot(), path));
    QCOMPARE(QImage(path).size(), curves.lossPlot()->size());
}

namespace {

// A rows × cols mask whose first `kept` entries are 1.
sa::MaskTensor mask(const std::string& name, int64_t rows, int64_t cols, int64_t kept) {
    sa::MaskTensor tensor;
    tensor.name = name;
    tensor.rows = rows;
    tensor.cols = cols;
    tensor.kept = kept;
    tensor.values.assign(static_cast<size_t>(rows * cols), 0);
    std::fill(tensor.values.begin(), tensor.values.begin() + kept, uint8_t{1});
    return tensor;
}

sa::MaskEvent maskEvent(std::vector<sa::MaskTensor> tensors) {
    sa::MaskEvent event;
    event.epoch = 1;
    event.iteration = 2;
    event.iterations = 5;
    event.density = 0.5;
    for (const sa::MaskTensor& tensor : tensors) {
        event.kept += tensor.kept;
        event.total += tensor.rows * tensor.cols;
    }
    event.tensors = std::move(tensors);
    return event;
}

// RoBERTa's efficient adapters, 2 layers of 4 masks of 8×4 = 32 weights.
sa::MaskEvent robertaEvent() {
    const std::string prefix = "pretrained_model.roberta.encoder.layer.";
    std::vector<sa::MaskTensor> tensors;
    // Listed out of display order: the columns are ordered by kind.
    tensors.push_back(mask(prefix + "0.output.ef_ffn_adapter.up_mask", 4, 8, 4));
    tensors.push_back(mask(prefix + "0.attention.output.ef_attn_adapter.down_mask", 8, 4, 16));
    tensors.push_back(mask(prefix + "0.attention.output.ef_attn_adapter.up_mask", 4, 8, 8));
    tensors.push_back(mask(prefix + "0.output.ef_ffn_adapter.down_mask", 8, 4, 32));
    tensors.push_back(mask(prefix + "1.attention.output.ef_attn_adapter.down_mask", 8, 4, 0));
    tensors.push_back(mask(prefix + "1.attention.output.ef_attn_adapter.up_mask", 4, 8, 24));
    tensors.push_back(mask(prefix + "1.output.ef_ffn_adapter.down_mask", 8, 4, 2));
    tensors.push_back(mask(prefix + "1.output.ef_ffn_adapter.up_mask", 4, 8, 6));
    return maskEvent(std::move(tensors));
}

bool approx(double actual, double expected) {
    return std::abs(actual - expected) < 1e-12;
}

} // namespace

void TestWidgets::axisShowsStepsEpochsOrWallTime() {
    TrainingCurves curves;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    curves.addStep(sa::CurvePoint{10, 0.5, 3.0}, 2.0, 1e-3);
    curves.addStep(sa::CurvePoint{20, 1.0, 6.5}, 1.0, 2e-3);
    curves.addStep(sa::CurvePoint{30, nan, 9.0}, 0.5, 3e-3); // epoch unknown
    curves.addEval(sa::CurvePoint{20, 1.0, 6.5}, QStringLiteral("accuracy"), 0.75);
    COMPARE_VALUES(keys(curves.rawLossGraph()), {10, 20, 30});

    QSignalSpy changed(&curves, &TrainingCurves::axisChanged);
    curves.setAxis(sa::CurveAxis::Epoch);
    QCOMPARE(changed.count(), 1);
    COMPARE_VALUES(keys(curves.rawLossGraph()), {0.5, 1.0});
    COMPARE_VALUES(keys(curves.smoothedLossGraph()), {0.5, 1.0});
    COMPARE_VALUES(keys(curves.learningRateGraph()), {0.5, 1.0});
    COMPARE_VALUES(keys(curves.metricGraph(QStringLiteral("accuracy"))), {1.0});
    QCOMPARE(curves.lossPlot()->xAxis->label(), sa::curveAxisLabel(sa::CurveAxis::Epoch));
    // The smoothed value of a point does not depend on the axis shown.
    COMPARE_VALUES(values(curves.smoothedLossGraph()), {2.0, (0.6 * 0.4 * 2.0 + 0.4 * 1.0) / (1 - 0.36)});

    // The box under the plots shows and sets the same axis.
    auto* box = curves.findChild<QComboBox*>();
    QVERIFY(box);
    QCOMPARE(box->currentData().value<sa::CurveAxis>(), sa::CurveAxis::Epoch);
    box->setCurrentIndex(box->findData(QVariant::fromValue(sa::CurveAxis::WallTime)));
    QCOMPARE(curves.axis(), sa::CurveAxis::WallTime);
    COMPARE_VALUES(keys(curves.rawLossGraph()), {3.0, 6.5, 9.0});
    // Points arriving now land on the axis shown.
    curves.addStep(sa::CurvePoint{40, 2.0, 12.0}, 0.25, 4e-3);
    COMPARE_VALUES(keys(curves.rawLossGraph()), {3.0, 6.5, 9.0, 12.0});
    curves.setAxis(sa::CurveAxis::Step);
    COMPARE_VALUES(keys(curves.rawLossGraph()), {10, 20, 30, 40});
}

void TestWidgets::runsOverlaidOneColourEach() {
    TrainingCurves curves;
    auto run = [](const QString& label, double scale) {
        sa::RunCurves r;
        r.label = label;
        for (int i = 1; i <= 4; ++i) {
            r.stepAt.append(sa::CurvePoint{double(i), i / 2.0, i * 1.5});
            r.loss.append(scale / i);
            r.learningRate.append(1e-3);
        }
        r.evals.append({sa::CurvePoint{2, 1, 3}, QStringLiteral("accuracy"), scale / 10});
        r.evals.append({sa::CurvePoint{4, 2, 6}, QStringLiteral("accuracy"), scale / 5});
        return r;
    };
    curves.setRuns({run(QStringLiteral("dense"), 1.0), run(QStringLiteral("snip40"), 2.0)});
    QCOMPARE(curves.runCount(), 2);
    QCOMPARE(curves.runLabels(), QStringList({QStringLiteral("dense"), QStringLiteral("snip40")}));
    QCOMPARE(curves.lossPointCount(1), 4);
    COMPARE_VALUES(values(curves.rawLossGraph(1)), {2.0, 1.0, 2.0 / 3, 0.5});
    QVERIFY(curves.smoothedLossGraph(0)->pen().color() != curves.smoothedLossGraph(1)->pen().color());
    QCOMPARE(curves.smoothedLossGraph(1)->name(), QStringLiteral("snip40"));
    // One learning-rate graph, hidden while runs are compared.
    QVERIFY(curves.learningRateGraph(1) == nullptr);
    QVERIFY(!curves.learningRateGraph(0)->visible());
    QCOMPARE(curves.evalPointCount(0, QStringLiteral("accuracy")), 2);
    QCOMPARE(curves.evalPointCount(1, QStringLiteral("accuracy")), 2);
    QCOMPARE(curves.metricGraph(QStringLiteral("accuracy"), 1)->pen().color(),
             curves.smoothedLossGraph(1)->pen().color());
    QVERIFY(curves.metricGraph(QStringLiteral("accuracy"), 2) == nullptr);
    curves.setAxis(sa::CurveAxis::WallTime);
    COMPARE_VALUES(keys(curves.metricGraph(QStringLiteral("accuracy"), 1)), {3.0, 6.0});

    // A live run afterwards starts from one empty run with its own rate.
    curves.clear(QStringLiteral("live"));
    QCOMPARE(curves.runCount(), 1);
    QCOMPARE(curves.lossPointCount(), 0);
    QVERIFY(curves.learningRateGraph()->visible());
    QCOMPARE(curves.lossPlot()->graphCount(), 3);
    QCOMPARE(curves.metricPlot()->graphCount(), 0);
}

void TestWidgets::seriesPlaceEvaluationsAtTheirStep() {
    sa::MetricSeries m;
    m.step = {1, 2, 3, 4, 5};
    m.loss = {0.9, 0.8, 0.7, 0.6, 0.5};
    m.lr = {1, 2, 3, 4, 5};
    m.epoch = {0, 0, 1, 1, 2};
    m.seconds = {0.5, 1.0, 1.5, 2.0, 2.5};
    m.evalStep = {2, 4};
    m.eval["accuracy"] = {0.6, std::numeric_limits<double>::quiet_NaN()};
    m.eval["f1"] = {0.5, 0.7};
    m.mainMetric = "accuracy";
    // Two steps in epoch 0 before epoch 1 began: 2 steps per epoch.
    const sa::RunCurves curves = sa::runCurvesFromSeries(QStringLiteral("r"), m);
    QCOMPARE(curves.stepAt.size(), 5);
    QCOMPARE(curves.stepAt[2].epoch, 1.5);
    QCOMPARE(curves.stepAt[4].seconds, 2.5);
    QCOMPARE(curves.mainMetric, QStringLiteral("accuracy"));
    // The NaN accuracy at step 4 is left out; evaluations sit at their step's time.
    QCOMPARE(curves.evals.size(), 3);
    for (const auto& e : curves.evals) {
        QCOMPARE(e.at.seconds, e.at.step / 2);
        QCOMPARE(e.at.epoch, e.at.step / 2);
    }
    // Still in the first epoch: no epoch axis unless the caller knows it.
    m.epoch = {0, 0, 0, 0, 0};
    QVERIFY(std::isnan(sa::runCurvesFromSeries(QStringLiteral("r"), m).stepAt[0].epoch));
    QCOMPARE(sa::runCurvesFromSeries(QStringLiteral("r"), m, 10).stepAt[4].epoch, 0.5);
}

void TestWidgets::masksStartEmpty() {
    MaskViews views;
    QCOMPARE(views.layerCount(), 0);
    QVERIFY(views.columns().isEmpty());
    QVERIFY(std::isnan(views.cellDensity(0, QStringLiteral("attn down"))));
    QCOMPARE(views.keptInLayer(0), int64_t{0});
    QVERIFY(views.heatmap() && views.barChart());
    QVERIFY(views.heatmap() != views.barChart());
}

void TestWidgets::masksGridOfAdapters() {
    MaskViews views;
    views.setMasks(robertaEvent());
    QCOMPARE(views.columns(), (QStringList{QStringLiteral("attn down"), QStringLiteral("attn up"),
                                           QStringLiteral("ffn down"), QStringLiteral("ffn up")}));
    QCOMPARE(views.layerCount(), 2);
    QCOMPARE(views.layerLabels(), (QStringList{QStringLiteral("0"), QStringLiteral("1")}));
    QVERIFY(approx(views.cellDensity(0, QStringLiteral("attn down")), 0.5));
    QVERIFY(approx(views.cellDensity(0, QStringLiteral("attn up")), 0.25));
    QVERIFY(approx(views.cellDensity(0, QStringLiteral("ffn down")), 1.0));
    QVERIFY(approx(views.cellDensity(0, QStringLiteral("ffn up")), 0.125));
    QVERIFY(approx(views.cellDensity(1, QStringLiteral("attn down")), 0.0));
    QVERIFY(approx(views.cellDensity(1, QStringLiteral("attn up")), 0.75));
    QVERIFY(approx(views.cellDensity(1, QStringLiteral("ffn down")), 2.0 / 32));
    QVERIFY(approx(views.cellDensity(1, QStringLiteral("ffn up")), 6.0 / 32));
    QVERIFY(std::isnan(views.cellDensity(2, QStringLiteral("attn down"))));
    QVERIFY(std::isnan(views.cellDensity(0, QStringLiteral("LoRA q A"))));
    QCOMPARE(views.keptInLayer(0), int64_t{16 + 8 + 32 + 4});
    QCOMPARE(views.keptInLayer(1), int64_t{0 + 24 + 2 + 6});
    QCOMPARE(views.keptInLayer(-1), int64_t{0});

    // Round 3 of 5 in epoch 2 (both 0-based in the event); 92 of 256 kept.
    const QString title = views.title();
    const QLocale locale;
    for (const QString& part : {QStringLiteral("3 of 5"), QStringLiteral("epoch 2"), QStringLiteral("92 of 256"),
                                locale.toString(100.0 * 92 / 256, 'f', 1)})
        QVERIFY2(title.contains(part), qPrintable(title + QStringLiteral(" lacks ") + part));

    // The heatmap: one cell per layer and column, the scale 0..1.
    auto* colorMap = qobject_cast<QCPColorMap*>(views.heatmap()->plottable(0));
    QVERIFY(colorMap);
    QCOMPARE(colorMap->data()->keySize(), 4);
    QCOMPARE(colorMap->data()->valueSize(), 2);
    QVERIFY(approx(colorMap->data()->cell(1, 1), 0.75));
    QVERIFY(colorMap->colorScale());
    QCOMPARE(colorMap->colorScale()->axis()->label(), QStringLiteral("kept fraction"));
    QCOMPARE(colorMap->dataRange().lower, 0.0);
    QCOMPARE(colorMap->dataRange().upper, 1.0);
    auto ticker = views.heatmap()->xAxis->ticker().dynamicCast<QCPAxisTickerText>();
    QVERIFY(ticker);
    QCOMPARE(ticker->ticks().value(2), QStringLiteral("ffn down"));

    // The bars: kept weights per layer.
    auto* bars = qobject_cast<QCPBars*>(views.barChart()->plottable(0));
    QVERIFY(bars);
    QCOMPARE(bars->dataCount(), 2);
    QCOMPARE(bars->data()->at(0)->value, 60.0);
    QCOMPARE(bars->data()->at(1)->value, 32.0);
}

void TestWidgets::masksLora() {
    const std::string prefix = "pretrained_model.roberta.encoder.layer.";
    std::vector<sa::MaskTensor> tensors;
    for (int layer = 0; layer < 3; ++layer) {
        const std::string self = prefix + std::to_string(layer) + ".attention.self.";
        tensors.push_back(mask(self + "value.B_mask", 16, 2, 8));
        tensors.push_back(mask(self + "value.A_mask", 2, 16, 16));
        tensors.push_back(mask(self + "query.B_mask", 16, 2, 32));
        tensors.push_back(mask(self + "query.A_mask", 2, 16, layer));
    }
    MaskViews views;
    views.setMasks(maskEvent(std::move(tensors)));
    QCOMPARE(views.columns(), (QStringList{QStringLiteral("LoRA q A"), QStringLiteral("LoRA q B"),
                                           QStringLiteral("LoRA v A"), QStringLiteral("LoRA v B")}));
    QCOMPARE(views.layerCount(), 3);
    QVERIFY(approx(views.cellDensity(2, QStringLiteral("LoRA q A")), 2.0 / 32));
    QVERIFY(approx(views.cellDensity(1, QStringLiteral("LoRA q B")), 1.0));
    QVERIFY(approx(views.cellDensity(0, QStringLiteral("LoRA v A")), 0.5));
    QVERIFY(approx(views.cellDensity(0, QStringLiteral("LoRA v B")), 0.25));
    QCOMPARE(views.keptInLayer(2), int64_t{8 + 16 + 32 + 2});
}

void TestWidgets::masksBartEncoderDecoder() {
    std::vector<sa::MaskTensor> tensors;
    for (int layer = 0; layer < 2; ++layer) {
        const std::string encoder = "pretrained_model.model.encoder.layers." + std::to_string(layer) + ".";
        tensors.push_back(mask(encoder + "self_attn.ef_attn_adapter.down_mask", 4, 4, 4));
        tensors.push_back(mask(encoder + "ef_ffn_adapter.up_mask", 4, 4, 8));
    }
    const std::string decoder = "pretrained_model.model.decoder.layers.1.";
    tensors.push_back(mask(decoder + "self_attn.ef_attn_adapter.down_mask", 4, 4, 12));
    tensors.push_back(mask(decoder + "encoder_attn.ef_attn_adapter.up_mask", 4, 4, 16));
    tensors.push_back(mask(decoder + "ef_ffn_adapter.up_mask", 4, 4, 2));
    MaskViews views;
    views.setMasks(maskEvent(std::move(tensors)));
    // Decoder layer 1 implies decoder layer 0 (without masks here).
    QCOMPARE(views.layerLabels(), (QStringList{QStringLiteral("enc 0"), QStringLiteral("enc 1"),
                                               QStringLiteral("dec 0"), QStringLiteral("dec 1")}));
    QCOMPARE(views.layerCount(), 4);
    QCOMPARE(views.columns(), (QStringList{QStringLiteral("self attn down"), QStringLiteral("cross attn up"),
                                           QStringLiteral("ffn up")}));
    QVERIFY(approx(views.cellDensity(1, QStringLiteral("self attn down")), 0.25));
    QVERIFY(approx(views.cellDensity(1, QStringLiteral("ffn up")), 0.5));
    QVERIFY(std::isnan(views.cellDensity(1, QStringLiteral("cross attn up"))));
    QVERIFY(std::isnan(views.cellDensity(2, QStringLiteral("self attn down"))));
    QVERIFY(approx(views.cellDensity(3, QStringLiteral("self attn down")), 0.75));
    QVERIFY(approx(views.cellDensity(3, QStringLiteral("cross attn up")), 1.0));
    QVERIFY(approx(views.cellDensity(3, QStringLiteral("ffn up")), 2.0 / 16));
    QCOMPARE(views.keptInLayer(0), int64_t{12});
    QCOMPARE(views.keptInLayer(2), int64_t{0});
    QCOMPARE(views.keptInLayer(3), int64_t{30});
}

void TestWidgets::masksUnknownNames() {
    std::vector<sa::MaskTensor> tensors;
    tensors.push_back(mask("pretrained_model.roberta.encoder.layer.0.output.ef_ffn_adapter.up_mask", 2, 2, 1));
    tensors.push_back(mask("pretrained_model.roberta.encoder.layer.1.intermediate.prefix_mask", 2, 2, 3));
    tensors.push_back(mask("global_mask", 1, 4, 2));
    tensors.push_back(mask("", 1, 1, 1));
    tensors.push_back(mask("a.layer.99999999999.b.c_mask", 1, 2, 2));
    tensors.push_back(mask("x.layers.", 1, 2, 1));
    sa::MaskTensor odd = mask("odd.layer.0.attention.self.query.A_mask", 0, 0, 0);
    odd.kept = 7; // inconsistent with its (missing) shape
    tensors.push_back(odd);
    MaskViews views;
    views.setMasks(maskEvent(std::move(tensors)));
    QVERIFY(views.columns().contains(QStringLiteral("intermediate.prefix_mask")));
    QVERIFY(views.columns().contains(QStringLiteral("global_mask")));
    QVERIFY(views.columns().contains(QStringLiteral("b.c_mask")));
    QCOMPARE(views.columns().first(), QStringLiteral("ffn up"));
    // Layers 0 and 1, then "other" for names without a believable layer.
    QCOMPARE(views.layerCount(), 3);
    QCOMPARE(views.layerLabels().last(), QStringLiteral("other"));
    QVERIFY(approx(views.cellDensity(1, QStringLiteral("intermediate.prefix_mask")), 0.75));
    QVERIFY(approx(views.cellDensity(2, QStringLiteral("global_mask")), 0.5));
    QVERIFY(approx(views.cellDensity(2, QStringLiteral("b.c_mask")), 1.0));
    QVERIFY(std::isnan(views.cellDensity(0, QStringLiteral("LoRA q A"))));
    QCOMPARE(views.keptInLayer(2), int64_t{2 + 1 + 2 + 1});
    // Drawing it does not crash either.
    QVERIFY(!views.heatmap()->toPixmap(400, 300).isNull());
    QVERIFY(!views.barChart()->toPixmap(400, 300).isNull());

    // One layer and one column: a single cell.
    views.setMasks(maskEvent({mask("m.layer.0.output.ef_ffn_adapter.down_mask", 2, 2, 2)}));
    QCOMPARE(views.layerCount(), 1);
    QCOMPARE(views.columns(), QStringList{QStringLiteral("ffn down")});
    QVERIFY(approx(views.cellDensity(0, QStringLiteral("ffn down")), 0.5));
    QVERIFY(!views.heatmap()->toPixmap(400, 300).isNull());

    // No tensors at all.
    views.setMasks(sa::MaskEvent{});
    QCOMPARE(views.layerCount(), 0);
    QVERIFY(!views.heatmap()->toPixmap(400, 300).isNull());
}

void TestWidgets::masksWarningShowsAboveThePlotsUntilACleanRound() {
    MaskViews views;
    auto event = robertaEvent();
    QVERIFY(views.warningText().isEmpty());
    event.warnings = {"achieved density 0.2773 is far below the target 0.6000"};
    views.setMasks(event);
    QVERIFY2(views.warningText().contains(QStringLiteral("0.2773")), qPrintable(views.warningText()));
    event.warnings.clear();
    views.setMasks(event);
    QVERIFY(views.warningText().isEmpty());
    event.warnings = {"1 of 4 adapter weight tensors are fully pruned"};
    views.setMasks(event);
    views.clear();
    QVERIFY(views.warningText().isEmpty());
}

void TestWidgets::masksClear() {
    MaskViews views;
    views.setMasks(robertaEvent());
    const QString title = views.title();
    views.clear();
    QCOMPARE(views.layerCount(), 0);
    QVERIFY(views.columns().isEmpty());
    QCOMPARE(views.keptInLayer(0), int64_t{0});
    QVERIFY(std::isnan(views.cellDensity(0, QStringLiteral("attn down"))));
    QVERIFY(views.title() != title);
    auto* bars = qobject_cast<QCPBars*>(views.barChart()->plottable(0));
    QVERIFY(bars);
    QCOMPARE(bars->dataCount(), 0);
    // And shows a round again after that.
    views.setMasks(robertaEvent());
    QCOMPARE(views.layerCount(), 2);
    QCOMPARE(views.title(), title);
}

void TestWidgets::masksExportPng() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    MaskViews views;
    views.setMasks(robertaEvent());
    const QString heatmap = dir.filePath(QStringLiteral("masks.png"));
    QVERIFY(views.exportPlot(views.heatmap(), heatmap));
    QImage image(heatmap);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), QSize(800, 500));
    QVERIFY(!image.allGray()); // the coloured cells were drawn
    const QString bars = dir.filePath(QStringLiteral("kept.png"));
    QVERIFY(views.exportPlot(views.barChart(), bars));
    QVERIFY(!QImage(bars).isNull());
    QVERIFY(!views.exportPlot(views.heatmap(), dir.filePath(QStringLiteral("masks.txt"))));
    QVERIFY(!views.exportPlot(nullptr, dir.filePath(QStringLiteral("none.png"))));
    QCOMPARE(filesIn(dir.path()), (QStringList{QStringLiteral("kept.png"), QStringLiteral("masks.png")}));
}

namespace {

// SNIP-like scores: 4 log-spaced bins from 1e-6 to 1e-2, 4 exact zeros, the
// round cut at 1e-4.
sa::ScoreSummary snipScores() {
    sa::ScoreSummary scores;
    scores.available = true;
    scores.method = "snip";
    scores.logScale = true;
    scores.edges = {1e-6, 1e-5, 1e-4, 1e-3, 1e-2};
    scores.counts = {3, 5, 2, 1};
    scores.zeros = 4;
    scores.total = 15;
    scores.threshold = 1e-4;
    return scores;
}

// A 3 × 5 mask with a known pattern: kept where (row + col) is even.
sa::MaskTensor checkerboard(const std::string& name) {
    sa::MaskTensor tensor;
    tensor.name = name;
    tensor.rows = 3;
    tensor.cols = 5;
    for (int64_t r = 0; r < 3; ++r)
        for (int64_t c = 0; c < 5; ++c)
            tensor.values.push_back((r + c) % 2 == 0 ? 1 : 0);
    tensor.kept = 8;
    return tensor;
}

} // namespace

void TestWidgets::masksMatrixListAndSelection() {
    MaskViews views;
    QVERIFY(views.matrixNames().isEmpty());
    QVERIFY(views.selectedMatrix().isEmpty());
    const sa::MaskEvent event = robertaEvent();
    views.setMasks(event);
    QCOMPARE(views.matrixNames().size(), 8);
    for (std::size_t i = 0; i < event.tensors.size(); ++i)
        QCOMPARE(views.matrixNames()[static_cast<int>(i)], QString::fromStdString(event.tensors[i].name));
    QCOMPARE(views.selectedMatrix(), QString::fromStdString(event.tensors.front().name));
    const QString third = QString::fromStdString(event.tensors[2].name);
    views.selectMatrix(third);
    QCOMPARE(views.selectedMatrix(), third);
    views.selectMatrix(QStringLiteral("no.such.mask"));
    QCOMPARE(views.selectedMatrix(), third);
    views.clear();
    QVERIFY(views.matrixNames().isEmpty());
    QVERIFY(views.selectedMatrix().isEmpty());
    QVERIFY(std::isnan(views.matrixCell(0, 0)));
}

void TestWidgets::masksMatrixImageShowsMaskValues() {
    MaskViews views;
    const std::string name = "pretrained_model.roberta.encoder.layer.0.output.ef_ffn_adapter.down_mask";
    views.setMasks(maskEvent({checkerboard(name)}));
    QCOMPARE(views.selectedMatrix(), QString::fromStdString(name));
    for (int64_t r = 0; r < 3; ++r)
        for (int64_t c = 0; c < 5; ++c)
            QCOMPARE(views.matrixCell(r, c), (r + c) % 2 == 0 ? 1.0 : 0.0);
    QVERIFY(std::isnan(views.matrixCell(3, 0)));
    QVERIFY(std::isnan(views.matrixCell(0, 5)));
    QVERIFY(std::isnan(views.matrixCell(-1, 0)));
    // One cell per weight, the whole matrix in view, row 0 on top.
    auto* image = qobject_cast<QCPColorMap*>(views.matrixPlot()->plottable(0));
    QVERIFY(image);
    QCOMPARE(image->data()->keySize(), 5);
    QCOMPARE(image->data()->valueSize(), 3);
    QCOMPARE(views.matrixPlot()->xAxis->range(), QCPRange(-0.5, 4.5));
    QCOMPARE(views.matrixPlot()->yAxis->range(), QCPRange(-0.5, 2.5));
    QVERIFY(views.matrixPlot()->yAxis->rangeReversed());
    QVERIFY(views.matrixPlot()->interactions().testFlag(QCP::iRangeZoom));
    QVERIFY(views.matrixPlot()->interactions().testFlag(QCP::iRangeDrag));

    // A single column still shows its cells.
    views.setMasks(maskEvent({mask("m.layer.0.output.ef_ffn_adapter.up_mask", 4, 1, 3)}));
    QCOMPARE(views.matrixCell(2, 0), 1.0);
    QCOMPARE(views.matrixCell(3, 0), 0.0);
    QVERIFY(!views.matrixPlot()->toPixmap(300, 200).isNull());
}

void TestWidgets::masksNextRoundKeepsSelectionAndZoom() {
    MaskViews views;
    sa::MaskEvent first = robertaEvent();
    views.setMasks(first);
    const QString chosen = QString::fromStdString(first.tensors[3].name); // 8 × 4, all kept
    views.selectMatrix(chosen);
    QCOMPARE(views.matrixCell(7, 3), 1.0);
    views.matrixPlot()->xAxis->setRange(0.5, 2.5); // zoomed in
    views.matrixPlot()->yAxis->setRange(1.5, 4.5);

    // The next iteration prunes the chosen matrix further.
    sa::MaskEvent next = robertaEvent();
    next.iteration = 3;
    next.tensors[3] = mask(first.tensors[3].name, 8, 4, 10);
    views.setMasks(next);
    QCOMPARE(views.selectedMatrix(), chosen);
    QCOMPARE(views.matrixCell(0, 0), 1.0);
    QCOMPARE(views.matrixCell(2, 1), 1.0); // the 10th entry, row-major
    QCOMPARE(views.matrixCell(2, 2), 0.0); // the 11th
    QCOMPARE(views.matrixCell(7, 3), 0.0);
    QCOMPARE(views.matrixPlot()->xAxis->range(), QCPRange(0.5, 2.5));
    QCOMPARE(views.matrixPlot()->yAxis->range(), QCPRange(1.5, 4.5));

    // A double click shows the whole matrix again.
    views.matrixView()->resetZoom();
    QCOMPARE(views.matrixPlot()->xAxis->range(), QCPRange(-0.5, 3.5));
    QCOMPARE(views.matrixPlot()->yAxis->range(), QCPRange(-0.5, 7.5));

    // A round without the chosen matrix falls back to its first.
    views.setMasks(maskEvent({mask("m.layer.0.output.ef_ffn_adapter.up_mask", 2, 2, 1)}));
    QCOMPARE(views.selectedMatrix(), QStringLiteral("m.layer.0.output.ef_ffn_adapter.up_mask"));
    QCOMPARE(views.matrixPlot()->xAxis->range(), QCPRange(-0.5, 1.5));
}

void TestWidgets::masksHeatmapCellSelectsMatrix() {
    MaskViews views;
    const sa::MaskEvent event = robertaEvent();
    views.setMasks(event);
    QVERIFY(views.selectCell(1, QStringLiteral("ffn up")));
    QCOMPARE(views.selectedMatrix(), QString::fromStdString(event.tensors[7].name));
    QVERIFY(!views.selectCell(2, QStringLiteral("ffn up")));
    QVERIFY(!views.selectCell(0, QStringLiteral("LoRA q A")));
    QCOMPARE(views.selectedMatrix(), QString::fromStdString(event.tensors[7].name));

    // And a click on the cell does the same.
    views.resize(1100, 760);
    views.show();
    QVERIFY(QTest::qWaitForWindowExposed(&views));
    views.heatmap()->replot();
    QCustomPlot* heatmap = views.heatmap();
    const QPoint cell(static_cast<int>(heatmap->xAxis->coordToPixel(0)),
                      static_cast<int>(heatmap->yAxis->coordToPixel(0))); // layer 0, "attn down"
    QTest::mouseClick(heatmap, Qt::LeftButton, Qt::NoModifier, cell);
    QCOMPARE(views.selectedMatrix(), QString::fromStdString(event.tensors[1].name));
}

void TestWidgets::masksHistogramShowsBinsAndThreshold() {
    MaskViews views;
    sa::MaskEvent event = robertaEvent();
    event.scores = snipScores();
    views.setMasks(event);
    QCOMPARE(views.histogramBinCount(), 4);
    QCOMPARE(views.shownThreshold(), 1e-4);
    QCustomPlot* plot = views.histogramPlot();
    QCOMPARE(plot->xAxis->scaleType(), QCPAxis::stLogarithmic);
    auto* graph = plot->graph(0);
    QVERIFY(graph);
    QCOMPARE(keys(graph), (std::vector<double>{1e-6, 1e-5, 1e-4, 1e-3, 1e-2}));
    QCOMPARE(values(graph), (std::vector<double>{3, 5, 2, 1, 1}));
    QVERIFY(plot->xAxis->range().contains(1e-6) && plot->xAxis->range().contains(1e-2));
    // The threshold is a vertical line with its label.
    auto* line = qobject_cast<QCPItemStraightLine*>(plot->item(0));
    QVERIFY(line && line->visible());
    QCOMPARE(line->point1->key(), 1e-4);
    QCOMPARE(line->point2->key(), 1e-4);
    const QString caption = views.scoreView()->caption();
    QVERIFY2(caption.contains(QStringLiteral("snip")), qPrintable(caption));
    QVERIFY2(caption.contains(QStringLiteral("4 exactly zero")), qPrintable(caption));

    // The next round: signed (GraSP-like) scores on a linear axis.
    sa::ScoreSummary grasp;
    grasp.available = true;
    grasp.method = "grasp";
    grasp.edges = {-2.0, -1.0, 0.0, 1.0};
    grasp.counts = {1, 4, 2};
    grasp.total = 7;
    grasp.threshold = -0.5;
    event.scores = grasp;
    views.setMasks(event);
    QCOMPARE(views.histogramBinCount(), 3);
    QCOMPARE(views.shownThreshold(), -0.5);
    QCOMPARE(plot->xAxis->scaleType(), QCPAxis::stLinear);
    QCOMPARE(values(plot->graph(0)), (std::vector<double>{1, 4, 2, 2}));

    // Local scope: no single threshold, no line.
    grasp.threshold = std::numeric_limits<double>::quiet_NaN();
    event.scores = grasp;
    views.setMasks(event);
    QVERIFY(std::isnan(views.shownThreshold()));
    QVERIFY(!line->visible());
    QVERIFY(views.scoreView()->caption().contains(QStringLiteral("no single threshold")));
}

void TestWidgets::masksHistogramWithoutScores() {
    MaskViews views;
    sa::MaskEvent event = robertaEvent();
    event.scores = snipScores();
    views.setMasks(event);
    QCOMPARE(views.histogramBinCount(), 4);
    views.setMasks(robertaEvent()); // read back from a run folder: no scores
    QCOMPARE(views.histogramBinCount(), 0);
    QVERIFY(std::isnan(views.shownThreshold()));
    QCOMPARE(views.histogramPlot()->graph(0)->dataCount(), 0);
    bool message = false;
    for (int i = 0; i < views.histogramPlot()->itemCount(); ++i)
        if (auto* text = qobject_cast<QCPItemText*>(views.histogramPlot()->item(i)))
            message = message || (text->visible() && text->text() == QStringLiteral("No scores for this round."));
    QVERIFY(message);
    QVERIFY(!views.histogramPlot()->toPixmap(300, 200).isNull());
}

void TestWidgets::masksExportMatrixAndHistogram() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    MaskViews views;
    sa::MaskEvent event = robertaEvent();
    event.scores = snipScores();
    views.setMasks(event);
    const QString matrix = dir.filePath(QStringLiteral("matrix.png"));
    QVERIFY(views.exportPlot(views.matrixPlot(), matrix));
    QImage image(matrix);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), QSize(800, 500));
    QVERIFY(!image.allGray()); // the kept cells are coloured
    const QString histogram = dir.filePath(QStringLiteral("scores.png"));
    QVERIFY(views.exportPlot(views.histogramPlot(), histogram));
    image = QImage(histogram);
    QVERIFY(!image.isNull());
    QVERIFY(!image.allGray()); // bars and the threshold line
    QCOMPARE(filesIn(dir.path()), (QStringList{QStringLiteral("matrix.png"), QStringLiteral("scores.png")}));
}

namespace {

// A question whose passage holds non-ASCII text and markup characters
// before the answer: spans are UTF-8 byte offsets.
sa::PredictionSample questionSample(const std::string& id, bool right) {
    sa::PredictionSample s;
    s.id = id;
    s.input = "where is the caf\xC3\xA9 ?";
    s.context = "the caf\xC3\xA9 <b> is in paris . anna & tom live in rome .";
    s.references = {"paris"};
    const auto gold = s.context.find("paris");
    s.referenceSpans = {{int64_t(gold), int64_t(gold + 5)}};
    const auto predicted = s.context.find(right ? "paris" : "rome");
    s.prediction = right ? "paris" : "rome";
    s.predictionBegin = int64_t(predicted);
    s.predictionEnd = int64_t(predicted + s.prediction.size());
    s.exactMatch = right ? 1.0 : 0.0;
    s.f1 = s.exactMatch;
    return s;
}

} // namespace

void TestWidgets::predictionsStartEmpty() {
    sa::PredictionsView view;
    QCOMPARE(view.sampleCount(), 0);
    QVERIFY(view.passageHtml().isEmpty());
    QVERIFY(!view.headline().isEmpty());
}

void TestWidgets::predictionsHighlightTheAnswerInItsPassage() {
    sa::PredictionsView view;
    view.resize(600, 400);
    view.setSamples({questionSample("q1", true), questionSample("q2", false)}, 120);
    QCOMPARE(view.sampleCount(), 2);
    QVERIFY(view.headline().contains(QStringLiteral("120")));
    QVERIFY(view.headline().contains(QStringLiteral("1 of 2")));
    QCOMPARE(view.cellText(0, 0), QStringLiteral("where is the caf\u00e9 ?"));
    QCOMPARE(view.cellText(0, 1), QStringLiteral("paris"));
    QCOMPARE(view.cellText(1, 2), QStringLiteral("rome"));
    QCOMPARE(view.cellText(1, 3), QStringLiteral("0.00"));
    // Row 0: the prediction is the gold span, marked and underlined; the
    // text around it escaped, the accented word intact.
    QCOMPARE(view.currentSample(), 0);
    QString html = view.passageHtml();
    QVERIFY2(html.contains(QStringLiteral("<b><u>paris</u></b>")), qPrintable(html));
    QVERIFY2(html.contains(QStringLiteral("caf\u00e9 &lt;b&gt; is in ")), qPrintable(html));
    QVERIFY2(html.contains(QStringLiteral("anna &amp; tom")), qPrintable(html));
    // Row 1: the wrong prediction is marked, the gold only underlined.
    view.selectSample(1);
    html = view.passageHtml();
    QVERIFY2(html.contains(QStringLiteral("<b>rome</b>")), qPrintable(html));
    QVERIFY2(html.contains(QStringLiteral("<u>paris</u>")) && !html.contains(QStringLiteral("<b><u>paris")),
             qPrintable(html));
    QVERIFY(!view.grab().isNull());
}

void TestWidgets::predictionsKeepTheSelectedRowAcrossEvaluations() {
    sa::PredictionsView view;
    view.setSamples({questionSample("q1", false), questionSample("q2", false)}, 10);
    view.selectSample(1);
    view.setSamples({questionSample("q1", true), questionSample("q2", true)}, 20);
    QCOMPARE(view.currentSample(), 1);
    QVERIFY(view.headline().contains(QStringLiteral("2 of 2")));
    QVERIFY(view.passageHtml().contains(QStringLiteral("<b><u>paris</u></b>")));
    // Fewer samples than the selected row: the last one.
    view.setSamples({questionSample("q1", true)}, 30);
    QCOMPARE(view.currentSample(), 0);
    view.clear();
    QCOMPARE(view.sampleCount(), 0);
    QVERIFY(view.passageHtml().isEmpty());
}

namespace {

sa::PredictionSample summarySample(const std::string& id, const std::string& prediction, double rouge2) {
    sa::PredictionSample s;
    s.id = id;
    s.input = "near the river anna , who is a <b>pilot</b> , fed the red cat in rome .";
    s.references = {"Anna fed the cat."};
    s.prediction = prediction;
    s.f1 = rouge2;
    return s;
}

} // namespace

void TestWidgets::samplesHighlightTheWordsSummaryAndReferenceShare() {
    // Case, punctuation around a word and markup do not hide a match; the
    // text is escaped; a word only one side has stays plain.
    const QString html =
        sa::highlightSharedWords(QStringLiteral("anna saw the <dog>"), QStringLiteral("Anna fed the cat."));
    QVERIFY2(html.contains(QStringLiteral(">anna</span>")), qPrintable(html));
    QVERIFY2(html.contains(QStringLiteral(">the</span>")), qPrintable(html));
    QVERIFY2(html.contains(QStringLiteral(" saw ")) && html.contains(QStringLiteral("&lt;dog&gt;")), qPrintable(html));
    QCOMPARE(html.count(QStringLiteral("<span")), 2);
    // A line break separates sentences in both texts (ROUGE-Lsum's form).
    QVERIFY(sa::highlightSharedWords(QStringLiteral("one.\ntwo."), QString()).contains(QStringLiteral("<br>")));
    QVERIFY(sa::highlightSharedWords(QString(), QStringLiteral("anything")).isEmpty());
}

void TestWidgets::samplesKeepEveryEvaluationAndTheSelectedDocument() {
    sa::SamplesView view;
    view.resize(700, 400);
    QCOMPARE(view.evaluationCount(), 0);
    QCOMPARE(view.sampleCount(), 0);
    view.addEvaluation({summarySample("d1", "tom saw a dog.", 0.0), summarySample("d2", "anna fed.", 0.5)}, 50);
    QCOMPARE(view.evaluationCount(), 1);
    QCOMPARE(view.sampleCount(), 2);
    QVERIFY(view.headline().contains(QStringLiteral("50")));
    QVERIFY2(view.headline().contains(QStringLiteral("25.0")), qPrintable(view.headline())); // mean ROUGE-2 of the two
    view.selectSample(1);
    QString html = view.detailHtml();
    QVERIFY2(html.contains(QStringLiteral("&lt;b&gt;pilot&lt;/b&gt;")), qPrintable(html)); // the source, escaped
    QVERIFY2(html.contains(QStringLiteral("Anna</span>")) && html.contains(QStringLiteral("fed</span>")),
             qPrintable(html));
    // The next evaluation is shown with the same document selected; the
    // earlier one stays selectable.
    view.addEvaluation({summarySample("d1", "anna fed the cat.", 1.0), summarySample("d2", "anna fed the cat.", 1.0)},
                       100);
    QCOMPARE(view.evaluationCount(), 2);
    QVERIFY(view.headline().contains(QStringLiteral("100")));
    QVERIFY(view.detailHtml().contains(QStringLiteral("cat.</span>")));
    view.selectEvaluation(0);
    QVERIFY(view.headline().contains(QStringLiteral("50")));
    QVERIFY(!view.detailHtml().contains(QStringLiteral("cat.</span>")));
    QVERIFY(!view.grab().isNull());
    view.clear();
    QCOMPARE(view.evaluationCount(), 0);
    QCOMPARE(view.sampleCount(), 0);
}

namespace {

// 3 sites × 2 sources, each row summing to 1 as a softmax does.
sa::FusionAttention threeByTwo() {
    sa::FusionAttention a;
    a.sites = {"layer 0 ffn", "layer 1 ffn", "layer 2 ffn"};
    a.sources = {"sst-2", "rte"};
    a.values = {0.9, 0.1, 0.25, 0.75, 0.5, 0.5};
    return a;
}

QStringList tickLabels(const QCPAxis* axis) {
    const auto ticker = axis->ticker().dynamicCast<QCPAxisTickerText>();
    return ticker ? QStringList(ticker->ticks().values()) : QStringList();
}

} // namespace

void TestWidgets::fusionStartsWithNoEvaluation() {
    sa::FusionView view;
    QCOMPARE(view.message(), QStringLiteral("No evaluation yet"));
    QCOMPARE(view.siteCount(), 0);
    QCOMPARE(view.sourceCount(), 0);
    QVERIFY(std::isnan(view.cellValue(0, 0)));
    QVERIFY(!view.plot()->toPixmap(300, 200).isNull());
}

void TestWidgets::fusionShowsEverySiteAndSource() {
    const sa::FusionAttention a = threeByTwo();
    sa::FusionView view;
    view.setAttention(a, 40);
    QVERIFY(view.message().isEmpty());
    QCOMPARE(view.siteCount(), 3);
    QCOMPARE(view.sourceCount(), 2);
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 2; ++j)
            QCOMPARE(view.cellValue(i, j), a.at(static_cast<std::size_t>(i), static_cast<std::size_t>(j)));
    QVERIFY(std::isnan(view.cellValue(3, 0)));
    QVERIFY(std::isnan(view.cellValue(0, 2)));
    const QStringList sources{QStringLiteral("sst-2"), QStringLiteral("rte")};
    const QStringList sites{QStringLiteral("layer 0 ffn"), QStringLiteral("layer 1 ffn"),
                            QStringLiteral("layer 2 ffn")};
    QCOMPARE(view.sourceLabels(), sources);
    QCOMPARE(view.siteLabels(), sites);
    QCOMPARE(tickLabels(view.plot()->xAxis), sources);
    QCOMPARE(tickLabels(view.plot()->yAxis), sites);
    // Every cell in view, probabilities on a fixed 0..1 scale.
    QCOMPARE(view.plot()->xAxis->range(), QCPRange(-0.5, 1.5));
    QCOMPARE(view.plot()->yAxis->range(), QCPRange(-0.5, 2.5));
    auto* map = qobject_cast<QCPColorMap*>(view.plot()->plottable(0));
    QVERIFY(map && map->visible());
    QCOMPARE(map->dataRange(), QCPRange(0.0, 1.0));
    // A new evaluation replaces the values.
    sa::FusionAttention later = a;
    later.values = {0.2, 0.8, 0.6, 0.4, 0.3, 0.7};
    view.setAttention(later, 80);
    QCOMPARE(view.cellValue(0, 1), 0.8);
    QCOMPARE(view.cellValue(2, 0), 0.3);
}

void TestWidgets::fusionWritesValuesOnlyInCellsWithRoom() {
    sa::FusionView view;
    view.setAttention(threeByTwo());
    QVERIFY(!view.plot()->toPixmap(800, 500).isNull()); // lays the plot out at that size
    QCOMPARE(view.cellText(0, 0), QLocale().toString(0.9, 'f', 2));
    QCOMPARE(view.cellText(1, 1), QLocale().toString(0.75, 'f', 2));
    QVERIFY(!view.plot()->toPixmap(120, 90).isNull()); // cells a few pixels high
    QVERIFY(view.cellText(0, 0).isEmpty());
}

void TestWidgets::fusionEmptyAttentionSaysNoFusionLayers() {
    sa::FusionView view;
    view.setAttention(threeByTwo(), 10);
    view.setAttention(sa::FusionAttention{}, 20);
    QCOMPARE(view.message(), QStringLiteral("No fusion layers in this run"));
    QCOMPARE(view.siteCount(), 0);
    QVERIFY(tickLabels(view.plot()->xAxis).isEmpty());
    QVERIFY(!view.plot()->plottable(0)->visible());
    view.setAttention(threeByTwo());
    view.clear();
    QCOMPARE(view.message(), QStringLiteral("No evaluation yet"));
    QCOMPARE(view.sourceCount(), 0);
    QVERIFY(view.cellText(0, 0).isEmpty());
}

void TestWidgets::fusionMismatchedAttentionIsNotDrawn() {
    sa::FusionAttention a = threeByTwo();
    a.values.pop_back(); // 5 values for 3 × 2 cells
    sa::FusionView view;
    view.setAttention(a);
    QVERIFY(!view.message().isEmpty());
    QCOMPARE(view.siteCount(), 0);
    QVERIFY(!view.plot()->toPixmap(300, 200).isNull());
}

void TestWidgets::fusionExportPng() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    sa::FusionView view;
    view.setAttention(threeByTwo(), 40);
    const QString path = dir.filePath(QStringLiteral("fusion.png"));
    QVERIFY(view.exportPlot(path));
    QVERIFY(QFileInfo(path).size() > 0);
    const QImage image(path);
    QCOMPARE(image.size(), QSize(800, 500));
    QVERIFY(!image.allGray()); // the coloured cells were drawn
    QVERIFY(!view.exportPlot(dir.filePath(QStringLiteral("fusion.txt"))));
    QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("fusion.png")});
}

void TestWidgets::fusionFromTheLastEvalRecordOfARunFolder() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    {
        QFile config(dir.filePath(QStringLiteral("config.json"))); // a run folder
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("{}");
    }
    QCOMPARE(sa::readRunFusion(dir.path().toStdString()).evaluated, false); // no metrics.jsonl yet

    const sa::FusionAttention first = threeByTwo();
    sa::FusionAttention last = first;
    last.values = {0.6, 0.4, 0.1, 0.9, 0.35, 0.65};
    auto eval = [](int64_t step, const sa::FusionAttention& a) {
        nlohmann::json j = {{"type", "eval"}, {"step", step}, {"metrics", {{"accuracy", 0.5}}}};
        if (!a.empty()) j["fusion_attention"] = sa::fusionAttentionToJson(a);
        return QByteArray::fromStdString(j.dump() + "\n");
    };
    auto write = [&](const QByteArray& lines) {
        QFile file(dir.filePath(QStringLiteral("metrics.jsonl")));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(lines);
    };
    const QByteArray step = R"({"type": "step", "step": 10, "loss": 0.7})"
                            "\n";
    write(step + eval(10, first) + step + eval(20, last) + "\n");
    sa::RunFusion read = sa::readRunFusion(dir.path().toStdString());
    QVERIFY(read.evaluated);
    QCOMPARE(read.step, int64_t(20));
    QCOMPARE(read.attention.sites, last.sites);
    QCOMPARE(read.attention.sources, last.sources);
    QCOMPARE(read.attention.values, last.values);

    // A last evaluation without attention shows none, not an older one.
    write(eval(10, first) + eval(20, sa::FusionAttention{}));
    read = sa::readRunFusion(dir.path().toStdString());
    QVERIFY(read.evaluated);
    QVERIFY(read.attention.empty());

    // A row of the wrong length names the line.
    nlohmann::json bad = sa::fusionAttentionToJson(first);
    bad["probabilities"][1].push_back(0.0);
    write(eval(10, first) +
          QByteArray::fromStdString(nlohmann::json{{"type", "eval"}, {"step", 20}, {"fusion_attention", bad}}.dump()));
    try {
        sa::readRunFusion(dir.path().toStdString());
        QFAIL("a malformed fusion_attention was read");
    } catch (const sa::Error& e) {
        QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("metrics.jsonl:2")), e.what());
    }
}

QTEST_MAIN(TestWidgets)
#include "test_widgets.moc"
