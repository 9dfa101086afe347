// The torch.save zip reader: every fixture pytorch_model.bin must decode to
// exactly the tensors of its sibling model.safetensors, and malformed or
// hostile files must be refused with an sa::Error naming the file and the
// problem, never crash or execute anything.
#include "error.h"
#include "io/dtype.h"
#include "io/torch_pickle.h"
#include "test_support.h"

#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtEndian>

#include <map>

namespace {

struct SafeTensor {
    QString dtype;
    std::vector<int64_t> shape;
    QByteArray bytes;
};

// Parsed here rather than through core's safetensors reader, so the two
// readers check each other: 8-byte LE header length, JSON header, data.
std::map<QString, SafeTensor> readSafetensors(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) qFatal("cannot open %s", qPrintable(path));
    const QByteArray all = file.readAll();
    const quint64 headerLength = qFromLittleEndian<quint64>(all.constData());
    const QJsonObject header = QJsonDocument::fromJson(all.mid(8, qsizetype(headerLength))).object();
    const qsizetype dataStart = qsizetype(8 + headerLength);
    std::map<QString, SafeTensor> tensors;
    for (auto it = header.begin(); it != header.end(); ++it) {
        if (it.key() == QLatin1String("__metadata__")) continue;
        const QJsonObject entry = it.value().toObject();
        SafeTensor tensor;
        tensor.dtype = entry.value(QLatin1String("dtype")).toString();
        for (const QJsonValue dim : entry.value(QLatin1String("shape")).toArray())
            tensor.shape.push_back(int64_t(dim.toDouble()));
        const QJsonArray offsets = entry.value(QLatin1String("data_offsets")).toArray();
        const qsizetype begin = qsizetype(offsets.at(0).toDouble());
        const qsizetype end = qsizetype(offsets.at(1).toDouble());
        tensor.bytes = all.mid(dataStart + begin, end - begin);
        tensors[it.key()] = tensor;
    }
    return tensors;
}

// The strided view copied out in row-major order, as safetensors stores it.
QByteArray contiguousBytes(const sa::RawTensor& t) {
    const int64_t elementSize = int64_t(sa::dtypeSize(*sa::parseDType(t.dtype)));
    int64_t numel = 1;
    for (int64_t size : t.shape)
        numel *= size;
    const char* storage = reinterpret_cast<const char*>(t.storage_bytes->data());
    QByteArray out;
    out.reserve(qsizetype(numel * elementSize));
    std::vector<int64_t> index(t.shape.size(), 0);
    for (int64_t i = 0; i < numel; ++i) {
        int64_t offset = t.storage_offset;
        for (size_t d = 0; d < index.size(); ++d)
            offset += index[d] * t.strides[d];
        out.append(storage + offset * elementSize, qsizetype(elementSize));
        for (size_t d = index.size(); d-- > 0;) {
            if (++index[d] < t.shape[d]) break;
            index[d] = 0;
        }
    }
    return out;
}

void appendLe(QByteArray& out, quint64 value, int bytes) {
    for (int i = 0; i < bytes; ++i)
        out.append(char((value >> (8 * i)) & 0xff));
}

struct ZipMember {
    QByteArray name;
    QByteArray data;
    quint16 method = 0;
};

// Plain bitwise CRC-32 (zip's polynomial), so the hand-written archives are
// valid for any zip tool, although the reader under test skips CRCs.
quint32 crc32(const QByteArray& data) {
    quint32 crc = 0xffffffff;
    for (const char c : data) {
        crc ^= quint8(c);
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc >> 1) ^ (0xedb88320 & (0u - (crc & 1)));
    }
    return ~crc;
}

