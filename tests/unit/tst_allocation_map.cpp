// SPDX-License-Identifier: GPL-2.0-or-later
// The guest allocation map on images built in memory: the coarse map from L1 alone, each
// cluster kind after refinement, extended L2 subclusters, corrupt tables and entries (no
// crash, marked Invalid), cells of several clusters, details for hover, cancellation.
#include <QtTest>

#include "diskscope/allocation_map.h"
#include "diskscope/chain.h"
#include "diskscope/open.h"
#include "format/qcow2/qcow2_format.h"
#include "qcow2_image_builder.h"

using namespace diskscope;
using diskscope::test::Qcow2ImageBuilder;
using diskscope::test::Qcow2Spec;

namespace {

constexpr uint64_t kCluster = 64 * 1024;
constexpr uint64_t kTableSpan = 512ull << 20;  // one L2 table at 64 KiB clusters

std::unique_ptr<AllocationMap> mapOf(const std::vector<uint8_t>& bytes, AllocationMapOptions options = {},
                                     const char* format = "qcow2")
{
    auto image = openImage(makeMemoryFile("mem.img", bytes), format, nullptr);
    if (!image.ok())
        qFatal("open failed: %s", describe(image.error()).c_str());
    auto map = AllocationMap::fromChain(Chain::fromImage(std::move(image).value(), "mem.img"), options);
    if (!map.ok())
        qFatal("map failed: %s", describe(map.error()).c_str());
    return std::move(map).value();
}

void refineAll(AllocationMap& map)
{
    NullProgress quiet;
    Status s = map.refine(quiet, {});
    if (!s.ok())
        qFatal("refine failed: %s", describe(s.error()).c_str());
}

}  // namespace

class TestAllocationMap : public QObject {
    Q_OBJECT
private slots:
    void coarseMapComesFromL1Alone()
    {
        Qcow2Spec spec;
        spec.size = 3 * kTableSpan;
        Qcow2ImageBuilder b(spec);
        b.mapDataCluster(kTableSpan + 5 * kCluster, 0x11);  // table 1 only
        auto map = mapOf(b.bytes());
        const AllocationMapGeometry& g = map->geometry();
        QCOMPARE(g.format, std::string("qcow2"));
        QCOMPARE(g.cellCount, 3 * kTableSpan / kCluster);
        QCOMPARE(g.cellsPerTable, uint64_t{8192});
        QCOMPARE(g.tableCount, uint64_t{3});
        QVERIFY(!map->refined());
        QCOMPARE(map->stateAt(0), ClusterState::Unallocated);
        QCOMPARE(map->stateAt(8192), ClusterState::Pending);
        QCOMPARE(map->stateAt(8192 + 8191), ClusterState::Pending);
        QCOMPARE(map->stateAt(2 * 8192), ClusterState::Unallocated);

        std::vector<std::pair<uint64_t, uint64_t>> reported;
        NullProgress quiet;
        QVERIFY(map->refine(quiet, {}, [&](uint64_t first, uint64_t count) { reported.push_back({first, count}); }).ok());
        QVERIFY(map->refined());
        QCOMPARE(reported.size(), size_t{3});
        QCOMPARE(reported[1], (std::pair<uint64_t, uint64_t>{8192, 8192}));
        QCOMPARE(map->stateAt(8192 + 5), ClusterState::Data);
        QCOMPARE(map->stateAt(8192 + 4), ClusterState::Unallocated);
        auto counts = map->stateCounts();
        QCOMPARE(counts[static_cast<uint8_t>(ClusterState::Data)], uint64_t{1});
        QCOMPARE(counts[static_cast<uint8_t>(ClusterState::Pending)], uint64_t{0});
    }

