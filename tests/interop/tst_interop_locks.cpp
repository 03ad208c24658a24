// SPDX-License-Identifier: GPL-2.0-or-later
// Image locking against real QEMU processes: while qemu-io writes an image, diskscope-img
// reads are refused with qemu-img's message, -U reads still work, and a Diskscope reader is
// visible to qemu-io (which then cannot open the image for writing).
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <signal.h>

#include "qemu_tools.h"

using namespace diskscope::testsupport;

namespace {

// A qemu-io session that keeps IMAGE open (read-write) until stopped: it waits on its stdin.
class HeldImage {
public:
    HeldImage(const QString& image, const QString& format)
    {
        m_process.setProgram(qemuIoPath());
        m_process.setArguments({"-f", format, image});
        m_process.start();
    }
    ~HeldImage()
    {
        m_process.write("quit\n");
        m_process.closeWriteChannel();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
    }
    // Waits until qemu-io has opened the image (its prompt appears).
    bool waitOpen()
    {
        m_process.write("help\n");  // forces output once the image is open
        for (int i = 0; i < 100; ++i) {
            if (m_process.waitForReadyRead(100) || m_process.bytesAvailable() > 0)
                return true;
            if (m_process.state() != QProcess::Running)
                return false;
        }
        return false;
    }

private:
    QProcess m_process;
};

}  // namespace

class TestInteropLocks : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void readerRefusedWhileQemuWrites_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addRow("qcow2") << "qcow2";
    }
    void readerRefusedWhileQemuWrites()
    {
        QFETCH(QString, format);
        const QString image = m_dir.filePath("held." + format);
        QString why;
        QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", format, image, "16M"}), m_dir.path(), &why),
                 qPrintable(why));
        HeldImage held(image, format);
        QVERIFY(held.waitOpen());

        ProcessResult ours = run(diskscopeImg({"info", "--output=json", image}));
        ProcessResult qemu = run(qemuImg({"info", "--output=json", image}));
        QVERIFY2(qemu.exitedWith(1), qPrintable(qemu.describe()));  // qemu-img refuses too
        QVERIFY2(ours.started && !ours.crashed && ours.exitCode != 0, qPrintable(ours.describe()));
        QVERIFY2(ours.standardError.contains("Failed to get shared \"write\" lock"), qPrintable(ours.describe()));
        QVERIFY2(ours.standardError.contains("Is another process using the image"), qPrintable(ours.describe()));

        ProcessResult shared = run(diskscopeImg({"info", "-U", "--output=json", image}));
        QVERIFY2(shared.exitedWith(0), qPrintable(shared.describe()));
        ProcessResult sharedMap = run(diskscopeImg({"map", "-U", "--output=json", image}));
        QVERIFY2(sharedMap.exitedWith(0), qPrintable(sharedMap.describe()));
    }

    void rawWriterDoesNotBlockReaders()
    {
        // QEMU's tools share write on raw files, and so does a Diskscope reader of raw.
        const QString image = m_dir.filePath("held.raw");
        QString why;
        QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", "raw", image, "1M"}), m_dir.path(), &why), qPrintable(why));
        HeldImage held(image, "raw");
        QVERIFY(held.waitOpen());
        ProcessResult ours = run(diskscopeImg({"info", "-f", "raw", "--output=json", image}));
        ProcessResult qemu = run(qemuImg({"info", "-f", "raw", "--output=json", image}));
        QCOMPARE(ours.exitCode, qemu.exitCode);
        QVERIFY2(ours.exitedWith(0), qPrintable(ours.describe()));
    }

    void qemuSeesDiskscopeReader()
    {
        // A Diskscope reader refuses to share write, so qemu-io cannot start writing meanwhile.
        // A slow operation keeps the lock: compare -p over a large sparse pair with data.
        const QString image = m_dir.filePath("busy.qcow2");
        QString why;
        QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", "qcow2", image, "1G"}), m_dir.path(), &why), qPrintable(why));
        QVERIFY2(runExpected(qemuIo(image, "qcow2", {"write -P 0x11 0 256M"}), m_dir.path(), &why), qPrintable(why));
        const QString copy = m_dir.filePath("busy-copy.qcow2");
        QVERIFY(QFile::copy(image, copy));

        QProcess reader;
        reader.start(diskscopeImgPath(), {"compare", image, copy});
        QVERIFY(reader.waitForStarted());
        // Freeze the reader, try to write, let it run a little, repeat: once it has opened the
        // image (and holds its locks) qemu-io must be refused. Freezing makes this independent
        // of how fast the comparison runs.
        const pid_t pid = static_cast<pid_t>(reader.processId());
        bool refused = false;
        for (int attempt = 0; attempt < 200 && !refused && reader.state() == QProcess::Running; ++attempt) {
            ::kill(pid, SIGSTOP);
            ProcessResult w = run(qemuIo(image, "qcow2", {"write -P 0x11 0 512"}));
            refused = w.standardError.contains("Failed to get \"write\" lock");
            ::kill(pid, SIGCONT);
            if (!refused)
                QTest::qWait(2);
        }
        if (reader.state() != QProcess::NotRunning)
            QVERIFY(reader.waitForFinished(60000));
        QCOMPARE(reader.exitStatus(), QProcess::NormalExit);
        QVERIFY2(refused, "qemu-io was never refused while diskscope-img compare held the image");
        // The polling writes store the bytes already there, so the pair stays identical.
        QCOMPARE(reader.exitCode(), 0);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestInteropLocks)
#include "tst_interop_locks.moc"
