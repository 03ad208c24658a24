// SPDX-License-Identifier: GPL-2.0-or-later
// Interop: single images (qcow2 feature matrix and raw) made by qemu-img/qemu-io must convert,
// info and map exactly as qemu-img 7.2 does.
#include "interop_common.h"

#include <QTest>

using namespace diskscope::interop;
using diskscope::testsupport::buildRecipe;
using diskscope::testsupport::ExitExpectation;
using diskscope::testsupport::makeWorkspace;
using diskscope::testsupport::qemuImg;
using diskscope::testsupport::qemuIo;

namespace {

const QString kImage = QStringLiteral("image.qcow2");

NamedRecipe qcow2Recipe(const QString& name, qint64 size, const QString& options,
                        const QStringList& ioCommands)
{
    QList<Command> steps{createQcow2(kImage, size, options)};
    if (!ioCommands.isEmpty())
        steps << ioQcow2(kImage, ioCommands);
    return {name, {kImage, QStringLiteral("qcow2"), steps}};
}

QString clusterLabel(qint64 clusterSize)
{
    return clusterSize >= MiB ? QStringLiteral("%1M").arg(clusterSize / MiB)
         : clusterSize >= KiB ? QStringLiteral("%1k").arg(clusterSize / KiB)
                              : QString::number(clusterSize);
}

// Every cluster size qcow2 allows, with both header versions. The image is two L2 tables long
// when that fits in 64 MiB (so the writes cross a table boundary), and its size is not a
// multiple of the cluster size so the last cluster is partial.
QList<NamedRecipe> clusterSizeMatrix()
{
    QList<NamedRecipe> recipes;
    for (const QString& compat : {QStringLiteral("0.10"), QStringLiteral("1.1")}) {
        for (qint64 clusterSize = 512; clusterSize <= 2 * MiB; clusterSize *= 2) {
            const qint64 twoTables = 2 * l2TableSpan(clusterSize);
            const qint64 size = (twoTables <= 64 * MiB ? std::max(twoTables, 4 * MiB) : 16 * MiB) + 1536;
            recipes << qcow2Recipe(
                QStringLiteral("compat%1-cluster%2").arg(compat, clusterLabel(clusterSize)), size,
                QStringLiteral("compat=%1,cluster_size=%2").arg(compat).arg(clusterSize),
                patternWrites(clusterSize, size));
        }
    }
    return recipes;
}

// Refcount widths change how every allocation is recorded; 4 KiB clusters and a 16 MiB image
// make several refcount blocks for the narrow widths.
QList<NamedRecipe> refcountWidths()
{
    QList<NamedRecipe> recipes;
    for (int bits = 1; bits <= 64; bits *= 2) {
        const qint64 size = 16 * MiB;
        // Compressed clusters packed into one host cluster give it a refcount of 2 or more,
        // beyond what a 1-bit width can hold, so qemu places them differently there.
        QStringList writes = patternWrites(4096, size, bits);
        writes << QStringLiteral("write -q -c -P 0x3a 1M 4k") << QStringLiteral("write -q -c -P 0x3b 1028k 4k")
               << QStringLiteral("write -q -c -P 0x3c 1032k 4k") << QStringLiteral("discard -q 4k 4k");
        recipes << qcow2Recipe(QStringLiteral("refcount-bits%1").arg(bits), size,
                               QStringLiteral("cluster_size=4096,refcount_bits=%1").arg(bits), writes);
    }
    return recipes;
}

// Extended L2: writes that cover one subcluster, part of one, several, zero subclusters and
// discard a whole cluster.
QList<NamedRecipe> extendedL2()
{
    QList<NamedRecipe> recipes;
    // Subclusters must be at least 512 bytes, so extended L2 starts at 16 KiB clusters.
    for (qint64 clusterSize = 16 * KiB; clusterSize <= 2 * MiB; clusterSize *= 2) {
        const qint64 sub = clusterSize / 32;
        const qint64 size = 32 * MiB;
        QStringList writes{
            QStringLiteral("write -q -P 0x21 %1 %2").arg(sub).arg(sub),           // one subcluster
            QStringLiteral("write -q -P 0x22 %1 100").arg(3 * sub + 17),          // inside one
            QStringLiteral("write -q -P 0x23 %1 %2").arg(clusterSize - sub / 2).arg(sub), // across clusters
            QStringLiteral("write -q -P 0x24 %1 %2").arg(4 * clusterSize).arg(clusterSize), // whole
            QStringLiteral("write -q -z %1 %2").arg(4 * clusterSize + 2 * sub).arg(3 * sub), // zero subclusters
            QStringLiteral("write -q -P 0x25 %1 %2").arg(6 * clusterSize).arg(2 * clusterSize),
            QStringLiteral("discard -q %1 %2").arg(6 * clusterSize).arg(clusterSize),
            QStringLiteral("write -q -z %1 %2").arg(7 * clusterSize + sub + 5).arg(sub), // unaligned zero
        };
        writes << patternWrites(clusterSize, size, 3);
        recipes << qcow2Recipe(QStringLiteral("extended-l2-cluster%1").arg(clusterLabel(clusterSize)),
                               size,
                               QStringLiteral("extended_l2=on,cluster_size=%1").arg(clusterSize), writes);
    }
    return recipes;
}

// Compressed clusters: compressible patterns (packed byte-contiguously, several per host cluster)
// next to incompressible random data (stored uncompressed), with both codecs.
QList<NamedRecipe> compressed()
{
    struct Variant {
        const char* name;
        const char* options;
        qint64 clusterSize;
    };
    const Variant variants[] = {
        {"zlib-compat1.1-cluster64k", "compression_type=zlib", 64 * KiB},
        {"zlib-compat0.10-cluster64k", "compat=0.10", 64 * KiB},
        {"zlib-cluster4k", "compression_type=zlib,cluster_size=4096", 4 * KiB},
        {"zlib-cluster512", "cluster_size=512", 512},
        {"zstd-cluster64k", "compression_type=zstd", 64 * KiB},
        {"zstd-cluster2M", "compression_type=zstd,cluster_size=2M", 2 * MiB},
        {"zstd-extended-l2", "compression_type=zstd,extended_l2=on", 64 * KiB},
    };
    QList<NamedRecipe> recipes;
    for (const Variant& variant : variants) {
        const qint64 cs = variant.clusterSize;
        const qint64 size = std::max<qint64>(16 * cs, 8 * MiB);
        QStringList writes{
            QStringLiteral("write -q -c -P 0x31 0 %1").arg(cs),
            QStringLiteral("write -q -c -P 0x32 %1 %1").arg(cs),
            QStringLiteral("write -q -c -s random.bin %1 %2").arg(2 * cs).arg(cs),
            QStringLiteral("write -q -c -P 0x33 %1 %2").arg(3 * cs).arg(2 * cs),
            QStringLiteral("write -q -c -P 0x00 %1 %2").arg(6 * cs).arg(cs),
            // An ordinary write next to compressed clusters.
            QStringLiteral("write -q -P 0x34 %1 %2").arg(8 * cs + 7).arg(cs),
        };
        recipes << qcow2Recipe(QStringLiteral("compressed-%1").arg(QLatin1String(variant.name)),
                               size, QLatin1String(variant.options), writes);
    }
    return recipes;
}

// Zero writes: whole allocated clusters (kept as preallocated zero), with -u (may unmap),
// partial clusters, unallocated clusters; v2 has no zero flag.
QList<NamedRecipe> zeroWritesAndDiscard()
{
    QList<NamedRecipe> recipes;
    const qint64 cs = 64 * KiB;
    const qint64 size = 8 * MiB;
    const QString fill = QStringLiteral("write -q -P 0x41 0 %1").arg(16 * cs);
    for (const QString& compat : {QStringLiteral("1.1"), QStringLiteral("0.10")}) {
        const QString options = QStringLiteral("compat=") + compat;
        recipes << qcow2Recipe(
            QStringLiteral("zero-writes-compat%1").arg(compat), size, options,
            {fill,
             QStringLiteral("write -q -z 0 %1").arg(cs),                  // whole, keep
             QStringLiteral("write -q -z -u %1 %2").arg(2 * cs).arg(2 * cs), // whole, unmap
             QStringLiteral("write -q -z %1 300").arg(5 * cs + 1000),      // partial
             QStringLiteral("write -q -z %1 %2").arg(7 * cs - 512).arg(cs + 1024), // unaligned span
             QStringLiteral("write -q -z %1 %2").arg(32 * cs).arg(4 * cs), // unallocated
             QStringLiteral("write -q -z -u %1 %2").arg(40 * cs).arg(cs),  // unallocated, unmap
             QStringLiteral("write -q -P 0x42 %1 %2").arg(32 * cs + 5).arg(10)});
        recipes << qcow2Recipe(
            QStringLiteral("discard-compat%1").arg(compat), size, options,
            {fill,
             QStringLiteral("discard -q 0 %1").arg(cs),                    // whole cluster
             QStringLiteral("discard -q %1 %2").arg(3 * cs).arg(3 * cs),   // several
             QStringLiteral("discard -q %1 500").arg(8 * cs + 100),        // partial: ignored
             QStringLiteral("discard -q %1 %2").arg(64 * cs).arg(2 * cs),  // unallocated
             QStringLiteral("write -q -P 0x43 %1 %2").arg(4 * cs).arg(100)}); // reuse after discard
    }
    return recipes;
}

QList<NamedRecipe> preallocation()
{
    QList<NamedRecipe> recipes;
    const qint64 size = 8 * MiB + 512;
    for (const char* mode : {"off", "metadata", "falloc", "full"}) {
        recipes << qcow2Recipe(QStringLiteral("preallocation-%1").arg(QLatin1String(mode)), size,
                               QStringLiteral("preallocation=%1").arg(QLatin1String(mode)),
                               patternWrites(64 * KiB, size));
        recipes << qcow2Recipe(QStringLiteral("preallocation-%1-untouched").arg(QLatin1String(mode)),
                               size, QStringLiteral("preallocation=%1").arg(QLatin1String(mode)), {});
    }
    recipes << qcow2Recipe(QStringLiteral("preallocation-metadata-compat0.10"), 4 * MiB,
                           QStringLiteral("preallocation=metadata,compat=0.10"),
                           patternWrites(64 * KiB, 4 * MiB));
    recipes << qcow2Recipe(QStringLiteral("preallocation-metadata-extended-l2"), 4 * MiB,
                           QStringLiteral("preallocation=metadata,extended_l2=on"),
                           {QStringLiteral("write -q -P 0x51 5000 3000")});
    return recipes;
}

NamedRecipe snapshots(const QString& compat, bool applyFirst)
{
    const qint64 size = 8 * MiB;
    auto snapshot = [](const QString& flag, const QString& name) {
        return qemuImg({QStringLiteral("snapshot"), flag, name, kImage});
    };
    QList<Command> steps{
        createQcow2(kImage, size, QStringLiteral("compat=") + compat),
        ioQcow2(kImage, patternWrites(64 * KiB, size, 1)),
        snapshot(QStringLiteral("-c"), QStringLiteral("first")),
        ioQcow2(kImage, {QStringLiteral("write -q -P 0x61 0 128k"),
                         QStringLiteral("discard -q 1M 64k")}),
        snapshot(QStringLiteral("-c"), QStringLiteral("second snapshot")),
        ioQcow2(kImage, {QStringLiteral("write -q -P 0x62 64k 4k")}),
        snapshot(QStringLiteral("-c"), QStringLiteral("third")),
        snapshot(QStringLiteral("-d"), QStringLiteral("third")),
    };
    if (applyFirst)
        steps << snapshot(QStringLiteral("-a"), QStringLiteral("first"));
    const bool resized = compat == QStringLiteral("1.1") && !applyFirst;
    if (resized) {
        // qemu-img 7.2 resizes v3 images that have snapshots; the snapshots keep their size.
        steps << qemuImg({QStringLiteral("resize"), QStringLiteral("-q"), kImage, QStringLiteral("+4M")})
              << ioQcow2(kImage, {QStringLiteral("write -q -P 0x63 %1 4k").arg(size + MiB)});
    }
    return {QStringLiteral("snapshots-compat%1%2").arg(compat, applyFirst ? QStringLiteral("-applied")
                                                               : resized  ? QStringLiteral("-resized")
                                                                          : QString()),
            {kImage, QStringLiteral("qcow2"), steps}};
}

QList<NamedRecipe> externalDataFile()
{
    QList<NamedRecipe> recipes;
    const qint64 size = 8 * MiB;
    for (const bool rawData : {false, true}) {
        QString options = QStringLiteral("data_file=image.data");
        if (rawData)
            options += QStringLiteral(",data_file_raw=on");
        QStringList writes = patternWrites(64 * KiB, size, 2);
        writes << QStringLiteral("write -q -z 1M 128k") << QStringLiteral("discard -q 2M 64k");
        recipes << qcow2Recipe(QStringLiteral("data-file%1").arg(rawData ? QStringLiteral("-raw")
                                                                         : QString()),
                               size, options, writes);
    }
    return recipes;
}

QList<NamedRecipe> flagsAndBitmaps()
{
    QList<NamedRecipe> recipes;
    const qint64 size = 8 * MiB;
    // qemu-io killed mid-session leaves the dirty bit set (lazy refcounts defer the updates).
    recipes << NamedRecipe{
        QStringLiteral("dirty-lazy-refcounts"),
        {kImage, QStringLiteral("qcow2"),
         {createQcow2(kImage, size, QStringLiteral("lazy_refcounts=on")),
          qemuIo(kImage, QStringLiteral("qcow2"),
                 {QStringLiteral("write 0 64k"), QStringLiteral("write -P 0x71 1M 4k"),
                  QStringLiteral("sigraise 9")},
                 ExitExpectation::KilledBySignal)}}};
    recipes << qcow2Recipe(QStringLiteral("lazy-refcounts-clean"), size,
                           QStringLiteral("lazy_refcounts=on"), patternWrites(64 * KiB, size));
    auto bitmap = [](const QStringList& arguments) {
        return qemuImg(QStringList{QStringLiteral("bitmap")} + arguments);
    };
    recipes << NamedRecipe{
        QStringLiteral("bitmaps"),
        {kImage, QStringLiteral("qcow2"),
         {createQcow2(kImage, size),
          bitmap({QStringLiteral("--add"), kImage, QStringLiteral("enabled")}),
          bitmap({QStringLiteral("--add"), QStringLiteral("-g"), QStringLiteral("128k"),
                  QStringLiteral("--disable"), kImage, QStringLiteral("disabled")}),
          ioQcow2(kImage, patternWrites(64 * KiB, size))}}};
    // A writer killed while a bitmap is in use leaves the bitmap flagged "in-use".
    recipes << NamedRecipe{
        QStringLiteral("bitmap-in-use"),
        {kImage, QStringLiteral("qcow2"),
         {createQcow2(kImage, size),
          bitmap({QStringLiteral("--add"), kImage, QStringLiteral("tracking")}),
          qemuIo(kImage, QStringLiteral("qcow2"),
                 {QStringLiteral("write 0 64k"), QStringLiteral("sigraise 9")},
                 ExitExpectation::KilledBySignal)}}};
    recipes << qcow2Recipe(QStringLiteral("empty-size0"), 0, {}, {});
    recipes << qcow2Recipe(QStringLiteral("unwritten-size-not-multiple-of-512"), 100 * KiB + 7, {}, {});
    return recipes;
}

QList<NamedRecipe> rawImages()
{
    const QString image = QStringLiteral("image.raw");
    const QString raw = QStringLiteral("raw");
    auto rawRecipe = [&](const QString& name, const QList<Command>& steps) {
        return NamedRecipe{name, {image, raw, steps}};
    };
    const qint64 size = 8 * MiB;
    QList<NamedRecipe> recipes;
    recipes << rawRecipe(QStringLiteral("raw-sparse-untouched"), {createRaw(image, size)});
    recipes << rawRecipe(QStringLiteral("raw-with-holes"),
                         {createRaw(image, size),
                          qemuIo(image, raw, patternWrites(64 * KiB, size))});
    recipes << rawRecipe(QStringLiteral("raw-zero-and-discard"),
                         {createRaw(image, size),
                          qemuIo(image, raw,
                                 {QStringLiteral("write -q -P 0x81 0 2M"),
                                  QStringLiteral("write -q -z 64k 64k"),
                                  QStringLiteral("write -q -z -u 1M 128k"),
                                  QStringLiteral("discard -q 1536k 64k")})});
    // qemu-img rounds raw sizes up to 512 at create time, so truncate makes the odd size.
    recipes << rawRecipe(QStringLiteral("raw-size-not-multiple-of-512"),
                         {createRaw(image, 0),
                          Command{QStringLiteral("truncate"),
                                  {QStringLiteral("-s"), QStringLiteral("1000003"), image}},
                          qemuIo(image, raw,
                                 {QStringLiteral("write -q -P 0x82 0 1000"),
                                  QStringLiteral("write -q -P 0x83 500000 3")})});
    recipes << rawRecipe(QStringLiteral("raw-tiny-5000-bytes"),
                         {Command{QStringLiteral("truncate"),
                                  {QStringLiteral("-s"), QStringLiteral("5000"), image}},
                          qemuIo(image, raw, {QStringLiteral("write -q -P 0x84 4000 1000")})});
    recipes << rawRecipe(QStringLiteral("raw-empty"), {createRaw(image, 0)});
    for (const char* mode : {"falloc", "full"})
        recipes << rawRecipe(QStringLiteral("raw-preallocation-%1").arg(QLatin1String(mode)),
                             {createRaw(image, 4 * MiB,
                                        QStringLiteral("preallocation=%1").arg(QLatin1String(mode))),
                              qemuIo(image, raw, {QStringLiteral("write -q -P 0x85 1M 4k")})});
    return recipes;
}

QList<NamedRecipe> allRecipes()
{
    QList<NamedRecipe> recipes;
    recipes << clusterSizeMatrix() << refcountWidths() << extendedL2() << compressed()
            << zeroWritesAndDiscard() << preallocation();
    recipes << snapshots(QStringLiteral("1.1"), false) << snapshots(QStringLiteral("0.10"), false)
            << snapshots(QStringLiteral("1.1"), true);
    recipes << externalDataFile() << flagsAndBitmaps() << rawImages();
    return recipes;
}

}  // namespace