    void everyClusterKind()
    {
        Qcow2ImageBuilder b(Qcow2Spec{});
        b.mapDataCluster(0, 0x11);
        b.l2TableFor(0);
        b.setL2Entry(1 * kCluster, qcow2::kZeroFlag);                   // zero, no host cluster
        uint64_t host = b.appendCluster();
        b.setL2Entry(2 * kCluster, host | qcow2::kZeroFlag | qcow2::kCopied);  // preallocated zero
        b.setL2Entry(3 * kCluster, qcow2::kCompressed | (b.bytes().size() + 0x10));
        b.writeBytes(b.bytes().size(), std::vector<uint8_t>(1024, 0));
        b.setL2Entry(4 * kCluster, 0x1234 | qcow2::kCopied);           // unaligned data cluster
        auto map = mapOf(b.bytes());
        refineAll(*map);
        QCOMPARE(map->stateAt(0), ClusterState::Data);
        QCOMPARE(map->stateAt(1), ClusterState::Zero);
        QCOMPARE(map->stateAt(2), ClusterState::ZeroAllocated);
        QCOMPARE(map->stateAt(3), ClusterState::Compressed);
        QCOMPARE(map->stateAt(4), ClusterState::Invalid);
        QCOMPARE(map->stateAt(5), ClusterState::Unallocated);

        auto zeroAlloc = map->detail(2);
        QVERIFY(zeroAlloc.ok());
        QCOMPARE(zeroAlloc->l1Index, uint64_t{0});
        QCOMPARE(zeroAlloc->l2Index, uint64_t{2});
        QCOMPARE(zeroAlloc->hostOffset.value_or(0), host);
        QCOMPARE(zeroAlloc->flags, std::string("COPIED, zero"));
        QVERIFY(zeroAlloc->refcount.has_value());  // the builder keeps no refcounts: 0, but read

        auto compressed = map->detail(3);
        QVERIFY(compressed.ok());
        QVERIFY(compressed->compressedBytes.has_value());
        QCOMPARE(compressed->flags, std::string("compressed"));

        auto bad = map->detail(4);
        QVERIFY(bad.ok());
        QVERIFY(bad->problem.has_value());

        auto entries = map->tableEntries(0);
        QVERIFY(entries.ok());
        QCOMPARE(entries->size(), size_t{1024});  // 64 MiB image: one partial table
        QCOMPARE((*entries)[1].l2Index, uint64_t{1});
        QCOMPARE((*entries)[1].state, ClusterState::Zero);
    }

    void extendedL2Subclusters()
    {
        Qcow2Spec spec;
        spec.extendedL2 = true;
        Qcow2ImageBuilder b(spec);
        uint64_t host = b.appendCluster();
        b.setL2Entry(0, host | qcow2::kCopied, 0xFFFFFFFFull);             // all subclusters data
        uint64_t host2 = b.appendCluster();
        b.setL2Entry(kCluster, host2 | qcow2::kCopied, 0x0000FFFFull);     // half data, half unallocated
        b.setL2Entry(2 * kCluster, 0, 0xFFFFFFFFull << 32);               // all zero
        b.setL2Entry(3 * kCluster, 0, 0x1ull);                            // allocated bit without a cluster
        auto map = mapOf(b.bytes());
        QCOMPARE(map->geometry().cellsPerTable, uint64_t{4096});
        refineAll(*map);
        QCOMPARE(map->stateAt(0), ClusterState::Data);
        QCOMPARE(map->stateAt(1), ClusterState::Mixed);
        QCOMPARE(map->stateAt(2), ClusterState::Zero);
        QCOMPARE(map->stateAt(3), ClusterState::Invalid);
        auto d = map->detail(1);
        QVERIFY(d.ok());
        QCOMPARE(d->l2Bitmap, uint64_t{0x0000FFFF});
    }

