// SPDX-License-Identifier: GPL-2.0-or-later
// The guest map view without looking at pixels: Hilbert mapping both ways, grid shapes, the
// pyramid's counts against a brute-force count (both layouts, every level, after updates),
// hit testing at several zooms, the L2 table model under QAbstractItemModelTester, and
// images made by qemu-img/qemu-io (chain, snapshots, compressed, zero, extended L2) showing
// the states qemu-img put there.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QLabel>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <map>

#include "maps/GuestMapClasses.h"
#include "maps/GuestMapPanel.h"
#include "maps/GuestMapSession.h"
#include "maps/HostLayoutPanel.h"
#include "maps/L2TableModel.h"
#include "maps/MapGrid.h"
#include "maps/MapLegend.h"
#include "maps/MapPyramid.h"
#include "maps/MapView.h"

using namespace diskscope;
using namespace diskscope::ui;

namespace {

constexpr int kTimeoutMs = 30000;
constexpr uint64_t kCluster = 64 * 1024;

bool runTool(const char* tool, const QString& dir, const QStringList& args)
{
    QProcess process;
    process.setWorkingDirectory(dir);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QString::fromUtf8(tool), args);
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        qWarning("%s %s failed: %s", tool, qPrintable(args.join(QLatin1Char(' '))), process.readAll().constData());
        return false;
    }
    return true;
}

std::vector<uint8_t> randomClasses(uint64_t n, int classes, quint32 seed)
{
    QRandomGenerator rng(seed);
    std::vector<uint8_t> cells(n);
    // Runs, like real maps, with some isolated cells.
    for (uint64_t i = 0; i < n;) {
        uint64_t run = 1 + rng.bounded(40);
        uint8_t c = uint8_t(rng.bounded(classes));
        for (uint64_t k = 0; k < run && i < n; ++k, ++i)
            cells[i] = c;
    }
    return cells;
}

MapPyramid::ClassReader readerOf(const std::vector<uint8_t>& cells)
{
    return [&cells](uint64_t first, std::span<uint8_t> out) {
        for (size_t i = 0; i < out.size(); ++i)
            out[i] = first + i < cells.size() ? cells[first + i] : 0;
    };
}

// Every block's counts at every level equal a count made cell by cell.
void checkPyramid(const MapPyramid& pyramid, const std::vector<uint8_t>& cells)
{
    const MapGrid& g = pyramid.grid();
    const int C = pyramid.classCount();
    for (uint32_t level = 0; level <= g.maxLevel(); ++level) {
        const uint32_t w = g.widthAt(level), h = g.heightAt(level);
        std::vector<uint32_t> expected(uint64_t{w} * h * C, 0);
        for (uint64_t cell = 0; cell < cells.size(); ++cell) {
            auto [x, y] = g.position(cell);
            expected[((uint64_t{y} >> level) * w + (x >> level)) * C + cells[cell]]++;
        }
        uint32_t counts[MapPyramid::kMaxClasses];
        for (uint32_t y = 0; y < h; ++y)
            for (uint32_t x = 0; x < w; ++x) {
                uint32_t total = pyramid.counts(level, x, y, counts);
                uint32_t sum = 0;
                for (int k = 0; k < C; ++k) {
                    sum += counts[k];
                    if (counts[k] != expected[(uint64_t{y} * w + x) * C + k])
                        QFAIL(qPrintable(QStringLiteral("level %1 block (%2,%3) class %4: %5, expected %6")
                                             .arg(level).arg(x).arg(y).arg(k).arg(counts[k])
                                             .arg(expected[(uint64_t{y} * w + x) * C + k])));
                }
                QCOMPARE(total, sum);
            }
    }
}

}  // namespace

class TestGuestMap : public QObject {
    Q_OBJECT
private slots:
    void hilbertRoundTrip()
    {
        for (uint32_t order = 0; order <= 6; ++order) {
            const uint64_t n = uint64_t{1} << (2 * order);
            std::vector<bool> seen(n, false);
            for (uint64_t d = 0; d < n; ++d) {
                auto [x, y] = hilbertPoint(order, d);
                QVERIFY(x < (1u << order) && y < (1u << order));
                QCOMPARE(hilbertIndex(order, x, y), d);
                QVERIFY(!seen[uint64_t{y} * (1u << order) + x]);
                seen[uint64_t{y} * (1u << order) + x] = true;
                if (d > 0) {
                    auto [px, py] = hilbertPoint(order, d - 1);
                    QCOMPARE(std::abs(int(x) - int(px)) + std::abs(int(y) - int(py)), 1);
                }
            }
        }
        QRandomGenerator rng(7);
        for (int i = 0; i < 20000; ++i) {
            const uint64_t d = rng.bounded(quint64(1) << 24);
            auto [x, y] = hilbertPoint(12, d);
            QCOMPARE(hilbertIndex(12, x, y), d);
        }
    }

