// SPDX-License-Identifier: GPL-2.0-or-later
// The recently opened images, kept in QSettings.
#include "main_window/RecentFiles.h"

#include <QFileInfo>
#include <QSettings>

namespace diskscope::ui {
namespace {
const QString key = QStringLiteral("recentFiles");
}

void RecentFiles::add(const QString& path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QSettings settings;
    QStringList files = settings.value(key).toStringList();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > MaxEntries)
        files.removeLast();
    settings.setValue(key, files);
}

QStringList RecentFiles::existing()
{
    QSettings settings;
    const QStringList files = settings.value(key).toStringList();
    QStringList kept;
    for (const QString& file : files) {
        if (QFileInfo::exists(file))
            kept << file;
    }
    if (kept != files)
        settings.setValue(key, kept);
    return kept;
}

void RecentFiles::clear()
{
    QSettings().remove(key);
}

}  // namespace diskscope::ui
