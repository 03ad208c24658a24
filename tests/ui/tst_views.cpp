// SPDX-License-Identifier: GPL-2.0-or-later
// The refcount usage page (histogram buckets, strip aggregation and hit testing, leaks against
// qemu-img check), the backing chain graph (each layer's share against qemu-img map's depth,
// hit testing, a click selecting the layer in the chain tree), the host layout's L2 table
// pane and hover text, Refresh re-reading the open map page, and the guest map of a sparse
// raw file; on images qemu-img and qemu-io made.
#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QPushButton>
#include <QTreeView>

#include "dialogs/DialogKit.h"
#include "diskscope/trust_policy.h"
#include "main_window/MainWindow.h"
#include "maps/ChainGraphPanel.h"
#include "maps/GuestMapClasses.h"
#include "maps/GuestMapPanel.h"
#include "maps/GuestMapSession.h"
#include "maps/HostLayoutPanel.h"
#include "maps/L2TableModel.h"
#include "maps/L2TablePane.h"
#include "maps/MapView.h"
#include "maps/RefcountClasses.h"
#include "maps/RefcountHistogram.h"
#include "maps/RefcountPanel.h"
#include "maps/RefcountStrip.h"
#include "models/ImageListModel.h"
#include "util/BackingConsent.h"
#include "widgets/HealthView.h"
#include "widgets/ImageDetailsPanel.h"

using namespace diskscope;
using namespace diskscope::ui;

