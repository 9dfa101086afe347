// Parameter counts as the widgets show them.
#pragma once

#include <QLocale>
#include <QString>

#include <cstdint>

namespace sa {

// With thousands separators ("124,439,808") in every locale: the C locale
// omits them by default, so they are asked for explicitly.
inline QString countText(int64_t n) {
    QLocale locale;
    locale.setNumberOptions(locale.numberOptions() & ~QLocale::OmitGroupSeparator);
    return locale.toString(static_cast<qlonglong>(n));
}

} // namespace sa
