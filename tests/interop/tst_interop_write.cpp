// SPDX-License-Identifier: GPL-2.0-or-later
// The write path against QEMU: each row builds two identical images, runs the same commands
// through `diskscope-img io` on one and `qemu-io` on the other, then requires `qemu-img check`
// to find Diskscope's image clean (no errors, no leaks) and `qemu-img compare` to find the two
// identical. Rows cover cluster sizes, compat levels, refcount widths, extended L2, zero
// writes, discards, compressed writes, preallocation, backing chains, snapshots (shared
// clusters and tables), refcount table growth and external data files.
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <signal.h>

#include "qemu_tools.h"

using namespace diskscope::testsupport;

namespace {

// Steps that build one image: each a program ("qemu-img", "qemu-io") and its arguments, with
// @IMG@ replaced by the image's name.
using Steps = QList<QStringList>;

// Commands that exercise every kind of guest write on a 16 MiB image. Discards cover whole
// 2 MiB-aligned ranges so every cluster size discards the same clusters (partial clusters are
// ignored by qcow2, in QEMU and here alike).
const QStringList kGeneralScript = {
    "write -P 0x11 0 64k",      "write -P 0x22 1000 3000",  "write -P 0x33 130k 200k",
    "write -z 1M 128k",         "write -P 0x44 1M 4k",      "write -z -u 3M 1M",
    "write -P 0x55 5M 3M",      "write -P 0x66 16383k 1k",  "discard 6M 2M",
    "write -P 0x77 6500k 1k",   "write -z 10M 2M",          "write -P 0x88 12M 512",
    "flush",                    "write -P 0x99 12M 100",
};

// Compressed writes into unallocated whole clusters (qemu-io refuses them onto allocated ones).
const QStringList kCompressedScript = {
    "write -c -P 0x11 0 64k", "write -c -P 0x12 64k 64k", "write -c -P 0x13 1M 128k",
    "write -P 0x14 1000 10",   "write -c -P 0x15 4M 64k",  "discard 1M 64k",
};

QString programPath(const QString& name)
{
    if (name == "qemu-img")
        return qemuImgPath();
    if (name == "qemu-io")
        return qemuIoPath();
    return name;
}

}  // namespace

