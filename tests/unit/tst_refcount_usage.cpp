// SPDX-License-Identifier: GPL-2.0-or-later
// The engine behind the refcount usage view and the backing chain graph, on images built in
// memory: the refcount histogram, per-block figures, shared and leaked clusters; the bytes
// each layer of a chain serves.
#include <QTemporaryDir>
#include <QtTest>

#include "diskscope/chain_shares.h"
#include "diskscope/open.h"
#include "diskscope/refcount_usage.h"
#include "qcow2_image_builder.h"

using namespace diskscope;
using diskscope::test::errorText;
using diskscope::test::Qcow2ImageBuilder;
using diskscope::test::Qcow2Spec;

namespace {

constexpr uint64_t kCluster = 64 * 1024;

void setRefcount(Qcow2ImageBuilder& b, uint64_t cluster, uint16_t value)
{
    b.writeBytes(Qcow2ImageBuilder::kRefBlockCluster * kCluster + cluster * 2,
                 {uint8_t(value >> 8), uint8_t(value & 0xff)});
}

std::unique_ptr<Image> memoryImage(const std::vector<uint8_t>& bytes, const char* name)
{
    auto image = openImage(makeMemoryFile(name, bytes), "qcow2", nullptr);
    if (!image.ok())
        qFatal("open failed: %s", describe(image.error()).c_str());
    return std::move(image).value();
}

}  // namespace

class TestRefcountUsage : public QObject {
    Q_OBJECT
private slots:
    void histogramBlocksSharedAndLeaked()
    {
        Qcow2ImageBuilder b(Qcow2Spec{});
        const uint64_t shared = b.mapDataCluster(0, 1);   // L2 table at cluster 4, data at 5
        b.mapDataCluster(kCluster, 2);                      // cluster 6
        // Two guest clusters on one host cluster, as a snapshot leaves them: refcount 2, no COPIED.
        b.setL2Entry(0, shared);
        b.setL2Entry(2 * kCluster, shared);
        const uint64_t leaked = b.appendCluster();          // cluster 7: counted, never referenced
        for (uint64_t c = 0; c < 8; ++c)
            setRefcount(b, c, c == shared / kCluster ? 2 : 1);
        QTemporaryDir dir;
        const QString path = dir.filePath("usage.qcow2");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        const std::vector<uint8_t> bytes = b.bytes();
        f.write(reinterpret_cast<const char*>(bytes.data()), qint64(bytes.size()));
        f.close();

        NullProgress quiet;
        auto usage = readRefcountUsage(path.toStdString(), quiet, {});
        QVERIFY2(usage.ok(), errorText(usage).c_str());
        QCOMPARE(usage->clusterBits, 16u);
        QCOMPARE(usage->refcountBits, 16u);
        QCOMPARE(usage->clustersPerBlock, 32768ull);
        QCOMPARE(usage->refcounts.size(), size_t(8));
        QCOMPARE(usage->histogram, (std::map<uint64_t, uint64_t>{{1, 7}, {2, 1}}));
        QCOMPARE(usage->sharedClusters, 1ull);
        QCOMPARE(usage->leaks, 1ull);
        QCOMPARE(usage->corruptions, 0ull);
        QCOMPARE(usage->leakedClusters, std::vector<uint64_t>{leaked / kCluster});
        QCOMPARE(usage->refcounts[shared / kCluster], uint8_t(2));
        QCOMPARE(usage->blocks.size(), size_t(1));
        const RefcountBlockUsage& block = usage->blocks[0];
        QCOMPARE(block.offset, Qcow2ImageBuilder::kRefBlockCluster * kCluster);
        QCOMPARE(block.firstCluster, 0ull);
        QCOMPARE(block.inFile, 8ull);
        QCOMPARE(block.used, 8ull);
        QCOMPARE(block.shared, 1ull);
        QCOMPARE(block.leaked, 1ull);

        // A cluster with too low a refcount is a corruption, not a leak; unused clusters count as 0.
        setRefcount(b, shared / kCluster, 1);
        b.appendCluster();  // cluster 8, refcount 0
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        const std::vector<uint8_t> again = b.bytes();
        f.write(reinterpret_cast<const char*>(again.data()), qint64(again.size()));
        f.close();
        usage = readRefcountUsage(path.toStdString(), quiet, {});
        QVERIFY2(usage.ok(), errorText(usage).c_str());
        QCOMPARE(usage->histogram, (std::map<uint64_t, uint64_t>{{0, 1}, {1, 8}}));
        QVERIFY(usage->corruptions > 0);
        QCOMPARE(usage->leaks, 1ull);
        QCOMPARE(usage->blocks[0].used, 8ull);
        QCOMPARE(usage->blocks[0].inFile, 9ull);
    }

    void rawAndCancelled()
    {
        QTemporaryDir dir;
        const QString raw = dir.filePath("disk.raw");
        QFile f(raw);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(65536, '\1'));
        f.close();
        NullProgress quiet;
        auto usage = readRefcountUsage(raw.toStdString(), quiet, {});
        QVERIFY(!usage.ok());
        QCOMPARE(usage.error().code, ErrorCode::Unsupported);
    }

    void chainSharesPerLayer()
    {
        Qcow2Spec baseSpec;
        Qcow2ImageBuilder base(baseSpec);
        for (uint64_t c = 0; c < 4; ++c)
            base.mapDataCluster(c * kCluster, 1);
        Qcow2Spec topSpec;
        topSpec.backingFile = "base.qcow2";
        topSpec.backingFormat = "qcow2";
        Qcow2ImageBuilder top(topSpec);
        top.mapDataCluster(kCluster, 2);
        top.setL2Entry(10 * kCluster, 1);  // a zero cluster: the top layer answers it
        std::vector<std::pair<std::unique_ptr<Image>, std::string>> layers;
        layers.emplace_back(memoryImage(top.bytes(), "top.qcow2"), "top.qcow2");
        layers.emplace_back(memoryImage(base.bytes(), "base.qcow2"), "base.qcow2");
        auto chain = Chain::fromImages(std::move(layers));
        NullProgress quiet;
        auto shares = chainShares(*chain, quiet, {});
        QVERIFY2(shares.ok(), errorText(shares).c_str());
        QCOMPARE(shares->virtualSize, 64ull << 20);
        QCOMPARE(shares->servedBytes, (std::vector<uint64_t>{2 * kCluster, 3 * kCluster}));
        QCOMPARE(shares->unallocatedBytes, (64ull << 20) - 5 * kCluster);

        std::stop_source stop;
        stop.request_stop();
        auto cancelled = chainShares(*chain, quiet, stop.get_token());
        QVERIFY(!cancelled.ok());
        QCOMPARE(cancelled.error().code, ErrorCode::Cancelled);
    }
};

QTEST_GUILESS_MAIN(TestRefcountUsage)
#include "tst_refcount_usage.moc"