    void hilbertTileTableMatchesTheCurve()
    {
        for (uint64_t cells : {uint64_t{1} << 20, uint64_t{1} << 21, (uint64_t{1} << 22) + 5}) {
            MapGrid g(MapLayout::Hilbert, cells);
            for (uint32_t level = 0; level + 8 <= g.maxLevel(); ++level) {
                const uint32_t tilesX = g.widthAt(level) / HilbertTileIndex::kSide;
                const uint32_t tilesY = std::max<uint32_t>(1, g.heightAt(level) / HilbertTileIndex::kSide);
                for (uint32_t ty = 0; ty < tilesY; ++ty)
                    for (uint32_t tx = 0; tx < tilesX; ++tx) {
                        HilbertTileIndex index(g, level, tx, ty);
                        for (uint32_t ly = 0; ly < HilbertTileIndex::kSide; ly += 3)
                            for (uint32_t lx = 0; lx < HilbertTileIndex::kSide; lx += 5)
                                QCOMPARE(index.at(lx, ly), g.blockIndex(level, tx * 256 + lx, ty * 256 + ly));
                    }
            }
        }
    }

    void gridShapes()
    {
        MapGrid full(MapLayout::Hilbert, uint64_t{1} << 24);  // 1 TiB of 64 KiB clusters
        QCOMPARE(full.width(), 4096u);
        QCOMPARE(full.height(), 4096u);
        QCOMPARE(full.maxLevel(), 12u);
        MapGrid half(MapLayout::Hilbert, 100);  // 2 * 4^3 = 128 cells suffice
        QCOMPARE(half.width(), 16u);
        QCOMPARE(half.height(), 8u);
        MapGrid none(MapLayout::Hilbert, 0);  // a cleared view
        QVERIFY(!none.cellAt(0, 0).has_value());
        QVERIFY(none.rangeRects(0, 10).empty());
        MapGrid one(MapLayout::Hilbert, 1);
        QCOMPARE(one.width(), 1u);
        QCOMPARE(one.cellAt(0, 0).value_or(99), uint64_t{0});
        MapGrid rows(MapLayout::RowMajor, 1'638'400);  // 100 GiB
        QCOMPARE(rows.width(), 2048u);
        QCOMPARE(rows.height(), 800u);
        QVERIFY(!rows.cellAt(0, 800).has_value());
        QCOMPARE(rows.cellAt(5, 2).value_or(0), uint64_t{2 * 2048 + 5});
        // Cells past the end of a half-filled Hilbert grid are empty.
        QVERIFY(!half.cellAt(15, 7).has_value() || half.cellAt(15, 7).value() < 100);
        int present = 0;
        for (uint32_t y = 0; y < half.height(); ++y)
            for (uint32_t x = 0; x < half.width(); ++x)
                present += half.cellAt(x, y).has_value();
        QCOMPARE(present, 100);
    }

    void pyramidCountsMatchBruteForce_data()
    {
        QTest::addColumn<int>("layout");
        QTest::addColumn<qulonglong>("cells");
        for (qulonglong n : {1ull, 77ull, 4096ull, 10000ull, 70000ull}) {
            QTest::addRow("hilbert-%llu", n) << int(MapLayout::Hilbert) << n;
            QTest::addRow("rows-%llu", n) << int(MapLayout::RowMajor) << n;
        }
    }

