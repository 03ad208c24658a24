// SPDX-License-Identifier: GPL-2.0-or-later
// Space pinned per snapshot against the truth: for images made by qemu-img (snapshots taken
// between writes that diverge), each snapshot's exclusive clusters plus the snapshot table
// clusters it frees must equal the drop in host clusters with a refcount above 0 after
// `qemu-img snapshot -d` of that snapshot (on a copy), counted with the engine's refcount reader.
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "diskscope/host_file.h"
#include "diskscope/ops/snapshot_space.h"
#include "format/qcow2/qcow2_header.h"
#include "format/qcow2/qcow2_refcount_reader.h"
#include "qemu_tools.h"

using namespace diskscope;
using namespace diskscope::testsupport;

namespace {

// Host clusters with a refcount above 0, and the cluster size.
bool countAllocatedClusters(const QString& path, quint64* clusters, quint64* clusterSize, QString* why)
{
    auto file = openPosixFile(path.toStdString(), HostOpenMode::ReadOnly);
    if (!file) {
        *why = QString::fromStdString(file.error().message);
        return false;
    }
    auto size = (*file)->size();
    auto header = qcow2::readHeader(**file, *size);
    if (!header) {
        *why = QString::fromStdString(header.error().message);
        return false;
    }
    auto refcounts = qcow2::RefcountReader::load(**file, *header);
    if (!refcounts) {
        *why = QString::fromStdString(refcounts.error().message);
        return false;
    }
    *clusterSize = header->clusterSize();
    *clusters = 0;
    for (uint64_t c = 0; c < (*size + *clusterSize - 1) / *clusterSize; ++c) {
        auto rc = refcounts->refcount(c);
        if (!rc) {
            *why = QString::fromStdString(rc.error().message);
            return false;
        }
        *clusters += *rc > 0;
    }
    return true;
}

class StopAfter final : public ProgressSink {
public:
    explicit StopAfter(std::stop_source& source) : m_source(source) {}
    void progress(uint64_t, uint64_t) override { m_source.request_stop(); }

private:
    std::stop_source& m_source;
};

}  // namespace

