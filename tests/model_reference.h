// The model fixtures (models/<name>/ with a reference.json) as test inputs.
#pragma once

#include "test_support.h"

namespace sa_test {

// Every models/<dir> that has a reference.json, as full paths.
inline QStringList referenceModelDirs() {
    QStringList out;
    for (const auto& dir : fixtureModelDirs())
        if (QFileInfo::exists(dir + QStringLiteral("/reference.json"))) out << dir;
    return out;
}

} // namespace sa_test
