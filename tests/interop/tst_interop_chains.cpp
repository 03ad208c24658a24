// SPDX-License-Identifier: GPL-2.0-or-later
// Interop: backing chains made by qemu-img/qemu-io (depth 1 to 3, mixed cluster sizes and sizes,
// relative names in subdirectories, raw bases) must convert, info and map as qemu-img 7.2 does.
// qemu-img follows any backing name; diskscope-img follows names that leave the image's directory
// only with --allow-external-backing (or DISKSCOPE_ALLOW_EXTERNAL_BACKING=1), so the comparisons
// run with it, and externalNamesNeedConsent() checks the default.
#include "interop_common.h"

#include <QDir>
#include <QFileInfo>
#include <QTest>

using namespace diskscope::interop;
using diskscope::testsupport::buildRecipe;
using diskscope::testsupport::makeWorkspace;
using diskscope::testsupport::qemuImg;
using diskscope::testsupport::qemuIo;
using diskscope::testsupport::diskscopeImg;
using diskscope::testsupport::ProcessResult;
using diskscope::testsupport::run;
using diskscope::testsupport::runExpected;

namespace {

const QString kQcow2 = QStringLiteral("qcow2");

// One layer of a chain, listed base first.
struct Layer {
    QString file;
    qint64 size;        // -1: the backing file's size
    QString options;    // qemu-img create -o
    qint64 clusterSize; // for placing pattern writes
};

// Builds the chain base first; every layer gets its own pattern writes so each layer shows
// through somewhere, and the top image is the one under test.
NamedRecipe chain(const QString& name, const QList<Layer>& layers, const QStringList& topIo = {})
{
    QList<Command> steps;
    for (qsizetype i = 0; i < layers.size(); ++i) {
        const Layer& layer = layers[i];
        QString options = QStringLiteral("cluster_size=%1").arg(layer.clusterSize);
        if (!layer.options.isEmpty())
            options += QLatin1Char(',') + layer.options;
        if (i == 0)
            steps << createQcow2(layer.file, layer.size, options);
        else
            steps << createOverlay(layer.file, QFileInfo(layer.file).dir().relativeFilePath(layers[i - 1].file),
                                   kQcow2, layer.size, options);
        // Sizes of layers without an explicit one come from the layer below.
        qint64 size = layer.size;
        for (qsizetype j = i; size < 0 && j > 0; --j)
            size = layers[j - 1].size;
        steps << ioQcow2(layer.file, patternWrites(layer.clusterSize, size, int(i) + 1));
    }
    if (!topIo.isEmpty())
        steps << ioQcow2(layers.last().file, topIo);
    return {name, {layers.last().file, kQcow2, steps}};
}

QList<NamedRecipe> depthsAndGeometry()
{
    QList<NamedRecipe> recipes;
    recipes << chain(QStringLiteral("depth1-64k-over-512"),
                     {{QStringLiteral("base.qcow2"), 4 * MiB, {}, 512},
                      {QStringLiteral("top.qcow2"), -1, {}, 64 * KiB}});
    recipes << chain(QStringLiteral("depth2-2M-over-512-over-4k"),
                     {{QStringLiteral("base.qcow2"), 8 * MiB, {}, 4 * KiB},
                      {QStringLiteral("mid.qcow2"), 12 * MiB, {}, 512},
                      {QStringLiteral("top.qcow2"), 16 * MiB, {}, 2 * MiB}});
    recipes << chain(QStringLiteral("depth3-mixed-sizes"),
                     {{QStringLiteral("base.qcow2"), 16 * MiB, {}, 64 * KiB},
                      {QStringLiteral("mid1.qcow2"), 10 * MiB + 512, QStringLiteral("compat=0.10"), 1 * KiB},
                      {QStringLiteral("mid2.qcow2"), 12 * MiB, QStringLiteral("extended_l2=on"), 32 * KiB},
                      {QStringLiteral("top.qcow2"), 14 * MiB, {}, 8 * KiB}});
    recipes << chain(QStringLiteral("overlay-larger-than-backing"),
                     {{QStringLiteral("base.qcow2"), 4 * MiB, {}, 64 * KiB},
                      {QStringLiteral("top.qcow2"), 12 * MiB + 512, {}, 64 * KiB}},
                     {QStringLiteral("write -q -P 0x91 %1 8192").arg(4 * MiB - 4096)});
    recipes << chain(QStringLiteral("overlay-smaller-than-backing"),
                     {{QStringLiteral("base.qcow2"), 16 * MiB, {}, 64 * KiB},
                      {QStringLiteral("top.qcow2"), 6 * MiB, {}, 4 * KiB}});
    recipes << chain(QStringLiteral("v2-overlay-on-v3-base"),
                     {{QStringLiteral("base.qcow2"), 8 * MiB, {}, 64 * KiB},
                      {QStringLiteral("top.qcow2"), -1, QStringLiteral("compat=0.10"), 64 * KiB}});
    recipes << chain(QStringLiteral("v3-overlay-on-v2-base"),
                     {{QStringLiteral("base.qcow2"), 8 * MiB, QStringLiteral("compat=0.10"), 16 * KiB},
                      {QStringLiteral("top.qcow2"), -1, {}, 64 * KiB}});
    recipes << chain(QStringLiteral("untouched-overlay"),
                     {{QStringLiteral("base.qcow2"), 8 * MiB, {}, 64 * KiB},
                      {QStringLiteral("top.qcow2"), -1, {}, 64 * KiB}});
    return recipes;
}

// Relative names in subdirectories: full-backing-filename joins the directory of the path as
// given with the stored name, without normalising (d/sub/../base.qcow2).
QList<NamedRecipe> backingNames()
{
    QList<NamedRecipe> recipes;
    const auto mkdir = [](const QString& path) {
        return Command{QStringLiteral("mkdir"), {QStringLiteral("-p"), path}};
    };
    recipes << NamedRecipe{
        QStringLiteral("relative-name-in-subdirectory"),
        {QStringLiteral("d/sub/top.qcow2"), kQcow2,
         {mkdir(QStringLiteral("d/sub")), createQcow2(QStringLiteral("d/base.qcow2"), 8 * MiB),
          ioQcow2(QStringLiteral("d/base.qcow2"), patternWrites(64 * KiB, 8 * MiB, 1)),
          createOverlay(QStringLiteral("d/sub/top.qcow2"), QStringLiteral("../base.qcow2"), kQcow2),
          ioQcow2(QStringLiteral("d/sub/top.qcow2"), {QStringLiteral("write -q -P 0x92 1M 64k")})}}};
    // Three levels, each a directory deeper: the middle layer is opened as a/b/c/../mid.qcow2, so
    // its own backing resolves to a/b/c/../../base.qcow2.
    recipes << NamedRecipe{
        QStringLiteral("relative-names-nested-three-levels"),
        {QStringLiteral("a/b/c/top.qcow2"), kQcow2,
         {mkdir(QStringLiteral("a/b/c")), createQcow2(QStringLiteral("a/base.qcow2"), 8 * MiB),
          ioQcow2(QStringLiteral("a/base.qcow2"), patternWrites(64 * KiB, 8 * MiB, 1)),
          createOverlay(QStringLiteral("a/b/mid.qcow2"), QStringLiteral("../base.qcow2"), kQcow2),
          ioQcow2(QStringLiteral("a/b/mid.qcow2"), {QStringLiteral("write -q -P 0x93 2M 64k")}),
          createOverlay(QStringLiteral("a/b/c/top.qcow2"), QStringLiteral("../mid.qcow2"), kQcow2),
          ioQcow2(QStringLiteral("a/b/c/top.qcow2"), {QStringLiteral("write -q -P 0x94 3M 64k")})}}};
    recipes << NamedRecipe{
        QStringLiteral("absolute-backing-name"),
        {QStringLiteral("top.qcow2"), kQcow2,
         {mkdir(QStringLiteral("elsewhere")), createQcow2(QStringLiteral("elsewhere/base.qcow2"), 8 * MiB),
          ioQcow2(QStringLiteral("elsewhere/base.qcow2"), patternWrites(64 * KiB, 8 * MiB, 1)),
          createOverlay(QStringLiteral("top.qcow2"), QStringLiteral("@WS@/elsewhere/base.qcow2"), kQcow2),
          ioQcow2(QStringLiteral("top.qcow2"), {QStringLiteral("write -q -P 0x95 0 4k")})}}};
    // The image named with a leading ./ (stored backing name is plain).
    NamedRecipe dotSlash = chain(QStringLiteral("image-path-with-dot-slash"),
                                 {{QStringLiteral("base.qcow2"), 4 * MiB, {}, 64 * KiB},
                                  {QStringLiteral("top.qcow2"), -1, {}, 64 * KiB}});
    dotSlash.recipe.image = QStringLiteral("./top.qcow2");
    recipes << dotSlash;
    // rebase -u rewrites the backing name in place (a different, longer name).
    NamedRecipe rebased = chain(QStringLiteral("rebased-unsafe-to-renamed-base"),
                                {{QStringLiteral("base.qcow2"), 4 * MiB, {}, 64 * KiB},
                                 {QStringLiteral("top.qcow2"), -1, {}, 64 * KiB}});
    rebased.recipe.steps << Command{QStringLiteral("cp"), {QStringLiteral("base.qcow2"),
                                                           QStringLiteral("renamed-base-image.qcow2")}}
                         << qemuImg({QStringLiteral("rebase"), QStringLiteral("-u"), QStringLiteral("-b"),
                                     QStringLiteral("renamed-base-image.qcow2"), QStringLiteral("-F"),
                                     kQcow2, QStringLiteral("top.qcow2")});
    recipes << rebased;
    return recipes;
}

QList<NamedRecipe> layerContents()
{
    QList<NamedRecipe> recipes;
    const QString raw = QStringLiteral("raw");
    recipes << NamedRecipe{
        QStringLiteral("raw-base"),
        {QStringLiteral("top.qcow2"), kQcow2,
         {createRaw(QStringLiteral("base.raw"), 8 * MiB),
          qemuIo(QStringLiteral("base.raw"), raw, patternWrites(64 * KiB, 8 * MiB, 1)),
          createOverlay(QStringLiteral("top.qcow2"), QStringLiteral("base.raw"), raw),
          ioQcow2(QStringLiteral("top.qcow2"), {QStringLiteral("write -q -P 0x96 64k 64k"),
                                                QStringLiteral("write -q -z 4M 128k")})}}};
    recipes << NamedRecipe{
        QStringLiteral("raw-base-odd-size-overlay-larger"),
        {QStringLiteral("top.qcow2"), kQcow2,
         {Command{QStringLiteral("truncate"), {QStringLiteral("-s"), QStringLiteral("1000003"),
                                               QStringLiteral("base.raw")}},
          qemuIo(QStringLiteral("base.raw"), raw, {QStringLiteral("write -q -P 0x97 999000 1000")}),
          createOverlay(QStringLiteral("top.qcow2"), QStringLiteral("base.raw"), raw, 2 * MiB)}}};

    // Extended L2 overlay: partial subcluster writes leave the rest of each cluster to the
    // backing file.
    const QStringList subclusterWrites{
        QStringLiteral("write -q -P 0xa1 2048 2048"),  QStringLiteral("write -q -P 0xa2 70000 100"),
        QStringLiteral("write -q -z 131072 4096"),     QStringLiteral("write -q -P 0xa3 260000 9000"),
        QStringLiteral("discard -q 1M 64k"),           QStringLiteral("write -q -z -u 2M 64k")};
    recipes << chain(QStringLiteral("extended-l2-overlay-subclusters"),
                     {{QStringLiteral("base.qcow2"), 8 * MiB, {}, 4 * KiB},
                      {QStringLiteral("top.qcow2"), -1, QStringLiteral("extended_l2=on"), 64 * KiB}},
                     subclusterWrites);
    // Backing file plus preallocation is allowed only with extended L2.
    recipes << chain(QStringLiteral("extended-l2-overlay-preallocated-metadata"),
                     {{QStringLiteral("base.qcow2"), 4 * MiB, {}, 64 * KiB},
                      {QStringLiteral("top.qcow2"), -1,
                       QStringLiteral("extended_l2=on,preallocation=metadata"), 64 * KiB}},
                     subclusterWrites);

    // Zero writes and discards over backing data: v3 uses the zero flag, v2 writes zeros or
    // lets the backing file show through again.
    for (const QString& compat : {QStringLiteral("1.1"), QStringLiteral("0.10")}) {
        recipes << chain(QStringLiteral("zero-and-discard-over-backing-compat%1").arg(compat),
                         {{QStringLiteral("base.qcow2"), 8 * MiB, {}, 64 * KiB},
                          {QStringLiteral("top.qcow2"), -1, QStringLiteral("compat=") + compat, 64 * KiB}},
                         {QStringLiteral("write -q -P 0xb1 0 1M"),
                          QStringLiteral("write -q -z 0 64k"),
                          QStringLiteral("write -q -z -u 128k 128k"),
                          QStringLiteral("write -q -z 3M 64k"),
                          QStringLiteral("write -q -z 4000000 5000"),
                          QStringLiteral("discard -q 512k 128k"),
                          QStringLiteral("discard -q 6M 64k")});
    }
    NamedRecipe compressedBase = chain(QStringLiteral("compressed-zstd-base"),
                                       {{QStringLiteral("base.qcow2"), 8 * MiB,
                                         QStringLiteral("compression_type=zstd"), 64 * KiB},
                                        {QStringLiteral("top.qcow2"), -1, {}, 64 * KiB}});
    compressedBase.recipe.steps.insert(
        1, ioQcow2(QStringLiteral("base.qcow2"),
                   {QStringLiteral("write -q -c -P 0xc1 256k 128k"),
                    QStringLiteral("write -q -c -s random.bin 512k 64k")}));
    recipes << compressedBase;

    NamedRecipe withSnapshot = chain(QStringLiteral("overlay-with-internal-snapshot"),
                                     {{QStringLiteral("base.qcow2"), 8 * MiB, {}, 64 * KiB},
                                      {QStringLiteral("top.qcow2"), -1, {}, 64 * KiB}});
    withSnapshot.recipe.steps
        << qemuImg({QStringLiteral("snapshot"), QStringLiteral("-c"), QStringLiteral("s1"),
                    QStringLiteral("top.qcow2")})
        << ioQcow2(QStringLiteral("top.qcow2"), {QStringLiteral("write -q -P 0xd1 0 2M")});
    recipes << withSnapshot;

    NamedRecipe committed = chain(QStringLiteral("committed-overlay"),
                                  {{QStringLiteral("base.qcow2"), 8 * MiB, {}, 64 * KiB},
                                   {QStringLiteral("mid.qcow2"), -1, {}, 64 * KiB},
                                   {QStringLiteral("top.qcow2"), -1, {}, 64 * KiB}});
    committed.recipe.steps << qemuImg({QStringLiteral("commit"), QStringLiteral("-q"),
                                       QStringLiteral("mid.qcow2")});
    recipes << committed;
    return recipes;
}

QList<NamedRecipe> allRecipes()
{
    return depthsAndGeometry() + backingNames() + layerContents();
}

}  // namespace

