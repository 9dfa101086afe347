// The model fixtures (models/<name>/ with a reference.json) as test inputs.
#pragma once

#include "test_support.h"

namespace sa_test {

// Every models/<dir> that has a reference.json, as full paths.
inline QStringList referenceModelDirs() {
    QDir models(QDir(fixturesRoot()).filePath(QStringLiteral("models")));
    QStringList out;
    for (const auto& d : models.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
        if (QFileInfo::exists(models.filePath(d + QStringLiteral("/reference.json")))) out << models.filePath(d);
    return out;
}

} // namespace sa_test