    void pyramidCountsMatchBruteForce()
    {
        QFETCH(int, layout);
        QFETCH(qulonglong, cells);
        const int classes = int(GuestClass::Count);
        std::vector<uint8_t> states = randomClasses(cells, classes, quint32(cells));
        MapPyramid pyramid(MapGrid(MapLayout(layout), cells), classes);
        pyramid.rebuild(readerOf(states));
        checkPyramid(pyramid, states);
        // A refined range changes: only the blocks above it are recounted, and correctly.
        const uint64_t first = cells / 3, count = std::max<uint64_t>(1, cells / 5);
        for (uint64_t i = first; i < std::min<uint64_t>(cells, first + count); ++i)
            states[i] = uint8_t((states[i] + 1) % classes);
        pyramid.update(first, count, readerOf(states));
        checkPyramid(pyramid, states);
        std::vector<uint64_t> totals = pyramid.totals();
        std::vector<uint64_t> expected(classes, 0);
        for (uint8_t s : states)
            ++expected[s];
        QCOMPARE(totals, expected);
    }

    void blendKeepsRareClassesVisible()
    {
        MapColors colors(guestMapClasses(), QApplication::palette());
        uint32_t counts[MapPyramid::kMaxClasses] = {};
        counts[int(GuestClass::Unallocated)] = 4095;
        counts[int(GuestClass::Invalid)] = 1;
        const QRgb mixed = colors.blend(counts, 4096);
        const QRgb plain = colors.classColor(int(GuestClass::Unallocated)).rgb();
        // One corrupt cluster among 4096 still moves the colour visibly (majority vote would not).
        QVERIFY(std::abs(qRed(mixed) - qRed(plain)) + std::abs(qGreen(mixed) - qGreen(plain)) +
                    std::abs(qBlue(mixed) - qBlue(plain)) > 60);
    }

    void hitTesting_data()
    {
        QTest::addColumn<int>("layout");
        QTest::addColumn<double>("zoom");
        for (double zoom : {0.0, 1.0 / 16, 0.25, 1.0, 4.0, 24.0}) {
            QTest::addRow("hilbert-%g", zoom) << int(MapLayout::Hilbert) << zoom;
            QTest::addRow("rows-%g", zoom) << int(MapLayout::RowMajor) << zoom;
        }
    }

    void hitTesting()
    {
        QFETCH(int, layout);
        QFETCH(double, zoom);
        const uint64_t n = 300'000;
        std::vector<uint8_t> states = randomClasses(n, int(GuestClass::Count), 3);
        MapView view;
        view.resize(640, 480);
        view.setClasses(guestMapClasses());
        view.setMapLayout(MapLayout(layout));
        view.setCells(n, readerOf(states));
        if (zoom > 0)
            view.setZoom(zoom);
        QRandomGenerator rng(11);
        for (int i = 0; i < 2000; ++i) {
            const uint64_t cell = rng.bounded(quint64(n));
            // Any point inside the cell's square finds the cell, at every zoom.
            const QPointF centre = view.cellCenter(cell);
            const double quarter = view.zoom() / 4;
            for (QPointF p : {centre, centre + QPointF(quarter, -quarter), centre - QPointF(quarter, quarter)})
                QCOMPARE(view.cellAt(p).value_or(~uint64_t{0}), cell);
        }
        // Where the view shows no cell (the margin around the map) nothing is hit.
        view.fitToView();
        QVERIFY(!view.cellAt(QPointF(1, 1)).has_value());
        // The drawn level is the one where a block is at most one device pixel.
        const double blockPixels = view.zoom() * view.devicePixelRatioF() * double(1u << view.level());
        QVERIFY(blockPixels >= 0.99);
        QVERIFY(view.level() == 0 || blockPixels < 2.01);
    }

    void tableRangeRectanglesCoverExactlyTheTable()
    {
        for (MapLayout layout : {MapLayout::Hilbert, MapLayout::RowMajor}) {
            MapGrid g(layout, 5 * 8192 + 100);
            for (uint64_t t = 0; t < 6; ++t) {
                const uint64_t first = t * 8192, count = std::min<uint64_t>(8192, g.cellCount() - first);
                auto rects = g.rangeRects(first, count);
                QVERIFY(rects.size() <= 3 || layout == MapLayout::Hilbert);
                double area = 0;
                for (const QRectF& r : rects)
                    area += r.width() * r.height();
                QCOMPARE(uint64_t(area), count);
                for (uint64_t c = first; c < first + count; c += 37) {
                    auto [x, y] = g.position(c);
                    bool inside = false;
                    for (const QRectF& r : rects)
                        inside |= r.contains(QPointF(x + 0.5, y + 0.5));
                    QVERIFY(inside);
                }
            }
        }
    }