// A minimal zip writer.
// With `zip64`, the end record and every local-header offset are saturated
// and the real values live in ZIP64 records, as for checkpoints over 4 GiB.
QByteArray makeZip(const QList<ZipMember>& members, bool zip64 = false) {
    QByteArray out, directory;
    for (const ZipMember& m : members) {
        const quint64 localOffset = quint64(out.size());
        appendLe(out, 0x04034b50, 4);
        appendLe(out, 20, 2);
        appendLe(out, 0, 2);
        appendLe(out, m.method, 2);
        appendLe(out, 0, 4); // time, date
        appendLe(out, crc32(m.data), 4);
        appendLe(out, quint64(m.data.size()), 4);
        appendLe(out, quint64(m.data.size()), 4);
        appendLe(out, quint64(m.name.size()), 2);
        appendLe(out, 0, 2);
        out += m.name + m.data;

        appendLe(directory, 0x02014b50, 4);
        appendLe(directory, 20, 2);
        appendLe(directory, 20, 2);
        appendLe(directory, 0, 2);
        appendLe(directory, m.method, 2);
        appendLe(directory, 0, 4); // time, date
        appendLe(directory, crc32(m.data), 4);
        appendLe(directory, quint64(m.data.size()), 4);
        appendLe(directory, quint64(m.data.size()), 4);
        appendLe(directory, quint64(m.name.size()), 2);
        appendLe(directory, zip64 ? 12 : 0, 2);
        appendLe(directory, 0, 2); // comment length
        appendLe(directory, 0, 4); // disk, internal attributes
        appendLe(directory, 0, 4); // external attributes
        appendLe(directory, zip64 ? 0xffffffff : localOffset, 4);
        directory += m.name;
        if (zip64) {
            appendLe(directory, 0x0001, 2);
            appendLe(directory, 8, 2);
            appendLe(directory, localOffset, 8);
        }
    }
    const quint64 directoryOffset = quint64(out.size());
    out += directory;
    if (zip64) {
        const quint64 recordOffset = quint64(out.size());
        appendLe(out, 0x06064b50, 4);
        appendLe(out, 44, 8);
        appendLe(out, 45, 2);
        appendLe(out, 45, 2);
        appendLe(out, 0, 8); // disks
        appendLe(out, quint64(members.size()), 8);
        appendLe(out, quint64(members.size()), 8);
        appendLe(out, quint64(directory.size()), 8);
        appendLe(out, directoryOffset, 8);
        appendLe(out, 0x07064b50, 4);
        appendLe(out, 0, 4);
        appendLe(out, recordOffset, 8);
        appendLe(out, 1, 4);
    }
    appendLe(out, 0x06054b50, 4);
    appendLe(out, 0, 4);
    appendLe(out, zip64 ? 0xffff : quint64(members.size()), 2);
    appendLe(out, zip64 ? 0xffff : quint64(members.size()), 2);
    appendLe(out, zip64 ? 0xffffffff : quint64(directory.size()), 4);
    appendLe(out, zip64 ? 0xffffffff : directoryOffset, 4);
    appendLe(out, 0, 2);
    return out;
}

QByteArray binUnicode(const QByteArray& text) {
    QByteArray out("X");
    appendLe(out, quint64(text.size()), 4);
    return out + text;
}

QByteArray binInt1Tuple2(int a, int b) {
    return QByteArray("K") + char(a) + "K" + char(b) + "\x86";
}

// A one-tensor state dict {"w": FloatStorage "0" of `numel` viewed as
// `shape` 2x2}, written with the opcodes torch.save uses.
QByteArray statePickle(const QByteArray& dictGlobal = "collections\nOrderedDict\n", int numel = 4, int rows = 2,
                       int cols = 2) {
    QByteArray p("\x80\x02", 2);
    p += "c" + dictGlobal + ")R(" + binUnicode("w");
    p += "ctorch._utils\n_rebuild_tensor_v2\n((" + binUnicode("storage");
    p += "ctorch\nFloatStorage\n" + binUnicode("0") + binUnicode("cpu");
    p += QByteArray("K") + char(numel) + "tQ";
    p += QByteArray("K\0", 2) + binInt1Tuple2(rows, cols) + binInt1Tuple2(cols, 1);
    p += "\x89}tRu.";
    return p;
}

QByteArray floats(int count) {
    return QByteArray(count * 4, '\x01');
}

