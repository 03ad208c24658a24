// SPDX-License-Identifier: GPL-2.0-or-later
// resize against qemu-img resize: each row builds two identical images, resizes one with each
// tool (then writes into the new area with each tool's io), and requires the same virtual size,
// `qemu-img check` clean for Diskscope's image, and `qemu-img compare` identical. Covers L1 table
// growth (512-byte clusters), shrinking, relative sizes, snapshots, backing files and raw images,
// and qemu-img's refusals. qcow2 preallocation rows also require the same host layout: qemu-img
// map --output=json (offsets included) equal on both images.
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include "json_compare.h"
#include "qemu_tools.h"

using namespace diskscope::testsupport;

class TestInteropResize : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString why;
        QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", "raw", "base.raw", "8M"}), m_dir.path(), &why), qPrintable(why));
        QVERIFY2(runExpected(qemuIo("base.raw", "raw", {"write -P 0x5a 0 8M"}), m_dir.path(), &why), qPrintable(why));
    }

    void sameAsQemu_data()
    {
        QTest::addColumn<QStringList>("create");     // qemu-img create arguments before the name
        QTest::addColumn<QString>("initialSize");
        QTest::addColumn<QStringList>("prepare");    // qemu-io commands before the resize
        QTest::addColumn<bool>("snapshot");          // take an internal snapshot before resizing
        QTest::addColumn<QStringList>("resizeArgs"); // resize options and size (after the file name)
        QTest::addColumn<QStringList>("after");      // io commands after the resize
        const QStringList fill = {"write -P 0x11 0 1M", "write -P 0x12 3M 64k"};
        QTest::addRow("grow, L1 table moves (512 B clusters)")
            << QStringList{"-f", "qcow2", "-o", "cluster_size=512"} << "1M" << QStringList{"write -P 1 0 1M"} << false
            << QStringList{"100M"} << QStringList{"write -P 2 90M 1M"};
        QTest::addRow("grow by a relative size, 4 KiB clusters")
            << QStringList{"-f", "qcow2", "-o", "cluster_size=4k"} << "4M" << fill << false << QStringList{"+2G"}
            << QStringList{"write -P 3 2G 64k"};
        QTest::addRow("grow, extended L2") << QStringList{"-f", "qcow2", "-o", "extended_l2=on"} << "4M" << fill << false
                                           << QStringList{"1G"} << QStringList{"write -P 3 1000M 100k"};
        QTest::addRow("shrink") << QStringList{"-f", "qcow2"} << "8M" << fill << false << QStringList{"--shrink", "2M"}
                                << QStringList{"write -P 4 1M 4k"};
        QTest::addRow("shrink by a relative size, 512 B clusters")
            << QStringList{"-f", "qcow2", "-o", "cluster_size=512"} << "8M" << fill << false
            << QStringList{"--shrink", "--", "-5M"} << QStringList{"write -P 4 1M 4k"};
        QTest::addRow("shrink to one cluster") << QStringList{"-f", "qcow2"} << "8M" << fill << false
                                                      << QStringList{"--shrink", "1M"} << QStringList{};
        QTest::addRow("v3 with a snapshot, grow") << QStringList{"-f", "qcow2"} << "4M" << fill << true
                                                  << QStringList{"64M"} << QStringList{"write -P 5 60M 64k", "write -P 6 0 4k"};
        QTest::addRow("v3 with a snapshot, shrink") << QStringList{"-f", "qcow2"} << "8M" << fill << true
                                                    << QStringList{"--shrink", "2M"} << QStringList{"write -P 6 0 4k"};
        // Whole L2 tables past the new end that the snapshot shares: their clusters lose the
        // active disk's reference (no leaks).
        QTest::addRow("v3 with a snapshot, shrink, 512 B clusters")
            << QStringList{"-f", "qcow2", "-o", "cluster_size=512"} << "4M"
            << QStringList{"write -P 1 0 1M", "write -c -P 2 2M 64k", "write -P 3 3M 64k"} << true
            << QStringList{"--shrink", "1M"} << QStringList{"write -P 6 0 4k"};
        QTest::addRow("overlay grows past its backing")
            << QStringList{"-f", "qcow2", "-b", "base.raw", "-F", "raw"} << "8M" << QStringList{"write -P 7 1M 4k"} << false
            << QStringList{"20M"} << QStringList{"write -P 8 15M 4k"};
        QTest::addRow("raw grow") << QStringList{"-f", "raw"} << "1M" << fill.mid(0, 1) << false << QStringList{"-f", "raw", "5M"}
                                  << QStringList{"write -P 9 4M 4k"};
        QTest::addRow("raw grow, falloc") << QStringList{"-f", "raw"} << "1M" << fill.mid(0, 1) << false
                                          << QStringList{"-f", "raw", "--preallocation=falloc", "5M"} << QStringList{};
        QTest::addRow("raw grow, full") << QStringList{"-f", "raw"} << "1M" << fill.mid(0, 1) << false
                                        << QStringList{"-f", "raw", "--preallocation=full", "5M"} << QStringList{};
        QTest::addRow("raw shrink to an odd size") << QStringList{"-f", "raw"} << "1M" << fill.mid(0, 1) << false
                                                   << QStringList{"-f", "raw", "--shrink", "1000"} << QStringList{};
    }

    void sameAsQemu()
    {
        QFETCH(QStringList, create);
        QFETCH(QString, initialSize);
        QFETCH(QStringList, prepare);
        QFETCH(bool, snapshot);
        QFETCH(QStringList, resizeArgs);
        QFETCH(QStringList, after);
        const QString format = create.at(create.indexOf("-f") + 1);
        const QString ours = QString("ours%1.%2").arg(m_row).arg(format);
        const QString theirs = QString("theirs%1.%2").arg(m_row).arg(format);
        ++m_row;
        QString why;
        for (const QString& image : {ours, theirs}) {
            QVERIFY2(runExpected(qemuImg(QStringList{"create", "-q"} + create + QStringList{image, initialSize}), m_dir.path(), &why),
                     qPrintable(why));
            if (!prepare.isEmpty())
                QVERIFY2(runExpected(qemuIo(image, format, prepare), m_dir.path(), &why), qPrintable(why));
            if (snapshot)
                QVERIFY2(runExpected(qemuImg({"snapshot", "-c", "s1", image}), m_dir.path(), &why), qPrintable(why));
        }
        // Options may sit before the file name for both tools; the size comes last.
        QStringList options = resizeArgs;
        const QString size = options.takeLast();
        const bool dashDash = options.removeAll("--") > 0;
        auto resizeCommand = [&](const QString& image) {
            QStringList args = QStringList{"resize"} + options + QStringList{image};
            if (dashDash)
                args << "--";
            return args << size;
        };
        ProcessResult ourResize = run(diskscopeImg(resizeCommand(ours)), m_dir.path());
        ProcessResult theirResize = run(qemuImg(resizeCommand(theirs)), m_dir.path());
        QVERIFY2(theirResize.exitedWith(0), qPrintable(theirResize.describe()));
        QVERIFY2(ourResize.exitedWith(0), qPrintable(ourResize.describe()));
        QCOMPARE(ourResize.standardOutput, theirResize.standardOutput);  // "Image resized."
        if (!after.isEmpty()) {
            QStringList ioArgs = {"io", "-q", "-f", format};
            for (const QString& c : after)
                ioArgs << "-c" << c;
            ProcessResult written = run(diskscopeImg(ioArgs << ours), m_dir.path());
            QVERIFY2(written.exitedWith(0), qPrintable(written.describe()));
            QVERIFY2(runExpected(qemuIo(theirs, format, after), m_dir.path(), &why), qPrintable(why));
        }
        ProcessResult ourInfo = run(qemuImg({"info", "-f", format, "--output=json", ours}), m_dir.path());
        ProcessResult theirInfo = run(qemuImg({"info", "-f", format, "--output=json", theirs}), m_dir.path());
        auto virtualSize = [](const QByteArray& json) {
            int at = json.indexOf("\"virtual-size\": ");
            return json.mid(at, json.indexOf(',', at) - at);
        };
        QCOMPARE(virtualSize(ourInfo.standardOutput), virtualSize(theirInfo.standardOutput));
        if (format == "qcow2") {
            ProcessResult checked = run(qemuImg({"check", ours}), m_dir.path());
            QVERIFY2(checked.exitedWith(0), qPrintable(checked.describe()));
        }
        ProcessResult compared = run(qemuImg({"compare", "-f", format, "-F", format, ours, theirs}), m_dir.path());
        QVERIFY2(compared.exitedWith(0), qPrintable(compared.describe()));
        if (snapshot) {  // the snapshot still holds its old content and size
            for (const QString& image : {ours, theirs})
                QVERIFY2(runExpected(qemuImg({"snapshot", "-a", "s1", image}), m_dir.path(), &why), qPrintable(why));
            ProcessResult restored = run(qemuImg({"compare", ours, theirs}), m_dir.path());
            QVERIFY2(restored.exitedWith(0), qPrintable(restored.describe()));
        }
    }

    void preallocationSameAsQemu_data()
    {
        QTest::addColumn<QStringList>("create");   // qemu-img create arguments before the name
        QTest::addColumn<QString>("initialSize");
        QTest::addColumn<QStringList>("prepare");  // qemu-io commands before the resize
        QTest::addColumn<bool>("snapshot");
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QString>("newSize");
        const QStringList qcow2 = {"-f", "qcow2"};
        const QStringList data = {"write -P 1 0 64k", "write -P 2 512k 100k"};
        const QStringList backing = {"-f", "qcow2", "-b", "base.raw", "-F", "raw"};
        for (const QString mode : {"metadata", "falloc", "full"}) {
            const QByteArray m = mode.toLatin1();
            QTest::addRow("%s, empty image", m.constData()) << qcow2 << "1M" << QStringList{} << false << mode << "3M";
            QTest::addRow("%s, with data", m.constData()) << qcow2 << "1M" << data << false << mode << "3M";
            QTest::addRow("%s, unaligned old size, data at the end", m.constData())
                << qcow2 << "1000k" << QStringList{"write -P 3 900k 100k"} << false << mode << "2M";
            QTest::addRow("%s, overlay longer than its backing", m.constData())
                << QStringList{"-f", "qcow2", "-b", "base.raw", "-F", "raw"} << "8M" << data << false << mode << "12M";
        }
        for (const QString mode : {"metadata", "falloc"}) {
            const QByteArray m = mode.toLatin1();
            QTest::addRow("%s, unaligned old size, compressed last cluster", m.constData())
                << qcow2 << "1000k" << QStringList{"write -c -P 4 960k 40k"} << false << mode << "2M";
            QTest::addRow("%s, unaligned old size, preallocated zero cluster", m.constData())
                << qcow2 << "1000k" << QStringList{"write -P 5 960k 40k", "write -z 960k 40k"} << false << mode << "2M";
            QTest::addRow("%s, compat=0.10", m.constData())
                << QStringList{"-f", "qcow2", "-o", "compat=0.10"} << "1M" << data << false << mode << "3M";
            QTest::addRow("%s, extended L2", m.constData())
                << QStringList{"-f", "qcow2", "-o", "extended_l2=on"} << "1M" << data << false << mode << "3M";
            QTest::addRow("%s, extended L2, unaligned old size", m.constData())
                << QStringList{"-f", "qcow2", "-o", "extended_l2=on"} << "1000k" << QStringList{"write -P 6 990k 10k"}
                << false << mode << "2M";
            QTest::addRow("%s, backing longer than the image", m.constData())
                << backing << "1M" << data << false << mode << "3M";
            QTest::addRow("%s, backing longer, unaligned old size", m.constData())
                << backing << "1000k" << QStringList{"write -P 7 900k 4k"} << false << mode << "2M";
            QTest::addRow("%s, backing longer, extended L2", m.constData())
                << QStringList{"-f", "qcow2", "-b", "base.raw", "-F", "raw", "-o", "extended_l2=on"} << "1M" << data << false
                << mode << "3M";
            QTest::addRow("%s, backing longer, extended L2, unaligned old size", m.constData())
                << QStringList{"-f", "qcow2", "-b", "base.raw", "-F", "raw", "-o", "extended_l2=on"} << "1000k"
                << QStringList{"write -P 8 960k 8k"} << false << mode << "3M";
            QTest::addRow("%s, 512 B clusters, L1 and refcount growth", m.constData())
                << QStringList{"-f", "qcow2", "-o", "cluster_size=512"} << "1M" << data << false << mode << "6M";
            QTest::addRow("%s, 4 KiB clusters, several L2 tables", m.constData())
                << QStringList{"-f", "qcow2", "-o", "cluster_size=4k"} << "1M" << data << false << mode << "9M";
            QTest::addRow("%s, v3 with a snapshot", m.constData()) << qcow2 << "1000k" << QStringList{"write -P 9 0 1000k"}
                                                                 << true << mode << "2M";
        }
        QTest::addRow("falloc, compat=0.10, backing longer")
            << QStringList{"-f", "qcow2", "-b", "base.raw", "-F", "raw", "-o", "compat=0.10"} << "1M" << data << false
            << "falloc" << "3M";
    }

    // The same resize with preallocation through both tools: same map (layout included),
    // Diskscope's image clean, same guest content, and (when the image has one) the snapshot
    // still restores.
    void preallocationSameAsQemu()
    {
        QFETCH(QStringList, create);
        QFETCH(QString, initialSize);
        QFETCH(QStringList, prepare);
        QFETCH(bool, snapshot);
        QFETCH(QString, mode);
        QFETCH(QString, newSize);
        const QString ours = QString("prealloc-ours%1.qcow2").arg(m_row);
        const QString theirs = QString("prealloc-theirs%1.qcow2").arg(m_row);
        ++m_row;
        QString why;
        for (const QString& image : {ours, theirs}) {
            QVERIFY2(runExpected(qemuImg(QStringList{"create", "-q"} + create + QStringList{image, initialSize}), m_dir.path(), &why),
                     qPrintable(why));
            if (!prepare.isEmpty())
                QVERIFY2(runExpected(qemuIo(image, "qcow2", prepare), m_dir.path(), &why), qPrintable(why));
            if (snapshot)
                QVERIFY2(runExpected(qemuImg({"snapshot", "-c", "s1", image}), m_dir.path(), &why), qPrintable(why));
        }
        const QStringList options{"--preallocation=" + mode};
        ProcessResult ourResize = run(diskscopeImg(QStringList{"resize"} + options + QStringList{ours, newSize}), m_dir.path());
        ProcessResult theirResize = run(qemuImg(QStringList{"resize"} + options + QStringList{theirs, newSize}), m_dir.path());
        QVERIFY2(theirResize.exitedWith(0), qPrintable(theirResize.describe()));
        QVERIFY2(ourResize.exitedWith(0), qPrintable(ourResize.describe()));
        QCOMPARE(ourResize.standardOutput, theirResize.standardOutput);

        ProcessResult ourMap = run(qemuImg({"map", "--output=json", ours}), m_dir.path());
        ProcessResult theirMap = run(qemuImg({"map", "--output=json", theirs}), m_dir.path());
        QVERIFY2(ourMap.exitedWith(0) && theirMap.exitedWith(0), qPrintable(ourMap.describe() + theirMap.describe()));
        QJsonArray ourExtents, theirExtents;
        QVERIFY2(parseJsonArray(ourMap.standardOutput, &ourExtents, &why), qPrintable(why));
        QVERIFY2(parseJsonArray(theirMap.standardOutput, &theirExtents, &why), qPrintable(why));
        const QStringList differences = diffMap(theirExtents, ourExtents);
        QVERIFY2(differences.isEmpty(), qPrintable(differences.join('\n') + "\nqemu-img:\n" + theirMap.standardOutput +
                                                   "\ndiskscope-img:\n" + ourMap.standardOutput));

        ProcessResult checked = run(qemuImg({"check", ours}), m_dir.path());
        QVERIFY2(checked.exitedWith(0), qPrintable(checked.describe()));
        ProcessResult compared = run(qemuImg({"compare", ours, theirs}), m_dir.path());
        QVERIFY2(compared.exitedWith(0), qPrintable(compared.describe()));
        if (snapshot) {
            for (const QString& image : {ours, theirs})
                QVERIFY2(runExpected(qemuImg({"snapshot", "-a", "s1", image}), m_dir.path(), &why), qPrintable(why));
            ProcessResult restored = run(qemuImg({"compare", ours, theirs}), m_dir.path());
            QVERIFY2(restored.exitedWith(0), qPrintable(restored.describe()));
        }
    }

    // qemu-img 7.2 allocates the metadata, then fails to mark it zero (v2 has no zero flag) and
    // leaves the size unchanged; Diskscope refuses with the same message before writing.
    void preallocationRefusedOnV2WithLongerBacking()
    {
        const QString image = "prealloc-v2.qcow2";
        QString why;
        QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", "qcow2", "-b", "base.raw", "-F", "raw", "-o", "compat=0.10", image, "1M"}),
                             m_dir.path(), &why),
                 qPrintable(why));
        const QByteArray before = fileSha256(m_dir.filePath(image));
        ProcessResult ours = run(diskscopeImg({"resize", "--preallocation=metadata", image, "3M"}), m_dir.path());
        QVERIFY2(ours.exitedWith(1), qPrintable(ours.describe()));
        QCOMPARE(fileSha256(m_dir.filePath(image)), before);
        ProcessResult theirs = run(qemuImg({"resize", "--preallocation=metadata", image, "3M"}), m_dir.path());
        QVERIFY2(theirs.exitedWith(1), qPrintable(theirs.describe()));
        QCOMPARE(ours.standardError.replace("diskscope-img: ", ""), theirs.standardError.replace("qemu-img: ", ""));
    }

    void refusals_data()
    {
        QTest::addColumn<QStringList>("create");
        QTest::addColumn<bool>("snapshot");
        QTest::addColumn<QStringList>("resizeArgs");
        QTest::addRow("shrink without --shrink") << QStringList{"-f", "qcow2"} << false << QStringList{"1M"};
        QTest::addRow("size not a multiple of 512") << QStringList{"-f", "qcow2"} << false << QStringList{"+1"};
        QTest::addRow("zero size") << QStringList{"-f", "qcow2"} << false << QStringList{"0"};
        QTest::addRow("not a size") << QStringList{"-f", "qcow2"} << false << QStringList{"abc"};
        QTest::addRow("bad preallocation") << QStringList{"-f", "qcow2"} << false << QStringList{"--preallocation=bogus", "1G"};
        QTest::addRow("v2 image with a snapshot") << QStringList{"-f", "qcow2", "-o", "compat=0.10"} << true << QStringList{"64M"};
        QTest::addRow("preallocation while shrinking")
            << QStringList{"-f", "qcow2"} << false << QStringList{"--preallocation=falloc", "--shrink", "1M"};
        QTest::addRow("preallocation to the same size") << QStringList{"-f", "qcow2"} << false
                                                        << QStringList{"--preallocation=metadata", "8M"};
        QTest::addRow("v2 image with a snapshot, preallocation")
            << QStringList{"-f", "qcow2", "-o", "compat=0.10"} << true << QStringList{"--preallocation=falloc", "64M"};
    }

    void refusals()
    {
        QFETCH(QStringList, create);
        QFETCH(bool, snapshot);
        QFETCH(QStringList, resizeArgs);
        const QString image = QString("refused%1.qcow2").arg(m_row++);
        QString why;
        QVERIFY2(runExpected(qemuImg(QStringList{"create", "-q"} + create + QStringList{image, "8M"}), m_dir.path(), &why), qPrintable(why));
        if (snapshot)
            QVERIFY2(runExpected(qemuImg({"snapshot", "-c", "s1", image}), m_dir.path(), &why), qPrintable(why));
        const QByteArray before = fileSha256(m_dir.filePath(image));
        QStringList options = resizeArgs;
        const QString size = options.takeLast();
        ProcessResult ours = run(diskscopeImg(QStringList{"resize"} + options + QStringList{image, size}), m_dir.path());
        ProcessResult theirs = run(qemuImg(QStringList{"resize"} + options + QStringList{image, size}), m_dir.path());
        QVERIFY2(theirs.exitedWith(1), qPrintable(theirs.describe()));
        QVERIFY2(ours.exitedWith(1), qPrintable(ours.describe()));
        // Same message after the program name.
        QByteArray ourMessage = ours.standardError, theirMessage = theirs.standardError;
        ourMessage.replace("diskscope-img: ", "");
        theirMessage.replace("qemu-img: ", "");
        QCOMPARE(ourMessage.split('\n').first(), theirMessage.split('\n').first());
        QCOMPARE(fileSha256(m_dir.filePath(image)), before);  // nothing written
    }

private:
    QTemporaryDir m_dir;
    int m_row = 0;
};

QTEST_GUILESS_MAIN(TestInteropResize)
#include "tst_interop_resize.moc"
