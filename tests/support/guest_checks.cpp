// SPDX-License-Identifier: GPL-2.0-or-later
#include "guest_checks.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

#include <algorithm>

#include "qemu_tools.h"

namespace diskscope::testsupport {

bool qemuCheckNoCorruption(const QString& dir, const QString& image, QString* why, bool allowCopiedFlags,
                           bool* onlyCopiedFlags)
{
    if (onlyCopiedFlags)
        *onlyCopiedFlags = false;
    const ProcessResult r = run(qemuImg({"check", "-f", "qcow2", image}), dir);
    if (r.exitedWith(0) || r.exitedWith(3))
        return true;
    if (allowCopiedFlags && r.exitedWith(2)) {
        bool any = false;
        bool others = false;
        for (const QByteArray& line : r.standardError.split('\n')) {
            if (!line.startsWith("ERROR"))
                continue;
            if (line.startsWith("ERROR OFLAG_COPIED"))
                any = true;
            else
                others = true;
        }
        if (any && !others) {
            if (onlyCopiedFlags)
                *onlyCopiedFlags = true;
            return true;
        }
    }
    *why = r.describe();
    return false;
}

bool guestBytes(const QString& dir, const QString& image, const QString& format, QByteArray* out, QString* why)
{
    // In the system's temporary directory: DIR may be a full file system.
    static int counter = 0;
    const QString raw = QDir::tempPath() + QString("/diskscope-guest-%1-%2.raw").arg(QCoreApplication::applicationPid()).arg(++counter);
    QFile::remove(raw);
    if (!runExpected(qemuImg({"convert", "-U", "-f", format, "-O", "raw", image, raw}), dir, why))
        return false;
    QFile f(raw);
    if (!f.open(QIODevice::ReadOnly)) {
        *why = "cannot read " + raw;
        return false;
    }
    *out = f.readAll();
    f.close();
    QFile::remove(raw);
    return true;
}

QString sectorsOldOrNew(const QByteArray& got, const QByteArray& before, const QByteArray& after)
{
    if (got.size() != before.size() && got.size() != after.size())
        return QString("guest size %1 is neither %2 nor %3").arg(got.size()).arg(before.size()).arg(after.size());
    const qsizetype common = std::min({got.size(), before.size(), after.size()});
    for (qsizetype at = 0; at < common; at += 512) {
        const qsizetype n = std::min<qsizetype>(512, common - at);
        const QByteArrayView sector(got.constData() + at, n);
        if (sector != QByteArrayView(before.constData() + at, n) && sector != QByteArrayView(after.constData() + at, n))
            return QString("guest sector at byte %1 reads neither its old nor its new content").arg(at);
    }
    return {};
}

bool qcow2DirtyBit(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QByteArray header = f.read(80);
    return header.size() >= 80 && (static_cast<uint8_t>(header[79]) & 1);
}

}  // namespace diskscope::testsupport
