#include "config_document.h"

#include "experiment/experiment_config.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QLatin1Char>

#include <exception>

namespace sa {

namespace {

QJsonObject parseObject(const std::string& json) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(json)).object();
}

} // namespace

QJsonObject defaultConfigDocument(const QString& taskName) {
    ExperimentConfig c;
    if (!taskFamilyOf(taskName).isEmpty()) c.task = TaskConfig::defaultsFor(taskName.toStdString());
    return parseObject(c.toJson());
}

QString taskFamilyOf(const QString& taskName) {
    try {
        return QString::fromLatin1(taskFamilyName(taskSpecByName(taskName.toStdString()).family));
    } catch (const std::exception&) {
        return {};
    }
}

QJsonObject formConfigDocument(const QJsonObject& given, QStringList& ignored) {
    const QJsonValue givenTask = given.value(QStringLiteral("task")).toObject().value(QStringLiteral("name"));
    const QJsonObject defaults = defaultConfigDocument(givenTask.toString());
    QJsonObject doc = defaults;
    // The default adapter section is houlsby's resolved options: merged under
    // another preset (or bottleneck) they would stay as overrides.
    const QJsonObject defaultAdapter = defaults.value(QStringLiteral("adapter")).toObject();
    doc.insert(QStringLiteral("adapter"),
               QJsonObject{{QStringLiteral("preset"), defaultAdapter.value(QStringLiteral("preset"))},
                           {QStringLiteral("bottleneck"), defaultAdapter.value(QStringLiteral("bottleneck"))}});
    for (auto it = given.begin(); it != given.end(); ++it) {
        if (!defaults.contains(it.key())) {
            ignored << it.key();
            continue;
        }
        if (!it.value().isObject() || !defaults.value(it.key()).isObject()) {
            doc.insert(it.key(), it.value()); // a wrong type included: kept, so that core explains it
            continue;
        }
        QJsonObject known = defaults.value(it.key()).toObject();
        // Written by core with preset "fusion" only, so not among the
        // defaults; core explains it beside another preset.
        if (it.key() == QLatin1String("adapter")) known.insert(QStringLiteral("fusion"), QJsonValue());
        QJsonObject section = doc.value(it.key()).toObject();
        const QJsonObject values = it.value().toObject();
        for (auto v = values.begin(); v != values.end(); ++v) {
            if (known.contains(v.key()))
                section.insert(v.key(), v.value());
            else
                ignored << it.key() + QLatin1Char('.') + v.key();
        }
        doc.insert(it.key(), section);
    }
    // Only what differs from the preset is kept, so that a new preset (or
    // bottleneck) re-derives the rest, as applyOverride does (core's rule).
    if (doc.value(QStringLiteral("adapter")).isObject()) {
        const QJsonDocument adapter(doc.value(QStringLiteral("adapter")).toObject());
        doc.insert(QStringLiteral("adapter"),
                   parseObject(adapterOverrides(adapter.toJson(QJsonDocument::Compact).toStdString())));
    }
    return doc;
}

QJsonObject adapterPresetDefaults(const QJsonObject& adapter) {
    // A fusion run attaches its sources' adapters: its own options are
    // AdapterOptions{} (none), as core's parser has it.
    if (adapter.value(QStringLiteral("preset")).toString() == QLatin1String(kFusionPreset))
        return parseObject(AdapterOptions{}.toJson());
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
    const auto [section, rest] = splitConfigKey(key);
    return rest.isEmpty() ? doc.value(section) : configValue(doc.value(section).toObject(), rest);
}

void putConfigValue(QJsonObject& doc, const QString& key, const QJsonValue& value) {
    const auto [section, rest] = splitConfigKey(key);
    if (rest.isEmpty()) {
        if (value.isUndefined())
            doc.remove(section);
        else
            doc.insert(section, value);
        return;
    }
    QJsonObject sub = doc.value(section).toObject();
    putConfigValue(sub, rest, value);
    doc.insert(section, sub);
}

QJsonObject fusionSectionDefaults() {
    ExperimentConfig c;
    c.adapter.preset = kFusionPreset;
    QJsonObject fusion =
        parseObject(c.toJson()).value(QStringLiteral("adapter")).toObject().value(QStringLiteral("fusion")).toObject();
    fusion.remove(QStringLiteral("sources"));
    return fusion;
}

} // namespace sa
