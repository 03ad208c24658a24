// SPDX-License-Identifier: GPL-2.0-or-later
// "1 leaked cluster", "2 leaked clusters": tr()'s %n only picks a plural form when a translation
// is loaded, and the untranslated English must read right too.
#pragma once

#include <QLocale>
#include <QString>

namespace diskscope::ui {

// `one` and `many` contain %1 for the number, written in the user's locale.
inline QString plural(qulonglong n, const QString& one, const QString& many)
{
    return (n == 1 ? one : many).arg(QLocale().toString(n));
}

}  // namespace diskscope::ui
