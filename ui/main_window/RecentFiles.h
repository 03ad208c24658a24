// SPDX-License-Identifier: GPL-2.0-or-later
// The recently opened images, newest first, kept in QSettings for File ▸ Open Recent (and later wizards).
#pragma once

#include <QStringList>

namespace diskscope::ui {

class RecentFiles {
public:
    static constexpr int MaxEntries = 10;

    // Moves `path` to the front; absolute paths only, so the list survives a change of directory.
    static void add(const QString& path);
    // The list with files that no longer exist left out (and dropped from the settings).
    static QStringList existing();
    static void clear();
};

}  // namespace diskscope::ui
