// SPDX-License-Identifier: GPL-2.0-or-later
// create against qemu-img 7.2: for the same command line, in twin directories, both tools must
// print the same Formatting line and leave byte-identical files (image and data file), with
// the same map, info and a clean check for preallocated images; every refusal must give the
// same message and exit code and leave no file; a target held by qemu-io is refused; a create
// that fails part way leaves nothing behind.
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json_compare.h"
#include "qemu_tools.h"

using namespace diskscope::testsupport;

namespace {

// Files below DIR (relative names), sorted.
QStringList filesIn(const QString& dir)
{
    QStringList names;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        names << QDir(dir).relativeFilePath(it.next());
    names.sort();
    return names;
}

// stderr lines with the program prefix removed, so "qemu-img: x: msg" equals
// "diskscope-img: x: msg"; the usage hint names each program, and qemu-img ends its
// "Detected format of raw." line without a newline (ours has one). Both names are stripped
// whichever program ran, so DISKSCOPE_INTEROP_SUBJECT=qemu-img checks the suite itself.
QString errorText(const QByteArray& stderrText, const QString& /*program*/)
{
    QString text = QString::fromUtf8(stderrText);
    QStringList lines = text.split('\n');
    for (QString& line : lines) {
        for (const QString& program : {QString("qemu-img"), QString("diskscope-img")}) {
            if (line.startsWith(program + ": "))
                line = line.mid(program.size() + 2);
            line.replace("Try '" + program + " --help'", "Try 'PROGRAM --help'");
        }
    }
    while (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines.join('\n');
}

qint64 allocatedBytes(const QString& path)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return static_cast<qint64>(st.st_blocks) * 512;
}

// A qemu-io session that keeps IMAGE open read-write until destroyed.
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
    bool waitOpen()
    {
        m_process.write("help\n");
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

class TestInteropCreate : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_case = 0;

    // Two fresh directories (qemu/, ours/) holding the same backing files.
    bool makeTwins(QString* qemuDir, QString* oursDir, QString* why)
    {
        const QString root = m_dir.filePath(QString("case%1").arg(++m_case));
        *qemuDir = root + "/qemu";
        *oursDir = root + "/ours";
        for (const QString& dir : {*qemuDir, *oursDir}) {
            if (!QDir().mkpath(dir + "/sub")) {
                *why = "cannot make " + dir;
                return false;
            }
            for (const QString& name : {QString("base.raw"), QString("base.qcow2"), QString("sub/base.raw")}) {
                if (!QFile::copy(m_dir.filePath("seed/" + name), dir + "/" + name)) {
                    *why = "cannot copy " + name;
                    return false;
                }
            }
        }
        return true;
    }

    static QStringList withImage(QStringList arguments)
    {
        arguments.prepend("create");
        return arguments;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QDir().mkpath(m_dir.filePath("seed/sub")));
        QString why;
        QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", "raw", "base.raw", "10M"}), m_dir.filePath("seed"), &why), qPrintable(why));
        QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", "qcow2", "base.qcow2", "7M"}), m_dir.filePath("seed"), &why), qPrintable(why));
        QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", "raw", "sub/base.raw", "3M"}), m_dir.filePath("seed"), &why), qPrintable(why));
    }

