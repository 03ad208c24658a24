// SPDX-License-Identifier: GPL-2.0-or-later
// L2 entry classification, compressed descriptors and refcount widths, table-driven.
#include <QtTest>

#include "format/qcow2/qcow2_l2_entry.h"
#include "format/qcow2/qcow2_refcount_reader.h"

using namespace diskscope;
using namespace diskscope::qcow2;

Q_DECLARE_METATYPE(diskscope::qcow2::SubclusterType)

class TestQcow2Entries : public QObject {
    Q_OBJECT

private slots:
    void standardEntry_data()
    {
        QTest::addColumn<quint64>("entry");
        QTest::addColumn<bool>("v3");
        QTest::addColumn<bool>("dataFile");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<SubclusterType>("type");
        using T = SubclusterType;
        QTest::addRow("unallocated") << quint64(0) << true << false << true << T::UnallocatedPlain;
        QTest::addRow("data") << quint64(0x8000000000050000) << true << false << true << T::Normal;
        QTest::addRow("data without COPIED") << quint64(0x50000) << true << false << true << T::Normal;
        QTest::addRow("zero plain") << quint64(1) << true << false << true << T::ZeroPlain;
        QTest::addRow("zero with host cluster") << quint64(0x8000000000050001) << true << false << true << T::ZeroAlloc;
        QTest::addRow("compressed") << quint64(0x4000000000050000) << true << false << true << T::Compressed;
        QTest::addRow("unaligned data offset") << quint64(0x8000000000052A00) << true << false << false << T::Normal;
        QTest::addRow("zero flag in v2") << quint64(1) << false << false << false << T::ZeroPlain;
        QTest::addRow("offset 0 COPIED, data file") << quint64(0x8000000000000000) << true << true << true << T::Normal;
        QTest::addRow("offset 0 COPIED, no data file") << quint64(0x8000000000000000) << true << false << true << T::UnallocatedPlain;
        QTest::addRow("compressed with data file") << quint64(0x4000000000050000) << true << true << false << T::Compressed;
    }
    void standardEntry()
    {
        QFETCH(quint64, entry);
        QFETCH(bool, v3);
        QFETCH(bool, dataFile);
        QFETCH(bool, valid);
        QFETCH(SubclusterType, type);
        L2EntryContext ctx;
        ctx.clusterBits = 16;
        ctx.version3 = v3;
        ctx.hasDataFile = dataFile;
        auto r = classifySubcluster(ctx, entry, 0, 0);
        QCOMPARE(r.ok(), valid);
        if (valid)
            QCOMPARE(*r, type);
    }

    void extendedEntry_data()
    {
        QTest::addColumn<quint64>("entry");
        QTest::addColumn<quint64>("bitmap");
        QTest::addColumn<int>("subcluster");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<SubclusterType>("type");
        using T = SubclusterType;
        const quint64 host = 0x8000000000050000;
        QTest::addRow("allocated subcluster") << host << quint64(0x1) << 0 << true << T::Normal;
        QTest::addRow("unallocated subcluster of allocated cluster") << host << quint64(0x1) << 1 << true << T::UnallocatedAlloc;
        QTest::addRow("zero subcluster, preallocated") << host << (quint64(1) << 33) << 1 << true << T::ZeroAlloc;
        QTest::addRow("alloc and zero bits together") << host << ((quint64(1) << 32) | 1) << 5 << false << T::Normal;
        QTest::addRow("zero subcluster, no host cluster") << quint64(0) << (quint64(1) << 63) << 31 << true << T::ZeroPlain;
        QTest::addRow("unallocated, no host cluster") << quint64(0) << quint64(0) << 7 << true << T::UnallocatedPlain;
        QTest::addRow("alloc bit without host cluster") << quint64(0) << quint64(0x4) << 0 << false << T::Normal;
        QTest::addRow("compressed, empty bitmap") << quint64(0x4000000000050000) << quint64(0) << 0 << true << T::Compressed;
        QTest::addRow("compressed, bitmap set") << quint64(0x4000000000050000) << quint64(1) << 0 << false << T::Compressed;
        QTest::addRow("bit 0 is reserved, not zero") << (host | 1) << quint64(0x1) << 0 << true << T::Normal;
    }
    void extendedEntry()
    {
        QFETCH(quint64, entry);
        QFETCH(quint64, bitmap);
        QFETCH(int, subcluster);
        QFETCH(bool, valid);
        QFETCH(SubclusterType, type);
        L2EntryContext ctx;
        ctx.clusterBits = 16;
        ctx.extendedL2 = true;
        auto r = classifySubcluster(ctx, entry, bitmap, static_cast<unsigned>(subcluster));
        QCOMPARE(r.ok(), valid);
        if (valid)
            QCOMPARE(*r, type);
    }

