// SPDX-License-Identifier: GPL-2.0-or-later
// Interop: `diskscope-img compare` must print and exit exactly like `qemu-img compare` on
// identical pairs, pairs differing by one byte, size mismatches and strict (-s) mode.
#include "interop_common.h"

#include <QElapsedTimer>
#include <QTest>

using namespace diskscope::interop;
using diskscope::testsupport::buildRecipe;
using diskscope::testsupport::makeWorkspace;
using diskscope::testsupport::qemuImg;
using diskscope::testsupport::qemuIo;

namespace {

const QString kQcow2 = QStringLiteral("qcow2");
const QString kRaw = QStringLiteral("raw");
const QString kA = QStringLiteral("a.qcow2");
const QString kB = QStringLiteral("b.qcow2");

// A row: the images to build and the compare arguments given to both tools.
struct CompareCase {
    QString name;
    QList<Command> steps;
    QStringList arguments;
};

QStringList formats(const QString& first, const QString& second, const QString& a, const QString& b,
                    const QStringList& options = {})
{
    return options + QStringList{QStringLiteral("-f"), first, QStringLiteral("-F"), second, a, b};
}

// The same content written into two fresh images (cluster sizes may differ).
QList<Command> twins(qint64 sizeA, qint64 sizeB, const QString& optionsA = {},
                     const QString& optionsB = {})
{
    const QStringList writes = patternWrites(64 * KiB, std::min(sizeA, sizeB));
    return {createQcow2(kA, sizeA, optionsA), ioQcow2(kA, writes), createQcow2(kB, sizeB, optionsB),
            ioQcow2(kB, writes)};
}

Command copy(const QString& from, const QString& to)
{
    return Command{QStringLiteral("cp"), {from, to}};
}

QList<CompareCase> cases()
{
    const qint64 size = 8 * MiB;
    QList<CompareCase> rows;
    auto oneByteApart = [&](const QString& name, qint64 offset, const QString& options = {}) {
        QList<Command> steps = twins(size, size, options, options);
        steps << ioQcow2(kB, {QStringLiteral("write -q -P 0xee %1 1").arg(offset)});
        rows << CompareCase{name, steps, formats(kQcow2, kQcow2, kA, kB)};
    };

    // Identical content.
    rows << CompareCase{QStringLiteral("identical-same-geometry"), twins(size, size),
                        formats(kQcow2, kQcow2, kA, kB)};
    rows << CompareCase{QStringLiteral("identical-different-cluster-sizes"),
                        twins(size, size, QStringLiteral("cluster_size=512"),
                              QStringLiteral("cluster_size=2M,compat=0.10")),
                        formats(kQcow2, kQcow2, kA, kB)};
    rows << CompareCase{QStringLiteral("identical-qcow2-and-its-raw-conversion"),
                        {createQcow2(kA, size), ioQcow2(kA, patternWrites(4 * KiB, size)),
                         qemuImg({QStringLiteral("convert"), QStringLiteral("-O"), kRaw, kA,
                                  QStringLiteral("b.raw")})},
                        formats(kQcow2, kRaw, kA, QStringLiteral("b.raw"))};
    rows << CompareCase{QStringLiteral("identical-chain-and-flattened-copy"),
                        {createQcow2(QStringLiteral("base.qcow2"), size, QStringLiteral("cluster_size=4k")),
                         ioQcow2(QStringLiteral("base.qcow2"), patternWrites(4 * KiB, size, 1)),
                         createOverlay(kA, QStringLiteral("base.qcow2"), kQcow2),
                         ioQcow2(kA, {QStringLiteral("write -q -P 0x12 1M 100k"),
                                      QStringLiteral("write -q -z 0 4k")}),
                         qemuImg({QStringLiteral("convert"), QStringLiteral("-O"), kQcow2, kA, kB})},
                        formats(kQcow2, kQcow2, kA, kB)};
    rows << CompareCase{QStringLiteral("identical-compressed-and-plain"),
                        {createQcow2(kA, size), ioQcow2(kA, {QStringLiteral("write -q -c -P 0x13 0 128k")}),
                         createQcow2(kB, size), ioQcow2(kB, {QStringLiteral("write -q -P 0x13 0 128k")})},
                        formats(kQcow2, kQcow2, kA, kB)};
    rows << CompareCase{QStringLiteral("identical-formats-probed"), twins(size, size), {kA, kB}};
    rows << CompareCase{QStringLiteral("identical-with-progress"), twins(size, size),
                        formats(kQcow2, kQcow2, kA, kB, {QStringLiteral("-p")})};
    rows << CompareCase{QStringLiteral("identical-raw-with-holes"),
                        {createRaw(QStringLiteral("a.raw"), size),
                         qemuIo(QStringLiteral("a.raw"), kRaw, patternWrites(64 * KiB, size)),
                         copy(QStringLiteral("a.raw"), QStringLiteral("b.raw"))},
                        formats(kRaw, kRaw, QStringLiteral("a.raw"), QStringLiteral("b.raw"))};

    // One differing byte; qemu-img reports the start of its 512-byte sector.
    oneByteApart(QStringLiteral("differs-at-0"), 0);
    oneByteApart(QStringLiteral("differs-at-3000000"), 3000000);
    oneByteApart(QStringLiteral("differs-at-last-byte"), size - 1);
    oneByteApart(QStringLiteral("differs-in-cluster-512-image"), 40000 + 511, QStringLiteral("cluster_size=512"));
    rows << CompareCase{QStringLiteral("differs-in-compressed-cluster"),
                        {createQcow2(kA, size),
                         ioQcow2(kA, {QStringLiteral("write -q -c -P 0x14 64k 64k")}),
                         copy(kA, kB), ioQcow2(kB, {QStringLiteral("write -q -P 0x15 100000 1")})},
                        formats(kQcow2, kQcow2, kA, kB)};
    rows << CompareCase{QStringLiteral("differs-in-backing-layer"),
                        {createQcow2(QStringLiteral("base-a.qcow2"), size),
                         ioQcow2(QStringLiteral("base-a.qcow2"), patternWrites(64 * KiB, size)),
                         copy(QStringLiteral("base-a.qcow2"), QStringLiteral("base-b.qcow2")),
                         ioQcow2(QStringLiteral("base-b.qcow2"), {QStringLiteral("write -q -P 0x16 5000000 1")}),
                         createOverlay(kA, QStringLiteral("base-a.qcow2"), kQcow2),
                         createOverlay(kB, QStringLiteral("base-b.qcow2"), kQcow2)},
                        formats(kQcow2, kQcow2, kA, kB)};
    rows << CompareCase{QStringLiteral("differs-zero-written-against-data"),
                        {createQcow2(kA, size), ioQcow2(kA, {QStringLiteral("write -q -P 0x17 0 1M")}),
                         copy(kA, kB), ioQcow2(kB, {QStringLiteral("write -q -z 512k 64k")})},
                        formats(kQcow2, kQcow2, kA, kB)};
    rows << CompareCase{QStringLiteral("differs-qcow2-against-raw"),
                        {createQcow2(kA, size), ioQcow2(kA, patternWrites(64 * KiB, size)),
                         qemuImg({QStringLiteral("convert"), QStringLiteral("-O"), kRaw, kA,
                                  QStringLiteral("b.raw")}),
                         qemuIo(QStringLiteral("b.raw"), kRaw, {QStringLiteral("write -q -P 0x18 7000001 1")})},
                        formats(kQcow2, kRaw, kA, QStringLiteral("b.raw"))};

    // Size mismatch: the extra part of the larger image must read as zeros.
    rows << CompareCase{QStringLiteral("size-mismatch-extra-is-zero"), twins(size, 2 * size),
                        formats(kQcow2, kQcow2, kA, kB)};
    rows << CompareCase{QStringLiteral("size-mismatch-first-larger"), twins(2 * size, size),
                        formats(kQcow2, kQcow2, kA, kB)};
    rows << CompareCase{QStringLiteral("size-mismatch-extra-is-zero-written"),
                        twins(size, 2 * size) + QList<Command>{ioQcow2(
                            kB, {QStringLiteral("write -q -z %1 1M").arg(size + MiB)})},
                        formats(kQcow2, kQcow2, kA, kB)};
    rows << CompareCase{QStringLiteral("size-mismatch-extra-has-data"),
                        twins(size, 2 * size) + QList<Command>{ioQcow2(
                            kB, {QStringLiteral("write -q -P 0x19 %1 1").arg(size + 1234567)})},
                        formats(kQcow2, kQcow2, kA, kB)};
    rows << CompareCase{QStringLiteral("size-mismatch-content-differs-before-end"),
                        twins(size, 2 * size) + QList<Command>{ioQcow2(
                            kB, {QStringLiteral("write -q -P 0x1a 4096 1")})},
                        formats(kQcow2, kQcow2, kA, kB)};

    // Strict mode: sizes and allocation must match too.
    rows << CompareCase{QStringLiteral("strict-identical"), twins(size, size),
                        formats(kQcow2, kQcow2, kA, kB, {QStringLiteral("-s")})};
    rows << CompareCase{QStringLiteral("strict-size-mismatch"), twins(size, 2 * size),
                        formats(kQcow2, kQcow2, kA, kB, {QStringLiteral("-s")})};
    rows << CompareCase{QStringLiteral("strict-zero-written-against-unallocated"),
                        {createQcow2(kA, size), createQcow2(kB, size),
                         ioQcow2(kB, {QStringLiteral("write -q -z 1M 64k")})},
                        formats(kQcow2, kQcow2, kA, kB, {QStringLiteral("-s")})};
    rows << CompareCase{QStringLiteral("not-strict-zero-written-against-unallocated"),
                        {createQcow2(kA, size), createQcow2(kB, size),
                         ioQcow2(kB, {QStringLiteral("write -q -z 1M 64k")})},
                        formats(kQcow2, kQcow2, kA, kB)};
    rows << CompareCase{QStringLiteral("strict-zero-data-against-unallocated"),
                        {createQcow2(kA, size), createQcow2(kB, size),
                         ioQcow2(kB, {QStringLiteral("write -q -P 0 2M 4k")})},
                        formats(kQcow2, kQcow2, kA, kB, {QStringLiteral("-s")})};
    // qemu-img 7.2 compares whole block-status words, which include "reaches end of file": the
    // first chunks agree here, so the reported offset is where the allocation starts to differ.
    rows << CompareCase{QStringLiteral("strict-allocation-differs-after-equal-data"),
                        {createQcow2(kA, size), ioQcow2(kA, {QStringLiteral("write -q -P 0x1c 0 64k")}),
                         copy(kA, kB), ioQcow2(kB, {QStringLiteral("write -q -z 1M 64k")})},
                        formats(kQcow2, kQcow2, kA, kB, {QStringLiteral("-s")})};
    rows << CompareCase{QStringLiteral("strict-content-differs"),
                        twins(size, size) + QList<Command>{ioQcow2(
                            kB, {QStringLiteral("write -q -P 0x1b 70000 1")})},
                        formats(kQcow2, kQcow2, kA, kB, {QStringLiteral("-s")})};

    // -p: the verdict and exit code are unchanged, -q silences the progress, and a failed open
    // still ends the (empty) progress line.
    rows << CompareCase{QStringLiteral("differs-with-progress"),
                        twins(size, size) + QList<Command>{ioQcow2(kB, {QStringLiteral("write -q -P 0x1d 6000000 1")})},
                        formats(kQcow2, kQcow2, kA, kB, {QStringLiteral("-p")})};
    rows << CompareCase{QStringLiteral("quiet-wins-over-progress"),
                        twins(size, size) + QList<Command>{ioQcow2(kB, {QStringLiteral("write -q -P 0x1d 6000000 1")})},
                        formats(kQcow2, kQcow2, kA, kB, {QStringLiteral("-p"), QStringLiteral("-q")})};
    rows << CompareCase{QStringLiteral("error-with-progress"), {createQcow2(kA, size)},
                        formats(kQcow2, kQcow2, kA, QStringLiteral("missing.qcow2"), {QStringLiteral("-p")})};
    // Data against zeros on one side, and a huge sparse pair: only what may differ is read.
    rows << CompareCase{QStringLiteral("zero-clusters-against-zero-data"),
                        {createQcow2(kA, size), ioQcow2(kA, {QStringLiteral("write -q -z 0 2M")}),
                         createQcow2(kB, size), ioQcow2(kB, {QStringLiteral("write -q -P 0 0 2M"),
                                                             QStringLiteral("write -q -P 0x1e 3M 1")})},
                        formats(kQcow2, kQcow2, kA, kB)};
    rows << CompareCase{QStringLiteral("sparse-raw-1T-differs-near-end"),
                        {Command{QStringLiteral("truncate"), {QStringLiteral("-s"), QStringLiteral("1T"), QStringLiteral("a.raw"),
                                                              QStringLiteral("b.raw")}},
                         qemuIo(QStringLiteral("a.raw"), kRaw, {QStringLiteral("write -q -P 0x1f 1000G 4k")}),
                         qemuIo(QStringLiteral("b.raw"), kRaw, {QStringLiteral("write -q -P 0 1000G 4k")})},
                        formats(kRaw, kRaw, QStringLiteral("a.raw"), QStringLiteral("b.raw"), {QStringLiteral("-p")})};

    // Errors: exit code 2 and a message from both.
    rows << CompareCase{QStringLiteral("error-missing-second-image"), {createQcow2(kA, size)},
                        formats(kQcow2, kQcow2, kA, QStringLiteral("missing.qcow2"))};
    rows << CompareCase{QStringLiteral("error-missing-backing-file"),
                        {createQcow2(QStringLiteral("base.qcow2"), size),
                         createOverlay(kA, QStringLiteral("base.qcow2"), kQcow2),
                         Command{QStringLiteral("rm"), {QStringLiteral("base.qcow2")}},
                         createQcow2(kB, size)},
                        formats(kQcow2, kQcow2, kA, kB)};
    return rows;
}

}  // namespace

