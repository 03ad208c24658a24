// SPDX-License-Identifier: GPL-2.0-or-later
// The diskscope-img command line equivalent to a GUI action, shell-quoted so it can be pasted.
#pragma once

#include <QString>
#include <QStringList>

namespace diskscope::ui {

class CommandLine {
public:
    // POSIX shell quoting: words made only of safe characters stay bare, others are put in
    // single quotes (a quote inside becomes '\'').
    static QString quote(const QString& word);
    // "diskscope-img ARG..." with every argument quoted.
    static QString diskscopeImg(const QStringList& arguments);

    // The commands the window's actions stand for. The GUI browses with -U (no locks).
    static QString info(const QString& path);
    static QString check(const QString& path);
    static QString convertToRaw(const QString& source, const QString& target);
};

}  // namespace diskscope::ui
