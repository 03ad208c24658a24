// SPDX-License-Identifier: GPL-2.0-or-later
// The engine behind the refcount usage view and the backing chain graph against qemu-img 7.2,
// on images qemu-img and qemu-io made: leaked clusters as `qemu-img check` lists them (an
// image with snapshots, compressed clusters and a leak), and the bytes each layer of a
// 3-layer chain serves as `qemu-img map --output=json` reports their depth.
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "diskscope/allocation_map.h"
#include "diskscope/chain_shares.h"
#include "diskscope/refcount_usage.h"
#include "json_compare.h"
#include "qemu_tools.h"

using namespace diskscope;
using namespace diskscope::testsupport;

class TestInteropUsageViews : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    void build(const QList<Command>& steps)
    {
        for (const Command& step : steps) {
            QString why;
            QVERIFY2(runExpected(step, m_dir.path(), &why), qPrintable(why));
        }
    }

    // Clears the L2 entry of guest `offset` in `path`: its cluster keeps its refcount, a leak.
    void leakClusterAt(const QString& path, uint64_t offset)
    {
        auto map = AllocationMap::open(path.toStdString(), {});
        QVERIFY(map.ok());
        auto d = (*map)->detail(offset >> (*map)->geometry().cellBits);
        QVERIFY(d.ok() && d->l2TableOffset && d->hostOffset);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.seek(qint64(d->l2TableOffset + d->l2Index * 8)));
        QCOMPARE(f.write(QByteArray(8, '\0')), qint64(8));
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void refcountUsageAgainstCheck()
    {
        build({
            qemuImg({"create", "-q", "-f", "qcow2", "rc.qcow2", "256M"}),
            qemuIo("rc.qcow2", "qcow2", {"write -P 1 0 2M", "write -c -P 2 64M 1M", "write -P 3 128M 192k"}),
            qemuImg({"snapshot", "-c", "s1", "rc.qcow2"}),
            qemuImg({"snapshot", "-c", "s2", "rc.qcow2"}),
            qemuIo("rc.qcow2", "qcow2", {"write -P 4 0 1M", "write -P 5 200M 128k"}),
        });
        const QString path = m_dir.filePath("rc.qcow2");
        leakClusterAt(path, 200ull << 20);
        leakClusterAt(path, (200ull << 20) + 65536);

        ProcessResult check = run(qemuImg({"check", path}));
        QVERIFY2(check.exitedWith(3), qPrintable(check.describe()));  // leaks only
        std::vector<uint64_t> qemuLeaks;
        const QRegularExpression leakLine(QStringLiteral("Leaked cluster (\\d+) refcount=(\\d+) reference=0"));
        for (auto it = leakLine.globalMatch(QString::fromUtf8(check.standardOutput + check.standardError)); it.hasNext();)
            qemuLeaks.push_back(it.next().captured(1).toULongLong());
        QCOMPARE(qemuLeaks.size(), size_t(2));

        NullProgress quiet;
        auto usage = readRefcountUsage(path.toStdString(), quiet, {});
        QVERIFY2(usage.ok(), usage.ok() ? "" : describe(usage.error()).c_str());
        QCOMPARE(usage->leaks, uint64_t(qemuLeaks.size()));
        QCOMPARE(usage->leakedClusters, qemuLeaks);
        QCOMPARE(usage->corruptions, 0ull);
        const uint64_t clusters = (QFileInfo(path).size() + 65535) / 65536;
        QCOMPARE(usage->refcounts.size(), size_t(clusters));
        uint64_t counted = 0;
        for (const auto& [value, count] : usage->histogram)
            counted += count;
        QCOMPARE(counted, clusters);
        QCOMPARE(usage->blocks.size(), size_t(1));
        QCOMPARE(usage->blocks[0].leaked, 2ull);
        // Two snapshots of data never overwritten: three references (active, s1, s2) on each
        // data cluster of 1M..2M and 128M..+192k; the data overwritten after them has refcount 2.
        ProcessResult mapped = run(qemuImg({"map", "--output=json", path}));
        QJsonArray extents;
        QString why;
        QVERIFY(parseJsonArray(mapped.standardOutput, &extents, &why));
        uint64_t threeRefs = 0;
        for (const QJsonValue& v : extents) {
            const QJsonObject e = v.toObject();
            if (!e.contains("offset") || !e.value("data").toBool())
                continue;
            const uint64_t start = uint64_t(e.value("start").toDouble());
            const uint64_t offset = uint64_t(e.value("offset").toDouble());
            for (uint64_t at = 0; at < uint64_t(e.value("length").toDouble()); at += 65536) {
                const uint8_t rc = usage->refcounts.at((offset + at) / 65536);
                if (start + at < (1u << 20) || start + at >= (200u << 20))
                    QCOMPARE(rc, uint8_t(1));  // written after the snapshots
                else {
                    QCOMPARE(rc, uint8_t(3));
                    ++threeRefs;
                }
            }
        }
        QCOMPARE(threeRefs, 16ull + 3ull);
        QVERIFY(usage->histogram.count(2) && usage->histogram.at(2) >= 16);  // 0..1M, only the snapshots now
        QVERIFY(usage->sharedClusters >= 16 + 19);
    }

    void chainSharesAgainstMapDepth()
    {
        build({
            qemuImg({"create", "-q", "-f", "qcow2", "base.qcow2", "1G"}),
            qemuIo("base.qcow2", "qcow2", {"write -P 1 0 4M", "write -P 2 600M 3M", "write -z 900M 1M"}),
            qemuImg({"create", "-q", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", "mid.qcow2"}),
            qemuIo("mid.qcow2", "qcow2", {"write -P 3 1M 1M", "write -P 4 700M 2M"}),
            qemuImg({"create", "-q", "-f", "qcow2", "-b", "mid.qcow2", "-F", "qcow2", "top.qcow2", "1200M"}),
            qemuIo("top.qcow2", "qcow2", {"write -P 5 3M 512k", "write -z 601M 1M", "write -c -P 6 800M 256k"}),
        });
        const QString path = m_dir.filePath("top.qcow2");
        ProcessResult mapped = run(qemuImg({"map", "--output=json", path}));
        QJsonArray extents;
        QString why;
        QVERIFY2(parseJsonArray(mapped.standardOutput, &extents, &why), qPrintable(why + mapped.describe()));
        std::vector<uint64_t> expected(3, 0);
        uint64_t expectedUnallocated = 0;
        for (const QJsonValue& v : extents) {
            const QJsonObject e = v.toObject();
            const uint64_t length = uint64_t(e.value("length").toDouble());
            if (e.value("present").toBool())
                expected.at(size_t(e.value("depth").toInt())) += length;
            else
                expectedUnallocated += length;
        }
        QVERIFY(expected[0] > 0 && expected[1] > 0 && expected[2] > 0);

        auto chain = Chain::open(path.toStdString(), {});
        QVERIFY(chain.ok());
        NullProgress quiet;
        auto shares = chainShares(**chain, quiet, {});
        QVERIFY2(shares.ok(), shares.ok() ? "" : describe(shares.error()).c_str());
        QCOMPARE(shares->virtualSize, 1200ull << 20);
        QCOMPARE(shares->servedBytes, expected);
        QCOMPARE(shares->unallocatedBytes, expectedUnallocated);
    }
};

QTEST_GUILESS_MAIN(TestInteropUsageViews)
#include "tst_interop_usage_views.moc"
