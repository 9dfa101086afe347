// The safetensors reader and writer: round trips of every dtype, zero-copy
// reads that never write back, every fixture file, and a clear error for
// each kind of malformed file.
#include "test_support.h"

#include "error.h"
#include "io/safetensors.h"

#include <QTemporaryDir>

#include <fstream>

class TestSafetensors : public QObject {
    Q_OBJECT

private:
    QTemporaryDir tmp_;

    std::string path(const char* name) const { return QDir(tmp_.path()).filePath(name).toStdString(); }

    // A file with the given header text and `dataBytes` zero bytes of data.
    std::string rawFile(const char* name, const std::string& header, std::size_t dataBytes,
                        int64_t claimedLength = -1) {
        const auto p = path(name);
        std::ofstream out(p, std::ios::binary);
        const std::uint64_t n = claimedLength < 0 ? header.size() : static_cast<std::uint64_t>(claimedLength);
        for (int i = 0; i < 8; ++i)
            out.put(static_cast<char>((n >> (8 * i)) & 0xff));
        out << header << std::string(dataBytes, '\0');
        return p;
    }

private Q_SLOTS:
    void roundTripsEveryDtypeAndMetadata() {
        std::vector<std::pair<std::string, torch::Tensor>> tensors = {
            {"f32", torch::randn({3, 4})},
            {"f64", torch::randn({2}, torch::kFloat64)},
            {"f16", torch::randn({5}).to(torch::kFloat16)},
            {"bf16", torch::randn({2, 3}).to(torch::kBFloat16)},
            {"i64", torch::arange(7, torch::kInt64)},
            {"i32", torch::arange(6, torch::kInt32).view({2, 3})},
            {"i16", torch::arange(3, torch::kInt16)},
            {"i8", torch::arange(-2, 2, torch::kInt8)},
            {"u8", torch::arange(9, torch::kUInt8)},
            {"bool", torch::tensor({true, false, true})},
            {"scalar", torch::tensor(3.5f)},
            {"empty", torch::zeros({0, 4})},
            {"transposed", torch::randn({3, 2}).t()},
        };
        const auto p = path("all.safetensors");
        sa::writeSafetensors(p, tensors, {{"format", "pt"}});
        const auto file = sa::SafetensorsFile::open(p);
        QCOMPARE(file.entries().size(), tensors.size());
        QCOMPARE(QString::fromStdString(file.metadata().at("format")), QStringLiteral("pt"));
        for (const auto& [name, t] : tensors) {
            const auto back = file.tensor(name);
            QVERIFY2(back.scalar_type() == t.scalar_type(), name.c_str());
            QVERIFY2(back.sizes() == t.sizes(), name.c_str());
            QVERIFY2(torch::equal(back, t.contiguous()), name.c_str());
        }
        QCOMPARE(file.entry("scalar").shape.size(), std::size_t(0));
    }

    void headerIsPaddedSoDataIsAligned() {
        const auto p = path("aligned.safetensors");
        sa::writeSafetensors(p, {{"x", torch::ones({3})}});
        std::ifstream in(p, std::ios::binary);
        unsigned char len[8];
        in.read(reinterpret_cast<char*>(len), 8);
        QCOMPARE(int(len[0]) % 8, 0);
    }

    void writingToAViewLeavesTheFileUnchanged() {
        const auto p = path("cow.safetensors");
        sa::writeSafetensors(p, {{"w", torch::zeros({4})}});
        {
            const auto file = sa::SafetensorsFile::open(p);
            auto view = file.tensor("w");
            view.fill_(7.0f);
            QCOMPARE(view[0].item<float>(), 7.0f);
        }
        QVERIFY(torch::equal(sa::SafetensorsFile::open(p).tensor("w"), torch::zeros({4})));
    }

    void tensorOutlivesTheFileObject() {
        const auto p = path("alive.safetensors");
        sa::writeSafetensors(p, {{"w", torch::arange(5, torch::kFloat32)}});
        torch::Tensor t;
        { t = sa::SafetensorsFile::open(p).tensor("w"); }
        QCOMPARE(t[4].item<float>(), 4.0f);
    }

    void readsEveryFixtureFile() {
        SA_REQUIRE_FIXTURE("models");
        int files = 0;
        for (const auto& path : sa_test::filesUnder(sa_test::fixturesRoot(), {QStringLiteral("*.safetensors")})) {
            const auto file = sa::SafetensorsFile::open(path.toStdString());
            for (const auto& e : file.entries()) {
                const auto t = file.tensor(e.name);
                QCOMPARE(static_cast<std::uint64_t>(t.numel() * t.element_size()), e.end - e.begin);
            }
            ++files;
        }
        QVERIFY(files > 0);
    }

    void rejectsMalformedFiles_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("message");
        const std::string good = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
        {
            const auto p = path("short.safetensors");
            std::ofstream(p, std::ios::binary) << "abc";
            QTest::newRow("truncated before the header length") << QString::fromStdString(p) << "truncated";
        }
        QTest::newRow("header length beyond the file")
            << QString::fromStdString(rawFile("long.safetensors", good, 8, 4096)) << "beyond the end";
        QTest::newRow("header not JSON") << QString::fromStdString(rawFile("json.safetensors", "{not json", 8))
                                         << "not valid JSON";
        QTest::newRow("header not an object")
            << QString::fromStdString(rawFile("array.safetensors", "[1,2]", 8)) << "not a JSON object";
        QTest::newRow("unknown dtype") << QString::fromStdString(
                                              rawFile("dtype.safetensors",
                                                      R"({"a":{"dtype":"F8","shape":[2],"data_offsets":[0,2]}})", 2))
                                       << "unknown dtype 'F8'";
        QTest::newRow("shape x dtype != byte range")
            << QString::fromStdString(
                   rawFile("size.safetensors", R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", 8))
            << "shape x dtype needs 12";
        QTest::newRow("offsets beyond the data")
            << QString::fromStdString(rawFile("range.safetensors", good, 4)) << "beyond the data section";
        QTest::newRow("begin after end") << QString::fromStdString(
                                                rawFile("order.safetensors",
                                                        R"({"a":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}})", 8))
                                         << "begin > end";
        QTest::newRow("overlapping offsets")
            << QString::fromStdString(rawFile("overlap.safetensors",
                                              R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                                              R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                                              12))
            << "overlapping";
        QTest::newRow("duplicate names") << QString::fromStdString(
                                                rawFile("dup.safetensors",
                                                        R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                                                        R"("a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                                                        8))
                                         << "duplicate tensor name 'a'";
        QTest::newRow("negative dimension")
            << QString::fromStdString(
                   rawFile("neg.safetensors", R"({"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})", 4))
            << "negative";
        QTest::newRow("missing file") << QString::fromStdString(path("absent.safetensors")) << "cannot open";
    }

    void rejectsMalformedFiles() {
        QFETCH(QString, file);
        QFETCH(QString, message);
        try {
            sa::SafetensorsFile::open(file.toStdString());
            QFAIL("no error raised");
        } catch (const sa::Error& e) {
            const QString what = QString::fromUtf8(e.what());
            QVERIFY2(what.contains(file), qPrintable(what));
            QVERIFY2(what.contains(message), qPrintable(what));
        }
    }

    void rejectsDuplicateNamesOnWrite() {
        QVERIFY_THROWS_EXCEPTION(
            sa::Error, sa::writeSafetensors(path("w.safetensors"), {{"x", torch::ones(1)}, {"x", torch::ones(1)}}));
    }
};

QTEST_GUILESS_MAIN(TestSafetensors)
#include "test_safetensors.moc"
