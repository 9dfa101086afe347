// Shared helpers for the Qt Test executables: where the reference fixtures
// and the benchmark data live. Both roots come from the environment so the
// same tests run unchanged on any other fixture set of the same layout.
#pragma once

#include "error.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QString>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string>

namespace sa_test {

// SPARSEADAPTER_FIXTURES, else ../shared/fixtures beside the source tree.
inline QString fixturesRoot() {
    const QByteArray env = qgetenv("SPARSEADAPTER_FIXTURES");
    if (!env.isEmpty()) return QDir::cleanPath(QString::fromLocal8Bit(env));
    return QDir::cleanPath(QStringLiteral(SPARSEADAPTER_SOURCE_DIR "/../shared/fixtures"));
}

// SPARSEADAPTER_DATA, else ../shared/data beside the source tree.
inline QString dataRoot() {
    const QByteArray env = qgetenv("SPARSEADAPTER_DATA");
    if (!env.isEmpty()) return QDir::cleanPath(QString::fromLocal8Bit(env));
    return QDir::cleanPath(QStringLiteral(SPARSEADAPTER_SOURCE_DIR "/../shared/data"));
}

inline std::string fixturePath(const QString& relative) {
    return QDir(fixturesRoot()).filePath(relative).toStdString();
}

// Every <fixtures>/models/<name> that holds a config.json, as full paths.
inline QStringList fixtureModelDirs() {
    QDir models(QDir(fixturesRoot()).filePath(QStringLiteral("models")));
    QStringList out;
    for (const auto& d : models.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
        if (QFileInfo::exists(models.filePath(d + QStringLiteral("/config.json")))) out << models.filePath(d);
    return out;
}

// Every file named like one of `nameFilters` below `root`, sorted, through
// symbolic links too: a fixture root may be a tree of links to other sets.
inline QStringList filesUnder(const QString& root, const QStringList& nameFilters) {
    QStringList out;
    QDirIterator it(root, nameFilters, QDir::Files, QDirIterator::Subdirectories | QDirIterator::FollowSymlinks);
    while (it.hasNext())
        out << it.next();
    out.sort();
    return out;
}

// A fixture JSON file; a missing or malformed file fails the test loudly.
inline nlohmann::json readJson(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path);
    return nlohmann::json::parse(in);
}
inline nlohmann::json readJson(const QString& path) {
    return readJson(path.toStdString());
}

// A density the reference computed in float32 (a fixture's "achieved
// density") as the kept count it stands for: compare counts exactly and
// densities only within float32's resolution.
inline std::int64_t keptCountOf(double density, std::int64_t total) {
    return std::llround(density * static_cast<double>(total));
}
constexpr double kFloat32DensityTolerance = 1e-6;

// The sa::Error message `call` throws; empty when it throws nothing.
inline QString errorOf(const std::function<void()>& call) {
    try {
        call();
    } catch (const sa::Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

inline void writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size()) qFatal("cannot write %s", qPrintable(path));
}

} // namespace sa_test

// Skips the current test, saying which fixture is missing, when the fixture
// root (or a file/folder below it) is absent: a fresh clone without ../shared
// still passes, and CI always has it.
#define SA_REQUIRE_FIXTURE(relative)                                                                                   \
    do {                                                                                                               \
        const QString sa_path_ = QDir(sa_test::fixturesRoot()).filePath(relative);                                     \
        if (!QFileInfo::exists(sa_path_))                                                                              \
            QSKIP(qPrintable(QStringLiteral("fixture not found: %1 (set SPARSEADAPTER_FIXTURES)").arg(sa_path_)));     \
    } while (0)
