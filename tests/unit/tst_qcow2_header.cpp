// SPDX-License-Identifier: GPL-2.0-or-later
// Header decoding: one valid image, then one field broken per row, each refused with a
// message that names the problem.
#include <QtTest>

#include "diskscope/host_file.h"
#include "format/qcow2/qcow2_header.h"
#include "qcow2_image_builder.h"

using namespace diskscope;
using diskscope::test::Qcow2ImageBuilder;
using diskscope::test::Qcow2Spec;

Q_DECLARE_METATYPE(diskscope::ErrorCode)

namespace {

Result<qcow2::Header> parse(const std::vector<uint8_t>& bytes)
{
    auto file = makeMemoryFile("image.qcow2", bytes);
    return qcow2::readHeader(*file, bytes.size());
}

}  // namespace

class TestQcow2Header : public QObject {
    Q_OBJECT

private slots:
    void validV3()
    {
        Qcow2ImageBuilder b({});
        auto h = parse(b.bytes());
        QVERIFY2(h.ok(), diskscope::test::errorText(h).c_str());
        QCOMPARE(h->version, 3u);
        QCOMPARE(h->clusterSize(), uint64_t{65536});
        QCOMPARE(h->size, uint64_t{64} << 20);
        QCOMPARE(h->headerLength, 112u);
        QCOMPARE(h->l1Size, 1u);
        QCOMPARE(h->refcountBits(), 16u);
        QCOMPARE(h->featureNames.size(), size_t{2});
        QCOMPARE(QString::fromStdString(h->featureNames[1].name), QString("corrupt bit"));
        QVERIFY(!h->backingFile);
    }

    void validV2WithBacking()
    {
        Qcow2Spec spec;
        spec.version = 2;
        spec.backingFile = "base.raw";
        spec.backingFormat = "raw";
        Qcow2ImageBuilder b(spec);
        auto h = parse(b.bytes());
        QVERIFY2(h.ok(), diskscope::test::errorText(h).c_str());
        QCOMPARE(h->version, 2u);
        QCOMPARE(h->headerLength, 72u);
        QCOMPARE(h->refcountOrder, 4u);
        QCOMPARE(QString::fromStdString(*h->backingFile), QString("base.raw"));
        QCOMPARE(QString::fromStdString(*h->backingFormat), QString("raw"));
    }

    void geometry_data()
    {
        QTest::addColumn<int>("clusterBits");
        QTest::addColumn<bool>("extendedL2");
        QTest::addColumn<quint64>("l2Entries");
        QTest::addColumn<quint64>("bytesPerL1Entry");
        QTest::addRow("512 B") << 9 << false << quint64(64) << quint64(32768);
        QTest::addRow("64 KiB") << 16 << false << quint64(8192) << quint64(512ull << 20);
        QTest::addRow("64 KiB extended") << 16 << true << quint64(4096) << quint64(256ull << 20);
        QTest::addRow("2 MiB") << 21 << false << quint64(262144) << quint64(512ull << 30);
        QTest::addRow("16 KiB extended") << 14 << true << quint64(1024) << quint64(16ull << 20);
    }
    void geometry()
    {
        QFETCH(int, clusterBits);
        QFETCH(bool, extendedL2);
        QFETCH(quint64, l2Entries);
        QFETCH(quint64, bytesPerL1Entry);
        qcow2::Header h;
        h.clusterBits = static_cast<uint32_t>(clusterBits);
        if (extendedL2)
            h.incompatibleFeatures |= qcow2::kIncompatExtendedL2;
        QCOMPARE(h.l2Entries(), l2Entries);
        QCOMPARE(uint64_t{1} << h.l1EntryShift(), bytesPerL1Entry);
        QCOMPARE(qcow2::l1EntriesNeeded(h, bytesPerL1Entry + 1), uint64_t{2});
        QCOMPARE(qcow2::l1EntriesNeeded(h, bytesPerL1Entry), uint64_t{1});
        QCOMPARE(qcow2::l1EntriesNeeded(h, 0), uint64_t{0});
    }

