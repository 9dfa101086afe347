#include "appearance.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QPalette>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>
#include <QTranslator>

namespace sa {

namespace {

const QString kThemeKey = QStringLiteral("appearance/theme");
const QString kLanguageKey = QStringLiteral("appearance/language");

struct Startup {
    QString style;
    QPalette palette;
};

// The platform's look, remembered before the first theme change.
Startup& startup() {
    static Startup s{QApplication::style()->name(), QApplication::palette()};
    return s;
}

QPalette darkPalette() {
    QPalette p;
    const QColor window(45, 45, 48), base(30, 30, 32), text(220, 220, 220), accent(42, 130, 218);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(140, 140, 140));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(255, 90, 90));
    p.setColor(QPalette::Link, accent.lighter(130));
    p.setColor(QPalette::Highlight, accent);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Light, window.lighter(150));
    p.setColor(QPalette::Midlight, window.lighter(120));
    p.setColor(QPalette::Mid, window.darker(120));
    p.setColor(QPalette::Dark, window.darker(150));
    p.setColor(QPalette::Shadow, Qt::black);
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, QColor(120, 120, 120));
    return p;
}

} // namespace

Theme savedTheme() {
    const QString name = QSettings().value(kThemeKey).toString();
    if (name == QLatin1String("light")) return Theme::Light;
    if (name == QLatin1String("dark")) return Theme::Dark;
    return Theme::System;
}

void saveTheme(Theme theme) {
    static const char* const names[] = {"system", "light", "dark"};
    QSettings().setValue(kThemeKey, QLatin1String(names[static_cast<int>(theme)]));
}

void applyTheme(Theme theme) {
    const Startup& original = startup();
    switch (theme) {
    case Theme::System:
        QApplication::setStyle(QStyleFactory::create(original.style));
        QApplication::setPalette(original.palette);
        break;
    case Theme::Light:
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(QApplication::style()->standardPalette());
        break;
    case Theme::Dark:
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(darkPalette());
        break;
    }
}

QStringList availableLanguages() {
    return {QString(), QStringLiteral("en"), QStringLiteral("zh_CN")};
}

QString savedLanguage() {
    const QString language = QSettings().value(kLanguageKey).toString();
    return availableLanguages().contains(language) ? language : QString();
}

void saveLanguage(const QString& language) {
    QSettings().setValue(kLanguageKey, language);
}

QString languageDisplayName(const QString& language) {
    if (language.isEmpty()) return QApplication::translate("sa::MainWindow", "System");
    // Each in its own language, as language menus show them.
    if (language == QLatin1String("en")) return QStringLiteral("English");
    if (language == QLatin1String("zh_CN")) return QStringLiteral("简体中文");
    return language;
}

bool installTranslations(const QString& language) {
    const QLocale locale = language.isEmpty() ? QLocale() : QLocale(language);
    // Owned by the application; one set per process (installed at start).
    auto* qt = new QTranslator(qApp);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
    auto* own = new QTranslator(qApp);
    const bool found =
        own->load(locale, QStringLiteral("sparseadapter"), QStringLiteral("_"), QStringLiteral(":/i18n"));
    if (found) QApplication::installTranslator(own);
    return found;
}

} // namespace sa
