// SPDX-License-Identifier: GPL-2.0-or-later
// convert against qemu-img convert: every row converts the same sources with both tools and
// requires the same guest content (qemu-img compare), a target `qemu-img check` finds clean,
// and, for uncompressed targets, the same allocation (map extents without host offsets). With
// --deflate=qemu the compressed image must equal qemu-img's byte for byte; with the fast codec
// it must stay within 2 % of qemu-img's size. Also: -n, --target-is-zero, -B, several sources,
// -S, creation options, qemu-img's refusals, and Ctrl-C leaving no target and the source intact.
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QFile>
#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

#include "qemu_tools.h"

using namespace diskscope::testsupport;

namespace {

// The options only Diskscope has, dropped from qemu-img's command line.
QStringList qemuArguments(const QStringList& arguments)
{
    QStringList out;
    for (const QString& a : arguments) {
        if (!a.startsWith("--deflate"))
            out << a;
    }
    return out;
}

// map --output=json extents without host offsets: placement may differ, allocation may not.
bool allocationOf(const QString& dir, const QString& image, const QString& format, QJsonArray* out, QString* why)
{
    ProcessResult map;
    if (!runExpected(qemuImg({"map", "--output=json", "-f", format, image}), dir, why, &map))
        return false;
    const QJsonArray extents = QJsonDocument::fromJson(map.standardOutput).array();
    QJsonArray merged;
    for (const QJsonValue& value : extents) {
        QJsonObject e = value.toObject();
        e.remove("offset");
        if (!merged.isEmpty()) {
            QJsonObject last = merged.last().toObject();
            const auto same = [&](const char* key) { return last.value(key) == e.value(key); };
            if (same("depth") && same("present") && same("zero") && same("data")) {
                last["length"] = last["length"].toInteger() + e["length"].toInteger();
                merged[merged.size() - 1] = last;
                continue;
            }
        }
        merged.append(e);
    }
    *out = merged;
    return true;
}

bool checkClean(const QString& dir, const QString& image, QString* why)
{
    ProcessResult check;
    if (!runExpected(qemuImg({"check", "-f", "qcow2", image}), dir, why, &check))
        return false;
    if (!check.standardOutput.contains("No errors were found") || check.standardOutput.contains("leaked")) {
        *why = "qemu-img check is not clean:\n" + check.describe();
        return false;
    }
    return true;
}

}  // namespace