    void compressedDescriptor_data()
    {
        QTest::addColumn<int>("clusterBits");
        QTest::addColumn<quint64>("entry");
        QTest::addColumn<quint64>("hostOffset");
        QTest::addColumn<quint64>("bytes");
        // 64 KiB clusters: 54 offset bits, 8 sector-count bits.
        QTest::addRow("64k, one sector") << 16 << quint64(0x50000) << quint64(0x50000) << quint64(512);
        QTest::addRow("64k, offset mid-sector, 2 extra")
            << 16 << ((quint64(2) << 54) | 0x50014) << quint64(0x50014) << quint64(3 * 512 - 0x14);
        QTest::addRow("512 B clusters, 61 offset bits")
            << 9 << ((quint64(1) << 61) | 0x1200) << quint64(0x1200) << quint64(1024);
        QTest::addRow("2 MiB clusters, 49 offset bits, 8191 extra")
            << 21 << ((quint64(8191) << 49) | 0x600000) << quint64(0x600000) << quint64(8192 * 512);
        QTest::addRow("offset above 4 GiB") << 16 << quint64(0x123456789A) << quint64(0x123456789A)
                                            << quint64(512 - 0x9A);
    }
    void compressedDescriptor()
    {
        QFETCH(int, clusterBits);
        QFETCH(quint64, entry);
        QFETCH(quint64, hostOffset);
        QFETCH(quint64, bytes);
        CompressedDescriptor d = decodeCompressed(entry | kCompressed, static_cast<uint32_t>(clusterBits));
        QCOMPARE(d.hostOffset, hostOffset);
        QCOMPARE(d.bytes, bytes);
    }

    void refcountWidths_data()
    {
        QTest::addColumn<int>("order");
        QTest::addColumn<QByteArray>("block");
        QTest::addColumn<int>("index");
        QTest::addColumn<quint64>("value");
        QTest::addRow("1 bit, entry 0 is the lowest bit") << 0 << QByteArray("\x01", 1) << 0 << quint64(1);
        QTest::addRow("1 bit, entry 9") << 0 << QByteArray("\x00\x02", 2) << 9 << quint64(1);
        QTest::addRow("2 bits, entry 1") << 1 << QByteArray("\x0c", 1) << 1 << quint64(3);
        QTest::addRow("4 bits, entry 1 is the high nibble") << 2 << QByteArray("\x52", 1) << 1 << quint64(5);
        QTest::addRow("8 bits") << 3 << QByteArray("\x00\x07", 2) << 1 << quint64(7);
        QTest::addRow("16 bits big-endian") << 4 << QByteArray("\x00\x00\x01\x02", 4) << 1 << quint64(0x102);
        QTest::addRow("32 bits") << 5 << QByteArray("\x00\x00\x00\x00\x01\x00\x00\x02", 8) << 1 << quint64(0x1000002);
        QTest::addRow("64 bits max") << 6 << QByteArray(8, '\xff') << 0 << ~quint64(0);
    }
    void refcountWidths()
    {
        QFETCH(int, order);
        QFETCH(QByteArray, block);
        QFETCH(int, index);
        QFETCH(quint64, value);
        QCOMPARE(decodeRefcount(reinterpret_cast<const uint8_t*>(block.constData()), static_cast<uint64_t>(index),
                                static_cast<uint32_t>(order)),
                 value);
    }
};

QTEST_APPLESS_MAIN(TestQcow2Entries)
#include "tst_qcow2_entries.moc"