class TestInteropWrite : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString why;
        // Shared read-only backing files for the chain rows.
        QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", "raw", "base.raw", "12M"}), m_dir.path(), &why), qPrintable(why));
        QVERIFY2(runExpected(qemuIo("base.raw", "raw", {"write -P 0x5a 0 12M"}), m_dir.path(), &why), qPrintable(why));
        QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", "qcow2", "-o", "cluster_size=4k", "base4k.qcow2", "16M"}),
                             m_dir.path(), &why), qPrintable(why));
        QVERIFY2(runExpected(qemuIo("base4k.qcow2", "qcow2", {"write -P 0x6b 0 3M", "write -P 0x6c 9M 1M"}), m_dir.path(), &why),
                 qPrintable(why));
    }

    void sameResultAsQemu_data()
    {
        QTest::addColumn<Steps>("setup");
        QTest::addColumn<QStringList>("commands");
        auto create = [](const QString& options, const QString& size = "16M") {
            QStringList c = {"qemu-img", "create", "-q", "-f", "qcow2"};
            if (!options.isEmpty())
                c << "-o" << options;
            return c << "@IMG@" << size;
        };
        for (int bits = 9; bits <= 21; ++bits) {
            const QString cs = QString::number(1 << bits);
            for (const char* compat : {"0.10", "1.1"})
                QTest::addRow("cluster %s compat %s", qPrintable(cs), compat)
                    << Steps{create("cluster_size=" + cs + ",compat=" + compat)} << kGeneralScript;
        }
        for (int width : {1, 2, 4, 8, 16, 32, 64})
            QTest::addRow("refcount_bits %d", width) << Steps{create("refcount_bits=" + QString::number(width))}
                                                     << kGeneralScript;
        for (int bits = 14; bits <= 21; ++bits)
            QTest::addRow("extended L2, cluster %d", 1 << bits)
                << Steps{create("extended_l2=on,cluster_size=" + QString::number(1 << bits))} << kGeneralScript;
        QTest::addRow("lazy refcounts") << Steps{create("lazy_refcounts=on")} << kGeneralScript;
        for (const char* type : {"zlib", "zstd"})
            QTest::addRow("compressed %s", type) << Steps{create(QString("compression_type=") + type)} << kCompressedScript;
        QTest::addRow("compressed, 512 B clusters, v2") << Steps{create("cluster_size=512,compat=0.10")} << kCompressedScript;
        QTest::addRow("compressed, extended L2") << Steps{create("extended_l2=on")} << kCompressedScript;
        for (const char* mode : {"metadata", "falloc", "full"})
            QTest::addRow("preallocation %s", mode) << Steps{create(QString("preallocation=") + mode)} << kGeneralScript;
        QTest::addRow("preallocation metadata, extended L2")
            << Steps{create("preallocation=metadata,extended_l2=on")} << kGeneralScript;

        // Backing chains: partial writes copy the rest of the cluster from below.
        const QStringList overRaw = {"qemu-img", "create", "-q", "-f", "qcow2", "-b", "base.raw", "-F", "raw"};
        QTest::addRow("over a raw base") << Steps{QStringList(overRaw) << "@IMG@" << "16M"} << kGeneralScript;
        QTest::addRow("over a raw base, 4 KiB clusters")
            << Steps{QStringList(overRaw) << "-o" << "cluster_size=4k" << "@IMG@" << "16M"} << kGeneralScript;
        QTest::addRow("over a raw base, extended L2")
            << Steps{QStringList(overRaw) << "-o" << "extended_l2=on" << "@IMG@" << "16M"} << kGeneralScript;
        QTest::addRow("over a raw base, v2")
            << Steps{QStringList(overRaw) << "-o" << "compat=0.10" << "@IMG@" << "16M"} << kGeneralScript;
        QTest::addRow("over a qcow2 base with other clusters, smaller overlay")
            << Steps{{"qemu-img", "create", "-q", "-f", "qcow2", "-o", "cluster_size=128k", "-b", "base4k.qcow2", "-F", "qcow2", "@IMG@", "14M"}}
            << QStringList{"write -P 1 5000 70k", "write -z 9M 256k", "discard 10M 2M", "write -P 2 13M 7"};

        // Snapshots: the active L1 shares L2 tables and data clusters with the snapshot.
        const Steps snapshot = {create(""),
                                {"qemu-io", "-f", "qcow2", "-c", "write -P 1 0 3M", "-c", "write -c -P 9 4M 64k", "@IMG@"},
                                {"qemu-img", "snapshot", "-c", "s1", "@IMG@"}};
        QTest::addRow("after a snapshot") << snapshot << kGeneralScript;
        QTest::addRow("after a snapshot, compressed clusters")
            << snapshot << QStringList{"write -P 3 4M 1k", "write -z 64k 64k", "discard 2M 1M", "write -P 4 128k 4k"};

        // Refcount table growth: 512-byte clusters, one table cluster covers 8 MiB of host file.
        QTest::addRow("refcount table growth") << Steps{create("cluster_size=512", "64M")}
                                               << QStringList{"write -P 7 0 40M", "write -P 8 50M 1M", "discard 1M 1M"};
        QTest::addRow("refcount table growth, 1-bit refcounts") << Steps{create("cluster_size=512,refcount_bits=1", "64M")}
                                                                << QStringList{"write -P 7 0 5M", "write -P 8 60M 1M"};

        // External data files (guest offset = data file offset, no refcounts for data).
        QTest::addRow("external data file") << Steps{create("data_file=@IMG@.data")} << kGeneralScript;
        QTest::addRow("external data file, raw") << Steps{create("data_file=@IMG@.data,data_file_raw=on")} << kGeneralScript;
    }

    void sameResultAsQemu()
    {
        QFETCH(Steps, setup);
        QFETCH(QStringList, commands);
        const QString ours = "ours" + QString::number(m_row) + ".qcow2";
        const QString theirs = "theirs" + QString::number(m_row) + ".qcow2";
        ++m_row;
        QString why;
        for (const QString& image : {ours, theirs}) {
            for (QStringList step : setup) {
                step.replaceInStrings("@IMG@", image);
                const QString program = programPath(step.takeFirst());
                QVERIFY2(runExpected(Command{program, step}, m_dir.path(), &why), qPrintable(why));
            }
        }
        QStringList ioArgs = {"io", "-q"};
        QStringList qemuArgs;
        for (const QString& c : commands) {
            ioArgs << "-c" << c;
            qemuArgs << "-c" << c;
        }
        ProcessResult written = run(diskscopeImg(ioArgs << ours), m_dir.path());
        QVERIFY2(written.exitedWith(0), qPrintable(written.describe()));
        QVERIFY2(runExpected(Command{qemuIoPath(), qemuArgs << theirs}, m_dir.path(), &why), qPrintable(why));

        ProcessResult checked = run(qemuImg({"check", ours}), m_dir.path());
        QVERIFY2(checked.exitedWith(0), qPrintable(checked.describe()));  // 0: no errors and no leaks
        QVERIFY2(checked.standardOutput.contains("No errors were found on the image."), qPrintable(checked.describe()));
        ProcessResult compared = run(qemuImg({"compare", ours, theirs}), m_dir.path());
        QVERIFY2(compared.exitedWith(0), qPrintable(compared.describe()));
        // The dirty bit of lazy refcounts is cleared by a clean close.
        ProcessResult info = run(qemuImg({"info", "--output=json", ours}), m_dir.path());
        QVERIFY2(info.exitedWith(0) && !info.standardOutput.contains("\"dirty-flag\": true"), qPrintable(info.describe()));
    }

    void rawImagesToo()
    {
        // Raw: writes go straight to the file; zero writes with -u and discards punch holes.
        QString why;
        for (const char* image : {"ours.raw", "theirs.raw"})
            QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", "raw", image, "5000k"}), m_dir.path(), &why), qPrintable(why));
        const QStringList script = {"write -P 1 0 100k", "write -z -u 4k 8k", "discard 64k 16k", "write -P 2 4999k 1k"};
        QStringList ioArgs = {"io", "-q", "-f", "raw"}, qemuArgs = {"-f", "raw"};
        for (const QString& c : script) {
            ioArgs << "-c" << c;
            qemuArgs << "-c" << c;
        }
        ProcessResult written = run(diskscopeImg(ioArgs << "ours.raw"), m_dir.path());
        QVERIFY2(written.exitedWith(0), qPrintable(written.describe()));
        QVERIFY2(runExpected(Command{qemuIoPath(), qemuArgs << "theirs.raw"}, m_dir.path(), &why), qPrintable(why));
        QVERIFY2(filesHaveSameContent(m_dir.filePath("theirs.raw"), m_dir.filePath("ours.raw"), &why), qPrintable(why));
    }

    void dirtyImageRepairedOnOpen()
    {
        // Lazy refcounts and a killed writer leave stale refcounts behind the dirty bit; a
        // read-write open repairs them first, as QEMU does.
        QString why;
        QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", "qcow2", "-o", "lazy_refcounts=on", "dirty.qcow2", "16M"}),
                             m_dir.path(), &why), qPrintable(why));
        QVERIFY2(runExpected(qemuIo("dirty.qcow2", "qcow2", {"write -P 1 0 1M", "sigraise 9"}, ExitExpectation::KilledBySignal),
                             m_dir.path(), &why), qPrintable(why));
        ProcessResult before = run(qemuImg({"check", "dirty.qcow2"}), m_dir.path());
        QVERIFY2(before.exitedWith(2), qPrintable(before.describe()));  // stale refcounts: errors
        ProcessResult written = run(diskscopeImg({"io", "-q", "-c", "write -P 2 2M 64k", "dirty.qcow2"}), m_dir.path());
        QVERIFY2(written.exitedWith(0), qPrintable(written.describe()));
        ProcessResult after = run(qemuImg({"check", "dirty.qcow2"}), m_dir.path());
        QVERIFY2(after.exitedWith(0), qPrintable(after.describe()));
        ProcessResult data = run(qemuIo("dirty.qcow2", "qcow2", {"read -P 1 0 1M", "read -P 2 2M 64k"}), m_dir.path());
        QVERIFY2(data.exitedWith(0) && !data.standardOutput.contains("Pattern verification failed"), qPrintable(data.describe()));
        ProcessResult info = run(qemuImg({"info", "--output=json", "dirty.qcow2"}), m_dir.path());
        QVERIFY2(info.standardOutput.contains("\"dirty-flag\": false"), qPrintable(info.describe()));
    }

    void overlapCheckRefusesWritesOnMetadata_data()
    {
        QTest::addColumn<quint64>("l2Entry");
        QTest::addColumn<QString>("overlaps");
        // 64 KiB clusters: refcount table 0x10000, refcount block 0x20000, L1 0x30000, L2 0x40000.
        QTest::addRow("L2 entry into the refcount block") << quint64(0x8000000000020000ull) << "refcount block";
        QTest::addRow("L2 entry into the L2 table itself") << quint64(0x8000000000040000ull) << "active L2 table";
        QTest::addRow("L2 entry with offset 0 is unallocated, not the header") << quint64(0x8000000000000000ull) << "";
    }
    void overlapCheckRefusesWritesOnMetadata()
    {
        QFETCH(quint64, l2Entry);
        QFETCH(QString, overlaps);
        const QString image = QString("overlap%1.qcow2").arg(m_row++);
        QString why;
        QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", "qcow2", image, "64M"}), m_dir.path(), &why), qPrintable(why));
        QVERIFY2(runExpected(qemuIo(image, "qcow2", {"write -P 0x11 0 64k"}), m_dir.path(), &why), qPrintable(why));
        QFile file(m_dir.filePath(image));
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.seek(0x40000));
        char raw[8];
        for (int i = 0; i < 8; ++i)
            raw[i] = static_cast<char>(l2Entry >> (56 - 8 * i));
        file.write(raw, 8);
        file.close();
        ProcessResult written = run(diskscopeImg({"io", "-c", "write -P 0x22 0 4k", image}), m_dir.path());
        if (overlaps.isEmpty()) {
            // Offset 0 without a data file means "unallocated": the write allocates elsewhere.
            QVERIFY2(written.exitedWith(0), qPrintable(written.describe()));
            return;
        }
        QVERIFY2(written.exitedWith(1), qPrintable(written.describe()));
        QVERIFY2(written.standardError.contains("Preventing invalid write on metadata (overlaps with " + overlaps.toUtf8() + ")"),
                 qPrintable(written.describe()));
        ProcessResult info = run(qemuImg({"info", "--output=json", image}), m_dir.path());
        QVERIFY2(info.standardOutput.contains("\"corrupt\": true"), qPrintable(info.describe()));
        // A corrupt image opens for writing only for repair.
        ProcessResult again = run(diskscopeImg({"io", "-c", "write 1M 512", image}), m_dir.path());
        QVERIFY2(again.exitedWith(1) && again.standardError.contains("corrupt"), qPrintable(again.describe()));
    }

    void readPatternCheckFailsOnMismatch()
    {
        QString why;
        QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", "qcow2", "pattern.qcow2", "1M"}), m_dir.path(), &why), qPrintable(why));
        ProcessResult good = run(diskscopeImg({"io", "-c", "write -P 0x42 0 4k", "-c", "read -P 0x42 0 4k", "pattern.qcow2"}), m_dir.path());
        QVERIFY2(good.exitedWith(0), qPrintable(good.describe()));
        QVERIFY(good.standardOutput.contains("wrote 4096/4096 bytes at offset 0"));
        ProcessResult bad = run(diskscopeImg({"io", "-c", "read -P 0x43 0 4k", "pattern.qcow2"}), m_dir.path());
        QVERIFY2(bad.exitedWith(1), qPrintable(bad.describe()));
        QVERIFY(bad.standardOutput.contains("Pattern verification failed at offset 0"));
    }

    void writerRefusedWhileQemuHoldsTheImage()
    {
        QString why;
        QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", "qcow2", "held.qcow2", "1M"}), m_dir.path(), &why), qPrintable(why));
        QProcess holder;
        holder.setWorkingDirectory(m_dir.path());
        holder.start(qemuIoPath(), {"-f", "qcow2", "held.qcow2"});
        QVERIFY(holder.waitForStarted());
        holder.write("help\n");
        QVERIFY(holder.waitForReadyRead(10000));
        ProcessResult refused = run(diskscopeImg({"io", "-c", "write 0 512", "held.qcow2"}), m_dir.path());
        holder.write("quit\n");
        holder.closeWriteChannel();
        holder.waitForFinished(5000);
        QVERIFY2(refused.exitedWith(1), qPrintable(refused.describe()));
        QVERIFY2(refused.standardError.contains("Failed to get \"write\" lock"), qPrintable(refused.describe()));
        QVERIFY2(refused.standardError.contains("Is another process using the image"), qPrintable(refused.describe()));
    }

    void qemuRefusedWhileDiskscopeWrites()
    {
        QString why;
        QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", "qcow2", "busy.qcow2", "512M"}), m_dir.path(), &why), qPrintable(why));
        QProcess writer;
        writer.setWorkingDirectory(m_dir.path());
        writer.start(diskscopeImgPath(), {"io", "-q", "-c", "write -P 1 0 256M", "busy.qcow2"});
        QVERIFY(writer.waitForStarted());
        // Freeze the writer between attempts so the check does not depend on its speed.
        const pid_t pid = static_cast<pid_t>(writer.processId());
        bool refused = false;
        for (int attempt = 0; attempt < 200 && !refused && writer.state() == QProcess::Running; ++attempt) {
            ::kill(pid, SIGSTOP);
            ProcessResult r = run(qemuIo("busy.qcow2", "qcow2", {"read 0 512"}), m_dir.path());
            refused = r.standardError.contains("Failed to get \"write\" lock");
            ::kill(pid, SIGCONT);
            if (!refused)
                QTest::qWait(2);
        }
        if (writer.state() != QProcess::NotRunning)
            QVERIFY(writer.waitForFinished(120000));
        QCOMPARE(writer.exitCode(), 0);
        QVERIFY2(refused, "qemu-io was never refused while diskscope-img io was writing");
    }

private:
    QTemporaryDir m_dir;
    int m_row = 0;
};

QTEST_GUILESS_MAIN(TestInteropWrite)
#include "tst_interop_write.moc"