    // Each row changes one header field of a valid image (64 KiB clusters: refcount table at
    // 0x10000, refcount block 0x20000, L1 0x30000, file 0x40000 bytes).
    void brokenField_data()
    {
        QTest::addColumn<int>("offset");
        QTest::addColumn<int>("width");
        QTest::addColumn<quint64>("value");
        QTest::addColumn<ErrorCode>("code");
        QTest::addColumn<QString>("message");
        auto row = [](const char* name, int offset, int width, quint64 value, ErrorCode code, const char* msg) {
            QTest::addRow("%s", name) << offset << width << value << code << QString(msg);
        };
        row("magic", 0, 4, 0x514649FA, ErrorCode::Corrupt, "not in qcow2 format");
        row("version 1", 4, 4, 1, ErrorCode::Unsupported, "version 1");
        row("version 4", 4, 4, 4, ErrorCode::Unsupported, "version 4");
        row("cluster_bits 8", 20, 4, 8, ErrorCode::Unsupported, "cluster_bits 8");
        row("cluster_bits 22", 20, 4, 22, ErrorCode::Unsupported, "cluster_bits 22");
        row("cluster_bits huge", 20, 4, 0xFFFFFFFF, ErrorCode::Unsupported, "cluster_bits 4294967295");
        row("header_length 72", 100, 4, 72, ErrorCode::Corrupt, "too short");
        row("header_length 105", 100, 4, 105, ErrorCode::Corrupt, "multiple of 8");
        row("header_length huge", 100, 4, 0x7FFFFFF8, ErrorCode::Corrupt, "exceeds cluster size");
        row("backing offset past cluster", 8, 8, 0x10008, ErrorCode::Corrupt, "backing file offset");
        row("size 2^63", 24, 8, 1ull << 63, ErrorCode::Corrupt, "too large");
        row("size needs more L1", 24, 8, 1ull << 40, ErrorCode::Corrupt, "L1 table too small");
        row("crypt AES", 32, 4, 1, ErrorCode::Unsupported, "encrypted");
        row("crypt LUKS", 32, 4, 2, ErrorCode::Unsupported, "encrypted");
        row("l1_size huge", 36, 4, 0xFFFFFFFF, ErrorCode::Corrupt, "L1 table too large");
        row("l1_size over 32 MiB", 36, 4, 0x400001, ErrorCode::Corrupt, "L1 table too large");
        row("l1_size 0", 36, 4, 0, ErrorCode::Corrupt, "L1 table too small");
        row("l1 offset unaligned", 40, 8, 0x30008, ErrorCode::Corrupt, "not cluster aligned");
        row("l1 offset past EOF", 40, 8, 0x1000000, ErrorCode::Corrupt, "beyond the end of the file");
        row("l1 offset overflow", 40, 8, 0xFFFFFFFFFFFF0000, ErrorCode::Corrupt, "beyond the end of the file");
        row("l1 offset 0", 40, 8, 0, ErrorCode::Corrupt, "overlaps the image header");
        row("reftable unaligned", 48, 8, 0x10008, ErrorCode::Corrupt, "not cluster aligned");
        row("reftable past EOF", 48, 8, 0xFFFFFFFFFFFF0000, ErrorCode::Corrupt, "beyond the end of the file");
        row("reftable clusters 0", 56, 4, 0, ErrorCode::Corrupt, "reference count table");
        row("reftable clusters huge", 56, 4, 0xFFFFFFFF, ErrorCode::Corrupt, "Reference count table too large");
        row("reftable clusters 0x81", 56, 4, 0x81, ErrorCode::Corrupt, "Reference count table too large");
        row("snapshots too many", 60, 4, 65537, ErrorCode::Corrupt, "Snapshot table too large");
        row("snapshot table unaligned", 64, 8, 0x1234, ErrorCode::Corrupt, "not cluster aligned");
        row("unknown incompatible bit 20", 72, 8, 1ull << 20, ErrorCode::Unsupported, "bit 20");
        row("named incompatible bit 1 is known", 72, 8, (1ull << 1) | (1ull << 40), ErrorCode::Unsupported, "bit 40");
        row("compression bit without type", 72, 8, 1ull << 3, ErrorCode::Corrupt, "must not be set");
        row("data file bit without name", 72, 8, 1ull << 2, ErrorCode::Corrupt, "does not name it");
        row("extended L2 with 64 KiB is fine, refcount_order 7", 96, 4, 7, ErrorCode::Unsupported, "refcount_order 7");
        row("refcount_order huge", 96, 4, 0xFFFFFFFF, ErrorCode::Unsupported, "refcount_order");
        row("data-file-raw without data file", 88, 8, 1ull << 1, ErrorCode::Corrupt, "data-file-raw");
    }
    void brokenField()
    {
        QFETCH(int, offset);
        QFETCH(int, width);
        QFETCH(quint64, value);
        QFETCH(ErrorCode, code);
        QFETCH(QString, message);
        Qcow2ImageBuilder b({});
        if (width == 4)
            b.pokeBe32(offset, static_cast<uint32_t>(value));
        else
            b.pokeBe64(offset, value);
        auto h = parse(b.bytes());
        QVERIFY2(!h.ok(), "a broken header was accepted");
        QCOMPARE(int(h.error().code), int(code));
        QVERIFY2(QString::fromStdString(h.error().message).contains(message, Qt::CaseInsensitive),
                 diskscope::test::errorText(h).c_str());
    }