    void tilesShowTheCellColours()
    {
        std::vector<uint8_t> states(4096, uint8_t(GuestClass::Unallocated));
        states[1234] = uint8_t(GuestClass::Compressed);
        MapView view;
        view.setClasses(guestMapClasses());
        view.setCells(states.size(), readerOf(states));
        const QImage tile = view.renderTile(0, 0, 0);
        auto [x, y] = view.grid().position(1234);
        MapColors colors(guestMapClasses(), view.palette());
        QCOMPARE(QColor(tile.pixel(int(x), int(y))), colors.classColor(int(GuestClass::Compressed)));
        // Zoomed out, the block holding it is tinted, not lost.
        const QImage coarse = view.renderTile(3, 0, 0);
        QVERIFY(QColor(coarse.pixel(int(x >> 3), int(y >> 3))) != colors.classColor(int(GuestClass::Unallocated)));
    }

    void darkPaletteUsesDarkColours()
    {
        std::vector<uint8_t> states(256, uint8_t(GuestClass::Data));
        MapView view;
        view.setClasses(guestMapClasses());
        view.setCells(states.size(), readerOf(states));
        const QColor light = QColor(view.renderTile(0, 0, 0).pixel(0, 0));
        QCOMPARE(light, guestMapClasses()[int(GuestClass::Data)].light);
        QPalette dark = view.palette();
        dark.setColor(QPalette::Window, QColor(0x30, 0x30, 0x30));
        dark.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
        dark.setColor(QPalette::Base, QColor(0x20, 0x20, 0x20));
        QVERIFY(isDarkPalette(dark));
        QVERIFY(!isDarkPalette(QPalette(QColor(0xee, 0xee, 0xee))));
        view.setPalette(dark);  // a palette change re-colours (and drops the cached tiles)
        QCOMPARE(QColor(view.renderTile(0, 0, 0).pixel(0, 0)), guestMapClasses()[int(GuestClass::Data)].dark);
        QCOMPARE(view.cachedTiles(), 0);
    }

    void l2TableModel()
    {
        L2TableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        std::vector<ClusterDetail> entries(100);
        for (size_t i = 0; i < entries.size(); ++i) {
            entries[i].cell = 8192 + i;
            entries[i].qcow2 = true;
            entries[i].l2Index = i;
            entries[i].guestOffset = (8192 + i) * kCluster;
            entries[i].l2TableOffset = 0x50000;
            entries[i].state = i % 2 ? ClusterState::Data : ClusterState::Zero;
            entries[i].l2Entry = i % 2 ? (0x8000000000000000ull | (0x100000 + i * kCluster)) : 1;
            if (i % 2) {
                entries[i].hostOffset = 0x100000 + i * kCluster;
                entries[i].refcount = 1;
                entries[i].flags = "COPIED";
            }
        }
        model.setEntries(1, entries, false);
        QCOMPARE(model.rowCount(), 100);
        QCOMPARE(model.columnCount(), int(L2TableModel::ColumnCount));
        QCOMPARE(model.rowOfCell(8192 + 7), 7);
        QCOMPARE(model.rowOfCell(5), -1);
        QCOMPARE(model.index(3, L2TableModel::StateColumn).data().toString(), QStringLiteral("data"));
        QCOMPARE(model.index(3, L2TableModel::HostColumn).data().toString(), QStringLiteral("0x130000"));
        QCOMPARE(model.index(3, L2TableModel::HostColumn).data(L2TableModel::SortRole).toULongLong(), 0x130000ull);
        QCOMPARE(model.index(2, L2TableModel::RefcountColumn).data().toString(), QString());
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        model.setEntries(2, std::vector<ClusterDetail>(entries.begin(), entries.begin() + 10), true);
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(model.headerData(L2TableModel::EntryColumn, Qt::Horizontal).toString(), QStringLiteral("Entry / bitmap"));
    }

