// SPDX-License-Identifier: GPL-2.0-or-later
// lastDataEnd on images built in memory: empty disks, data clusters in several L2 tables,
// zero clusters past the last data (not data), extended L2 subclusters, data served by a
// backing layer, raw files, and cancellation.
#include <QtTest>

#include "diskscope/chain.h"
#include "diskscope/last_data.h"
#include "diskscope/open.h"
#include "format/qcow2/qcow2_format.h"
#include "qcow2_image_builder.h"

using namespace diskscope;
using diskscope::test::Qcow2ImageBuilder;
using diskscope::test::Qcow2Spec;

namespace {

constexpr uint64_t kCluster = 64 * 1024;
constexpr uint64_t kTableSpan = 512ull << 20;  // one L2 table at 64 KiB clusters

std::unique_ptr<Image> imageOf(const std::vector<uint8_t>& bytes, const char* format = "qcow2")
{
    auto image = openImage(makeMemoryFile("mem.img", bytes), format, nullptr);
    if (!image.ok())
        qFatal("open failed: %s", describe(image.error()).c_str());
    return std::move(image).value();
}

uint64_t lastOf(const std::vector<uint8_t>& bytes, const char* format = "qcow2")
{
    auto chain = Chain::fromImage(imageOf(bytes, format), "mem.img");
    auto last = lastDataEnd(*chain);
    if (!last.ok())
        qFatal("lastDataEnd failed: %s", describe(last.error()).c_str());
    return *last;
}

}  // namespace

class TestLastData : public QObject {
    Q_OBJECT
private slots:
    void emptyImageHasNoData()
    {
        Qcow2Spec spec;
        spec.size = 3 * kTableSpan;
        QCOMPARE(lastOf(Qcow2ImageBuilder(spec).bytes()), uint64_t{0});
    }

    void endOfTheHighestDataCluster()
    {
        Qcow2Spec spec;
        spec.size = 3 * kTableSpan;
        Qcow2ImageBuilder b(spec);
        b.mapDataCluster(0, 0x11);
        b.mapDataCluster(kTableSpan + 5 * kCluster, 0x22);
        QCOMPARE(lastOf(b.bytes()), kTableSpan + 6 * kCluster);
    }

    void zeroClustersAreNotData()
    {
        Qcow2ImageBuilder b(Qcow2Spec{});
        b.mapDataCluster(2 * kCluster, 0x11);
        b.setL2Entry(7 * kCluster, qcow2::kZeroFlag);                            // zero, no host cluster
        const uint64_t host = b.appendCluster();
        b.setL2Entry(9 * kCluster, host | qcow2::kZeroFlag | qcow2::kCopied);  // preallocated zero
        QCOMPARE(lastOf(b.bytes()), 3 * kCluster);
    }

    void subclustersCount()
    {
        Qcow2Spec spec;
        spec.extendedL2 = true;
        Qcow2ImageBuilder b(spec);
        const uint64_t host = b.appendCluster();
        b.setL2Entry(4 * kCluster, host | qcow2::kCopied, 0x0000000Full);  // subclusters 0-3 (2 KiB each)
        QCOMPARE(lastOf(b.bytes()), 4 * kCluster + 4 * (kCluster / 32));
    }

    void dataOfTheBackingLayerCounts()
    {
        Qcow2Spec spec;
        Qcow2ImageBuilder base(spec);
        base.mapDataCluster(20 * kCluster, 0x33);
        spec.backingFile = "base.qcow2";
        Qcow2ImageBuilder top(spec);
        top.mapDataCluster(3 * kCluster, 0x44);
        std::vector<std::pair<std::unique_ptr<Image>, std::string>> layers;
        layers.emplace_back(imageOf(top.bytes()), "top.qcow2");
        layers.emplace_back(imageOf(base.bytes()), "base.qcow2");
        auto chain = Chain::fromImages(std::move(layers));
        auto last = lastDataEnd(*chain);
        QVERIFY(last.ok());
        QCOMPARE(*last, 21 * kCluster);
    }

    void rawMemoryFileIsData()
    {
        // A memory file has no holes: all of it is data, to the last byte of the file.
        std::vector<uint8_t> bytes(3 * 4096 + 100, 0x5a);
        QCOMPARE(lastOf(bytes, "raw"), uint64_t{3 * 4096 + 100});
        QCOMPARE(lastOf({}, "raw"), uint64_t{0});
    }

    void cancelled()
    {
        Qcow2Spec spec;
        spec.size = 3 * kTableSpan;
        auto chain = Chain::fromImage(imageOf(Qcow2ImageBuilder(spec).bytes()), "mem.img");
        std::stop_source stop;
        stop.request_stop();
        auto last = lastDataEnd(*chain, stop.get_token());
        QVERIFY(!last.ok());
        QCOMPARE(last.error().code, ErrorCode::Cancelled);
    }
};

QTEST_APPLESS_MAIN(TestLastData)
#include "tst_last_data.moc"
