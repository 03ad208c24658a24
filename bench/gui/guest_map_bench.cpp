// SPDX-License-Identifier: GPL-2.0-or-later
// Benchmark of the guest map (not a test): time to the first (coarse) map on screen, time to
// the fully refined map, and paint time per frame at several zoom levels, on the image given.
//
//   diskscope-bench-guest-map IMAGE [--width W --height H --frames N]
//
// Runs under any Qt platform (offscreen is fine): frames are rendered with QWidget::render
// into an image of the view's size, which runs the same paintEvent as the screen.
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QStyleFactory>
#include <algorithm>
#include <cstdio>

#include "diskscope/allocation_map.h"
#include "maps/GuestMapClasses.h"
#include "maps/MapView.h"

using namespace diskscope;
using namespace diskscope::ui;

namespace {

double ms(const QElapsedTimer& t)
{
    return double(t.nsecsElapsed()) / 1e6;
}

MapPyramid::ClassReader readerOf(const AllocationMap& map)
{
    return [&map](uint64_t first, std::span<uint8_t> out) {
        map.readStates(first, out, guestClassTable());
    };
}

struct FrameStats {
    int frames = 0;
    double first = 0, max = 0, total = 0;
};

// Paints until every visible tile is in the cache (cold), as the event loop would.
FrameStats paintUntilComplete(MapView& view, QImage& target)
{
    FrameStats s;
    for (int i = 0; i < 500; ++i) {
        const int before = view.cachedTiles();
        QElapsedTimer t;
        t.start();
        view.render(&target);
        const double f = ms(t);
        if (i == 0)
            s.first = f;
        s.max = std::max(s.max, f);
        s.total += f;
        ++s.frames;
        if (view.cachedTiles() == before && i > 0)
            break;
    }
    return s;
}

}  // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("IMAGE"), QStringLiteral("The image to map."));
    QCommandLineOption widthOption(QStringLiteral("width"), QStringLiteral("View width."), QStringLiteral("W"), QStringLiteral("1280"));
    QCommandLineOption heightOption(QStringLiteral("height"), QStringLiteral("View height."), QStringLiteral("H"), QStringLiteral("800"));
    QCommandLineOption framesOption(QStringLiteral("frames"), QStringLiteral("Warm frames per zoom."), QStringLiteral("N"), QStringLiteral("20"));
    parser.addOption(widthOption);
    parser.addOption(heightOption);
    parser.addOption(framesOption);
    parser.process(app);
    if (parser.positionalArguments().size() != 1)
        parser.showHelp(2);
    const std::string path = QFile::encodeName(parser.positionalArguments().front()).toStdString();
    const int frames = parser.value(framesOption).toInt();

    MapView view;
    view.resize(parser.value(widthOption).toInt(), parser.value(heightOption).toInt());
    view.setClasses(guestMapClasses());
    QImage target(view.size(), QImage::Format_ARGB32_Premultiplied);

    // 1. First map: open (header, L1), pyramid of the coarse map, first complete frame.
    QElapsedTimer total;
    total.start();
    auto opened = AllocationMap::open(path, {});
    if (!opened.ok()) {
        std::fprintf(stderr, "diskscope-bench-guest-map: %s\n", describe(opened.error()).c_str());
        return 1;
    }
    std::unique_ptr<AllocationMap> map = std::move(opened).value();
    const double openMs = ms(total);
    QElapsedTimer step;
    step.start();
    view.setCells(map->geometry().cellCount, readerOf(*map));
    const double pyramidMs = ms(step);
    FrameStats firstFrames = paintUntilComplete(view, target);
    const double firstMapMs = ms(total);
    const AllocationMapGeometry& g = map->geometry();
    std::printf("image: %s, %llu cells of %llu KiB, %llu L2 tables, %zu layer(s)\n", path.c_str(),
                (unsigned long long)g.cellCount, (unsigned long long)(g.cellBytes() >> 10),
                (unsigned long long)g.tableCount, g.layerCount);
    std::printf("first map: %.1f ms (open + L1 %.1f ms, pyramid %.1f ms, first frame %.1f ms in %d paint(s), longest paint %.1f ms)\n",
                firstMapMs, openMs, pyramidMs, firstFrames.total, firstFrames.frames, firstFrames.max);

    // 2. Refinement: every L2 table, then the pyramid for the refined cells.
    step.start();
    NullProgress quiet;
    uint64_t first = ~uint64_t{0}, end = 0;
    Status s = map->refine(quiet, {}, [&](uint64_t f, uint64_t n) {
        first = std::min(first, f);
        end = std::max(end, f + n);
    });
    if (!s.ok()) {
        std::fprintf(stderr, "diskscope-bench-guest-map: %s\n", describe(s.error()).c_str());
        return 1;
    }
    const double refineMs = ms(step);
    step.start();
    if (end > first)
        view.updateCells(first, end - first, readerOf(*map));
    const double updateMs = ms(step);
    std::printf("refined map: %.1f ms after the first map (L2 tables %.1f ms, pyramid update %.1f ms)\n",
                refineMs + updateMs, refineMs, updateMs);

    // 3. Paint time per frame at several zooms: cold (tiles rendered within the budget) and
    // warm (tiles cached), and panning by a third of the view (new tiles at one edge).
    std::printf("%-10s %-6s %14s %14s %12s %12s\n", "zoom", "level", "cold frames", "longest ms", "warm ms", "pan ms");
    view.fitToView();
    const double fit = view.zoom();
    for (double zoom : {fit, fit * 4, 1.0, 4.0, 16.0}) {
        view.setZoom(zoom);
        FrameStats cold = paintUntilComplete(view, target);
        QElapsedTimer warm;
        warm.start();
        for (int i = 0; i < frames; ++i)
            view.render(&target);
        const double warmMs = ms(warm) / frames;
        double panMax = 0, panTotal = 0;
        for (int i = 0; i < frames; ++i) {
            const QPointF before = view.offset();
            view.setOffset(before + QPointF(view.width() / 3.0 / view.zoom(), 0));
            if (view.offset() == before)  // at the right edge: start again from the left
                view.setOffset(QPointF(0, before.y()));
            QElapsedTimer pan;
            pan.start();
            view.render(&target);
            panMax = std::max(panMax, ms(pan));
            panTotal += ms(pan);
        }
        std::printf("%-10g %-6u %14d %14.1f %12.2f %6.2f/%.1f\n", zoom, view.level(), cold.frames, cold.max, warmMs,
                    panTotal / frames, panMax);
    }
    std::printf("(pan ms: mean/longest of frames after a third-of-a-view pan, new tiles within the budget)\n");
    return 0;
}
