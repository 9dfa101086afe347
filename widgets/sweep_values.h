// A sweep key's values as the Sweeps tab lets one type them: a JSON list
// ("[64, 128]"), a range "start:stop:step" with the stop included
// ("0.1:0.9:0.2"), or comma-separated values ("snip, random"), each read as
// JSON when it is JSON and as a string otherwise, as `--set` reads a value.
#pragma once

#include <nlohmann/json.hpp>

#include <QCoreApplication>
#include <QString>

#include <vector>

namespace sa {

struct SweepValues {
    std::vector<nlohmann::json> values;
    QString error; // names the key; empty when `values` holds the list
};

class SweepValuesText {
    Q_DECLARE_TR_FUNCTIONS(SweepValuesText)

public:
    static SweepValues parse(const QString& key, const QString& text);
};

} // namespace sa
