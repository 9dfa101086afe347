// Paths between Qt and core: core takes and gives std::string in the
// platform's file-name encoding (what QFile::encodeName makes), not UTF-8.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>

#include <string>

namespace sa {

inline std::string toCorePath(const QString& path) {
    return QFile::encodeName(path).toStdString();
}

inline QString fromCorePath(const std::string& path) {
    return QFile::decodeName(QByteArray::fromStdString(path));
}

} // namespace sa
