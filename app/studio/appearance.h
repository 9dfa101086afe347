// The Studio's look and language (View ▸ Theme, View ▸ Language), kept in
// QSettings. The theme applies at once; the language at the next start,
// since Qt widgets built before a translator is installed keep their text.
#pragma once

#include <QString>
#include <QStringList>

class QApplication;

namespace sa {

enum class Theme { System, Light, Dark };

Theme savedTheme();
void saveTheme(Theme theme);
// Fusion with a light or dark palette; System restores the style and
// palette the application started with.
void applyTheme(Theme theme);

// "" (the system's locale), "en" or "zh_CN".
QStringList availableLanguages();
QString savedLanguage();
void saveLanguage(const QString& language);
// The language's own name ("English", "简体中文"); "" gives "System".
QString languageDisplayName(const QString& language);
// Installs Qt's and the Studio's translations for `language` ("" = the
// system locale); a language without a translation leaves the English
// source text. Returns whether the Studio's own translation was found.
bool installTranslations(const QString& language);

} // namespace sa
