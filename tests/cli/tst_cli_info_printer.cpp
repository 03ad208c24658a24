// SPDX-License-Identifier: GPL-2.0-or-later
// info printers on hand-built ImageInfo values, compared with qemu-img 7.2's output for
// the images those values describe (data/*.txt, data/*.json; see data/README.md).
#include <QtTest>

#include <cstdlib>
#include <ctime>

#include "info_printer.h"
#include "snapshot_table.h"

Q_DECLARE_METATYPE(diskscope::ImageInfo)

using namespace diskscope;
using namespace diskscope::cli;

namespace {

std::string golden(const char* name)
{
    QFile file(QStringLiteral(CLI_TEST_DATA "/") + QString::fromLatin1(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing golden file %s", name);
    return file.readAll().toStdString();
}

Qcow2Info qcow2Defaults()
{
    Qcow2Info qcow2;
    qcow2.compat = "1.1";
    qcow2.compressionType = "zlib";
    qcow2.refcountBits = 16;
    return qcow2;
}

SnapshotInfo snapshot(std::string id, std::string name, uint32_t seconds, uint32_t nanoseconds)
{
    SnapshotInfo info;
    info.id = std::move(id);
    info.name = std::move(name);
    info.dateSeconds = seconds;
    info.dateNanoseconds = nanoseconds;
    info.icount = 0;  // qemu-img snapshot -c records icount 0
    return info;
}

// qemu-img create -f qcow2 v3.qcow2 64M; qemu-io -c 'write -P 1 0 64k' -c 'write -z 1M 64k';
// snapshot -c snap1; bitmap --add bm0; bitmap --add -g 128k bm1; bitmap --disable bm1.
ImageInfo v3WithSnapshotAndBitmaps()
{
    ImageInfo info;
    info.filename = "v3.qcow2";
    info.format = "qcow2";
    info.virtualSize = 67108864;
    info.actualSize = 368640;
    info.clusterSize = 65536;
    info.dirtyFlag = false;
    info.snapshots.push_back(snapshot("1", "snap1", 1795316785, 886803000));
    info.qcow2 = qcow2Defaults();
    info.qcow2->bitmaps = std::vector<BitmapInfo>{{"bm0", 65536, {"auto"}}, {"bm1", 131072, {}}};
    return info;
}

// qemu-img create -f qcow2 -o compat=0.10 v2.qcow2 1G
ImageInfo v2()
{
    ImageInfo info;
    info.filename = "v2.qcow2";
    info.format = "qcow2";
    info.virtualSize = 1073741824;
    info.actualSize = 200704;
    info.clusterSize = 65536;
    info.dirtyFlag = false;
    info.qcow2 = qcow2Defaults();
    info.qcow2->compat = "0.10";
    info.qcow2->version = 2;
    return info;
}

// qemu-img create -f qcow2 -o data_file=df.raw,data_file_raw=on,compression_type=zstd,
// extended_l2=on,lazy_refcounts=on,cluster_size=128k ext.qcow2 16M
ImageInfo dataFile()
{
    ImageInfo info;
    info.filename = "ext.qcow2";
    info.format = "qcow2";
    info.virtualSize = 16777216;
    info.actualSize = 528384;
    info.clusterSize = 131072;
    info.dirtyFlag = false;
    info.qcow2 = qcow2Defaults();
    info.qcow2->compressionType = "zstd";
    info.qcow2->lazyRefcounts = true;
    info.qcow2->extendedL2 = true;
    info.qcow2->dataFile = "df.raw";
    info.qcow2->dataFileRaw = true;
    return info;
}

// Overlay of base2.qcow2 with lazy refcounts, two snapshots (one with a long name), then
// left dirty by qemu-io -c 'write 0 64k' -c 'sigraise 9'.
ImageInfo dirtyOverlay()
{
    ImageInfo info;
    info.filename = "dov.qcow2";
    info.format = "qcow2";
    info.virtualSize = 16777216;
    info.actualSize = 348160;
    info.clusterSize = 65536;
    info.dirtyFlag = true;
    info.backingFilename = "base2.qcow2";
    info.fullBackingFilename = "base2.qcow2";
    info.backingFilenameFormat = "qcow2";
    info.snapshots.push_back(snapshot("1", "s1", 1795316794, 748621000));
    info.snapshots.push_back(snapshot("2", "a very long snapshot name here", 1795316794, 755927000));
    info.qcow2 = qcow2Defaults();
    info.qcow2->lazyRefcounts = true;
    return info;
}

// qemu-img create -f raw r.img 5000
ImageInfo raw()
{
    ImageInfo info;
    info.filename = "r.img";
    info.format = "raw";
    info.virtualSize = 5120;
    info.actualSize = 4096;
    info.dirtyFlag = false;
    return info;
}

// d/base.qcow2 (64M) and d/sub/ov.qcow2 -b ../base.qcow2 -F qcow2, seen as d/sub/ov.qcow2.
std::vector<ImageInfo> backingChain()
{
    ImageInfo base;
    base.filename = "d/sub/../base.qcow2";
    base.format = "qcow2";
    base.virtualSize = 67108864;
    base.actualSize = 200704;
    base.clusterSize = 65536;
    base.dirtyFlag = false;
    base.qcow2 = qcow2Defaults();
    ImageInfo top = base;
    top.filename = "d/sub/ov.qcow2";
    top.backingFilename = "../base.qcow2";
    top.fullBackingFilename = "d/sub/../base.qcow2";
    top.backingFilenameFormat = "qcow2";
    return {top, base};
}

// Snapshot names with characters JSON must escape.
ImageInfo escapes()
{
    ImageInfo info;
    info.filename = "esc.qcow2";
    info.format = "qcow2";
    info.virtualSize = 1048576;
    info.actualSize = 208896;
    info.clusterSize = 65536;
    info.dirtyFlag = false;
    info.snapshots.push_back(snapshot("1", "a/b\"c\\d\xc3\xa9\tx\x7f~", 1795316948, 987645000));
    info.qcow2 = qcow2Defaults();
    return info;
}

// Two snapshots whose table entries were patched (VM state size, VM clock, icount none).
ImageInfo snapshotVmState()
{
    ImageInfo info;
    info.filename = "snapvm.qcow2";
    info.format = "qcow2";
    info.virtualSize = 8388608;
    info.actualSize = 217088;
    info.clusterSize = 65536;
    info.dirtyFlag = false;
    SnapshotInfo first = snapshot("1", "first", 1795317367, 80814000);
    first.vmStateSize = 1536000;
    first.vmClockNanoseconds = 3723456789000ull;
    first.icount = 12345;
    SnapshotInfo second = snapshot("2", "emoji \xf0\x9f\x98\x80 bad\xff", 1795317367, 127030000);
    second.vmStateSize = 5368709120ull;
    second.vmClockNanoseconds = 363547999999999ull;
    second.icount.reset();
    info.snapshots = {first, second};
    info.qcow2 = qcow2Defaults();
    return info;
}

}  // namespace

class TestCliInfoPrinter : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void singleImage_data();
    void singleImage();
    void backingChainJson();
    void backingChainHuman();
    void actualPathOnlyWhenDifferent();
    void unavailableDiskSize();
    void vmClock_data();
    void vmClock();
};

void TestCliInfoPrinter::initTestCase()
{
    // The goldens were captured with TZ=UTC; snapshot dates print in local time.
    qputenv("TZ", "UTC");
    tzset();
}

void TestCliInfoPrinter::singleImage_data()
{
    QTest::addColumn<ImageInfo>("info");
    QTest::addColumn<QString>("goldenBase");
    QTest::newRow("v3 snapshot bitmaps") << v3WithSnapshotAndBitmaps() << "info_v3_snapshot_bitmaps";
    QTest::newRow("v2") << v2() << "info_v2";
    QTest::newRow("data file") << dataFile() << "info_data_file";
    QTest::newRow("dirty overlay") << dirtyOverlay() << "info_dirty_overlay";
    QTest::newRow("raw") << raw() << "info_raw";
    QTest::newRow("escapes") << escapes() << "info_escapes";
    QTest::newRow("snapshot vm state") << snapshotVmState() << "info_snapshot_vmstate";
}

void TestCliInfoPrinter::singleImage()
{
    QFETCH(ImageInfo, info);
    QFETCH(QString, goldenBase);
    const QByteArray base = goldenBase.toLatin1();
    QCOMPARE(QByteArray::fromStdString(formatInfoJson({info}, false)),
             QByteArray::fromStdString(golden((base + ".json").constData())));
    QCOMPARE(QByteArray::fromStdString(formatInfoHuman(info)),
             QByteArray::fromStdString(golden((base + ".txt").constData())));
}

void TestCliInfoPrinter::backingChainJson()
{
    QCOMPARE(QByteArray::fromStdString(formatInfoJson(backingChain(), true)),
             QByteArray::fromStdString(golden("info_chain.json")));
}

void TestCliInfoPrinter::backingChainHuman()
{
    QCOMPARE(QByteArray::fromStdString(formatInfoHumanChain(backingChain())),
             QByteArray::fromStdString(golden("info_chain.txt")));
}

void TestCliInfoPrinter::actualPathOnlyWhenDifferent()
{
    ImageInfo info = backingChain().front();
    QVERIFY(formatInfoHuman(info).find("backing file: ../base.qcow2 (actual path: d/sub/../base.qcow2)\n") !=
            std::string::npos);
    info.fullBackingFilename = "../base.qcow2";
    QVERIFY(formatInfoHuman(info).find("backing file: ../base.qcow2\n") != std::string::npos);
}

void TestCliInfoPrinter::unavailableDiskSize()
{
    ImageInfo info = raw();
    info.actualSize.reset();
    QVERIFY(formatInfoHuman(info).find("disk size: unavailable\n") != std::string::npos);
    QVERIFY(formatInfoJson({info}, false).find("actual-size") == std::string::npos);
}

void TestCliInfoPrinter::vmClock_data()
{
    QTest::addColumn<qulonglong>("nanoseconds");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << 0ull << "00:00:00.000";
    QTest::newRow("h m s ms") << 3723456789000ull << "01:02:03.456";
    QTest::newRow("over 99 hours") << 363547999999999ull << "100:59:07.999";
}

void TestCliInfoPrinter::vmClock()
{
    QFETCH(qulonglong, nanoseconds);
    QFETCH(QString, text);
    QCOMPARE(QString::fromStdString(formatVmClock(nanoseconds)), text);
}

QTEST_GUILESS_MAIN(TestCliInfoPrinter)
#include "tst_cli_info_printer.moc"
