#include "config_document.h"

#include "experiment/experiment_config.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QLatin1Char>
#include <QSet>

#include <exception>

namespace sa {

namespace {

QJsonObject parseObject(const std::string& json) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(json)).object();
}

} // namespace

QJsonObject defaultConfigDocument() {
    return parseObject(ExperimentConfig{}.toJson());
}

QJsonObject adapterPresetDefaults(const QJsonObject& adapter) {
    try {
        return parseObject(AdapterOptions::preset(adapter.value(QStringLiteral("preset")).toString().toStdString(),
                                                  adapter.value(QStringLiteral("bottleneck")).toInteger())
                               .toJson());
    } catch (const std::exception&) {
        return {};
    }
}

bool sameConfigValue(const QJsonValue& a, const QJsonValue& b) {
    if (a.isDouble() && b.isDouble()) return a.toDouble() == b.toDouble();
    return a == b;
}

QPair<QString, QString> splitConfigKey(const QString& key) {
    const auto dot = key.indexOf(QLatin1Char('.'));
    return dot < 0 ? qMakePair(key, QString()) : qMakePair(key.left(dot), key.mid(dot + 1));
}

QJsonValue configValue(const QJsonObject& doc, const QString& key) {
    const auto [section, leaf] = splitConfigKey(key);
    return leaf.isEmpty() ? doc.value(section) : doc.value(section).toObject().value(leaf);
}

void putConfigValue(QJsonObject& doc, const QString& key, const QJsonValue& value) {
    const auto [section, leaf] = splitConfigKey(key);
    if (leaf.isEmpty()) {
        doc.insert(section, value);
        return;
    }
    QJsonObject sub = doc.value(section).toObject();
    if (value.isUndefined())
        sub.remove(leaf);
    else
        sub.insert(leaf, value);
    doc.insert(section, sub);
}

QString configKeyOfMessage(const QString& message) {
    static const QSet<QString> keys = [] {
        QSet<QString> k;
        for (const auto& key : experimentConfigKeys())
            k.insert(QString::fromStdString(key));
        return k;
    }();
    for (qsizetype open = message.indexOf(QLatin1Char('\'')); open >= 0;) {
        const auto close = message.indexOf(QLatin1Char('\''), open + 1);
        if (close < 0) break;
        const QString quoted = message.mid(open + 1, close - open - 1);
        if (keys.contains(quoted) || message.startsWith(QStringLiteral("unknown key"))) return quoted;
        open = message.indexOf(QLatin1Char('\''), close + 1);
    }
    if (message.startsWith(QStringLiteral("adapter "))) return QStringLiteral("adapter.preset");
    return {};
}

} // namespace sa