class TestInteropConvert : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString d = m_dir.path();
        QString why;
        QVERIFY2(writeRandomFile(d + "/" + kRandomPatternFile, kRandomPatternSize, 7, &why), qPrintable(why));
        auto step = [&](const Command& c) { QVERIFY2(runExpected(c, d, &why), qPrintable(why)); };
        // A raw image with random data (incompressible), repeated bytes (compressible), written
        // zeros, holes, and data at unaligned places and at the very end.
        step(qemuImg({"create", "-q", "-f", "raw", "mixed.raw", "12M"}));
        step(qemuIo("mixed.raw", "raw",
                    {"write -s random.bin 0 1M", "write -P 0x41 1052672 300k", "write -P 0 2M 1M",
                     "write -P 0x42 6291968 100k", "write -s random.bin 8M 512k", "write -P 0x43 12578816 4k"}));
        // qcow2 copies by qemu-img: plain with zero clusters and a discard, compressed, zstd.
        step(qemuImg({"convert", "-f", "raw", "-O", "qcow2", "mixed.raw", "plain.qcow2"}));
        step(qemuIo("plain.qcow2", "qcow2", {"write -z 8M 128k", "discard 64k 64k", "write -z 9M 64k"}));
        step(qemuImg({"convert", "-f", "raw", "-O", "qcow2", "-c", "mixed.raw", "zlib.qcow2"}));
        step(qemuImg({"convert", "-f", "raw", "-O", "qcow2", "-c", "-o", "compression_type=zstd", "mixed.raw",
                      "zstd.qcow2"}));
        // Extended L2 with subcluster writes, and a v2 image with 512-byte clusters.
        step(qemuImg({"create", "-q", "-f", "qcow2", "-o", "extended_l2=on", "ext.qcow2", "12M"}));
        step(qemuIo("ext.qcow2", "qcow2", {"write -P 1 4k 4k", "write -P 2 1M 100k", "write -z 3M 64k",
                                           "write -s random.bin 5M 300k"}));
        step(qemuImg({"create", "-q", "-f", "qcow2", "-o", "compat=0.10,cluster_size=512", "v2.qcow2", "6M"}));
        step(qemuIo("v2.qcow2", "qcow2", {"write -P 3 0 100k", "write -P 4 3M 1M"}));
        // A chain: base with data, an overlay that overwrites part, writes zeros and adds data.
        step(qemuImg({"convert", "-f", "raw", "-O", "qcow2", "mixed.raw", "base.qcow2"}));
        step(qemuImg({"create", "-q", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", "top.qcow2"}));
        step(qemuIo("top.qcow2", "qcow2", {"write -P 5 512k 1M", "write -z 2M 64k", "write -z 8M 256k",
                                           "write -P 6 10M 64k"}));
        // Internal snapshots: the first holds the original content, then the image changes.
        step(qemuImg({"convert", "-f", "raw", "-O", "qcow2", "mixed.raw", "snap.qcow2"}));
        step(qemuImg({"snapshot", "-c", "first", "snap.qcow2"}));
        step(qemuIo("snap.qcow2", "qcow2", {"write -P 9 0 2M", "discard 8M 512k", "write -z 6M 1M"}));
        step(qemuImg({"snapshot", "-c", "second", "snap.qcow2"}));
        step(qemuIo("snap.qcow2", "qcow2", {"write -P 10 4M 1M"}));
        // A short raw image whose size ends inside a cluster, for concatenation.
        step(qemuImg({"create", "-q", "-f", "raw", "odd.raw", "1049088"}));
        step(qemuIo("odd.raw", "raw", {"write -P 7 0 4k", "write -P 8 1048576 512"}));
    }

    void matchesQemu_data()
    {
        QTest::addColumn<QStringList>("arguments");  // options and sources (the target is appended)
        QTest::addColumn<QString>("targetFormat");
        QTest::addColumn<QString>("compressedCheck");  // "", "identical" or "size"

        const QStringList rawSrc{"-f", "raw", "mixed.raw"};
        const QStringList q{"-O", "qcow2"};
        QTest::addRow("raw -> qcow2") << q + rawSrc << "qcow2" << "";
        QTest::addRow("qcow2 -> raw") << QStringList{"-f", "qcow2", "plain.qcow2"} << "raw" << "";
        QTest::addRow("qcow2 -> qcow2 (zero clusters)") << q + QStringList{"plain.qcow2"} << "qcow2" << "";
        QTest::addRow("zlib-compressed -> qcow2") << q + QStringList{"zlib.qcow2"} << "qcow2" << "";
        QTest::addRow("zstd-compressed -> raw") << QStringList{"zstd.qcow2"} << "raw" << "";
        QTest::addRow("extended L2 -> qcow2") << q + QStringList{"ext.qcow2"} << "qcow2" << "";
        QTest::addRow("v2 512 B clusters -> qcow2") << q + QStringList{"v2.qcow2"} << "qcow2" << "";
        QTest::addRow("chain flattened") << q + QStringList{"top.qcow2"} << "qcow2" << "";
        QTest::addRow("chain flattened to raw") << QStringList{"top.qcow2"} << "raw" << "";
        QTest::addRow("-B: only the top layer") << q + QStringList{"-B", "base.qcow2", "-F", "qcow2", "top.qcow2"}
                                                << "qcow2" << "";
        QTest::addRow("-o backing_file") << q + QStringList{"-o", "backing_file=base.qcow2,backing_fmt=qcow2",
                                                             "top.qcow2"}
                                         << "qcow2" << "";
        for (const char* cs : {"512", "4k", "2M"}) {
            QTest::addRow("cluster_size=%s", cs)
                << q + QStringList{"-o", QString("cluster_size=") + cs} + rawSrc << "qcow2" << "";
        }
        QTest::addRow("compat=0.10") << q + QStringList{"-o", "compat=0.10", "plain.qcow2"} << "qcow2" << "";
        QTest::addRow("refcount_bits=1") << q + QStringList{"-o", "refcount_bits=1"} + rawSrc << "qcow2" << "";
        QTest::addRow("refcount_bits=64") << q + QStringList{"-o", "refcount_bits=64"} + rawSrc << "qcow2" << "";
        QTest::addRow("extended_l2=on") << q + QStringList{"-o", "extended_l2=on", "top.qcow2"} << "qcow2" << "";
        QTest::addRow("lazy_refcounts=on") << q + QStringList{"-o", "lazy_refcounts=on"} + rawSrc << "qcow2" << "";
        QTest::addRow("preallocation=metadata") << q + QStringList{"-o", "preallocation=metadata"} + rawSrc << "qcow2"
                                                << "";
        QTest::addRow("preallocation=full") << q + QStringList{"-o", "preallocation=full", "plain.qcow2"} << "qcow2"
                                            << "";
        QTest::addRow("-S 0 to raw") << QStringList{"-S", "0", "plain.qcow2"} << "raw" << "";
        QTest::addRow("-S 0 to qcow2") << q + QStringList{"-S", "0", "plain.qcow2"} << "qcow2" << "";
        QTest::addRow("-S 64k") << q + QStringList{"-S", "64k"} + rawSrc << "qcow2" << "";
        QTest::addRow("several sources") << q + QStringList{"odd.raw", "plain.qcow2", "odd.raw"} << "qcow2" << "";
        QTest::addRow("several sources to raw") << QStringList{"odd.raw", "top.qcow2"} << "raw" << "";
        QTest::addRow("-l by name") << q + QStringList{"-l", "first", "snap.qcow2"} << "qcow2" << "";
        QTest::addRow("-l snapshot.id=2 to raw") << QStringList{"-l", "snapshot.id=2", "snap.qcow2"} << "raw" << "";
        QTest::addRow("-l snapshot.name, compressed")
            << q + QStringList{"-c", "--deflate=qemu", "-l", "snapshot.name=second", "snap.qcow2"} << "qcow2"
            << "identical";
        // Compressed: qemu's exact stream gives qemu's exact file; the fast codec a close size.
        QTest::addRow("-c zlib, qemu's deflate") << q + QStringList{"-c", "--deflate=qemu"} + rawSrc << "qcow2"
                                                 << "identical";
        QTest::addRow("-c zlib, fast deflate") << q + QStringList{"-c"} + rawSrc << "qcow2" << "size";
        QTest::addRow("-c zstd") << q + QStringList{"-c", "-o", "compression_type=zstd"} + rawSrc << "qcow2"
                                 << "identical";
        QTest::addRow("-c 4k clusters, qemu's deflate")
            << q + QStringList{"-c", "--deflate=qemu", "-o", "cluster_size=4k", "top.qcow2"} << "qcow2" << "identical";
        QTest::addRow("-c refcount_bits=1") << q + QStringList{"-c", "-o", "refcount_bits=1"} + rawSrc << "qcow2"
                                            << "size";
        QTest::addRow("-c with -B") << q + QStringList{"-c", "--deflate=qemu", "-B", "base.qcow2", "-F", "qcow2",
                                                       "top.qcow2"}
                                    << "qcow2" << "identical";
    }

    void matchesQemu()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, targetFormat);
        QFETCH(QString, compressedCheck);
        const QString d = m_dir.path();
        const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(QRegularExpression("[^A-Za-z0-9]"), "_");
        const QString ref = "ref-" + tag + "." + targetFormat, out = "out-" + tag + "." + targetFormat;
        QString why;
        QVERIFY2(runExpected(qemuImg(QStringList{"convert"} + qemuArguments(arguments) << ref), d, &why),
                 qPrintable(why));
        QVERIFY2(runExpected(diskscopeImg(QStringList{"convert"} + arguments << out), d, &why), qPrintable(why));

        ProcessResult compare = run(qemuImg({"compare", "-f", targetFormat, "-F", targetFormat, ref, out}), d);
        QVERIFY2(compare.exitedWith(0), qPrintable(compare.describe()));
        if (targetFormat == "qcow2")
            QVERIFY2(checkClean(d, out, &why), qPrintable(why));

        if (compressedCheck == "identical") {
            QVERIFY2(filesHaveSameContent(d + "/" + ref, d + "/" + out, &why), qPrintable(why));
        } else if (compressedCheck == "size") {
            const double qemuSize = QFileInfo(d + "/" + ref).size(), ourSize = QFileInfo(d + "/" + out).size();
            QVERIFY2(ourSize <= qemuSize * 1.02,
                     qPrintable(QString("%1 bytes against qemu-img's %2").arg(ourSize).arg(qemuSize)));
        } else {
            QJsonArray expected, actual;
            QVERIFY2(allocationOf(d, ref, targetFormat, &expected, &why), qPrintable(why));
            QVERIFY2(allocationOf(d, out, targetFormat, &actual, &why), qPrintable(why));
            QVERIFY2(expected == actual, qPrintable("qemu-img:\n" + QJsonDocument(expected).toJson(QJsonDocument::Compact) +
                                                    "\ndiskscope-img:\n" + QJsonDocument(actual).toJson(QJsonDocument::Compact)));
        }
        QFile::remove(d + "/" + ref);
        QFile::remove(d + "/" + out);
    }

    // -n writes into an existing image: zeros must then be written (the target held data),
    // unless --target-is-zero says it reads as zeros already.
    void intoExistingTarget_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<bool>("targetIsZero");
        QTest::newRow("raw") << "raw" << false;
        QTest::newRow("qcow2") << "qcow2" << false;
        QTest::newRow("qcow2, --target-is-zero") << "qcow2" << true;
    }

    void intoExistingTarget()
    {
        QFETCH(QString, format);
        QFETCH(bool, targetIsZero);
        const QString d = m_dir.path();
        QString why;
        const QString target = "existing." + format;
        QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", format, target, "16M"}), d, &why), qPrintable(why));
        if (!targetIsZero)  // old content everywhere the source has zeros or holes
            QVERIFY2(runExpected(qemuIo(target, format, {"write -P 0x77 0 16M"}), d, &why), qPrintable(why));
        QStringList args{"convert", "-n", "-O", format, "top.qcow2", target};
        if (targetIsZero)
            args.insert(1, "--target-is-zero");
        QVERIFY2(runExpected(diskscopeImg(args), d, &why), qPrintable(why));
        // The first 12 MiB equal the source; the rest keeps what was there.
        ProcessResult compare =
            run(qemuImg({"compare", "-F", format, "top.qcow2", target}), d);  // sizes differ: the tail is compared too
        QVERIFY2(compare.exitedWith(targetIsZero ? 0 : 1), qPrintable(compare.describe()));
        QVERIFY2(runExpected(qemuIo(target, format, {"read -P 0 2M 64k", "read -P 5 512k 1M"}), d, &why),
                 qPrintable(why));
        if (format == "qcow2")
            QVERIFY2(checkClean(d, target, &why), qPrintable(why));
        QFile::remove(d + "/" + target);
    }

    void refusals_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("target smaller") << QStringList{"-n", "-O", "raw", "top.qcow2", "odd.raw"}
                                        << "diskscope-img: odd.raw: output file is smaller than input file\n";
        QTest::newRow("onto its own source") << QStringList{"-O", "qcow2", "top.qcow2", "top.qcow2"}
                                             << "Failed to get \"write\" lock";
        QTest::newRow("missing source") << QStringList{"-O", "qcow2", "nope.qcow2", "x.qcow2"}
                                        << "nope.qcow2";
        QTest::newRow("unknown snapshot") << QStringList{"-O", "qcow2", "-l", "nosuch", "snap.qcow2", "x.qcow2"}
                                          << "Can't find snapshot";
        QTest::newRow("zstd on compat 0.10") << QStringList{"-O", "qcow2", "-o", "compat=0.10,compression_type=zstd",
                                                            "mixed.raw", "x.qcow2"}
                                             << "compatibility level 1.1";
    }

    void refusals()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const QString d = m_dir.path();
        const QByteArray before = fileSha256(d + "/top.qcow2");
        ProcessResult r = run(diskscopeImg(QStringList{"convert"} + arguments), d);
        QVERIFY2(r.exitedWith(1), qPrintable(r.describe()));
        QVERIFY2(QString::fromUtf8(r.standardError).contains(message), qPrintable(r.describe()));
        QVERIFY(!QFile::exists(d + "/x.qcow2"));
        QCOMPARE(fileSha256(d + "/top.qcow2"), before);
        QString why;
        QVERIFY2(noTemporaryFiles(&why), qPrintable(why));
    }

    // Ctrl-C in the middle of a slow compressed convert: the command dies by the signal, the
    // target and its temporary file are gone, the source is unchanged.
    void interruptLeavesNoTarget()
    {
        const QString d = m_dir.path();
        QString why;
        QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", "raw", "big.raw", "256M"}), d, &why), qPrintable(why));
        QVERIFY2(writeRandomFile(d + "/big.raw", 256 * 1024 * 1024, 11, &why), qPrintable(why));
        const QByteArray before = fileSha256(d + "/big.raw");
        QProcess p;
        p.setWorkingDirectory(d);
        p.start(diskscopeImgPath(), {"convert", "-c", "--deflate=qemu", "-O", "qcow2", "big.raw", "big.qcow2"});
        QVERIFY(p.waitForStarted());
        QTest::qWait(700);
        QCOMPARE(p.state(), QProcess::Running);  // still working: the interrupt lands mid-copy
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QElapsedTimer stopping;
        stopping.start();
        QVERIFY(p.waitForFinished(10'000));
        QVERIFY2(stopping.elapsed() < 1000, qPrintable(QString("stopped after %1 ms").arg(stopping.elapsed())));
        QCOMPARE(p.exitStatus(), QProcess::CrashExit);  // died by SIGINT, as qemu-img does
        QVERIFY(!QFile::exists(d + "/big.qcow2"));
        QVERIFY2(noTemporaryFiles(&why), qPrintable(why));
        QCOMPARE(fileSha256(d + "/big.raw"), before);
        QFile::remove(d + "/big.raw");
    }

private:
    bool noTemporaryFiles(QString* why)
    {
        const QStringList left = QDir(m_dir.path()).entryList({"*.part"}, QDir::Files | QDir::Hidden);
        if (left.isEmpty())
            return true;
        *why = "temporary files left behind: " + left.join(", ");
        return false;
    }

    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestInteropConvert)
#include "tst_interop_convert.moc"