    void corruptTablesBecomeInvalidNotErrors()
    {
        Qcow2Spec spec;
        spec.size = 3 * kTableSpan;
        Qcow2ImageBuilder b(spec);
        b.mapDataCluster(0, 0x11);
        const uint64_t l1 = Qcow2ImageBuilder::kL1Cluster * kCluster;
        b.pokeBe64(l1 + 8, (1ull << 40) | qcow2::kCopied);   // L2 table far past the end of the file
        b.pokeBe64(l1 + 16, 0x10200 | qcow2::kCopied);       // unaligned L2 table
        auto map = mapOf(b.bytes());
        refineAll(*map);
        QCOMPARE(map->stateAt(0), ClusterState::Data);
        QCOMPARE(map->stateAt(8192), ClusterState::Invalid);
        QCOMPARE(map->stateAt(2 * 8192 + 100), ClusterState::Invalid);
        auto d = map->detail(8192);
        QVERIFY(d.ok());
        QVERIFY(d->problem.has_value());
        QVERIFY2(d->problem->find("beyond the end") != std::string::npos, d->problem->c_str());
    }

    void cellsOfSeveralClusters()
    {
        Qcow2ImageBuilder b(Qcow2Spec{});  // 64 MiB: 1024 clusters
        b.mapDataCluster(0, 0x11);
        b.mapDataCluster(kCluster, 0x11);
        b.mapDataCluster(4 * kCluster, 0x11);  // cell 1: one data cluster, three unallocated
        AllocationMapOptions options;
        options.maxCells = 256;
        auto map = mapOf(b.bytes(), options);
        QCOMPARE(map->geometry().cellBits, uint32_t{18});
        QCOMPARE(map->geometry().cellCount, uint64_t{256});
        QCOMPARE(map->geometry().cellsPerTable, uint64_t{2048});
        refineAll(*map);
        QCOMPARE(map->stateAt(0), ClusterState::Mixed);  // data, data, unallocated, unallocated
        QCOMPARE(map->stateAt(1), ClusterState::Mixed);
        QCOMPARE(map->stateAt(2), ClusterState::Unallocated);
    }

    void rawImagesUseHoles()
    {
        std::vector<uint8_t> raw(10 * kCluster + 100, 0);  // memory files have no holes: all data
        auto map = mapOf(raw, {}, "raw");
        QCOMPARE(map->geometry().format, std::string("raw"));
        QCOMPARE(map->geometry().cellCount, uint64_t{11});
        QCOMPARE(map->stateAt(0), ClusterState::Pending);
        refineAll(*map);
        QCOMPARE(map->stateAt(0), ClusterState::Data);
        QCOMPARE(map->stateAt(10), ClusterState::Data);
        auto d = map->detail(3);
        QVERIFY(d.ok());
        QVERIFY(!d->qcow2);
        QCOMPARE(d->guestOffset, 3 * kCluster);
    }

    void refinementStops()
    {
        Qcow2Spec spec;
        spec.size = 4 * kTableSpan;
        Qcow2ImageBuilder b(spec);
        for (int t = 0; t < 4; ++t)
            b.mapDataCluster(t * kTableSpan, 0x11);
        auto map = mapOf(b.bytes());
        std::stop_source stop;
        NullProgress quiet;
        int tables = 0;
        Status s = map->refine(quiet, stop.get_token(), [&](uint64_t, uint64_t) {
            if (++tables == 2)
                stop.request_stop();
        });
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, ErrorCode::Cancelled);
        QCOMPARE(tables, 2);
        QVERIFY(!map->refined());
        QCOMPARE(map->stateAt(0), ClusterState::Data);
        QCOMPARE(map->stateAt(3 * 8192), ClusterState::Pending);
    }

    void detailOutsideTheMapIsAnError()
    {
        auto map = mapOf(Qcow2ImageBuilder(Qcow2Spec{}).bytes());
        QVERIFY(!map->detail(map->geometry().cellCount).ok());
        QVERIFY(!map->tableEntries(map->geometry().tableCount).ok());
    }
};

QTEST_GUILESS_MAIN(TestAllocationMap)
#include "tst_allocation_map.moc"