    void sameAsQemu_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<bool>("preallocated");
        auto row = [](const char* name, QStringList args, bool preallocated = false) {
            QTest::newRow(name) << args << preallocated;
        };
        // qcow2 without preallocation: every file byte-identical.
        row("qcow2 default", {"-f", "qcow2", "x.img", "1M"});
        row("qcow2 size 0", {"-f", "qcow2", "x.img", "0"});
        row("qcow2 odd size", {"-f", "qcow2", "x.img", "12345"});
        row("qcow2 100 bytes", {"-f", "qcow2", "x.img", "100"});
        row("qcow2 fraction", {"-f", "qcow2", "x.img", "1.5k"});
        row("qcow2 1T", {"-f", "qcow2", "x.img", "1T"});
        row("qcow2 100T", {"-f", "qcow2", "x.img", "100T"});
        for (const char* cs : {"512", "1k", "2k", "4k", "8k", "16k", "32k", "64k", "128k", "256k", "512k", "1M", "2M"}) {
            const QByteArray name = QByteArray("cluster ") + cs;
            QTest::newRow(name.constData()) << QStringList{"-f", "qcow2", "-o", QString("cluster_size=") + cs, "x.img", "3G"} << false;
        }
        row("compat 0.10", {"-f", "qcow2", "-o", "compat=0.10", "x.img", "1M"});
        row("compat v2", {"-f", "qcow2", "-o", "compat=v2", "x.img", "1M"});
        row("compat v3", {"-f", "qcow2", "-o", "compat=v3", "x.img", "1M"});
        for (const char* bits : {"1", "2", "4", "8", "16", "32", "64"}) {
            const QByteArray name = QByteArray("refcount_bits ") + bits;
            QTest::newRow(name.constData()) << QStringList{"-f", "qcow2", "-o", QString("refcount_bits=") + bits, "x.img", "1G"} << false;
        }
        row("lazy refcounts", {"-f", "qcow2", "-o", "lazy_refcounts=on", "x.img", "1M"});
        row("extended L2", {"-f", "qcow2", "-o", "extended_l2=on", "x.img", "1G"});
        row("extended L2 16k", {"-f", "qcow2", "-o", "extended_l2=on,cluster_size=16k", "x.img", "1G"});
        row("zstd", {"-f", "qcow2", "-o", "compression_type=zstd", "x.img", "1M"});
        row("all v3 options", {"-f", "qcow2", "-o", "compat=1.1,cluster_size=16k,lazy_refcounts=yes,refcount_bits=8,extended_l2=true,compression_type=zstd", "x.img", "100"});
        // Refcount table growth while the L1 table is allocated (small clusters, big sizes).
        row("512 B 33G table growth", {"-f", "qcow2", "-o", "cluster_size=512", "x.img", "33G"});
        row("512 B 100G table growth", {"-f", "qcow2", "-o", "cluster_size=512", "x.img", "100G"});
        row("512 B 64-bit 30G growths", {"-f", "qcow2", "-o", "cluster_size=512,refcount_bits=64", "x.img", "30G"});
        row("512 B 1-bit 8G", {"-f", "qcow2", "-o", "cluster_size=512,refcount_bits=1", "x.img", "8G"});
        // Backing files.
        row("backing raw inherited size", {"-f", "qcow2", "-b", "base.raw", "-F", "raw", "x.img"});
        row("backing qcow2 inherited size", {"-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", "x.img"});
        row("backing with size", {"-f", "qcow2", "-b", "base.raw", "-F", "raw", "x.img", "5M"});
        row("backing -o", {"-f", "qcow2", "-o", "backing_file=base.raw,backing_fmt=raw", "x.img"});
        row("backing v2", {"-f", "qcow2", "-o", "compat=0.10", "-b", "base.raw", "-F", "raw", "x.img"});
        row("backing relative to image dir", {"-f", "qcow2", "-b", "base.raw", "-F", "raw", "sub/x.img"});
        row("backing -u missing", {"-f", "qcow2", "-u", "-b", "missing.raw", "-F", "raw", "x.img", "1M"});
        row("backing 4k clusters", {"-f", "qcow2", "-o", "cluster_size=4k", "-b", "base.qcow2", "-F", "qcow2", "x.img"});
        row("backing with comma", {"-f", "qcow2", "-u", "-b", "b,c.raw", "-F", "raw", "x.img", "1M"});
        // External data files.
        row("data file", {"-f", "qcow2", "-o", "data_file=d.raw", "x.img", "1M"});
        row("data file odd size", {"-f", "qcow2", "-o", "data_file=d.raw", "x.img", "100K"});
        row("data file raw", {"-f", "qcow2", "-o", "data_file=d.raw,data_file_raw=on", "x.img", "1M"});
        row("data file raw off", {"-f", "qcow2", "-o", "data_file=d.raw,data_file_raw=off", "x.img", "1M"});
        row("data file raw extended L2", {"-f", "qcow2", "-o", "data_file=d.raw,data_file_raw=on,extended_l2=on", "x.img", "1M"});
        row("data file zstd lazy 8-bit", {"-f", "qcow2", "-o", "data_file=d.raw,data_file_raw=on,lazy_refcounts=on,compression_type=zstd,refcount_bits=8", "x.img", "1M"});
        // Preallocation (contents byte-identical too; allocation compared apart).
        row("metadata", {"-f", "qcow2", "-o", "preallocation=metadata", "x.img", "1G"}, true);
        row("metadata odd size", {"-f", "qcow2", "-o", "preallocation=metadata", "x.img", "100K"}, true);
        row("metadata extended L2 odd", {"-f", "qcow2", "-o", "preallocation=metadata,extended_l2=on", "x.img", "100000"}, true);
        row("metadata 4k", {"-f", "qcow2", "-o", "preallocation=metadata,cluster_size=4k", "x.img", "100M"}, true);
        row("metadata 512 B growth", {"-f", "qcow2", "-o", "preallocation=metadata,cluster_size=512", "x.img", "64M"}, true);
        row("metadata 2M", {"-f", "qcow2", "-o", "preallocation=metadata,cluster_size=2M", "x.img", "3G"}, true);
        row("metadata size 0", {"-f", "qcow2", "-o", "preallocation=metadata", "x.img", "0"}, true);
        row("falloc", {"-f", "qcow2", "-o", "preallocation=falloc", "x.img", "200M"}, true);
        row("falloc odd size", {"-f", "qcow2", "-o", "preallocation=falloc", "x.img", "100K"}, true);
        row("falloc 4k", {"-f", "qcow2", "-o", "preallocation=falloc,cluster_size=4k", "x.img", "100M"}, true);
        row("falloc 512 B", {"-f", "qcow2", "-o", "preallocation=falloc,cluster_size=512", "x.img", "1M"}, true);
        row("falloc size 0", {"-f", "qcow2", "-o", "preallocation=falloc", "x.img", "0"}, true);
        row("falloc extended L2", {"-f", "qcow2", "-o", "preallocation=falloc,extended_l2=on", "x.img", "10M"}, true);
        row("full", {"-f", "qcow2", "-o", "preallocation=full", "x.img", "20M"}, true);
        row("full 4k", {"-f", "qcow2", "-o", "preallocation=full,cluster_size=4k", "x.img", "10M"}, true);
        row("full 512 B 1-bit", {"-f", "qcow2", "-o", "preallocation=full,refcount_bits=1,cluster_size=512", "x.img", "2M"}, true);
        row("backing metadata extended L2", {"-f", "qcow2", "-b", "base.raw", "-F", "raw", "-o", "preallocation=metadata,extended_l2=on", "x.img"}, true);
        row("data file metadata", {"-f", "qcow2", "-o", "data_file=d.raw,preallocation=metadata", "x.img", "1M"}, true);
        row("data file metadata odd", {"-f", "qcow2", "-o", "data_file=d.raw,preallocation=metadata", "x.img", "100K"}, true);
        row("data file falloc", {"-f", "qcow2", "-o", "data_file=d.raw,preallocation=falloc", "x.img", "1M"}, true);
        row("data file full odd", {"-f", "qcow2", "-o", "data_file=d.raw,preallocation=full", "x.img", "100K"}, true);
        // raw.
        row("raw default", {"-f", "raw", "x.img", "1M"});
        row("raw no -f", {"x.img", "1M"});
        row("raw odd size", {"-f", "raw", "x.img", "12345"});
        row("raw 100 bytes", {"-f", "raw", "x.img", "100"});
        row("raw size 0", {"-f", "raw", "x.img", "0"});
        row("raw -o size", {"-f", "raw", "-o", "size=1k", "x.img"});
        row("raw off", {"-f", "raw", "-o", "preallocation=off", "x.img", "1M"});
        row("raw falloc", {"-f", "raw", "-o", "preallocation=falloc", "x.img", "3M"}, true);
        row("raw full", {"-f", "raw", "-o", "preallocation=full", "x.img", "3M"}, true);
        row("raw full odd", {"-f", "raw", "-o", "preallocation=full", "x.img", "5000"}, true);
        row("quiet", {"-q", "-f", "qcow2", "x.img", "1M"});
        row("size option", {"-f", "qcow2", "-o", "size=0x1000", "x.img"});
        row("hex size with suffix", {"-f", "qcow2", "x.img", "0x1k"});
        row("bare bool", {"-f", "qcow2", "-o", "extended_l2", "x.img", "1M"});
        row("-b wins over -o", {"-f", "qcow2", "-b", "base.raw", "-F", "raw", "-o", "backing_fmt=qcow2", "x.img", "1M"});
    }
    void sameAsQemu()
    {
        QFETCH(QStringList, arguments);
        QFETCH(bool, preallocated);
        QString qemuDir, oursDir, why;
        QVERIFY2(makeTwins(&qemuDir, &oursDir, &why), qPrintable(why));
        const QStringList before = filesIn(oursDir);
        ProcessResult qemu = run(qemuImg(withImage(arguments)), qemuDir);
        ProcessResult ours = run(diskscopeImg(withImage(arguments)), oursDir);
        QVERIFY2(qemu.exitedWith(0), qPrintable(qemu.describe()));
        QVERIFY2(ours.exitedWith(0), qPrintable(ours.describe()));
        QCOMPARE(QString::fromUtf8(ours.standardOutput), QString::fromUtf8(qemu.standardOutput));
        QCOMPARE(errorText(ours.standardError, "diskscope-img"), errorText(qemu.standardError, "qemu-img"));
        ::sync();  // settle delayed allocation before disk usage is compared

        const QStringList qemuFiles = filesIn(qemuDir);
        QCOMPARE(filesIn(oursDir), qemuFiles);  // same files made, no temporary left
        for (const QString& name : qemuFiles) {
            if (before.contains(name))
                continue;
            const QString expected = qemuDir + "/" + name, actual = oursDir + "/" + name;
            QVERIFY2(filesHaveSameContent(expected, actual, &why), qPrintable(name + ": " + why));
            const qint64 qemuBytes = allocatedBytes(expected), ourBytes = allocatedBytes(actual);
            if (!preallocated) {
                // Written the same way, so the same data blocks; the file system's extent-tree
                // blocks of a large sparse file may still differ by one or two (seen: 4 KiB on
                // a 100G table growth while the machine was loaded).
                QVERIFY2(qAbs(ourBytes - qemuBytes) <= 8 * 1024,
                         qPrintable(QString("%1 bytes allocated against qemu-img's %2").arg(ourBytes).arg(qemuBytes)));
            } else {
                // Same holes and allocated ranges; the file system's own extent blocks depend on
                // write order, so allow a few of them (at most 64 KiB or 1 %).
                const qint64 slack = std::max<qint64>(64 * 1024, qemuBytes / 100);
                QVERIFY2(std::llabs(ourBytes - qemuBytes) <= slack,
                         qPrintable(QString("%1: allocated %2, qemu-img %3").arg(name).arg(ourBytes).arg(qemuBytes)));
            }
        }
        if (!preallocated)
            return;
        // For preallocated images also what qemu-img sees: map, info, check.
        const QString image = arguments.last().endsWith(".img") ? arguments.last() : arguments.at(arguments.size() - 2);
        const bool isQcow2 = arguments.contains("qcow2");
        const QString format = isQcow2 ? "qcow2" : "raw";
        ProcessResult qemuMap = run(qemuImg({"map", "-f", format, "--output=json", image}), qemuDir);
        ProcessResult ourMap = run(qemuImg({"map", "-f", format, "--output=json", image}), oursDir);
        QVERIFY2(qemuMap.exitedWith(0) && ourMap.exitedWith(0), qPrintable(ourMap.describe()));
        QJsonArray expectedMap, actualMap;
        QVERIFY2(parseJsonArray(qemuMap.standardOutput, &expectedMap, &why), qPrintable(why));
        QVERIFY2(parseJsonArray(ourMap.standardOutput, &actualMap, &why), qPrintable(why));
        const QStringList mapDiff = diffMap(expectedMap, actualMap);
        QVERIFY2(mapDiff.isEmpty(), qPrintable(mapDiff.join('\n')));

        ProcessResult qemuInfo = run(qemuImg({"info", "-f", format, "--output=json", image}), qemuDir);
        ProcessResult ourInfo = run(qemuImg({"info", "-f", format, "--output=json", image}), oursDir);
        QJsonObject expectedInfo, actualInfo;
        QVERIFY2(parseJsonObject(qemuInfo.standardOutput, &expectedInfo, &why), qPrintable(why));
        QVERIFY2(parseJsonObject(ourInfo.standardOutput, &actualInfo, &why), qPrintable(why));
        expectedInfo.remove("actual-size");  // compared above with the extent-block allowance
        actualInfo.remove("actual-size");
        const QStringList infoDiff = diffInfo(expectedInfo, actualInfo);
        QVERIFY2(infoDiff.isEmpty(), qPrintable(infoDiff.join('\n')));
        if (isQcow2) {
            ProcessResult check = run(qemuImg({"check", "-f", "qcow2", image}), oursDir);
            QVERIFY2(check.exitedWith(0), qPrintable(check.describe()));
            QVERIFY2(check.standardOutput.contains("No errors were found on the image."), qPrintable(check.describe()));
        }
    }

    void refusals_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<bool>("qemuLeavesFile");
        auto row = [](const char* name, QStringList args, bool qemuLeavesFile = false) {
            QTest::newRow(name) << args << qemuLeavesFile;
        };
        row("cluster size not power of two", {"-f", "qcow2", "-o", "cluster_size=1000", "x.img", "1M"});
        row("cluster size too big", {"-f", "qcow2", "-o", "cluster_size=4M", "x.img", "1M"});
        row("cluster size too small", {"-f", "qcow2", "-o", "cluster_size=256", "x.img", "1M"});
        row("cluster size text", {"-f", "qcow2", "-o", "cluster_size=abc", "x.img", "1M"});
        row("refcount bits 3", {"-f", "qcow2", "-o", "refcount_bits=3", "x.img", "1M"});
        row("refcount bits 128", {"-f", "qcow2", "-o", "refcount_bits=128", "x.img", "1M"});
        row("refcount bits 0", {"-f", "qcow2", "-o", "refcount_bits=0", "x.img", "1M"});
        row("refcount bits text", {"-f", "qcow2", "-o", "refcount_bits=abc", "x.img", "1M"});
        row("v2 refcount 8", {"-f", "qcow2", "-o", "compat=0.10,refcount_bits=8", "x.img", "1M"});
        row("v2 refcount 32", {"-f", "qcow2", "-o", "compat=0.10,refcount_bits=32", "x.img", "1M"});
        row("v2 lazy", {"-f", "qcow2", "-o", "compat=0.10,lazy_refcounts=on", "x.img", "1M"});
        row("v2 extended L2", {"-f", "qcow2", "-o", "compat=0.10,extended_l2=on", "x.img", "1M"});
        row("extended L2 8k", {"-f", "qcow2", "-o", "extended_l2=on,cluster_size=8k", "x.img", "1M"});
        row("v2 zstd", {"-f", "qcow2", "-o", "compat=0.10,compression_type=zstd", "x.img", "1M"});
        row("v2 data file", {"-f", "qcow2", "-o", "compat=0.10,data_file=d.raw", "x.img", "1M"});
        row("data file raw alone", {"-f", "qcow2", "-o", "data_file_raw=on", "x.img", "1M"});
        row("backing and data file raw", {"-f", "qcow2", "-b", "base.raw", "-F", "raw", "-o", "data_file=d.raw,data_file_raw=on", "x.img", "1M"});
        row("backing and metadata", {"-f", "qcow2", "-b", "base.raw", "-F", "raw", "-o", "preallocation=metadata", "x.img", "1M"});
        row("backing and falloc", {"-f", "qcow2", "-b", "base.raw", "-F", "raw", "-o", "preallocation=falloc", "x.img", "1M"});
        row("backing without format", {"-f", "qcow2", "-b", "base.raw", "x.img", "1M"});
        row("backing without format qcow2", {"-f", "qcow2", "-b", "base.qcow2", "x.img"});
        row("backing without format -u", {"-f", "qcow2", "-u", "-b", "base.raw", "x.img", "1M"});
        row("missing backing without format", {"-f", "qcow2", "-b", "missing.raw", "x.img", "1M"});
        row("missing backing", {"-f", "qcow2", "-b", "missing.raw", "-F", "raw", "x.img"});
        row("missing backing with size", {"-f", "qcow2", "-b", "missing.raw", "-F", "raw", "x.img", "1M"});
        row("backing wrong format", {"-f", "qcow2", "-b", "base.raw", "-F", "qcow2", "x.img"});
        row("-u without size", {"-f", "qcow2", "-u", "-b", "missing.raw", "-F", "raw", "x.img"});
        row("no size", {"-f", "qcow2", "x.img"});
        row("raw no size", {"-f", "raw", "x.img"});
        row("own backing", {"-f", "qcow2", "-b", "x.img", "-F", "qcow2", "x.img", "1M"});
        row("own backing -u no format", {"-f", "qcow2", "-u", "-b", "x.img", "x.img", "1M"});
        row("too large for L1", {"-f", "qcow2", "-o", "cluster_size=512", "x.img", "200T"});
        row("too large 64k", {"-f", "qcow2", "x.img", "3P"});
        row("compression lz4", {"-f", "qcow2", "-o", "compression_type=lz4", "x.img", "1M"});
        row("compat 0.9", {"-f", "qcow2", "-o", "compat=0.9", "x.img", "1M"});
        row("preallocation bad", {"-f", "qcow2", "-o", "preallocation=xx", "x.img", "1M"});
        row("raw preallocation bad", {"-f", "raw", "-o", "preallocation=xx", "x.img", "1M"});
        // qemu-img leaves an empty file behind here; Diskscope leaves none.
        row("raw metadata", {"-f", "raw", "-o", "preallocation=metadata", "x.img", "1M"}, true);
        row("raw size overflows", {"-f", "raw", "x.img", "9223372036854775807"}, true);
        row("qcow2 size overflows", {"-f", "qcow2", "-o", "size=9223372036854775807", "x.img"});
        row("unknown option", {"-f", "qcow2", "-o", "foo=1", "x.img", "1M"});
        row("qcow2 option on raw", {"-f", "raw", "-o", "cluster_size=4k", "x.img", "1M"});
        row("bool 1", {"-f", "qcow2", "-o", "lazy_refcounts=1", "x.img", "1M"});
        row("raw backing", {"-f", "raw", "-b", "base.raw", "-F", "raw", "x.img", "1M"});
        row("size twice", {"-f", "qcow2", "-o", "size=1M", "x.img", "1M"});
        row("size option text", {"-f", "qcow2", "-o", "size=abc", "x.img"});
        row("size fraction", {"-f", "qcow2", "x.img", "1.5"});
        row("size negative", {"-f", "qcow2", "x.img", "--", "-1"});
        row("size too big", {"-f", "qcow2", "x.img", "9223372036854775808"});
        row("size suffix", {"-f", "qcow2", "x.img", "1kb"});
        row("extra argument", {"-f", "qcow2", "x.img", "1M", "extra"});
        row("no file name", {"-f", "qcow2"});
        row("unknown short option", {"-f", "qcow2", "-x", "x.img", "1M"});
        row("unknown format", {"-f", "foo", "x.img", "1M"});
        row("missing directory", {"-f", "qcow2", "nodir/x.img", "1M"});
        row("directory", {"-f", "qcow2", "sub", "1M"});
    }
    void refusals()
    {
        QFETCH(QStringList, arguments);
        QFETCH(bool, qemuLeavesFile);
        QString qemuDir, oursDir, why;
        QVERIFY2(makeTwins(&qemuDir, &oursDir, &why), qPrintable(why));
        const QStringList before = filesIn(oursDir);
        ProcessResult qemu = run(qemuImg(withImage(arguments)), qemuDir);
        ProcessResult ours = run(diskscopeImg(withImage(arguments)), oursDir);
        QVERIFY2(qemu.exitedWith(1), qPrintable(qemu.describe()));
        QVERIFY2(ours.exitedWith(1), qPrintable(ours.describe()));
        QCOMPARE(QString::fromUtf8(ours.standardOutput), QString::fromUtf8(qemu.standardOutput));
        QCOMPARE(errorText(ours.standardError, "diskscope-img"), errorText(qemu.standardError, "qemu-img"));
        QCOMPARE(filesIn(oursDir), before);  // nothing left behind, not even a temporary
        if (!qemuLeavesFile)
            QCOMPARE(filesIn(qemuDir), before);
        else
            QVERIFY(filesIn(qemuDir) != before);
    }

    void optionHelp_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("raw") << QStringList{"-f", "raw", "-o", "help"};
        QTest::newRow("default format") << QStringList{"-o", "help"};
        QTest::newRow("question mark") << QStringList{"-f", "raw", "-o", "?"};
    }
    void optionHelp()
    {
        QFETCH(QStringList, arguments);
        ProcessResult qemu = run(qemuImg(withImage(arguments)), m_dir.path());
        ProcessResult ours = run(diskscopeImg(withImage(arguments)), m_dir.path());
        QVERIFY2(ours.exitedWith(0), qPrintable(ours.describe()));
        QCOMPARE(QString::fromUtf8(ours.standardOutput), QString::fromUtf8(qemu.standardOutput));
    }

    void qcow2OptionHelpListsQemusOptionsButEncryption()
    {
        ProcessResult qemu = run(qemuImg({"create", "-f", "qcow2", "-o", "help"}), m_dir.path());
        ProcessResult ours = run(diskscopeImg({"create", "-f", "qcow2", "-o", "help"}), m_dir.path());
        QVERIFY2(ours.exitedWith(0), qPrintable(ours.describe()));
        QStringList expected;
        for (const QString& line : QString::fromUtf8(qemu.standardOutput).split('\n')) {
            if (!line.startsWith("  encrypt"))
                expected << line;
        }
        QCOMPARE(QString::fromUtf8(ours.standardOutput), expected.join('\n'));
    }

    void refusesTargetHeldByQemu()
    {
        const QString dir = m_dir.filePath("held");
        QVERIFY(QDir().mkpath(dir));
        QString why;
        QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", "qcow2", "held.qcow2", "1M"}), dir, &why), qPrintable(why));
        const QByteArray hashBefore = fileSha256(dir + "/held.qcow2");
        HeldImage held(dir + "/held.qcow2", "qcow2");
        QVERIFY(held.waitOpen());
        for (const char* format : {"qcow2", "raw"}) {
            const QStringList args{"create", "-f", format, "held.qcow2", "2M"};
            ProcessResult qemu = run(qemuImg(args), dir);
            ProcessResult ours = run(diskscopeImg(args), dir);
            QVERIFY2(qemu.exitedWith(1), qPrintable(qemu.describe()));
            QVERIFY2(ours.exitedWith(1), qPrintable(ours.describe()));
            QCOMPARE(QString::fromUtf8(ours.standardOutput), QString::fromUtf8(qemu.standardOutput));
            QCOMPARE(errorText(ours.standardError, "diskscope-img"), errorText(qemu.standardError, "qemu-img"));
            QVERIFY(errorText(ours.standardError, "diskscope-img").contains("Failed to get \"write\" lock"));
        }
        QCOMPARE(fileSha256(dir + "/held.qcow2"), hashBefore);
        QCOMPARE(filesIn(dir), QStringList{"held.qcow2"});
    }

    void replacesUnheldTarget()
    {
        const QString dir = m_dir.filePath("replace");
        QVERIFY(QDir().mkpath(dir));
        QString why;
        QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", "raw", "t.img", "5M"}), dir, &why), qPrintable(why));
        ProcessResult ours = run(diskscopeImg({"create", "-q", "-f", "qcow2", "t.img", "1M"}), dir);
        QVERIFY2(ours.exitedWith(0), qPrintable(ours.describe()));
        QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", "qcow2", "q.img", "1M"}), dir, &why), qPrintable(why));
        QVERIFY2(filesHaveSameContent(dir + "/q.img", dir + "/t.img", &why), qPrintable(why));
    }

    void failureLeavesNothing_data()
    {
        QTest::addColumn<QStringList>("arguments");
        // The data file cannot be created after the image was started.
        QTest::newRow("data file directory missing") << QStringList{"-f", "qcow2", "-o", "data_file=nodir/d.raw", "x.img", "1M"};
        // Writes fail part way (file size limit: EFBIG, SIGXFSZ ignored).
        QTest::newRow("qcow2 full beyond limit") << QStringList{"-f", "qcow2", "-o", "preallocation=full", "x.img", "64M"};
        QTest::newRow("qcow2 metadata beyond limit") << QStringList{"-f", "qcow2", "-o", "preallocation=metadata", "x.img", "64M"};
        QTest::newRow("raw full beyond limit") << QStringList{"-f", "raw", "-o", "preallocation=full", "x.img", "64M"};
        QTest::newRow("data file full beyond limit") << QStringList{"-f", "qcow2", "-o", "data_file=d.raw,preallocation=full", "x.img", "64M"};
    }
    void failureLeavesNothing()
    {
        QFETCH(QStringList, arguments);
        const QString dir = m_dir.filePath(QString("fail%1").arg(++m_case));
        QVERIFY(QDir().mkpath(dir));
        // 8 MiB file size limit for the child only; the shell ignores SIGXFSZ so the write
        // fails with EFBIG instead of killing the process.
        QStringList shellArgs{"-c", "trap '' XFSZ; ulimit -f 16384; exec \"$@\"", "sh", diskscopeImgPath(), "create"};
        shellArgs << arguments;
        ProcessResult ours = run(Command{"sh", shellArgs}, dir);
        QVERIFY2(ours.exitedWith(1), qPrintable(ours.describe()));
        QVERIFY2(!ours.standardError.isEmpty(), qPrintable(ours.describe()));
        QCOMPARE(filesIn(dir), QStringList{});
    }

    void interruptLeavesNothing()
    {
        const QString dir = m_dir.filePath("interrupt");
        QVERIFY(QDir().mkpath(dir));
        QProcess process;
        process.setWorkingDirectory(dir);
        process.start(diskscopeImgPath(), {"create", "-q", "-f", "raw", "-o", "preallocation=full", "x.img", "8G"});
        QVERIFY(process.waitForStarted());
        // Wait until the temporary file exists, then interrupt.
        bool started = false;
        for (int i = 0; i < 200 && !started; ++i) {
            started = !filesIn(dir).isEmpty();
            if (!started)
                QTest::qWait(10);
        }
        QVERIFY(started);
        ::kill(static_cast<pid_t>(process.processId()), SIGINT);
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitStatus(), QProcess::CrashExit);  // dies by SIGINT, as qemu-img would
        QCOMPARE(filesIn(dir), QStringList{});
    }
};

QTEST_GUILESS_MAIN(TestInteropCreate)
#include "tst_interop_create.moc"