    void compressionTypeByte_data()
    {
        QTest::addColumn<int>("typeByte");
        QTest::addColumn<bool>("bitSet");
        QTest::addColumn<bool>("ok");
        QTest::addRow("zlib") << 0 << false << true;
        QTest::addRow("zstd") << 1 << true << true;
        QTest::addRow("zstd without bit") << 1 << false << false;
        QTest::addRow("unknown type 7") << 7 << true << false;
    }
    void compressionTypeByte()
    {
        QFETCH(int, typeByte);
        QFETCH(bool, bitSet);
        QFETCH(bool, ok);
        Qcow2ImageBuilder b({});
        auto bytes = b.bytes();
        bytes[104] = static_cast<uint8_t>(typeByte);
        bytes[79] = bitSet ? 0x08 : 0x00;
        auto h = parse(bytes);
        QCOMPARE(h.ok(), ok);
        if (ok)
            QCOMPARE(int(h->compressionType), typeByte);
    }

    void extensionTooLarge()
    {
        Qcow2ImageBuilder b({});
        // The first extension (feature names at 112) claims more bytes than cluster 0 holds.
        b.pokeBe32(116, 0x7FFFFFFF);
        auto h = parse(b.bytes());
        QVERIFY(!h.ok());
        QVERIFY(QString::fromStdString(h.error().message).contains("too large"));
    }

    void backingFormatTooLong()
    {
        Qcow2Spec spec;
        spec.backingFile = "base";
        spec.backingFormat = std::string(16, 'q');
        Qcow2ImageBuilder b(spec);
        auto h = parse(b.bytes());
        QVERIFY(!h.ok());
        QVERIFY(QString::fromStdString(h.error().message).contains("backing format"));
    }

    void unknownExtensionKept()
    {
        Qcow2ImageBuilder b({});
        // Replace the end marker after the feature table (112 + 8 + 96) with an unknown extension.
        uint64_t at = 112 + 8 + 96;
        b.pokeBe32(at, 0x12345678);
        b.pokeBe32(at + 4, 3);
        b.writeBytes(at + 8, {1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        auto h = parse(b.bytes());
        QVERIFY2(h.ok(), diskscope::test::errorText(h).c_str());
        QCOMPARE(h->unknownExtensions.size(), size_t{1});
        QCOMPARE(h->unknownExtensions[0].type, 0x12345678u);
        QCOMPARE(h->unknownExtensions[0].data, (std::vector<uint8_t>{1, 2, 3}));
    }

    void featureNameUsedForUnknownBit()
    {
        Qcow2ImageBuilder b({});
        // Rename feature table entry 1 (incompatible, bit 1) to bit 9 with a custom name.
        uint64_t entry = 112 + 8 + 48;
        b.writeBytes(entry, {0, 9});
        b.writeBytes(entry + 2, std::vector<uint8_t>{'f', 'a', 'n', 'c', 'y', 0, 0, 0, 0, 0, 0});
        b.pokeBe64(72, 1ull << 9);
        auto h = parse(b.bytes());
        QVERIFY(!h.ok());
        QVERIFY2(QString::fromStdString(h.error().message).contains("fancy"), diskscope::test::errorText(h).c_str());
    }

    void truncatedFile()
    {
        Qcow2ImageBuilder b({});
        auto bytes = b.bytes();
        bytes.resize(50);
        QVERIFY(!parse(bytes).ok());
        bytes.resize(90);  // v3 header needs 104 bytes
        QVERIFY(!parse(bytes).ok());
    }
};

QTEST_APPLESS_MAIN(TestQcow2Header)
#include "tst_qcow2_header.moc"
