// SPDX-License-Identifier: GPL-2.0-or-later
// Reading qcow2 images built in memory: every cluster kind, compressed streams (good, short,
// bombs), extended L2 subclusters, entries past the end of the file, and backing fall-through.
#include <QtTest>

#include <zlib.h>
#include <zstd.h>

#include "diskscope/chain.h"
#include "diskscope/open.h"
#include "format/qcow2/qcow2_format.h"
#include "qcow2_image_builder.h"

using namespace diskscope;
using diskscope::test::Qcow2ImageBuilder;
using diskscope::test::Qcow2Spec;

namespace {

std::unique_ptr<Image> openBytes(const std::vector<uint8_t>& bytes, const char* format = "qcow2")
{
    auto image = openImage(makeMemoryFile("mem.qcow2", bytes), format, nullptr);
    if (!image.ok())
        qFatal("open failed: %s", describe(image.error()).c_str());
    return std::move(image).value();
}

std::vector<uint8_t> readAll(Image& image, uint64_t offset, uint64_t length)
{
    std::vector<uint8_t> out(length, 0xEE);
    Status s = image.read(offset, out);
    if (!s.ok())
        qFatal("read failed: %s", describe(s.error()).c_str());
    return out;
}

bool filled(const std::vector<uint8_t>& v, uint8_t value)
{
    return std::all_of(v.begin(), v.end(), [&](uint8_t b) { return b == value; });
}

std::vector<uint8_t> rawDeflate(const std::vector<uint8_t>& in, int windowBits = -12)
{
    z_stream s{};
    deflateInit2(&s, Z_DEFAULT_COMPRESSION, Z_DEFLATED, windowBits, 9, Z_DEFAULT_STRATEGY);
    std::vector<uint8_t> out(deflateBound(&s, in.size()));
    s.next_in = const_cast<Bytef*>(in.data());
    s.avail_in = static_cast<uInt>(in.size());
    s.next_out = out.data();
    s.avail_out = static_cast<uInt>(out.size());
    deflate(&s, Z_FINISH);
    out.resize(s.total_out);
    deflateEnd(&s);
    return out;
}

// Stores `stream` at the end of the file and maps guest cluster `guest` to it as compressed.
void mapCompressed(Qcow2ImageBuilder& b, uint64_t guest, const std::vector<uint8_t>& stream, uint32_t clusterBits)
{
    b.l2TableFor(guest);
    uint64_t host = b.bytes().size() + 0x14;  // deliberately not sector aligned
    b.writeBytes(host, stream);
    b.writeBytes(host + stream.size(), std::vector<uint8_t>(512, 0));  // slack
    uint64_t sectors = (host + stream.size() - 1) / 512 - host / 512;
    uint32_t offsetBits = 62 - (clusterBits - 8);
    b.setL2Entry(guest, qcow2::kCompressed | (sectors << offsetBits) | host);
}

std::vector<uint8_t> pattern(size_t n, uint32_t seed)
{
    std::vector<uint8_t> v(n);
    for (size_t i = 0; i < n; ++i)
        v[i] = static_cast<uint8_t>((i * 7 + seed) ^ (i >> 9));
    return v;
}

}  // namespace

class TestQcow2Read : public QObject {
    Q_OBJECT

private slots:
    void clusterKindsAcrossL2Tables()
    {
        Qcow2Spec spec;
        spec.clusterBits = 9;  // one L2 table maps 32 KiB
        spec.size = 1 << 20;
        Qcow2ImageBuilder b(spec);
        b.mapDataCluster(32768 - 512, 0x11);  // last cluster of the first table
        b.mapDataCluster(32768, 0x22);        // first cluster of the second table
        b.setL2Entry(65536, qcow2::kZeroFlag);
        auto image = openBytes(b.bytes());
        auto bytes = readAll(*image, 32768 - 512, 1024);
        QVERIFY(filled({bytes.begin(), bytes.begin() + 512}, 0x11));
        QVERIFY(filled({bytes.begin() + 512, bytes.end()}, 0x22));
        QVERIFY(filled(readAll(*image, 65536, 512), 0));
        QVERIFY(filled(readAll(*image, 100000, 3000), 0));

        auto st = image->blockStatus(32768 - 512, 4096);
        QVERIFY(st.ok());
        QVERIFY(st->data);
        QCOMPARE(st->length, uint64_t{512});  // a run stops at the L2 table's end
        st = image->blockStatus(65536, 512);
        QVERIFY(st->zero && !st->data && !st->hasOffset);
        st = image->blockStatus(70000, 10000);
        QVERIFY(!st->zero && !st->data);
    }