class TstInteropChains : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> buildRow(const ImageRecipe& recipe)
    {
        QString why;
        auto workspace = makeWorkspace(&why);
        if (!workspace || !buildRecipe(recipe, workspace->path(), &why)) {
            QTest::qFail(qPrintable(why), __FILE__, __LINE__);
            return nullptr;
        }
        return workspace;
    }

private slots:
    void initTestCase() { qputenv("DISKSCOPE_ALLOW_EXTERNAL_BACKING", "1"); }

    // Without consent, a name that leads outside the naming image's directory tree is refused
    // with the resolved path; inside the tree (relative or absolute) it is followed.
    void externalNamesNeedConsent_data()
    {
        QTest::addColumn<QString>("image");
        QTest::addColumn<bool>("followedByDefault");
        QTest::addRow("relative, same directory") << "same.qcow2" << true;
        QTest::addRow("relative, subdirectory") << "deeper.qcow2" << true;
        QTest::addRow("absolute, inside the tree") << "absolute-inside.qcow2" << true;
        QTest::addRow("dot-dot escape") << "d/escape.qcow2" << false;
        QTest::addRow("absolute, elsewhere") << "d/absolute-outside.qcow2" << false;
        QTest::addRow("symbolic link leading out") << "d/through-link.qcow2" << false;
    }
    void externalNamesNeedConsent()
    {
        QFETCH(QString, image);
        QFETCH(bool, followedByDefault);
        QString why;
        auto workspace = makeWorkspace(&why);
        QVERIFY2(workspace, qPrintable(why));
        const QString ws = workspace->path();
        // Every overlay but the one that needs a symbolic link first; the recipe checks the first.
        ImageRecipe recipe{QStringLiteral("same.qcow2"), kQcow2,
                           {Command{QStringLiteral("mkdir"), {QStringLiteral("-p"), QStringLiteral("d/sub")}},
                            createQcow2(QStringLiteral("base.qcow2"), 1 * MiB),
                            createQcow2(QStringLiteral("d/sub/base.qcow2"), 1 * MiB),
                            createQcow2(QStringLiteral("d/inner.qcow2"), 1 * MiB),
                            createOverlay(QStringLiteral("same.qcow2"), QStringLiteral("base.qcow2"), kQcow2),
                            createOverlay(QStringLiteral("deeper.qcow2"), QStringLiteral("d/sub/base.qcow2"), kQcow2),
                            createOverlay(QStringLiteral("absolute-inside.qcow2"),
                                          QStringLiteral("@WS@/d/inner.qcow2"), kQcow2),
                            createOverlay(QStringLiteral("d/escape.qcow2"), QStringLiteral("../base.qcow2"), kQcow2),
                            createOverlay(QStringLiteral("d/absolute-outside.qcow2"),
                                          QStringLiteral("@WS@/base.qcow2"), kQcow2)}};
        QVERIFY2(buildRecipe(recipe, ws, &why), qPrintable(why));
        // d/link.qcow2 -> ../base.qcow2: the name stays inside d/, the file does not.
        QVERIFY(QFile::link(ws + "/base.qcow2", ws + "/d/link.qcow2"));
        QVERIFY2(runExpected(createOverlay(QStringLiteral("d/through-link.qcow2"), QStringLiteral("link.qcow2"), kQcow2),
                             ws, &why),
                 qPrintable(why));

        qunsetenv("DISKSCOPE_ALLOW_EXTERNAL_BACKING");
        const auto infoChain = [&](const QStringList& programOptions) {
            return run(diskscopeImg(programOptions + QStringList{"info", "--backing-chain", image}), ws);
        };
        const ProcessResult byDefault = infoChain({});
        const ProcessResult consented = infoChain({"--allow-external-backing"});
        qputenv("DISKSCOPE_ALLOW_EXTERNAL_BACKING", "1");
        const ProcessResult fromEnvironment = infoChain({});

        QVERIFY2(consented.exitedWith(0), qPrintable(consented.describe()));
        QVERIFY2(fromEnvironment.exitedWith(0), qPrintable(fromEnvironment.describe()));
        if (followedByDefault) {
            QVERIFY2(byDefault.exitedWith(0), qPrintable(byDefault.describe()));
            QCOMPARE(byDefault.standardOutput, consented.standardOutput);
        } else {
            QVERIFY2(byDefault.exitedWith(1), qPrintable(byDefault.describe()));
            const QString err = QString::fromUtf8(byDefault.standardError);
            QVERIFY2(err.contains("outside the image's directory") && err.contains("--allow-external-backing") &&
                         err.contains(QFileInfo(ws + "/base.qcow2").canonicalFilePath()),
                     qPrintable(byDefault.describe()));
        }
    }

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

    // -p only adds progress output; the converted bytes must not change.
    void convertWithProgressMatchesQemu_data() { addRecipeRows(depthsAndGeometry().mid(0, 3)); }
    void convertWithProgressMatchesQemu()
    {
        QFETCH(ImageRecipe, recipe);
        auto workspace = buildRow(recipe);
        if (!workspace)
            return;
        QString why;
        QVERIFY2(convertRawAgrees(workspace->path(), recipe, &why, {QStringLiteral("-p")}),
                 qPrintable(why));
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

    void infoBackingChainMatchesQemu_data() { addRecipeRows(allRecipes()); }
    void infoBackingChainMatchesQemu()
    {
        QFETCH(ImageRecipe, recipe);
        auto workspace = buildRow(recipe);
        if (!workspace)
            return;
        QString why;
        QVERIFY2(infoChainJsonAgrees(workspace->path(),
                                     {QStringLiteral("-f"), recipe.format, recipe.image}, &why),
                 qPrintable(why));
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

QTEST_GUILESS_MAIN(TstInteropChains)
#include "tst_interop_chains.moc"