    // A chain made by qemu-img and qemu-io: every state it wrote shows in the panel.
    void chainWithEveryState()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString ws = dir.path();
        QVERIFY(runTool(QEMU_IMG, ws, {"create", "-q", "-f", "qcow2", "base.qcow2", "2G"}));
        QVERIFY(runTool(QEMU_IO, ws, {"-f", "qcow2", "-c", "write -P 1 0 8M", "-c", "write -P 2 1G 4M", "base.qcow2"}));
        QVERIFY(runTool(QEMU_IMG, ws, {"create", "-q", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", "top.qcow2"}));
        QVERIFY(runTool(QEMU_IO, ws, {"-f", "qcow2", "-c", "write -P 3 2M 1M", "-c", "write -z 4M 1M",
                                      "-c", "write -c -P 4 600M 256k", "top.qcow2"}));
        QVERIFY(runTool(QEMU_IMG, ws, {"snapshot", "-c", "first", "top.qcow2"}));
        QVERIFY(runTool(QEMU_IO, ws, {"-f", "qcow2", "-c", "write -P 5 1500M 2M", "top.qcow2"}));

        GuestMapPanel panel;
        panel.resize(900, 600);
        QSignalSpy shown(&panel, &GuestMapPanel::mapShown);
        QSignalSpy complete(&panel, &GuestMapPanel::mapComplete);
        panel.setImage(ws + "/top.qcow2");
        QVERIFY(shown.isEmpty());  // not visible yet: nothing is read
        panel.show();
        QVERIFY(shown.wait(kTimeoutMs) || shown.count() == 1);
        QTRY_COMPARE_WITH_TIMEOUT(complete.count(), 1, kTimeoutMs);
        QCOMPARE(complete.front().front().toBool(), true);
        QVERIFY(panel.isComplete());

        const MapPyramid& p = panel.view()->pyramid();
        auto classAt = [&](uint64_t guest) { return GuestClass(p.cellClass(guest / kCluster)); };
        QCOMPARE(classAt(0), GuestClass::Backing1);
        QCOMPARE(classAt(2u << 20), GuestClass::Data);
        QCOMPARE(classAt(4u << 20), GuestClass::Zero);
        QCOMPARE(classAt(600u << 20), GuestClass::Compressed);
        QCOMPARE(classAt(1024u << 20), GuestClass::Backing1);
        QCOMPARE(classAt(1500u << 20), GuestClass::Data);
        QCOMPARE(classAt(100u << 20), GuestClass::Unallocated);
        const QStringList legend = panel.legend()->entries();
        for (const char* name : {"Data", "Zero", "Compressed", "Backing file", "Unallocated"})
            QVERIFY2(legend.filter(QString::fromUtf8(name)).size() == 1, qPrintable(legend.join(", ")));
        QVERIFY(!panel.view()->accessibleDescription().isEmpty());
        QVERIFY(panel.view()->accessibleName().contains(QStringLiteral("top.qcow2")));

        // Clicking the compressed cluster lists its L2 table (table 1 covers 512 MiB..1 GiB).
        QSignalSpy table(&panel, &GuestMapPanel::tableShown);
        const uint64_t cell = (600ull << 20) / kCluster;
        QTest::mouseClick(panel.view(), Qt::LeftButton, {}, panel.view()->cellCenter(cell).toPoint());
        QTRY_COMPARE_WITH_TIMEOUT(table.count(), 1, kTimeoutMs);
        QCOMPARE(table.front().front().toULongLong(), 1ull);
        L2TableModel* model = panel.tableModel();
        QCOMPARE(model->rowCount(), 8192);
        const int row = model->rowOfCell(cell);
        QCOMPARE(model->index(row, L2TableModel::StateColumn).data().toString(), QStringLiteral("compressed"));
        QVERIFY(model->index(row, L2TableModel::HostColumn).data().toString().startsWith(QStringLiteral("0x")));
        // The snapshot shares the data written before it: refcount 2.
        QTest::mouseClick(panel.view(), Qt::LeftButton, {}, panel.view()->cellCenter((2u << 20) / kCluster).toPoint());
        QTRY_COMPARE_WITH_TIMEOUT(table.count(), 2, kTimeoutMs);
        const int shared = model->rowOfCell((2u << 20) / kCluster);
        QCOMPARE(model->index(shared, L2TableModel::RefcountColumn).data().toString(), QStringLiteral("2"));
        // The details line mirrors the cursor cell for keyboard users.
        QTRY_VERIFY_WITH_TIMEOUT(panel.detailsLabel()->text().contains(QStringLiteral("Refcount 2")), kTimeoutMs);
    }

    void extendedL2Subclusters()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString ws = dir.path();
        QVERIFY(runTool(QEMU_IMG, ws, {"create", "-q", "-f", "qcow2", "-o", "extended_l2=on", "x.qcow2", "256M"}));
        // 64 KiB clusters have 2 KiB subclusters: 4 KiB at 8 KiB leaves a cluster partly written.
        QVERIFY(runTool(QEMU_IO, ws, {"-f", "qcow2", "-c", "write -P 1 8k 4k", "-c", "write -P 2 1M 64k", "x.qcow2"}));
        GuestMapPanel panel;
        QSignalSpy complete(&panel, &GuestMapPanel::mapComplete);
        panel.setImage(ws + "/x.qcow2");
        panel.show();
        QTRY_COMPARE_WITH_TIMEOUT(complete.count(), 1, kTimeoutMs);
        const MapPyramid& p = panel.view()->pyramid();
        QCOMPARE(GuestClass(p.cellClass(0)), GuestClass::Mixed);
        QCOMPARE(GuestClass(p.cellClass(16)), GuestClass::Data);
        QCOMPARE(GuestClass(p.cellClass(17)), GuestClass::Unallocated);
    }

    // The host layout page on an image with a snapshot: header first, data, snapshot-only data.
    void hostLayoutPage()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString ws = dir.path();
        QVERIFY(runTool(QEMU_IMG, ws, {"create", "-q", "-f", "qcow2", "h.qcow2", "256M"}));
        QVERIFY(runTool(QEMU_IO, ws, {"-f", "qcow2", "-c", "write -P 1 0 1M", "-c", "write -c -P 2 8M 256k", "h.qcow2"}));
        QVERIFY(runTool(QEMU_IMG, ws, {"snapshot", "-c", "s", "h.qcow2"}));
        QVERIFY(runTool(QEMU_IO, ws, {"-f", "qcow2", "-c", "write -P 3 0 512k", "h.qcow2"}));
        HostLayoutPanel panel;
        panel.resize(800, 500);
        QSignalSpy shown(&panel, &HostLayoutPanel::layoutShown);
        panel.setImage(ws + "/h.qcow2");
        panel.show();
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, kTimeoutMs);
        QCOMPARE(shown.front().front().toBool(), true);
        const MapPyramid& p = panel.view()->pyramid();
        QCOMPARE(HostClusterKind(p.cellClass(0)), HostClusterKind::Header);
        std::vector<uint64_t> totals = p.totals();
        QCOMPARE(totals[size_t(HostClusterKind::SnapshotData)], uint64_t{8});  // 512 KiB copied away
        QCOMPARE(totals[size_t(HostClusterKind::Data)], uint64_t{16});
        QVERIFY(totals[size_t(HostClusterKind::CompressedData)] > 0);
        QVERIFY(panel.legend()->entries().filter(QStringLiteral("Snapshot data")).size() == 1);
        QVERIFY(panel.view()->accessibleName().contains(QStringLiteral("h.qcow2")));
        // A raw image has none: the page says why instead of drawing something.
        QVERIFY(runTool(QEMU_IMG, ws, {"create", "-q", "-f", "raw", "r.raw", "1M"}));
        panel.setImage(ws + "/r.raw");
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 2, kTimeoutMs);
        QCOMPARE(shown.back().front().toBool(), false);
    }

    void layoutSwitchKeepsTheCells()
    {
        std::vector<uint8_t> states = randomClasses(50'000, int(GuestClass::Count), 5);
        MapView view;
        view.resize(500, 400);
        view.setClasses(guestMapClasses());
        view.setCells(states.size(), readerOf(states));
        view.setMapLayout(MapLayout::RowMajor);
        QCOMPARE(view.grid().layout(), MapLayout::RowMajor);
        checkPyramid(view.pyramid(), states);
        // Keyboard: Home, then Right moves the cursor to the next cell of the row.
        view.setZoom(4);
        QTest::keyClick(&view, Qt::Key_Home);
        QCOMPARE(view.currentCell().value_or(99), uint64_t{0});
        QTest::keyClick(&view, Qt::Key_Right);
        QCOMPARE(view.currentCell().value_or(99), uint64_t{1});
        QTest::keyClick(&view, Qt::Key_End);
        QCOMPARE(view.currentCell().value_or(0), uint64_t{49'999});
        const double before = view.zoom();
        QTest::keyClick(&view, Qt::Key_Plus);
        QVERIFY(view.zoom() > before);
    }
};

QTEST_MAIN(TestGuestMap)
#include "tst_guest_map.moc"