class TestInteropSnapshotSpace : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void equalsSpaceFreedByQemu_data()
    {
        QTest::addColumn<QString>("options");
        QTest::addColumn<QStringList>("script");  // "io:<qemu-io command>" or "snap:<name>"
        const QStringList diverging = {
            "io:write -P 1 0 2M",      "snap:first",          "io:write -P 2 0 512k",   "io:write -P 3 3M 1M",
            "snap:second",             "io:write -P 4 256k 1M", "io:write -z 3M 128k", "snap:third",
            "io:discard 3M 512k",      "io:write -P 5 6M 64k",
        };
        const QStringList compressed = {
            "io:write -c -P 1 0 1M", "snap:first", "io:write -c -P 2 1M 512k", "io:write -P 4 0 64k",
            "snap:second", "io:write -P 3 0 1536k",
        };
        const QStringList single = {"io:write -P 1 0 1M", "snap:only", "io:write -P 2 0 256k"};
        QTest::addRow("64 KiB clusters") << "cluster_size=64k" << diverging;
        QTest::addRow("512 B clusters") << "cluster_size=512" << diverging;
        QTest::addRow("2 MiB clusters") << "cluster_size=2M" << diverging;
        QTest::addRow("refcount_bits=4") << "refcount_bits=4" << diverging;
        QTest::addRow("refcount_bits=64") << "refcount_bits=64" << diverging;
        QTest::addRow("compat=0.10") << "compat=0.10" << diverging;
        QTest::addRow("extended L2") << "extended_l2=on" << diverging;
        QTest::addRow("compressed clusters") << "cluster_size=64k" << compressed;
        QTest::addRow("compressed clusters, 4 KiB") << "cluster_size=4k" << compressed;
        QTest::addRow("the only snapshot") << "cluster_size=64k" << single;
    }

    void equalsSpaceFreedByQemu()
    {
        QFETCH(QString, options);
        QFETCH(QStringList, script);
        const QString image = m_dir.filePath(QString("space%1.qcow2").arg(m_row++));
        QString why;
        QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", "qcow2", "-o", options, image, "8M"}), m_dir.path(), &why),
                 qPrintable(why));
        for (const QString& step : script) {
            const QString argument = step.section(':', 1);
            if (step.startsWith("io:"))
                QVERIFY2(runExpected(qemuIo(image, "qcow2", {argument}), m_dir.path(), &why), qPrintable(why));
            else
                QVERIFY2(runExpected(qemuImg({"snapshot", "-c", argument, image}), m_dir.path(), &why), qPrintable(why));
        }

        SnapshotSpaceOptions spaceOptions;
        spaceOptions.path = image.toStdString();
        NullProgress quiet;
        auto spaces = snapshotSpace(spaceOptions, quiet, {});
        QVERIFY2(spaces.ok(), spaces.ok() ? "" : spaces.error().message.c_str());
        QCOMPARE(qsizetype(spaces->size()), script.filter("snap:").size());

        quint64 before = 0, clusterSize = 0;
        QVERIFY2(countAllocatedClusters(image, &before, &clusterSize, &why), qPrintable(why));
        quint64 pinnedData = 0;
        for (const SnapshotSpace& space : *spaces) {
            const QString name = QString::fromStdString(space.name);
            const QString copy = image + "." + name;
            QFile::remove(copy);
            QVERIFY(QFile::copy(image, copy));
            QVERIFY2(runExpected(qemuImg({"snapshot", "-d", name, copy}), m_dir.path(), &why), qPrintable(why));
            ProcessResult checked = run(qemuImg({"check", copy}), m_dir.path());
            QVERIFY2(checked.exitedWith(0), qPrintable(checked.describe()));
            quint64 after = 0;
            QVERIFY2(countAllocatedClusters(copy, &after, &clusterSize, &why), qPrintable(why));
            QCOMPARE(space.exclusiveBytes, space.exclusiveClusters * clusterSize);
            QCOMPARE((before - after) * clusterSize, space.exclusiveBytes + space.tableBytesFreed);
            // Beyond its L1 table: what the diverging writes left to the snapshot alone.
            pinnedData += space.exclusiveClusters - 1;
        }
        QVERIFY2(pinnedData > 0, "no snapshot holds data of its own: the row tests nothing");
    }

    void rawAndSnapshotFreeImagesPinNothing()
    {
        const QString raw = m_dir.filePath("plain.raw"), qcow2 = m_dir.filePath("plain.qcow2");
        QString why;
        QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", "raw", raw, "1M"}), m_dir.path(), &why), qPrintable(why));
        QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", "qcow2", qcow2, "1M"}), m_dir.path(), &why), qPrintable(why));
        for (const QString& path : {raw, qcow2}) {
            SnapshotSpaceOptions options;
            options.path = path.toStdString();
            NullProgress quiet;
            auto spaces = snapshotSpace(options, quiet, {});
            QVERIFY(spaces.ok());
            QVERIFY(spaces->empty());
        }
    }

    void stops()
    {
        const QString image = m_dir.filePath("stop.qcow2");
        QString why;
        QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", "qcow2", image, "1M"}), m_dir.path(), &why), qPrintable(why));
        QVERIFY2(runExpected(qemuImg({"snapshot", "-c", "s", image}), m_dir.path(), &why), qPrintable(why));
        std::stop_source source;
        StopAfter stopper(source);
        SnapshotSpaceOptions options;
        options.path = image.toStdString();
        auto spaces = snapshotSpace(options, stopper, source.get_token());
        QVERIFY(!spaces.ok());
        QCOMPARE(spaces.error().code, ErrorCode::Cancelled);
    }

private:
    QTemporaryDir m_dir;
    int m_row = 0;
};

QTEST_GUILESS_MAIN(TestInteropSnapshotSpace)
#include "tst_interop_snapshot_space.moc"