QByteArray stateZip(const QByteArray& pickle, bool zip64 = false) {
    return makeZip({{"archive/data.pkl", pickle}, {"archive/data/0", floats(4)}}, zip64);
}

} // namespace

class TestTorchPickle : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyFixtureBinMatchesItsSafetensors();
    void handWrittenZipIsRead();
    void zip64ArchiveIsRead();
    void malformedCheckpointIsRefused_data();
    void malformedCheckpointIsRefused();
};

void TestTorchPickle::everyFixtureBinMatchesItsSafetensors() {
    SA_REQUIRE_FIXTURE("models");
    QDirIterator models(QDir(sa_test::fixturesRoot()).filePath(QStringLiteral("models")),
                        QDir::Dirs | QDir::NoDotAndDotDot);
    int checked = 0;
    while (models.hasNext()) {
        const QDir dir(models.next());
        const QString bin = dir.filePath(QStringLiteral("pytorch_model.bin"));
        if (!QFileInfo::exists(bin)) continue;
        const auto safetensors = readSafetensors(dir.filePath(QStringLiteral("model.safetensors")));

        QFile referenceFile(dir.filePath(QStringLiteral("reference.json")));
        QVERIFY2(referenceFile.open(QIODevice::ReadOnly), qPrintable(referenceFile.fileName()));
        const QJsonObject tied = QJsonDocument::fromJson(referenceFile.readAll())
                                     .object()
                                     .value(QLatin1String("tied_weights_omitted_from_safetensors"))
                                     .toObject();

        const auto tensors = sa::readTorchZipStateDict(bin.toStdString());
        std::map<QString, const sa::RawTensor*> byName;
        for (const auto& [name, tensor] : tensors)
            byName[QString::fromStdString(name)] = &tensor;
        QCOMPARE(byName.size(), safetensors.size() + size_t(tied.size()));

        for (const auto& [name, tensor] : byName) {
            const QString context = dir.dirName() + QLatin1Char('/') + name;
            const QString target = tied.value(name).toString(name);
            const auto expected = safetensors.find(target);
            QVERIFY2(expected != safetensors.end(), qPrintable(context + " not in safetensors"));
            QCOMPARE(QString::fromStdString(tensor->dtype), expected->second.dtype);
            QCOMPARE(tensor->shape, expected->second.shape);
            QVERIFY2(contiguousBytes(*tensor) == expected->second.bytes, qPrintable(context));
            if (target != name) {
                // Tied weights are one storage in the checkpoint, not copies.
                QCOMPARE(tensor->storage_key, byName.at(target)->storage_key);
                QCOMPARE(tensor->storage_bytes.get(), byName.at(target)->storage_bytes.get());
            }
        }
        ++checked;
    }
    if (checked == 0) QSKIP("no models/*/pytorch_model.bin under the fixture root");
}

void TestTorchPickle::handWrittenZipIsRead() {
    // Guards the malformed cases below: the unmodified hand-written file
    // (top folder "archive", unlike the fixtures) must load.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("ok.bin"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(stateZip(statePickle()));
    file.close();
    const auto tensors = sa::readTorchZipStateDict(path.toStdString());
    QCOMPARE(tensors.size(), size_t(1));
    QCOMPARE(tensors[0].first, std::string("w"));
    QCOMPARE(tensors[0].second.dtype, std::string("F32"));
    QCOMPARE(tensors[0].second.shape, (std::vector<int64_t>{2, 2}));
    QCOMPARE(tensors[0].second.strides, (std::vector<int64_t>{2, 1}));
    QCOMPARE(tensors[0].second.storage_key, std::string("0"));
    QCOMPARE(tensors[0].second.storage_bytes->size(), size_t(16));
}

void TestTorchPickle::zip64ArchiveIsRead() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("zip64.bin"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(stateZip(statePickle(), /*zip64=*/true));
    file.close();
    const auto tensors = sa::readTorchZipStateDict(path.toStdString());
    QCOMPARE(tensors.size(), size_t(1));
    QCOMPARE(tensors[0].second.storage_bytes->size(), size_t(16));
}