class TstInteropFormats : public QObject {
    Q_OBJECT

private:
    // Fresh workspace with the row's recipe built in it; null after recording a failure.
    std::unique_ptr<QTemporaryDir> buildRow(const ImageRecipe& recipe)
    {
        QString why;
        auto workspace = makeWorkspace(&why);
        if (!workspace) {
            QTest::qFail(qPrintable(why), __FILE__, __LINE__);
            return nullptr;
        }
        if (!buildRecipe(recipe, workspace->path(), &why)) {
            QTest::qFail(qPrintable(why), __FILE__, __LINE__);
            return nullptr;
        }
        return workspace;
    }

private slots:
    void convertRawMatchesQemu_data() { addRecipeRows(allRecipes()); }
    void convertRawMatchesQemu()
    {
        QFETCH(ImageRecipe, recipe);
        auto workspace = buildRow(recipe);
        if (!workspace)
            return;
        QString why;
        QVERIFY2(convertRawAgrees(workspace->path(), recipe, &why), qPrintable(why));
    }

    void infoJsonMatchesQemu_data() { addRecipeRows(allRecipes()); }
    void infoJsonMatchesQemu()
    {
        QFETCH(ImageRecipe, recipe);
        auto workspace = buildRow(recipe);
        if (!workspace)
            return;
        QString why;
        QVERIFY2(infoJsonAgrees(workspace->path(), {QStringLiteral("-f"), recipe.format, recipe.image},
                                &why),
                 qPrintable(why));
    }

    // Without -f (the format is probed) and with -U (no locks), as one list of one layer.
    void infoBackingChainMatchesQemu_data() { addRecipeRows(allRecipes()); }
    void infoBackingChainMatchesQemu()
    {
        QFETCH(ImageRecipe, recipe);
        auto workspace = buildRow(recipe);
        if (!workspace)
            return;
        QString why;
        QVERIFY2(infoChainJsonAgrees(workspace->path(), {QStringLiteral("-U"), recipe.image}, &why),
                 qPrintable(why));
    }

    void mapJsonMatchesQemu_data() { addRecipeRows(allRecipes()); }
    void mapJsonMatchesQemu()
    {
        QFETCH(ImageRecipe, recipe);
        auto workspace = buildRow(recipe);
        if (!workspace)
            return;
        QString why;
        QVERIFY2(mapRangesAgree(workspace->path(), recipe, &why), qPrintable(why));
    }
};

QTEST_GUILESS_MAIN(TstInteropFormats)
#include "tst_interop_formats.moc"