class TstInteropCompare : public QObject {
    Q_OBJECT

private slots:
    void compareAgreesWithQemu_data()
    {
        QTest::addColumn<QList<Command>>("steps");
        QTest::addColumn<QStringList>("arguments");
        for (const CompareCase& row : cases())
            QTest::newRow(qPrintable(row.name)) << row.steps << row.arguments;
    }
    void compareAgreesWithQemu()
    {
        QFETCH(QList<Command>, steps);
        QFETCH(QStringList, arguments);
        QString why;
        auto workspace = makeWorkspace(&why);
        QVERIFY2(workspace, qPrintable(why));
        // The image named in the recipe only has to exist; the compare arguments name both.
        const diskscope::testsupport::ImageRecipe recipe{arguments.last() == QStringLiteral("missing.qcow2")
                                                             ? arguments.at(arguments.size() - 2)
                                                             : arguments.last(),
                                                         {}, steps};
        QVERIFY2(buildRecipe(recipe, workspace->path(), &why), qPrintable(why));
        QVERIFY2(outputsAgree(workspace->path(), QStringList{QStringLiteral("compare")} + arguments, &why),
                 qPrintable(why));
    }

    // Two 8 TiB sparse raw files that differ only near the end: holes on both sides are
    // skipped whole, so the walk takes a few block-status calls instead of millions.
    void hugeSparsePairIsQuick()
    {
        QString why;
        auto workspace = makeWorkspace(&why);
        QVERIFY2(workspace, qPrintable(why));
        const diskscope::testsupport::ImageRecipe recipe{
            QStringLiteral("a.raw"), kRaw,
            {Command{QStringLiteral("truncate"), {QStringLiteral("-s"), QStringLiteral("8T"), QStringLiteral("a.raw"),
                                                  QStringLiteral("b.raw")}},
             qemuIo(QStringLiteral("b.raw"), kRaw, {QStringLiteral("write -q -P 0x20 8000G 512")})}};
        QVERIFY2(buildRecipe(recipe, workspace->path(), &why), qPrintable(why));
        QElapsedTimer timer;
        timer.start();
        const auto result = diskscope::testsupport::run(
            diskscope::testsupport::diskscopeImg({QStringLiteral("compare"), QStringLiteral("-f"), kRaw, QStringLiteral("-F"),
                                                  kRaw, QStringLiteral("a.raw"), QStringLiteral("b.raw")}),
            workspace->path());
        QVERIFY2(result.exitedWith(1), qPrintable(result.describe()));
        QCOMPARE(result.standardOutput, QByteArray("Content mismatch at offset 8589934592000!\n"));
        QVERIFY2(timer.elapsed() < 10000, qPrintable(QString("took %1 ms").arg(timer.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TstInteropCompare)
#include "tst_interop_compare.moc"
