// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QLocale>

class QCoreApplication;

namespace diskscope::ui {

// Installs the application's translation for `locale` (embedded in the binary as
// :/i18n/diskscope_<lang>.qm) and Qt's own qtbase translation when the system has it, so the
// standard dialogs' buttons match. Returns whether Diskscope's own translation was found.
bool installTranslations(QCoreApplication& app, const QLocale& locale = QLocale::system());

}  // namespace diskscope::ui
