// SPDX-License-Identifier: GPL-2.0-or-later
// A full disk. diskscope-img writes into an image until the file system has no room left:
// the command fails with "diskscope-img: FILE: ...No space left on device" and a non-zero
// exit, `qemu-img check` finds no corruption (leaks allowed), what was flushed before reads
// back, and once space is freed, writes work again. Two ways to fill the disk:
//  - a real 8 MiB tmpfs mounted for the test (needs root and a mount permission; CI is a
//    Debian 12 machine running as root, but a container may refuse the mount: the test then
//    says so and relies on the second way);
//  - RLIMIT_FSIZE (`ulimit -f`, with SIGXFSZ ignored), which fails writes past the limit with
//    EFBIG ("File too large"), handled as a full disk; runs everywhere.
// convert onto a full disk fails the same way and leaves neither the target nor its temporary.
// The engine's own ENOSPC paths at every named point are covered by tst_fault_injection.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <functional>

#include "guest_checks.h"
#include "qemu_tools.h"

using namespace diskscope::testsupport;

namespace {

Command shellWithFileLimit(qint64 limitBytes, const QStringList& diskscopeArguments)
{
    // `ulimit -f` counts 1024-byte blocks; an ignored SIGXFSZ stays ignored across exec.
    QString script = QString("ulimit -f %1; trap '' XFSZ; exec \"$0\" \"$@\"").arg(limitBytes / 1024);
    return Command{"/bin/sh", QStringList{"-c", script, diskscopeImgPath()} + diskscopeArguments};
}

QByteArray pattern(qint64 bytes, char value) { return QByteArray(bytes, value); }

}  // namespace

class TestFullDisk : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void fullTmpfs()
    {
        const QString mountPoint = m_dir.filePath("tmpfs");
        QDir().mkpath(mountPoint);
        if (::mount("tmpfs", mountPoint.toLocal8Bit().constData(), "tmpfs", 0, "size=8m") != 0) {
            qInfo("a tmpfs cannot be mounted here (%s): the full disk is covered by RLIMIT_FSIZE below",
                  std::strerror(errno));
            return;
        }
        m_mounted = mountPoint;
        qInfo("full disk on a real 8 MiB tmpfs");
        fillAndRecover(mountPoint, [&](const QStringList& arguments) { return diskscopeImg(arguments); },
                       "No space left on device", [&] { return QFile::remove(mountPoint + "/filler"); });
    }

    void fileSizeLimit()
    {
        const QString dir = m_dir.filePath("limit");
        QDir().mkpath(dir);
        qint64 limit = 6 << 20;
        fillAndRecover(dir, [&](const QStringList& arguments) { return shellWithFileLimit(limit, arguments); },
                       "File too large", [&] {
                           limit = 64 << 20;
                           return true;
                       });
    }

    // convert onto a full disk, qcow2 and raw targets: the error names the target, nothing is
    // left under the target's name or a temporary one, and the source is unchanged.
    void convertOntoFullDisk_data()
    {
        QTest::addColumn<QStringList>("format");
        QTest::newRow("qcow2") << QStringList{"-O", "qcow2"};
        QTest::newRow("qcow2 compressed") << QStringList{"-c", "-O", "qcow2"};
        QTest::newRow("raw") << QStringList{"-O", "raw"};
    }
    void convertOntoFullDisk()
    {
        QFETCH(QStringList, format);
        const QString dir = m_dir.filePath("convert-" + QString(QTest::currentDataTag()).replace(' ', '-'));
        QDir().mkpath(dir);
        QString why;
        // Incompressible, so the compressed target needs about as much room as the source.
        QVERIFY2(writeRandomFile(dir + "/src.raw", 16 << 20, 99, &why), qPrintable(why));
        const QByteArray sourceSum = fileSha256(dir + "/src.raw");
        const ProcessResult full =
            run(shellWithFileLimit(6 << 20, QStringList{"convert", "-f", "raw"} + format + QStringList{"src.raw", "dst.img"}), dir);
        QVERIFY2(full.started && !full.crashed && !full.timedOut && full.exitCode == 1, qPrintable(full.describe()));
        const QString message = QString::fromLocal8Bit(full.standardError);
        QVERIFY2(message.startsWith("diskscope-img: ") && message.contains("dst.img") && message.contains("File too large"),
                 qPrintable(full.describe()));
        const QStringList names = QDir(dir).entryList(QDir::Files | QDir::Hidden, QDir::Name);
        QVERIFY2(names == QStringList{"src.raw"}, qPrintable("left after the failed convert: " + names.join(", ")));
        QCOMPARE(fileSha256(dir + "/src.raw"), sourceSum);
    }

    void cleanupTestCase()
    {
        if (!m_mounted.isEmpty())
            ::umount(m_mounted.toLocal8Bit().constData());
    }

