// SPDX-License-Identifier: GPL-2.0-or-later
// amend against qemu-img amend: each row builds twin images with qemu-img/qemu-io (data, zero
// clusters, snapshots, compressed clusters; several cluster sizes and refcount widths), amends
// one with each tool and requires: both succeed, `qemu-img check` clean on Diskscope's image,
// the same `format-specific` info and virtual size as qemu-img's copy, the guest content of
// before (or of qemu-img's copy when the size changed), and the snapshots still restore.
// Refusals: same exit code and message, and Diskscope's image left untouched.
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "qemu_tools.h"

using namespace diskscope::testsupport;

namespace {

const QStringList kData = {"io:write -P 1 0 1M", "io:write -P 2 3M 100k", "io:write -z 1M 128k",
                           "io:write -z -u 3M 64k", "io:write -P 3 2M 64k", "io:write -z 2M 64k"};
const QStringList kSnapshots = {"io:write -P 1 0 1M", "snap:first", "io:write -P 2 512k 1M", "io:write -z 0 64k",
                                "snap:second", "io:write -P 3 4M 64k", "io:write -z 5M 128k"};
const QStringList kCompressed = {"io:write -c -P 1 0 1M", "io:write -P 2 2M 64k", "snap:s", "io:write -P 3 0 64k"};

}  // namespace

class TestInteropAmend : public QObject {
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
        QTest::addColumn<QStringList>("create");  // qemu-img create arguments before the name
        QTest::addColumn<QStringList>("script");  // "io:<qemu-io command>" or "snap:<name>"
        QTest::addColumn<QString>("amendOptions");
        auto qcow2 = [](const QString& options) { return QStringList{"-f", "qcow2", "-o", options}; };
        const QStringList overlay = {"-f", "qcow2", "-b", "base.raw", "-F", "raw"};

        QTest::addRow("downgrade, zero clusters, no backing") << qcow2("cluster_size=64k") << kData << "compat=0.10";
        QTest::addRow("downgrade, zero clusters over a backing file") << overlay << kData << "compat=0.10";
        QTest::addRow("downgrade, 512 B clusters") << qcow2("cluster_size=512") << kData << "compat=0.10";
        QTest::addRow("downgrade, 2 MiB clusters over a backing file")
            << QStringList{"-f", "qcow2", "-o", "cluster_size=2M", "-b", "base.raw", "-F", "raw"} << kData << "compat=v2";
        QTest::addRow("downgrade with snapshots") << qcow2("cluster_size=64k") << kSnapshots << "compat=0.10";
        QTest::addRow("downgrade with snapshots over a backing file") << overlay << kSnapshots << "compat=0.10";
        QTest::addRow("downgrade, compressed clusters") << qcow2("cluster_size=4k") << kCompressed << "compat=0.10";
        QTest::addRow("downgrade, lazy refcounts") << qcow2("lazy_refcounts=on") << kData << "compat=0.10";
        QTest::addRow("downgrade, zstd without compressed clusters") << qcow2("compression_type=zstd") << kData
                                                                     << "compat=0.10";
        QTest::addRow("downgrade and 16-bit refcounts") << qcow2("refcount_bits=8") << kData
                                                        << "compat=0.10,refcount_bits=16";
        QTest::addRow("downgrade and resize") << qcow2("cluster_size=64k") << kData << "compat=0.10,size=16M";

        QTest::addRow("upgrade") << qcow2("compat=0.10") << kData.mid(0, 2) << "compat=1.1";
        QTest::addRow("upgrade with snapshots") << qcow2("compat=0.10") << QStringList{"io:write -P 1 0 1M", "snap:a",
                                                                                       "io:write -P 2 0 64k"}
                                                << "compat=v3";
        QTest::addRow("upgrade, 512 B clusters, lazy refcounts")
            << qcow2("compat=0.10,cluster_size=512") << kData.mid(0, 2) << "compat=1.1,lazy_refcounts=on";
        QTest::addRow("upgrade and 4-bit refcounts") << qcow2("compat=0.10") << kData.mid(0, 2)
                                                     << "compat=1.1,refcount_bits=4";

