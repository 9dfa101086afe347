#include "sweep_values.h"

#include "experiment/experiment_config.h"

#include <QRegularExpression>
#include <QStringList>

#include <cmath>
#include <string>

namespace sa {

namespace {

// A range longer than this is a typo, not a sweep.
constexpr long long kMaxRangeValues = 10000;

nlohmann::json fromTypedText(const QString& item) {
    return overrideValue(item.toStdString());
}

bool isInteger(const QString& number) {
    return !number.contains(QLatin1Char('.')) && !number.contains(QLatin1Char('e'), Qt::CaseInsensitive);
}

SweepValues parseRange(const QString& key, const QStringList& parts) {
    SweepValues out;
    bool ok[3] = {};
    const double start = parts[0].trimmed().toDouble(&ok[0]);
    const double stop = parts[1].trimmed().toDouble(&ok[1]);
    const double step = parts[2].trimmed().toDouble(&ok[2]);
    if (!ok[0] || !ok[1] || !ok[2] || !std::isfinite(start) || !std::isfinite(stop) || !std::isfinite(step)) {
        out.error = SweepValuesText::tr("%1: a range is start:stop:step in numbers, got '%2'")
                        .arg(key, parts.join(QLatin1Char(':')));
        return out;
    }
    if (step == 0.0 || (stop - start) / step < 0.0) {
        out.error = SweepValuesText::tr("%1: the step %2 does not lead from %3 to %4")
                        .arg(key, parts[2].trimmed(), parts[0].trimmed(), parts[1].trimmed());
        return out;
    }
    // The stop is included when the steps land on it up to rounding
    // (0.1 + 4 × 0.2 is 0.9000000000000001).
    const double steps = std::floor((stop - start) / step + 1e-9);
    if (steps + 1 > kMaxRangeValues) {
        out.error = SweepValuesText::tr("%1: the range makes more than %2 values").arg(key).arg(kMaxRangeValues);
        return out;
    }
    const bool integers = isInteger(parts[0]) && isInteger(parts[1]) && isInteger(parts[2]);
    for (long long i = 0; i <= static_cast<long long>(steps); ++i) {
        const double v = start + static_cast<double>(i) * step;
        if (integers)
            out.values.emplace_back(static_cast<long long>(std::llround(v)));
        else // 12 significant digits: 0.30000000000000004 is written 0.3, as typed
            out.values.emplace_back(std::stod(QString::number(v, 'g', 12).toStdString()));
    }
    return out;
}

} // namespace

SweepValues SweepValuesText::parse(const QString& key, const QString& text) {
    const QString t = text.trimmed();
    SweepValues out;
    if (t.isEmpty()) {
        out.error = tr("%1: no values").arg(key);
        return out;
    }
    if (t.startsWith(QLatin1Char('['))) {
        nlohmann::json list; // null when the text is no JSON
        try {
            list = nlohmann::json::parse(t.toStdString());
        } catch (const nlohmann::json::exception&) {}
        if (!list.is_array())
            out.error = tr("%1: '%2' is not a JSON list").arg(key, t);
        else
            out.values.assign(list.begin(), list.end());
        return out;
    }
    const QStringList parts = t.split(QLatin1Char(':'));
    static const QRegularExpression number(QStringLiteral("^\\s*[-+]?[0-9.eE+-]+\\s*$"));
    if (parts.size() == 3 && number.match(parts[0]).hasMatch()) return parseRange(key, parts);
    for (const QString& item : t.split(QLatin1Char(','))) {
        if (item.trimmed().isEmpty()) {
            out.values.clear();
            out.error = tr("%1: an empty value in '%2'").arg(key, t);
            return out;
        }
        out.values.push_back(fromTypedText(item.trimmed()));
    }
    return out;
}

} // namespace sa