private:
    // Creates an image in DIR, writes 2 MiB and flushes, then writes 16 MiB more, which must
    // fail for lack of space; then judges the image, frees space and writes again.
    void fillAndRecover(const QString& dir, const std::function<Command(const QStringList&)>& diskscope,
                        const QString& expectedReason, const std::function<bool()>& freeSpace)
    {
        QString why;
        QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", "qcow2", "-o", "cluster_size=4k", "a.qcow2", "64M"}), dir, &why),
                 qPrintable(why));
        if (dir.endsWith("tmpfs")) {
            // Leave about 4 MiB free, so the image fills the rest.
            QFile filler(dir + "/filler");
            QVERIFY(filler.open(QIODevice::WriteOnly));
            QVERIFY(filler.write(pattern(4 << 20, 'f')) == (4 << 20));
            filler.close();
        }
        QVERIFY2(runExpected(diskscope({"io", "-f", "qcow2", "-c", "write -P 0x11 0 2M", "-c", "flush", "a.qcow2"}), dir, &why),
                 qPrintable(why));

        const ProcessResult full =
            run(diskscope({"io", "-f", "qcow2", "-c", "write -P 0x22 2M 16M", "-c", "flush", "a.qcow2"}), dir);
        QVERIFY2(full.started && !full.crashed && !full.timedOut && full.exitCode != 0, qPrintable(full.describe()));
        const QString message = QString::fromLocal8Bit(full.standardError);
        QVERIFY2(message.startsWith("diskscope-img: ") && message.contains("a.qcow2") && message.contains(expectedReason),
                 qPrintable(full.describe()));
        qInfo("full disk reported as: %s", qPrintable(message.trimmed()));

        QVERIFY2(qemuCheckNoCorruption(dir, "a.qcow2", &why), qPrintable(why));
        QByteArray got;
        QVERIFY2(guestBytes(dir, "a.qcow2", "qcow2", &got, &why), qPrintable(why));
        QVERIFY2(got.left(2 << 20) == pattern(2 << 20, 0x11), "the data flushed before the disk filled does not read back");
        // The rest holds the failed write's bytes or zeros, sector by sector.
        QByteArray before = pattern(2 << 20, 0x11) + QByteArray((62 << 20), 0);
        QByteArray after = pattern(2 << 20, 0x11) + pattern(16 << 20, 0x22) + QByteArray((46 << 20), 0);
        const QString mismatch = sectorsOldOrNew(got, before, after);
        QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));

        // Space freed: writes work again and the image stays clean.
        QVERIFY(freeSpace());
        QVERIFY2(runExpected(diskscope({"io", "-f", "qcow2", "-c", "write -P 0x33 1M 1M", "-c", "flush", "a.qcow2"}), dir, &why),
                 qPrintable(why));
        QVERIFY2(qemuCheckNoCorruption(dir, "a.qcow2", &why), qPrintable(why));
        QVERIFY2(guestBytes(dir, "a.qcow2", "qcow2", &got, &why), qPrintable(why));
        QVERIFY(got.left(1 << 20) == pattern(1 << 20, 0x11));
        QVERIFY(got.mid(1 << 20, 1 << 20) == pattern(1 << 20, 0x33));
    }

    QTemporaryDir m_dir;
    QString m_mounted;
};

QTEST_GUILESS_MAIN(TestFullDisk)
#include "tst_full_disk.moc"
