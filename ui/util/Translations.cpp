// SPDX-License-Identifier: GPL-2.0-or-later
#include "util/Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace diskscope::ui {

bool installTranslations(QCoreApplication& app, const QLocale& locale)
{
    // Parented to the application: translators must live as long as the strings they serve.
    auto* qtTranslator = new QTranslator(&app);
    if (qtTranslator->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(qtTranslator);
    else
        delete qtTranslator;

    auto* own = new QTranslator(&app);
    if (own->load(locale, QStringLiteral("diskscope"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        app.installTranslator(own);
        return true;
    }
    delete own;
    return false;
}

}  // namespace diskscope::ui
