// The experiment form's ExperimentConfig as a JSON document addressed by
// dotted keys ("pruning.sparsity", "model").
#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QPair>
#include <QString>
#include <QStringList>

namespace sa {

// ExperimentConfig{}'s JSON; with a task name core knows, its family's task
// section ("squad": max_seq_length 384, doc_stride, …).
QJsonObject defaultConfigDocument(const QString& taskName = QString());
// The form's document for `given`: the defaults of its task's family with the
// given keys, the adapter section only its preset, bottleneck and the options that
// differ from that preset's (fromJson derives the rest, and so does the form
// when the preset or bottleneck changes). Keys ExperimentConfig does not have
// are left out and appended, dotted, to `ignored`.
QJsonObject formConfigDocument(const QJsonObject& given, QStringList& ignored);
// The task family of a task name ("classification", "question_answering");
// empty for a name core refuses.
QString taskFamilyOf(const QString& taskName);
// What AdapterOptions' preset sets (for "fusion" AdapterOptions{}, as core
// reads it); empty for a preset core refuses.
QJsonObject adapterPresetDefaults(const QJsonObject& adapter);
// 4 and 4.0 are the same config value, whatever JSON spelling Qt keeps.
bool sameConfigValue(const QJsonValue& a, const QJsonValue& b);

// adapter.fusion as core reads it when only the preset "fusion" is given
// (FusionConfig{}: "dynamic", its switches, "prune" false), without sources.
QJsonObject fusionSectionDefaults();

// "task.name" → ("task", "name"); "adapter.fusion.prune" → ("adapter",
// "fusion.prune"); "model" → ("model", "").
QPair<QString, QString> splitConfigKey(const QString& key);
// Any depth: "adapter.fusion.preset" is adapter's fusion object's preset.
QJsonValue configValue(const QJsonObject& doc, const QString& key);
// An undefined `value` removes the key; missing objects on the way are made.
void putConfigValue(QJsonObject& doc, const QString& key, const QJsonValue& value);

} // namespace sa
