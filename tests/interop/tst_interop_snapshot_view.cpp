// SPDX-License-Identifier: GPL-2.0-or-later
// Reading an internal snapshot as a read-only source (OpenOptions::snapshot, qemu-img -l):
// qemu-img/qemu-io build an image with snapshots and later writes; the engine opened on each
// snapshot must read exactly the bytes `qemu-img convert -l SEL -O raw` writes, and refuse
// what qemu-img refuses.
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <vector>

#include "diskscope/chain.h"
#include "diskscope/snapshot_selector.h"
#include "qemu_tools.h"

using namespace diskscope;
using namespace diskscope::testsupport;

namespace {

struct ViewCase {
    QString createOptions;     // -o for the image (and its backing file)
    bool withBacking = false;  // the image is an overlay over a base with its own data
    QStringList steps;         // "io:<qemu-io command>", "snap:<name>", "resize:<size>"
    QStringList selectors;     // -l texts to read
};

}  // namespace

Q_DECLARE_METATYPE(ViewCase)

class TestInteropSnapshotView : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void readsLikeQemu_data()
    {
        QTest::addColumn<ViewCase>("c");
        const QStringList steps = {"io:write -P 1 0 192k",     "io:write -c -P 2 2M 2M", "snap:first",
                                   "io:write -P 3 64k 64k",     "io:write -z 1M 64k",       "io:discard 128k 64k",
                                   "snap:second",               "io:write -P 4 2M 300k",    "snap:1",
                                   "io:write -P 5 0 4M"};
        // "1" is both snapshot 1's id and snapshot 3's name: a plain -l finds the id first.
        const QStringList selectors = {"1", "2", "3", "first", "second", "snapshot.id=2", "snapshot.name=1",
                                       "snapshot.id=1,snapshot.name=first", "snapshot.name=second,"};
        for (const char* options : {"cluster_size=64k", "cluster_size=512", "cluster_size=2M", "compat=0.10",
                                    "extended_l2=on,cluster_size=32k", "compression_type=zstd"})
            QTest::addRow("%s", options) << ViewCase{options, false, steps, selectors};
        QTest::addRow("overlay reads through its backing file")
            << ViewCase{"cluster_size=4k", true, {"io:write -P 7 8k 8k", "snap:s", "io:write -P 8 0 64k"}, {"s", "1"}};
        // A snapshot taken before a resize keeps the image's current size: the rest reads as zeros.
        QTest::addRow("snapshot older than a resize")
            << ViewCase{"cluster_size=4k",
                        false,
                        {"io:write -P 1 0 4M", "snap:small", "resize:8M", "io:write -P 2 3M 5M", "snap:big",
                         "resize:600M", "io:write -P 3 590M 1M"},
                        {"small", "big"}};
    }

    void readsLikeQemu()
    {
        QFETCH(ViewCase, c);
        const QString image = QString("view%1.qcow2").arg(m_row++);
        QString why;
        QStringList create = {"create", "-q", "-f", "qcow2", "-o", c.createOptions};
        if (c.withBacking) {
            const QString base = "base-" + image;
            QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", "qcow2", base, "4M"}), m_dir.path(), &why), qPrintable(why));
            QVERIFY2(runExpected(qemuIo(base, "qcow2", {"write -P 9 0 4M"}), m_dir.path(), &why), qPrintable(why));
            create << "-b" << base << "-F" << "qcow2";
        }
        QVERIFY2(runExpected(qemuImg(create << image << "4M"), m_dir.path(), &why), qPrintable(why));
        for (const QString& step : c.steps) {
            const QString kind = step.section(':', 0, 0), arg = step.section(':', 1);
            const Command command = kind == "io"     ? qemuIo(image, "qcow2", {arg})
                                    : kind == "snap" ? qemuImg({"snapshot", "-c", arg, image})
                                                     : qemuImg({"resize", "-q", image, arg});
            QVERIFY2(runExpected(command, m_dir.path(), &why), qPrintable(why));
        }
        for (const QString& selector : c.selectors) {
            const QString expected = m_dir.filePath("expected.raw");
            QFile::remove(expected);
            QVERIFY2(runExpected(qemuImg({"convert", "-l", selector, "-O", "raw", image, "expected.raw"}), m_dir.path(), &why),
                     qPrintable(why));
            auto parsed = parseSnapshotSelector(selector.toStdString());
            QVERIFY(parsed.ok());
            OpenOptions options;
            options.snapshot = *parsed;
            auto chain = Chain::open(m_dir.filePath(image).toStdString(), options);
            if (!chain.ok())
                QFAIL(qPrintable(selector + ": " + QString::fromStdString(describe(chain.error()))));
            QFile file(expected);
            QVERIFY(file.open(QIODevice::ReadOnly));
            QCOMPARE(qint64((*chain)->virtualSize()), file.size());
            std::vector<uint8_t> ours(1 << 20);
            for (qint64 offset = 0; offset < file.size(); offset += qint64(ours.size())) {
                const size_t n = size_t(std::min<qint64>(qint64(ours.size()), file.size() - offset));
                QVERIFY((*chain)->read(uint64_t(offset), std::span<uint8_t>(ours.data(), n)).ok());
                const QByteArray theirs = file.read(qint64(n));
                if (std::memcmp(theirs.constData(), ours.data(), n) != 0)
                    QFAIL(qPrintable(QString("-l %1: guest bytes differ in the MiB at %2").arg(selector).arg(offset)));
            }
        }
    }

    void refusesLikeQemu_data()
    {
        QTest::addColumn<QString>("image");
        QTest::addColumn<QString>("selector");
        QTest::addColumn<QString>("message");
        QTest::addRow("no such name") << "q.qcow2" << "nosuch" << "Failed to load snapshot: Can't find snapshot";
        QTest::addRow("id given as name key") << "q.qcow2" << "snapshot.id=s" << "Failed to load snapshot: Can't find snapshot";
        QTest::addRow("id and name of different snapshots")
            << "q.qcow2" << "snapshot.id=1,snapshot.name=t" << "Failed to load snapshot: Can't find snapshot";
        QTest::addRow("empty") << "q.qcow2" << "" << "Failed to load snapshot: Can't find snapshot";
        QTest::addRow("raw image") << "r.raw" << "1"
                                   << "Failed to load snapshot: Block format 'raw' used by device '' does not support "
                                      "temporarily loading internal snapshots";
        QTest::addRow("unknown key") << "q.qcow2" << "snapshot.ID=1"
                                     << "Invalid parameter 'snapshot.ID'\nFailed in parsing snapshot param 'snapshot.ID=1'";
    }

    void refusesLikeQemu()
    {
        QFETCH(QString, image);
        QFETCH(QString, selector);
        QFETCH(QString, message);
        QString why;
        if (!QFile::exists(m_dir.filePath("q.qcow2"))) {
            for (const Command& c : {qemuImg({"create", "-q", "-f", "qcow2", "q.qcow2", "1M"}),
                                     qemuImg({"snapshot", "-c", "s", "q.qcow2"}), qemuImg({"snapshot", "-c", "t", "q.qcow2"}),
                                     qemuImg({"create", "-q", "-f", "raw", "r.raw", "1M"})})
                QVERIFY2(runExpected(c, m_dir.path(), &why), qPrintable(why));
        }
        ProcessResult qemu = run(qemuImg({"convert", "-l", selector, "-O", "raw", image, "refused.raw"}), m_dir.path());
        QVERIFY2(qemu.exitedWith(1), qPrintable(qemu.describe()));
        QString expectedStderr;
        for (const QString& line : message.split('\n'))
            expectedStderr += "qemu-img: " + line + "\n";
        QVERIFY2(qemu.standardError.endsWith(expectedStderr.toUtf8()), qPrintable(qemu.describe()));

        std::string ours;
        auto parsed = parseSnapshotSelector(selector.toStdString());
        if (!parsed.ok()) {
            ours = describe(parsed.error());
        } else {
            OpenOptions options;
            options.snapshot = *parsed;
            auto chain = Chain::open(m_dir.filePath(image).toStdString(), options);
            QVERIFY(!chain.ok());
            ours = describe(chain.error());
        }
        QCOMPARE(QString::fromStdString(ours), message);
    }

    // A snapshot entry whose L1 table is unaligned, past the end of the file or too large
    // is refused with a clear error (qemu-img 7.2 reads the first two as if they were valid).
    void refusesBrokenSnapshotL1_data()
    {
        QTest::addColumn<int>("field");  // offset inside the entry: 0 L1 offset, 8 L1 entries
        QTest::addColumn<qulonglong>("value");
        QTest::addColumn<QString>("message");
        QTest::addRow("unaligned") << 0 << 0x60008ull << "is invalid";
        QTest::addRow("past the end") << 0 << (1ull << 40) << "is invalid";
        QTest::addRow("too large") << 8 << 5000000ull << "Failed to load snapshot: Snapshot L1 table too large";
    }

    void refusesBrokenSnapshotL1()
    {
        QFETCH(int, field);
        QFETCH(qulonglong, value);
        QFETCH(QString, message);
        QString why;
        const QString image = m_dir.filePath("broken.qcow2");
        QFile::remove(image);
        for (const Command& c : {qemuImg({"create", "-q", "-f", "qcow2", "broken.qcow2", "1M"}),
                                 qemuIo("broken.qcow2", "qcow2", {"write -P 1 0 64k"}),
                                 qemuImg({"snapshot", "-c", "s", "broken.qcow2"})})
            QVERIFY2(runExpected(c, m_dir.path(), &why), qPrintable(why));
        QFile file(image);
        QVERIFY(file.open(QIODevice::ReadWrite));
        auto be = [](const QByteArray& b) {
            quint64 v = 0;
            for (char c : b)
                v = (v << 8) | quint8(c);
            return v;
        };
        QVERIFY(file.seek(64));
        const quint64 table = be(file.read(8));
        const int width = field == 0 ? 8 : 4;
        QByteArray bytes(width, 0);
        for (int i = 0; i < width; ++i)
            bytes[width - 1 - i] = char((value >> (8 * i)) & 0xff);
        QVERIFY(file.seek(qint64(table) + field));
        QCOMPARE(file.write(bytes), qint64(width));
        file.close();

        OpenOptions options;
        options.snapshot = SnapshotSelector{{}, {}, std::string("s")};
        auto chain = Chain::open(image.toStdString(), options);
        QVERIFY(!chain.ok());
        QCOMPARE(chain.error().code, ErrorCode::Corrupt);
        QVERIFY2(QString::fromStdString(describe(chain.error())).contains(message),
                 describe(chain.error()).c_str());
    }

    // A view is read-only: asking for a writable open with a snapshot is refused up front.
    void refusesWritable()
    {
        OpenOptions options;
        options.writable = true;
        options.snapshot = SnapshotSelector{{}, {}, std::string("s")};
        auto chain = Chain::open(m_dir.filePath("q.qcow2").toStdString(), options);
        QVERIFY(!chain.ok());
        QCOMPARE(chain.error().code, ErrorCode::InvalidArgument);
    }

private:
    QTemporaryDir m_dir;
    int m_row = 0;
};

QTEST_GUILESS_MAIN(TestInteropSnapshotView)
#include "tst_interop_snapshot_view.moc"