void TestTorchPickle::malformedCheckpointIsRefused_data() {
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("problem");

    const QByteArray good = stateZip(statePickle());
    QTest::newRow("truncated") << good.left(good.size() / 2) << QStringLiteral("truncated");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("not a zip archive");
    QTest::newRow("not a zip") << QByteArray("plain text, no archive here") << QStringLiteral("not a zip archive");
    QTest::newRow("legacy format") << QByteArray("\x80\x02\x8a\x0a\x6c\xfc\x9c\x46", 8) << QStringLiteral("legacy");
    QTest::newRow("no data.pkl") << makeZip({{"archive/data/0", floats(4)}}) << QStringLiteral("data.pkl");
    QTest::newRow("refused global") << stateZip(statePickle("os\nsystem\n"))
                                    << QStringLiteral("refused global 'os system'");
    QTest::newRow("refused callable storage")
        << stateZip(statePickle("torch\nFloatStorage\n")) << QStringLiteral("cannot be called");
    QTest::newRow("unknown opcode") << stateZip(QByteArray("\x80\x02\xff.", 4)) << QStringLiteral("opcode 0xff");
    QTest::newRow("stack underflow") << stateZip(QByteArray("\x80\x02.", 3)) << QStringLiteral("stack underflow");
    QTest::newRow("pickle without STOP") << stateZip(statePickle().chopped(1)) << QStringLiteral("without STOP");
    QTest::newRow("missing storage record")
        << makeZip({{"archive/data.pkl", statePickle()}}) << QStringLiteral("missing storage record 'archive/data/0'");
    QTest::newRow("compressed entry") << makeZip(
                                             {{"archive/data.pkl", statePickle(), 8}, {"archive/data/0", floats(4)}})
                                      << QStringLiteral("compressed");
    QTest::newRow("storage shorter than declared")
        << makeZip({{"archive/data.pkl", statePickle()}, {"archive/data/0", floats(3)}})
        << QStringLiteral("holds 12 bytes");
    QTest::newRow("tensor beyond its storage") << stateZip(statePickle("collections\nOrderedDict\n", 4, 3, 2))
                                               << QStringLiteral("tensor 'w' exceeds its storage");

    // A real fixture with its end cut off.
    const QString fixture =
        QDir(sa_test::fixturesRoot()).filePath(QStringLiteral("models/tiny-bert/pytorch_model.bin"));
    QFile real(fixture);
    if (real.open(QIODevice::ReadOnly)) {
        const QByteArray bytes = real.readAll();
        QTest::newRow("fixture cut in half") << bytes.left(bytes.size() / 2) << QStringLiteral("truncated");
        // Directory intact, but it claims data.pkl runs far past the end.
        QByteArray oversized = bytes;
        qsizetype record = -1;
        for (qsizetype at = bytes.lastIndexOf("/data.pkl"); at >= 0 && record < 0;
             at = bytes.lastIndexOf("/data.pkl", at - 1)) {
            for (qsizetype start = at; start >= 0 && start > at - 46 - 256; --start)
                if (bytes.mid(start, 4) == QByteArray("PK\x01\x02", 4)) {
                    record = start;
                    break;
                }
        }
        QVERIFY(record >= 0);
        for (int field : {20, 24})
            oversized.replace(record + field, 4, QByteArray(4, '\x7f'));
        QTest::newRow("fixture entry past the end") << oversized << QStringLiteral("truncated");
    }
}

void TestTorchPickle::malformedCheckpointIsRefused() {
    QFETCH(QByteArray, content);
    QFETCH(QString, problem);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.bin"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    try {
        sa::readTorchZipStateDict(path.toStdString());
        QFAIL("no sa::Error thrown");
    } catch (const sa::Error& e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.startsWith(path + QLatin1String(": ")), qPrintable(message));
        QVERIFY2(message.contains(problem), qPrintable(message));
    }
}

QTEST_GUILESS_MAIN(TestTorchPickle)
#include "test_torch_pickle.moc"