        QTest::addRow("lazy refcounts on") << qcow2("cluster_size=64k") << kData << "lazy_refcounts=on";
        QTest::addRow("lazy refcounts off") << qcow2("lazy_refcounts=on") << kSnapshots << "lazy_refcounts=off";

        // qemu-img's width change is slow (seconds per image): a few rows cover the widths.
        QTest::addRow("refcount_bits=1") << qcow2("cluster_size=64k") << kData << "refcount_bits=1";
        QTest::addRow("refcount_bits=64, 512 B clusters") << qcow2("cluster_size=512") << kData << "refcount_bits=64";
        QTest::addRow("refcount_bits=2 with a snapshot")
            << qcow2("cluster_size=4k") << QStringList{"io:write -P 1 0 1M", "snap:s", "io:write -P 2 0 64k"}
            << "refcount_bits=2";
        QTest::addRow("refcount_bits 8 -> 32 with compressed clusters") << qcow2("refcount_bits=8") << kCompressed
                                                                        << "refcount_bits=32";
        QTest::addRow("refcount_bits=8, extended L2") << qcow2("extended_l2=on") << kData << "refcount_bits=8";

        QTest::addRow("size grows") << qcow2("cluster_size=64k") << kData << "size=64M";
        QTest::addRow("size shrinks") << qcow2("cluster_size=64k") << kData << "size=2M";
        QTest::addRow("options given twice, last wins") << qcow2("cluster_size=64k") << kData
                                                        << "lazy_refcounts=on,lazy_refcounts=off,refcount_bits=4";
    }

    void sameAsQemu()
    {
        QFETCH(QStringList, create);
        QFETCH(QStringList, script);
        QFETCH(QString, amendOptions);
        const QString ours = QString("ours%1.qcow2").arg(m_row), theirs = QString("theirs%1.qcow2").arg(m_row);
        const QString before = QString("before%1.qcow2").arg(m_row);
        ++m_row;
        QString why;
        QVERIFY2(buildImage(create, script, ours, &why), qPrintable(why));
        QFile::remove(m_dir.filePath(theirs));
        QFile::remove(m_dir.filePath(before));
        QVERIFY(QFile::copy(m_dir.filePath(ours), m_dir.filePath(theirs)));
        QVERIFY(QFile::copy(m_dir.filePath(ours), m_dir.filePath(before)));

        ProcessResult mine = run(diskscopeImg({"amend", "-o", amendOptions, ours}), m_dir.path());
        ProcessResult qemu = run(qemuImg({"amend", "-o", amendOptions, theirs}), m_dir.path());
        QVERIFY2(qemu.exitedWith(0), qPrintable(qemu.describe()));
        QVERIFY2(mine.exitedWith(0), qPrintable(mine.describe()));
        QCOMPARE(mine.standardOutput, qemu.standardOutput);

        ProcessResult checked = run(qemuImg({"check", ours}), m_dir.path());
        QVERIFY2(checked.exitedWith(0), qPrintable(checked.describe()));
        const QJsonObject ourInfo = info(ours), theirInfo = info(theirs);
        QCOMPARE(ourInfo.value("format-specific"), theirInfo.value("format-specific"));
        QCOMPARE(ourInfo.value("virtual-size"), theirInfo.value("virtual-size"));
        QCOMPARE(ourInfo.value("snapshots").toArray().size(), theirInfo.value("snapshots").toArray().size());
        const bool resized = amendOptions.contains("size=");
        ProcessResult compared = run(qemuImg({"compare", resized ? theirs : before, ours}), m_dir.path());
        QVERIFY2(compared.exitedWith(0), qPrintable(compared.describe()));
        for (const QString& step : script.filter("snap:")) {
            const QString name = step.section(':', 1);
            for (const QString& image : {ours, theirs})
                QVERIFY2(runExpected(qemuImg({"snapshot", "-a", name, image}), m_dir.path(), &why), qPrintable(why));
            ProcessResult restored = run(qemuImg({"compare", ours, theirs}), m_dir.path());
            QVERIFY2(restored.exitedWith(0), qPrintable("snapshot " + name + "\n" + restored.describe()));
            ProcessResult clean = run(qemuImg({"check", ours}), m_dir.path());
            QVERIFY2(clean.exitedWith(0), qPrintable(clean.describe()));
        }
    }

    // A dirty lazy-refcounts image (qemu-io aborted mid-way): turning lazy refcounts off
    // repairs the refcounts first.
    void lazyRefcountsOffOnDirtyImage()
    {
        QString why;
        const QString ours = "dirty-ours.qcow2", theirs = "dirty-theirs.qcow2";
        QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", "qcow2", "-o", "lazy_refcounts=on", ours, "8M"}), m_dir.path(), &why),
                 qPrintable(why));
        run(qemuIo(ours, "qcow2", {"write -P 7 0 1M", "abort"}), m_dir.path());
        ProcessResult dirty = run(qemuImg({"info", "--output=json", ours}), m_dir.path());
        QVERIFY2(dirty.standardOutput.contains("\"dirty-flag\": true"), dirty.standardOutput.constData());
        QFile::remove(m_dir.filePath(theirs));
        QVERIFY(QFile::copy(m_dir.filePath(ours), m_dir.filePath(theirs)));
        ProcessResult mine = run(diskscopeImg({"amend", "-o", "lazy_refcounts=off", ours}), m_dir.path());
        QVERIFY2(mine.exitedWith(0), qPrintable(mine.describe()));
        QVERIFY2(runExpected(qemuImg({"amend", "-o", "lazy_refcounts=off", theirs}), m_dir.path(), &why), qPrintable(why));
        ProcessResult checked = run(qemuImg({"check", ours}), m_dir.path());
        QVERIFY2(checked.exitedWith(0), qPrintable(checked.describe()));
        QCOMPARE(info(ours).value("format-specific"), info(theirs).value("format-specific"));
        QCOMPARE(info(ours).value("dirty-flag"), QJsonValue(false));
        ProcessResult compared = run(qemuImg({"compare", ours, theirs}), m_dir.path());
        QVERIFY2(compared.exitedWith(0), qPrintable(compared.describe()));
    }

    // An image that diskscope-img created, wrote (data, zero clusters, a snapshot, compressed
    // clusters) and then amends through a round trip of widths and compat levels: after every
    // step qemu-img check is clean and the guest content is that of the start.
    void roundTripOnDiskscopeImage_data()
    {
        QTest::addColumn<QString>("clusterSize");
        QTest::newRow("64k") << "64k";
        QTest::newRow("4k") << "4k";
    }
    void roundTripOnDiskscopeImage()
    {
        QFETCH(QString, clusterSize);
        QString why;
        const QString image = "made-by-diskscope-" + clusterSize + ".qcow2", reference = "reference-" + clusterSize + ".raw";
        QFile::remove(m_dir.filePath(image));
        QVERIFY2(runExpected(diskscopeImg({"create", "-q", "-f", "qcow2", "-o", "cluster_size=" + clusterSize, image, "8M"}),
                             m_dir.path(), &why),
                 qPrintable(why));
        QVERIFY2(runExpected(diskscopeImg({"io", "-f", "qcow2", "-c", "write -P 1 0 1M", "-c", "write -z 1M 128k",
                                           "-c", "write -c -P 2 2M 128k", image}),
                             m_dir.path(), &why),
                 qPrintable(why));
        QVERIFY2(runExpected(diskscopeImg({"snapshot", "-c", "s1", image}), m_dir.path(), &why), qPrintable(why));
        QVERIFY2(runExpected(diskscopeImg({"io", "-f", "qcow2", "-c", "write -P 3 512k 64k", "-c", "write -z 4M 64k", image}),
                             m_dir.path(), &why),
                 qPrintable(why));
        QVERIFY2(runExpected(qemuImg({"convert", "-O", "raw", image, reference}), m_dir.path(), &why), qPrintable(why));
        for (const QString options : {"refcount_bits=64", "compat=0.10,refcount_bits=16", "compat=1.1",
                                       "lazy_refcounts=on", "refcount_bits=8", "lazy_refcounts=off"}) {
            ProcessResult amended = run(diskscopeImg({"amend", "-o", options, image}), m_dir.path());
            QVERIFY2(amended.exitedWith(0), qPrintable(options + ": " + amended.describe()));
            ProcessResult checked = run(qemuImg({"check", image}), m_dir.path());
            QVERIFY2(checked.exitedWith(0) && !checked.standardOutput.contains("leaked"),
                     qPrintable(options + ": " + checked.describe()));
            ProcessResult compared = run(qemuImg({"compare", "-F", "raw", image, reference}), m_dir.path());
            QVERIFY2(compared.exitedWith(0), qPrintable(options + ": " + compared.describe()));
        }
        QCOMPARE(info(image).value("format-specific").toObject().value("data").toObject().value("refcount-bits"),
                 QJsonValue(8));
        ProcessResult listed = run(qemuImg({"snapshot", "-l", image}), m_dir.path());
        QVERIFY2(listed.standardOutput.contains("s1"), qPrintable(listed.describe()));
    }

    void refusals_data()
    {
        QTest::addColumn<QStringList>("create");
        QTest::addColumn<QStringList>("script");
        QTest::addColumn<QStringList>("amendArgs");  // before the file name
        auto qcow2 = [](const QString& options) { return QStringList{"-f", "qcow2", "-o", options}; };
        const QStringList plain = {"io:write -P 1 0 64k"};
        QTest::addRow("downgrade, extended L2") << qcow2("extended_l2=on") << plain << QStringList{"-o", "compat=0.10"};
        QTest::addRow("downgrade, data file") << qcow2("data_file=refused.data") << plain << QStringList{"-o", "compat=0.10"};
        QTest::addRow("downgrade, 8-bit refcounts") << qcow2("refcount_bits=8") << plain << QStringList{"-o", "compat=0.10"};
        QTest::addRow("downgrade, zstd compressed clusters")
            << qcow2("compression_type=zstd") << QStringList{"io:write -c -P 1 0 64k"} << QStringList{"-o", "compat=0.10"};
        QTest::addRow("downgrade, snapshot of another size")
            << qcow2("cluster_size=64k") << QStringList{"snap:s", "resize:16M"} << QStringList{"-o", "compat=0.10"};
        QTest::addRow("refcount too wide for 1 bit") << qcow2("cluster_size=64k") << QStringList{"io:write 0 64k", "snap:s"}
                                                     << QStringList{"-o", "refcount_bits=1"};
        QTest::addRow("cluster size") << qcow2("cluster_size=64k") << plain << QStringList{"-o", "cluster_size=4k"};
        QTest::addRow("extended L2") << qcow2("cluster_size=64k") << plain << QStringList{"-o", "extended_l2=on"};
        QTest::addRow("preallocation") << qcow2("cluster_size=64k") << plain << QStringList{"-o", "preallocation=full"};
        QTest::addRow("compression type") << qcow2("cluster_size=64k") << plain << QStringList{"-o", "compression_type=zstd"};
        QTest::addRow("unknown option") << qcow2("cluster_size=64k") << plain << QStringList{"-o", "bogus=1"};
        QTest::addRow("unknown compat") << qcow2("cluster_size=64k") << plain << QStringList{"-o", "compat=2.0"};
        QTest::addRow("bad lazy_refcounts") << qcow2("cluster_size=64k") << plain << QStringList{"-o", "lazy_refcounts=maybe"};
        QTest::addRow("lazy refcounts on v2") << qcow2("compat=0.10") << plain << QStringList{"-o", "lazy_refcounts=on"};
        QTest::addRow("downgrade with lazy refcounts on") << qcow2("cluster_size=64k") << plain
                                                          << QStringList{"-o", "compat=0.10,lazy_refcounts=on"};
        QTest::addRow("refcount width on v2") << qcow2("compat=0.10") << plain << QStringList{"-o", "refcount_bits=8"};
        QTest::addRow("refcount width not a power of two") << qcow2("cluster_size=64k") << plain
                                                           << QStringList{"-o", "refcount_bits=3"};
        QTest::addRow("refcount width too large") << qcow2("cluster_size=64k") << plain << QStringList{"-o", "refcount_bits=128"};
        QTest::addRow("data file on an image without one") << qcow2("cluster_size=64k") << plain
                                                           << QStringList{"-o", "data_file=x"};
        QTest::addRow("data_file_raw on an existing image") << qcow2("data_file=refused.data") << plain
                                                            << QStringList{"-o", "data_file_raw=on"};
        QTest::addRow("size not a multiple of 512") << qcow2("cluster_size=64k") << plain << QStringList{"-o", "size=4100"};
        QTest::addRow("size of a v2 image with snapshots") << qcow2("compat=0.10") << QStringList{"snap:s"}
                                                           << QStringList{"-o", "size=16M"};
        QTest::addRow("raw") << QStringList{"-f", "raw"} << QStringList{} << QStringList{"-f", "raw", "-o", "size=16M"};
        QTest::addRow("no options") << qcow2("cluster_size=64k") << plain << QStringList{};
        QTest::addRow("-U is not an amend option") << qcow2("cluster_size=64k") << plain
                                                   << QStringList{"-U", "-o", "compat=0.10"};
    }

    void refusals()
    {
        QFETCH(QStringList, create);
        QFETCH(QStringList, script);
        QFETCH(QStringList, amendArgs);
        const QString ours = "refused-ours.img", theirs = "refused-theirs.img";
        QString why;
        for (const QString& image : {ours, theirs}) {
            QFile::remove(m_dir.filePath(image));
            QStringList options = create;
            options.replaceInStrings("refused.data", image + ".data");
            QVERIFY2(buildImage(options, script, image, &why), qPrintable(why));
        }
        const QByteArray before = fileSha256(m_dir.filePath(ours));
        ProcessResult mine = run(diskscopeImg(QStringList{"amend"} + amendArgs + QStringList{ours}), m_dir.path());
        ProcessResult qemu = run(qemuImg(QStringList{"amend"} + amendArgs + QStringList{theirs}), m_dir.path());
        QVERIFY2(qemu.exitedWith(1), qPrintable(qemu.describe()));
        QVERIFY2(mine.exitedWith(1), qPrintable(mine.describe()));
        QByteArray ourMessage = mine.standardError, theirMessage = qemu.standardError;
        ourMessage.replace("diskscope-img", "qemu-img");
        QCOMPARE(ourMessage, theirMessage);
        QCOMPARE(fileSha256(m_dir.filePath(ours)), before);  // nothing written
    }

    // Errata: qemu-img 7.2 refuses every backing_file/backing_fmt amend; Diskscope makes the
    // change `qemu-img rebase -u` makes, which is the reference here.
    void backingLikeUnsafeRebase_data()
    {
        QTest::addColumn<QStringList>("create");
        QTest::addColumn<QString>("amendOptions");
        QTest::addColumn<QStringList>("rebaseArgs");  // qemu-img rebase -u arguments before the name
        QTest::addColumn<bool>("readable");           // the result opens with its backing file
        const QStringList overlay = {"-f", "qcow2", "-b", "base.raw", "-F", "raw"};
        const QStringList plain = {"-f", "qcow2"};
        QTest::addRow("another backing file") << overlay << "backing_file=other.raw,backing_fmt=raw"
                                              << QStringList{"-b", "other.raw", "-F", "raw"} << true;
        QTest::addRow("standalone") << overlay << "backing_file=" << QStringList{"-b", ""} << true;
        QTest::addRow("a backing file for a standalone image")
            << plain << "backing_file=base.raw,backing_fmt=raw" << QStringList{"-b", "base.raw", "-F", "raw"} << true;
        QTest::addRow("the format only") << overlay << "backing_fmt=qcow2"
                                         << QStringList{"-b", "base.raw", "-F", "qcow2"} << false;
    }

    void backingLikeUnsafeRebase()
    {
        QFETCH(QStringList, create);
        QFETCH(QString, amendOptions);
        QFETCH(QStringList, rebaseArgs);
        QFETCH(bool, readable);
        const QString ours = QString("backing-ours%1.qcow2").arg(m_row), theirs = QString("backing-theirs%1.qcow2").arg(m_row);
        ++m_row;
        QString why;
        QFile::remove(m_dir.filePath("other.raw"));
        QVERIFY(QFile::copy(m_dir.filePath("base.raw"), m_dir.filePath("other.raw")));
        QVERIFY2(runExpected(qemuIo("other.raw", "raw", {"write -P 0x77 0 1M"}), m_dir.path(), &why), qPrintable(why));
        for (const QString& image : {ours, theirs}) {
            QVERIFY2(buildImage(create, {"io:write -P 1 64k 64k"}, image, &why), qPrintable(why));
        }
        ProcessResult mine = run(diskscopeImg({"amend", "-o", amendOptions, ours}), m_dir.path());
        QVERIFY2(mine.exitedWith(0), qPrintable(mine.describe()));
        QVERIFY2(runExpected(qemuImg(QStringList{"rebase", "-u"} + rebaseArgs + QStringList{theirs}), m_dir.path(), &why),
                 qPrintable(why));
        // qemu-img check opens the backing file too: a raw file named as qcow2 does not open.
        if (readable) {
            ProcessResult checked = run(qemuImg({"check", ours}), m_dir.path());
            QVERIFY2(checked.exitedWith(0), qPrintable(checked.describe()));
        }
        const QJsonObject ourInfo = info(ours), theirInfo = info(theirs);
        for (const char* key : {"backing-filename", "backing-filename-format", "full-backing-filename", "format-specific"})
            QVERIFY2(ourInfo.value(key) == theirInfo.value(key), key);
        if (readable) {
            ProcessResult compared = run(qemuImg({"compare", ours, theirs}), m_dir.path());
            QVERIFY2(compared.exitedWith(0), qPrintable(compared.describe()));
        }
    }

    void backingNeedsAFormat()
    {
        QString why;
        const QString image = "backing-noformat.qcow2";
        QVERIFY2(buildImage({"-f", "qcow2"}, {}, image, &why), qPrintable(why));
        const QByteArray before = fileSha256(m_dir.filePath(image));
        ProcessResult mine = run(diskscopeImg({"amend", "-o", "backing_file=base.raw", image}), m_dir.path());
        QVERIFY2(mine.exitedWith(1), qPrintable(mine.describe()));
        QCOMPARE(mine.standardError,
                 QByteArray("diskscope-img: Could not change the backing file to 'base.raw': backing format must be specified\n"));
        QCOMPARE(fileSha256(m_dir.filePath(image)), before);
    }

    // Errata: qemu-img 7.2 downgrades an image with persistent bitmaps and leaks their
    // clusters; Diskscope refuses with the reason and leaves the image as it was.
    void downgradeWithBitmapsIsRefused()
    {
        const QString image = "bitmaps.qcow2";
        QString why;
        QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", "qcow2", image, "8M"}), m_dir.path(), &why), qPrintable(why));
        QVERIFY2(runExpected(qemuImg({"bitmap", "--add", image, "b1"}), m_dir.path(), &why), qPrintable(why));
        const QByteArray before = fileSha256(m_dir.filePath(image));
        ProcessResult mine = run(diskscopeImg({"amend", "-o", "compat=0.10", image}), m_dir.path());
        QVERIFY2(mine.exitedWith(1), qPrintable(mine.describe()));
        QVERIFY2(mine.standardError.contains("bitmaps"), mine.standardError.constData());
        QCOMPARE(fileSha256(m_dir.filePath(image)), before);
    }

private:
    bool buildImage(const QStringList& create, const QStringList& script, const QString& image, QString* why)
    {
        QFile::remove(m_dir.filePath(image));
        if (!runExpected(qemuImg(QStringList{"create", "-q"} + create + QStringList{image, "8M"}), m_dir.path(), why))
            return false;
        const QString format = create.at(create.indexOf("-f") + 1);
        for (const QString& step : script) {
            const QString kind = step.section(':', 0, 0), arg = step.section(':', 1);
            const Command command = kind == "io"     ? qemuIo(image, format, {arg})
                                    : kind == "snap" ? qemuImg({"snapshot", "-c", arg, image})
                                                     : qemuImg({"resize", image, arg});
            if (!runExpected(command, m_dir.path(), why))
                return false;
        }
        return true;
    }

    QJsonObject info(const QString& image)
    {
        ProcessResult result = run(qemuImg({"info", "--output=json", image}), m_dir.path());
        return QJsonDocument::fromJson(result.standardOutput).object();
    }

    QTemporaryDir m_dir;
    int m_row = 0;
};

QTEST_GUILESS_MAIN(TestInteropAmend)
#include "tst_interop_amend.moc"