    void compressedZlibAndZstd_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("windowBits");
        QTest::addRow("zlib, 4 KiB window like QEMU") << 0 << -12;
        QTest::addRow("zlib, 32 KiB window") << 0 << -15;
        QTest::addRow("zstd") << 1 << 0;
    }
    void compressedZlibAndZstd()
    {
        QFETCH(int, type);
        QFETCH(int, windowBits);
        Qcow2Spec spec;
        spec.compressionType = static_cast<uint8_t>(type);
        Qcow2ImageBuilder b(spec);
        auto data = pattern(65536, 3);
        std::vector<uint8_t> stream;
        if (type == 0) {
            stream = rawDeflate(data, windowBits);
        } else {
            stream.resize(ZSTD_compressBound(data.size()));
            stream.resize(ZSTD_compress(stream.data(), stream.size(), data.data(), data.size(), 3));
        }
        mapCompressed(b, 0, stream, spec.clusterBits);
        auto image = openBytes(b.bytes());
        QCOMPARE(readAll(*image, 0, 65536), data);
        QCOMPARE(readAll(*image, 1000, 5), std::vector<uint8_t>(data.begin() + 1000, data.begin() + 1005));
        auto st = image->blockStatus(0, 65536);
        QVERIFY(st->data && st->compressed && !st->hasOffset);
    }

    void compressedStreamTooShortFails()
    {
        Qcow2ImageBuilder b({});
        mapCompressed(b, 0, rawDeflate(pattern(100, 1)), 16);
        auto image = openBytes(b.bytes());
        std::vector<uint8_t> out(4096);
        Status s = image->read(0, out);
        QVERIFY(!s.ok());
        QCOMPARE(int(s.error().code), int(ErrorCode::Corrupt));
    }

    void compressedBombYieldsOneCluster()
    {
        Qcow2Spec spec;
        spec.clusterBits = 12;
        Qcow2ImageBuilder b(spec);
        auto stream = rawDeflate(std::vector<uint8_t>(64 << 20, 0));
        // The descriptor's sector count is bounded (4 bits at 4 KiB clusters): store as much
        // of the stream as it can describe; output must still stop at one cluster.
        stream.resize(std::min<size_t>(stream.size(), 8 * 1024 - 512));
        mapCompressed(b, 0, stream, spec.clusterBits);
        auto image = openBytes(b.bytes());
        QVERIFY(filled(readAll(*image, 0, 4096), 0));
    }

    void compressedGarbageFails()
    {
        Qcow2ImageBuilder b({});
        mapCompressed(b, 0, std::vector<uint8_t>(600, 0xFF), 16);
        auto image = openBytes(b.bytes());
        std::vector<uint8_t> out(512);
        QVERIFY(!image->read(0, out).ok());
    }

    void extendedL2Subclusters()
    {
        Qcow2Spec spec;
        spec.extendedL2 = true;
        Qcow2ImageBuilder b(spec);
        uint64_t host = b.appendCluster();
        std::vector<uint8_t> data(65536, 0x5A);
        b.writeBytes(host, data);
        // Subcluster 0 allocated, 1 zero, the rest unallocated (2 KiB each).
        b.setL2Entry(0, host | qcow2::kCopied, (uint64_t{1} << 33) | 1);
        auto image = openBytes(b.bytes());
        auto bytes = readAll(*image, 0, 8192);
        QVERIFY(filled({bytes.begin(), bytes.begin() + 2048}, 0x5A));
        QVERIFY(filled({bytes.begin() + 2048, bytes.end()}, 0));
        auto st = image->blockStatus(0, 65536);
        QVERIFY(st->data);
        QCOMPARE(st->length, uint64_t{2048});
        st = image->blockStatus(2048, 65536);
        QVERIFY(st->zero && st->hasOffset);
        QCOMPARE(st->offset, host + 2048);
        st = image->blockStatus(4096, 65536);
        QVERIFY(!st->zero && !st->data && st->hasOffset);  // unallocated subcluster, host cluster allocated
    }

    void dataClusterPastEndReadsZeros()
    {
        Qcow2ImageBuilder b({});
        b.setL2Entry(0, qcow2::kCopied | (64ull << 30));
        auto image = openBytes(b.bytes());
        QVERIFY(filled(readAll(*image, 0, 65536), 0));
    }

    void l2TablePastEndIsAnError()
    {
        Qcow2ImageBuilder b({});
        b.pokeBe64(Qcow2ImageBuilder::kL1Cluster * 65536, qcow2::kCopied | (64ull << 30));
        auto image = openBytes(b.bytes());
        std::vector<uint8_t> out(512);
        Status s = image->read(0, out);
        QVERIFY(!s.ok());
        QVERIFY2(QString::fromStdString(s.error().message).contains("L1 index 0"), diskscope::test::errorText(s).c_str());
    }

    void unalignedL2TableIsAnError()
    {
        Qcow2ImageBuilder b({});
        b.pokeBe64(Qcow2ImageBuilder::kL1Cluster * 65536, 0x8000000000042A00);
        auto image = openBytes(b.bytes());
        std::vector<uint8_t> out(512);
        QVERIFY(!image->read(0, out).ok());
        QVERIFY(!image->blockStatus(0, 512).ok());
    }

    void readsFallThroughToBacking()
    {
        Qcow2Spec spec;
        spec.size = 3 << 20;
        Qcow2ImageBuilder b(spec);
        b.mapDataCluster(65536, 0x77);
        auto top = openBytes(b.bytes());
        auto base = openBytes(std::vector<uint8_t>(1 << 20, 0x33), "raw");  // smaller than the top
        top->setBacking(base.get());
        auto bytes = readAll(*top, 0, 3 << 20);
        QVERIFY(filled({bytes.begin(), bytes.begin() + 65536}, 0x33));
        QVERIFY(filled({bytes.begin() + 65536, bytes.begin() + 131072}, 0x77));
        QVERIFY(filled({bytes.begin() + 131072, bytes.begin() + (1 << 20)}, 0x33));
        QVERIFY(filled({bytes.begin() + (1 << 20), bytes.end()}, 0));
    }

    void readPastVirtualSizeIsRefused()
    {
        Qcow2ImageBuilder b({});
        auto image = openBytes(b.bytes());
        std::vector<uint8_t> out(1024);
        QVERIFY(!image->read((64 << 20) - 512, out).ok());
    }
};

QTEST_APPLESS_MAIN(TestQcow2Read)
#include "tst_qcow2_read.moc"