namespace {

constexpr int kTimeoutMs = 30000;

QByteArray runTool(const char* tool, const QString& dir, const QStringList& args, bool* ok = nullptr)
{
    QProcess process;
    process.setWorkingDirectory(dir);
    process.start(QString::fromUtf8(tool), args);
    const bool finished = process.waitForFinished(60000) && process.exitStatus() == QProcess::NormalExit;
    if (ok)
        *ok = finished && process.exitCode() == 0;
    else if (!finished || process.exitCode() != 0)
        qWarning("%s %s failed: %s", tool, qPrintable(args.join(QLatin1Char(' '))), process.readAllStandardError().constData());
    return process.readAllStandardOutput() + process.readAllStandardError();
}

bool run(const char* tool, const QString& dir, const QStringList& args)
{
    bool ok = false;
    const QByteArray out = runTool(tool, dir, args, &ok);
    if (!ok)
        qWarning("%s %s failed: %s", tool, qPrintable(args.join(QLatin1Char(' '))), out.constData());
    return ok;
}

// A 3-layer chain: base, mid, top (top larger than its backing, with zero and compressed clusters).
bool makeChain(const QString& ws)
{
    return run(QEMU_IMG, ws, {"create", "-q", "-f", "qcow2", "base.qcow2", "256M"}) &&
           run(QEMU_IO, ws, {"-f", "qcow2", "-c", "write -P 1 0 8M", "-c", "write -P 2 100M 4M", "base.qcow2"}) &&
           run(QEMU_IMG, ws, {"create", "-q", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", "mid.qcow2"}) &&
           run(QEMU_IO, ws, {"-f", "qcow2", "-c", "write -P 3 2M 2M", "-c", "write -P 4 150M 6M", "mid.qcow2"}) &&
           run(QEMU_IMG, ws, {"create", "-q", "-f", "qcow2", "-b", "mid.qcow2", "-F", "qcow2", "top.qcow2", "300M"}) &&
           run(QEMU_IO, ws, {"-f", "qcow2", "-c", "write -P 5 3M 512k", "-c", "write -z 101M 1M", "-c",
                             "write -c -P 6 200M 256k", "top.qcow2"});
}

}  // namespace

class TestViews : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void refcountBucketsGroupPowersOfTwo()
    {
        const std::map<uint64_t, uint64_t> histogram{{0, 5}, {1, 100}, {2, 7}, {3, 1}, {5, 2}, {6, 1}, {9, 4}};
        const QVector<RefcountBucket> b = refcountBuckets(histogram);
        QCOMPARE(b.size(), 6);  // 0, 1, 2, 3, 4–7, 8–15
        QCOMPARE(b[0].clusters, 5ull);
        QCOMPARE(b[1].clusters, 100ull);
        QCOMPARE(b[3].clusters, 1ull);
        QCOMPARE(b[4].label, QStringLiteral("4–7"));
        QCOMPARE(b[4].clusters, 3ull);
        QCOMPARE(b[5].clusters, 4ull);
        QVERIFY(refcountBuckets({{1, 3}}).size() == 2);  // 0 and 1: the free bar is always there
        // Empty ranges above 3 are left out (a compressed cluster's thousands of references).
        const QVector<RefcountBucket> sparse = refcountBuckets({{1, 3}, {2, 1}, {5000, 1}});
        QCOMPARE(sparse.size(), 5);  // 0, 1, 2, 3, 4096–8191
        QCOMPARE(sparse[4].label, QStringLiteral("4096–8191"));
        QCOMPARE(sparse[4].clusters, 1ull);

        RefcountHistogram histogramView;
        histogramView.resize(500, 200);
        histogramView.setBuckets(b);
        // Log scale: more clusters, taller bar; every non-empty bucket is visible; hit testing.
        QVERIFY(histogramView.barRect(1).height() > histogramView.barRect(0).height());
        QVERIFY(histogramView.barRect(3).height() >= 2);
        for (int i = 0; i < b.size(); ++i)
            QCOMPARE(histogramView.bucketAt(histogramView.barRect(i).center()).value_or(-1), i);
    }

    void refcountStripAggregationAndHitTesting()
    {
        auto usage = std::make_shared<RefcountUsage>();
        usage->clusterBits = 16;
        usage->clustersPerBlock = 1000;
        const uint64_t clusters = 2500;  // two full blocks and half of a third
        usage->refcounts.resize(clusters);
        for (uint64_t c = 0; c < clusters; ++c)
            usage->refcounts[c] = uint8_t(c % 7 == 0 ? 0 : c % 11 == 0 ? 2 : c % 13 == 0 ? 5 : 1);
        usage->leakedClusters = {17, 1234, 2499};
        for (uint64_t i = 0; i < 3; ++i)
            usage->blocks.push_back({i, (3 + i) << 16, i * 1000, std::min<uint64_t>(1000, clusters - i * 1000), 0, 0, 0});
        RefcountStrip strip;
        strip.resize(700, 200);
        strip.setUsage(usage);
        const std::vector<uint8_t> classes = refcountClassOfClusters(*usage);
        QCOMPARE(RefcountClass(classes[1234]), RefcountClass::Leaked);
        QCOMPARE(RefcountClass(classes[26]), RefcountClass::ThreeOrMore);
        // Every column's counts equal a brute-force count of the clusters it covers.
        const int columns = strip.barRect(0).width();
        for (size_t block = 0; block < 3; ++block) {
            std::vector<uint64_t> total(size_t(RefcountClass::Count), 0);
            for (int x = 0; x < columns; ++x) {
                const std::vector<uint32_t> counts = strip.columnCounts(block, x, columns);
                for (size_t k = 0; k < counts.size(); ++k)
                    total[k] += counts[k];
            }
            std::vector<uint64_t> expected(size_t(RefcountClass::Count), 0);
            for (uint64_t i = 0; i < 1000; ++i) {
                const uint64_t c = block * 1000 + i;
                ++expected[c < clusters ? classes[c] : size_t(RefcountClass::BeyondFile)];
            }
            if (columns <= 1000)
                QCOMPARE(total, expected);
        }
        // Hit testing: a cluster's point lands in the column that holds it.
        for (uint64_t c : {0ull, 17ull, 999ull, 1000ull, 1234ull, 2499ull}) {
            const QPoint p = strip.clusterPoint(c);
            const std::optional<uint64_t> hit = strip.clusterAt(p);
            QVERIFY2(hit, qPrintable(QString::number(c)));
            QVERIFY(*hit <= c);
            QCOMPARE(*hit / 1000, c / 1000);
            QVERIFY(c - *hit < 1000 / uint64_t(columns) + 2);
        }
        QVERIFY(!strip.clusterAt(QPoint(2, 2)));                                 // the label column
        QVERIFY(!strip.clusterAt(QPoint(strip.barRect(2).right() - 1, strip.barRect(2).center().y())));  // past the file
    }

    void refcountPageAgainstCheck()
    {
        QTemporaryDir dir;
        const QString ws = dir.path();
        QVERIFY(run(QEMU_IMG, ws, {"create", "-q", "-f", "qcow2", "r.qcow2", "128M"}));
        QVERIFY(run(QEMU_IO, ws, {"-f", "qcow2", "-c", "write -P 1 0 2M", "-c", "write -c -P 2 8M 1M", "r.qcow2"}));
        QVERIFY(run(QEMU_IMG, ws, {"snapshot", "-c", "s1", "r.qcow2"}));
        QVERIFY(run(QEMU_IO, ws, {"-f", "qcow2", "-c", "write -P 3 0 512k", "r.qcow2"}));
        RefcountPanel panel;
        panel.resize(900, 600);
        QSignalSpy shown(&panel, &RefcountPanel::usageShown);
        panel.setImage(ws + "/r.qcow2");
        QCOMPARE(shown.count(), 0);  // read only when shown
        panel.show();
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, kTimeoutMs);
        QVERIFY(shown.front().front().toBool());
        const RefcountUsage* usage = panel.usage();
        QVERIFY(usage);
        QCOMPARE(usage->leaks, 0ull);
        // The 1.5 MiB not overwritten after s1 is shared by the snapshot and the active image.
        QVERIFY(usage->sharedClusters >= 24);
        QVERIFY(panel.statusLabel()->text().contains(QStringLiteral("shared")));
        QVERIFY(panel.histogram()->buckets().size() >= 3);
        QCOMPARE(panel.strip()->usage(), usage);
        const QString text = panel.describeCluster(0);
        QVERIFY2(text.contains(QStringLiteral("refcount 1")), qPrintable(text));
        QCOMPARE(panel.detailsLabel()->textFormat(), Qt::PlainText);

        // Refresh after qemu-img left a leak: the page reads the file again and shows it.
        QVERIFY(run(QEMU_IO, ws, {"-f", "qcow2", "-c", "write -P 4 60M 64k", "r.qcow2"}));
        const QByteArray map = runTool(QEMU_IMG, ws, {"map", "--output=json", "r.qcow2"});
        uint64_t l2 = 0;
        {
            // The L2 entry of 60M lies in the first L2 table: find it by scanning for the host
            // offset qemu-img map reports (the entry holds it with the COPIED flag).
            const QJsonArray extents = QJsonDocument::fromJson(map).array();
            uint64_t host = 0;
            for (const QJsonValue& v : extents)
                if (v.toObject().value("start").toDouble() == double(60 << 20))
                    host = uint64_t(v.toObject().value("offset").toDouble());
            QVERIFY(host);
            QFile f(ws + "/r.qcow2");
            QVERIFY(f.open(QIODevice::ReadWrite));
            const QByteArray all = f.readAll();
            QByteArray needle(8, '\0');
            const uint64_t entry = host | (1ull << 63);
            for (int i = 0; i < 8; ++i)
                needle[i] = char(entry >> (56 - 8 * i));
            const qsizetype at = all.indexOf(needle);
            QVERIFY(at > 0 && at % 8 == 0);
            l2 = uint64_t(at);
            QVERIFY(f.seek(at));
            QCOMPARE(f.write(QByteArray(8, '\0')), qint64(8));
        }
        QVERIFY(l2);
        bool ok = false;
        const QByteArray check = runTool(QEMU_IMG, ws, {"check", "r.qcow2"}, &ok);
        QVERIFY2(check.contains("1 leaked clusters were found"), check.constData());
        panel.reload();
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 2, kTimeoutMs);
        QCOMPARE(panel.usage()->leaks, 1ull);
        QVERIFY(panel.statusLabel()->text().contains(QStringLiteral("1 leaked")));
        const uint64_t leaked = panel.usage()->leakedClusters.front();
        QVERIFY(panel.describeCluster(leaked).contains(QStringLiteral("leaked")));
        QRegularExpression leakLine(QStringLiteral("Leaked cluster (\\d+) "));
        QCOMPARE(leakLine.match(QString::fromUtf8(check)).captured(1).toULongLong(), leaked);
    }

    void chainGraphSharesAgainstQemuMap()
    {
        QTemporaryDir dir;
        const QString ws = dir.path();
        QVERIFY(makeChain(ws));
        const QJsonArray extents = QJsonDocument::fromJson(runTool(QEMU_IMG, ws, {"map", "--output=json", "top.qcow2"})).array();
        QVERIFY(!extents.isEmpty());
        QVector<quint64> expected(3, 0);
        quint64 unallocated = 0;
        for (const QJsonValue& v : extents) {
            const QJsonObject e = v.toObject();
            const quint64 length = quint64(e.value("length").toDouble());
            if (e.value("present").toBool())
                expected[e.value("depth").toInt()] += length;
            else
                unallocated += length;
        }
        ChainGraphPanel panel;
        panel.resize(800, 600);
        QSignalSpy shown(&panel, &ChainGraphPanel::chainShown);
        panel.setImage(ws + "/top.qcow2");
        panel.show();
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, kTimeoutMs);
        QVERIFY(shown.front().front().toBool());
        const ChainGraphData& data = panel.graph()->data();
        QCOMPARE(data.layers.size(), 3);
        QCOMPARE(data.virtualSize, quint64(300) << 20);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(data.layers[i].servedBytes, expected[i]);
        QCOMPARE(data.unallocatedBytes, unallocated);
        QCOMPARE(data.layers[2].format, QStringLiteral("qcow2"));
        QCOMPARE(data.layers[2].virtualSize, quint64(256) << 20);
        QVERIFY(data.layers[0].fileSize > 0);
        // The base is drawn at the bottom; hit testing finds each box; a click names the layer.
        ChainGraph* graph = panel.graph();
        QVERIFY(graph->boxRect(2).top() > graph->boxRect(1).bottom());
        QVERIFY(graph->boxRect(1).top() > graph->boxRect(0).bottom());
        for (int i = 0; i < 3; ++i)
            QCOMPARE(graph->layerAt(graph->boxRect(i).center()).value_or(-1), i);
        QVERIFY(!graph->layerAt(QPoint(1, 1)));
        QSignalSpy activated(&panel, &ChainGraphPanel::layerActivated);
        QTest::mouseClick(graph, Qt::LeftButton, {}, graph->boxRect(2).center());
        QCOMPARE(activated.count(), 1);
        QVERIFY(activated.front().front().toString().endsWith(QStringLiteral("base.qcow2")));
        QCOMPARE(graph->selectedLayer(), 2);
    }

    // In the window: the chain graph's click selects the layer in the tree; Refresh (F5)
    // re-reads the map page that is open.
    void windowChainClickAndRefresh()
    {
        QTemporaryDir dir;
        const QString ws = dir.path();
        QVERIFY(makeChain(ws));
        MainWindow window;
        QAbstractItemModelTester tester(window.imageModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        window.resize(1200, 800);
        window.show();
        QSignalSpy opened(&window, &MainWindow::imageOpened);
        window.openFile(ws + "/top.qcow2");
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, kTimeoutMs);
        ChainGraphPanel* chain = window.chainGraphPanel();
        QSignalSpy chainShown(chain, &ChainGraphPanel::chainShown);
        window.detailsTabs()->setCurrentWidget(chain);
        QTRY_COMPARE_WITH_TIMEOUT(chainShown.count(), 1, kTimeoutMs);
        QTest::mouseClick(chain->graph(), Qt::LeftButton, {}, chain->graph()->boxRect(1).center());
        QVERIFY(window.currentLayerPath().endsWith(QStringLiteral("mid.qcow2")));
        QCOMPARE(window.imageModel()->layerOf(window.imageList()->currentIndex()), 1);
        // The page follows the selection: now the chain of mid (two layers).
        QTRY_COMPARE_WITH_TIMEOUT(chainShown.count(), 2, kTimeoutMs);
        QCOMPARE(chain->graph()->data().layers.size(), 2);

        // The guest map of mid; write to mid behind Diskscope's back; F5 keeps mid selected
        // and the open page reads it again.
        GuestMapPanel* map = window.guestMapPanel();
        QSignalSpy complete(map, &GuestMapPanel::mapComplete);
        window.showGuestMap();
        QTRY_COMPARE_WITH_TIMEOUT(complete.count(), 1, kTimeoutMs);
        QVERIFY(map->imagePath().endsWith(QStringLiteral("mid.qcow2")));
        const uint64_t cell = (250ull << 20) >> map->session()->map()->geometry().cellBits;
        QCOMPARE(GuestClass(map->view()->pyramid().cellClass(cell)), GuestClass::Unallocated);
        QVERIFY(run(QEMU_IO, ws, {"-f", "qcow2", "-c", "write -P 9 250M 64k", "mid.qcow2"}));
        QAction* refresh = window.findChild<QAction*>(QStringLiteral("actionRefresh"));
        QVERIFY(refresh);
        refresh->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 2, kTimeoutMs);
        QVERIFY(window.currentLayerPath().endsWith(QStringLiteral("mid.qcow2")));
        QTRY_VERIFY_WITH_TIMEOUT(complete.count() >= 2 && map->isComplete(), kTimeoutMs);
        QVERIFY(map->imagePath().endsWith(QStringLiteral("mid.qcow2")));
        QTRY_COMPARE_WITH_TIMEOUT(GuestClass(map->view()->pyramid().cellClass(cell)), GuestClass::Data, kTimeoutMs);
    }

    void hostLayoutHoverAndL2Table()
    {
        QTemporaryDir dir;
        const QString ws = dir.path();
        QVERIFY(run(QEMU_IMG, ws, {"create", "-q", "-f", "qcow2", "h.qcow2", "1G"}));
        QVERIFY(run(QEMU_IO, ws, {"-f", "qcow2", "-c", "write -P 1 0 1M", "-c", "write -P 2 600M 128k", "h.qcow2"}));
        HostLayoutPanel panel;
        panel.resize(900, 600);
        QSignalSpy shown(&panel, &HostLayoutPanel::layoutShown);
        panel.setImage(ws + "/h.qcow2");
        panel.show();
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, kTimeoutMs);
        const HostLayout* layout = panel.layout();
        QVERIFY(layout);
        QCOMPARE(layout->activeL2Tables.size(), size_t(2));  // guest 0 and 600M: L1 entries 0 and 1
        auto second = std::next(layout->activeL2Tables.begin());
        QCOMPARE(layout->activeL2Tables.begin()->second + second->second, 1ull);
        const qint64 l2 = qint64(second->first);
        const QString hover = panel.describeCell(l2);
        QVERIFY2(hover.contains(QStringLiteral("L2 table")) && hover.contains(QStringLiteral("L1 index %1").arg(second->second)),
                 qPrintable(hover));
        QVERIFY(panel.describeCell(0).contains(QStringLiteral("Header")));
        QVERIFY(!panel.showTableAt(0));  // the header is not a table
        QSignalSpy table(&panel, &HostLayoutPanel::tableShown);
        // A click on the table's cell in the map lists it, as in the guest map.
        MapView* view = panel.view();
        view->setZoom(8);
        view->setCurrentCell(uint64_t(l2));
        QTest::mouseClick(view, Qt::LeftButton, {}, view->cellCenter(uint64_t(l2)).toPoint());
        QTRY_COMPARE_WITH_TIMEOUT(table.count(), 1, kTimeoutMs);
        QCOMPARE(table.front().front().toULongLong(), second->second);
        L2TableModel* model = panel.tablePane()->model();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model->rowCount(), 8192);
        QVERIFY(panel.tablePane()->isVisible());
        QVERIFY(panel.tablePane()->title()->text().contains(QStringLiteral("L2 table %1").arg(second->second)));
        // 600M is entry 3584 of the second table (8192 entries of 64 KiB per table).
        const ClusterDetail* e = model->entryAt(int(((600ull << 20) >> 16) % 8192));
        QVERIFY(e && e->hostOffset);
    }

    // A backing file outside the image's directory is not followed until the user agrees,
    // and then for that image only.
    void followExternalBackingAfterConsent()
    {
        QTemporaryDir dir;
        const QString ws = dir.path();
        QVERIFY(QDir(ws).mkpath(QStringLiteral("shared")) && QDir(ws).mkpath(QStringLiteral("vm")));
        QVERIFY(run(QEMU_IMG, ws, {"create", "-q", "-f", "qcow2", "shared/base.qcow2", "64M"}));
        QVERIFY(run(QEMU_IO, ws, {"-f", "qcow2", "-c", "write -P 1 0 1M", "shared/base.qcow2"}));
        for (const char* name : {"vm/a.qcow2", "vm/b.qcow2"})
            QVERIFY(run(QEMU_IMG, ws, {"create", "-q", "-f", "qcow2", "-b", "../shared/base.qcow2", "-F", "qcow2", name}));
        QVERIFY(!externalBackingAllowedByDefault());
        BackingConsent::reset();
        MainWindow window;
        window.show();
        QSignalSpy opened(&window, &MainWindow::imageOpened);
        window.openFile(ws + "/vm/b.qcow2");
        window.openFile(ws + "/vm/a.qcow2");
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 2, kTimeoutMs);
        ImageListModel* model = window.imageModel();
        const int row = model->rowOf(ws + "/vm/a.qcow2");
        QCOMPARE(model->chainAt(row)->layers.size(), size_t(1));
        QCOMPARE(model->chainAt(row)->brokenBacking->code, ErrorCode::Untrusted);
        window.imageList()->setCurrentIndex(model->index(row, 0));
        HealthView* health = window.detailsPanel()->healthView();
        QVERIFY(health->findingLines().filter(QStringLiteral("not opened")).size() == 1);
        auto* follow = health->findChild<QPushButton*>(QStringLiteral("followBackingButton"));
        QVERIFY(follow);

        // Declined: nothing changes.
        QList<DestructiveQuestion> asked;
        Confirmation::setResponder([&](const DestructiveQuestion& q) {
            asked << q;
            return false;
        });
        QTest::mouseClick(follow, Qt::LeftButton);
        QCOMPARE(asked.size(), 1);
        const QString resolved = ws + "/vm/../shared/base.qcow2";
        QVERIFY2(asked.front().question.contains(resolved), qPrintable(asked.front().question));
        QCOMPARE(opened.count(), 2);
        QVERIFY(!BackingConsent::allowed(ws + "/vm/a.qcow2"));

        // Agreed: the image is read again with its backing file, and only this image.
        Confirmation::setResponder([&](const DestructiveQuestion& q) {
            asked << q;
            return true;
        });
        QVERIFY(window.followExternalBacking(0));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 3, kTimeoutMs);
        Confirmation::setResponder({});
        const int again = model->rowOf(ws + "/vm/a.qcow2");
        QCOMPARE(model->chainAt(again)->layers.size(), size_t(2));
        QVERIFY(!model->chainAt(again)->brokenBacking);
        QVERIFY(!externalBackingAllowedByDefault());
        const int other = model->rowOf(ws + "/vm/b.qcow2");
        QCOMPARE(model->chainAt(other)->layers.size(), size_t(1));
        // The chain graph of the consented image shows both layers; the guest map sees the base.
        ChainGraphPanel* chain = window.chainGraphPanel();
        QSignalSpy chainShown(chain, &ChainGraphPanel::chainShown);
        window.imageList()->setCurrentIndex(model->index(again, 0));
        window.detailsTabs()->setCurrentWidget(chain);
        QTRY_VERIFY_WITH_TIMEOUT(chainShown.count() >= 1 && chain->graph()->data().layers.size() == 2, kTimeoutMs);
        QCOMPARE(chain->graph()->data().layers[1].servedBytes, quint64(1) << 20);
        BackingConsent::reset();
    }

    // An external data file outside the image's directory: the same consent, with its own
    // finding; until then no view opens the data file.
    void followExternalDataFileAfterConsent()
    {
        QTemporaryDir dir;
        const QString ws = dir.path();
        QVERIFY(QDir(ws).mkpath(QStringLiteral("shared")) && QDir(ws).mkpath(QStringLiteral("vm")));
        // qemu 7.2 resolves a relative data file name against its working directory, Diskscope
        // against the image's directory (as for backing files): from vm/ both mean the same.
        QVERIFY(run(QEMU_IMG, ws + "/vm", {"create", "-q", "-f", "qcow2", "-o", "data_file=../shared/a.data,data_file_raw=on",
                                           "a.qcow2", "64M"}));
        QVERIFY(run(QEMU_IO, ws + "/vm", {"-f", "qcow2", "-c", "write -P 7 0 1M", "a.qcow2"}));
        BackingConsent::reset();
        MainWindow window;
        window.show();
        QSignalSpy opened(&window, &MainWindow::imageOpened);
        window.openFile(ws + "/vm/a.qcow2");
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, kTimeoutMs);
        ImageListModel* model = window.imageModel();
        const int row = model->rowOf(ws + "/vm/a.qcow2");
        QCOMPARE(model->chainAt(row)->dataFilesNotFollowed, std::vector<size_t>{0});
        window.imageList()->setCurrentIndex(model->index(row, 0));
        HealthView* health = window.detailsPanel()->healthView();
        QCOMPARE(health->findingLines().filter(QStringLiteral("External data file outside")).size(), 1);
        auto* follow = health->findChild<QPushButton*>(QStringLiteral("followDataFileButton"));
        QVERIFY(follow);
        // Without consent the guest map cannot open the image: its data file is refused.
        GuestMapPanel* map = window.guestMapPanel();
        QSignalSpy shown(map, &GuestMapPanel::mapShown);
        QSignalSpy complete(map, &GuestMapPanel::mapComplete);
        window.showGuestMap();
        QTest::qWait(500);
        QCOMPARE(shown.count(), 0);

        QList<DestructiveQuestion> asked;
        Confirmation::setResponder([&](const DestructiveQuestion& q) {
            asked << q;
            return true;
        });
        QTest::mouseClick(follow, Qt::LeftButton);
        Confirmation::setResponder({});
        QCOMPARE(asked.size(), 1);
        QVERIFY2(asked.front().question.contains(QStringLiteral("../shared/a.data")), qPrintable(asked.front().question));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 2, kTimeoutMs);
        const int again = model->rowOf(ws + "/vm/a.qcow2");
        QVERIFY(model->chainAt(again)->dataFilesNotFollowed.empty());
        window.imageList()->setCurrentIndex(model->index(again, 0));
        QCOMPARE(health->findingLines().filter(QStringLiteral("External data file outside")).size(), 0);
        window.showGuestMap();
        QTRY_VERIFY_WITH_TIMEOUT(complete.count() >= 1 && map->isComplete(), kTimeoutMs);
        QCOMPARE(GuestClass(map->view()->pyramid().cellClass(0)), GuestClass::Data);
        QVERIFY(!externalBackingAllowedByDefault());
        BackingConsent::reset();
    }

    // Raw images: the guest map comes from SEEK_DATA/SEEK_HOLE.
    void rawGuestMap()
    {
        QTemporaryDir dir;
        const QString ws = dir.path();
        QVERIFY(run(QEMU_IMG, ws, {"create", "-q", "-f", "raw", "s.raw", "256M"}));
        QVERIFY(run(QEMU_IO, ws, {"-f", "raw", "-c", "write -P 1 0 1M", "-c", "write -P 2 200M 2M", "s.raw"}));
        GuestMapPanel panel;
        panel.resize(800, 500);
        QSignalSpy complete(&panel, &GuestMapPanel::mapComplete);
        panel.setImage(ws + "/s.raw");
        panel.show();
        QTRY_COMPARE_WITH_TIMEOUT(complete.count(), 1, kTimeoutMs);
        QVERIFY(complete.front().front().toBool());
        const AllocationMapGeometry& g = panel.session()->map()->geometry();
        QCOMPARE(QString::fromStdString(g.format), QStringLiteral("raw"));
        const MapPyramid& p = panel.view()->pyramid();
        auto classAt = [&](uint64_t offset) { return GuestClass(p.cellClass(offset >> g.cellBits)); };
        QCOMPARE(classAt(0), GuestClass::Data);
        QCOMPARE(classAt(200ull << 20), GuestClass::Data);
        QCOMPARE(classAt((201ull << 20) + 512 * 1024), GuestClass::Data);
        QCOMPARE(classAt(100ull << 20), GuestClass::Unallocated);
        QCOMPARE(classAt(255ull << 20), GuestClass::Unallocated);
        const uint64_t dataCells = p.totals()[size_t(GuestClass::Data)];
        QVERIFY(dataCells * g.cellBytes() >= (3ull << 20));
        QVERIFY(dataCells * g.cellBytes() <= (3ull << 20) + 4 * g.cellBytes());
    }
};

QTEST_MAIN(TestViews)
#include "tst_views.moc"
