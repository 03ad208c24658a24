// SPDX-License-Identifier: GPL-2.0-or-later
#include "maps/MapGrid.h"

#include <algorithm>

namespace diskscope::ui {

// The curve's first half lies in the left half of the square in the textbook orientation;
// the grid swaps x and y so that a half-square grid is wide, not tall.
std::pair<uint32_t, uint32_t> hilbertPoint(uint32_t order, uint64_t index)
{
    uint64_t x = 0, y = 0, t = index;
    for (uint64_t s = 1; s < (uint64_t{1} << order); s <<= 1) {
        uint64_t rx = 1 & (t / 2);
        uint64_t ry = 1 & (t ^ rx);
        if (ry == 0) {
            if (rx == 1) {
                x = s - 1 - x;
                y = s - 1 - y;
            }
            std::swap(x, y);
        }
        x += s * rx;
        y += s * ry;
        t /= 4;
    }
    return {static_cast<uint32_t>(y), static_cast<uint32_t>(x)};
}

uint64_t hilbertIndex(uint32_t order, uint32_t gx, uint32_t gy)
{
    uint64_t x = gy, y = gx;  // undo the grid's swap
    uint64_t d = 0;
    const uint64_t n = uint64_t{1} << order;
    for (uint64_t s = n / 2; s > 0; s /= 2) {
        uint64_t rx = (x & s) > 0;
        uint64_t ry = (y & s) > 0;
        d += s * s * ((3 * rx) ^ ry);
        if (ry == 0) {
            if (rx == 1) {
                x = n - 1 - x;
                y = n - 1 - y;
            }
            std::swap(x, y);
        }
    }
    return d;
}

namespace {

constexpr uint32_t kTileSide = HilbertTileIndex::kSide;

// The 8 symmetries of the tile square.
std::pair<uint32_t, uint32_t> applySymmetry(int s, uint32_t x, uint32_t y)
{
    const uint32_t m = kTileSide - 1;
    switch (s) {
    case 0: return {x, y};
    case 1: return {m - x, y};
    case 2: return {x, m - y};
    case 3: return {m - x, m - y};
    case 4: return {y, x};
    case 5: return {m - y, x};
    case 6: return {y, m - x};
    default: return {m - y, m - x};
    }
}

// Index along the order-8 curve of each point of the square.
const std::vector<uint16_t>& order8Table()
{
    static const std::vector<uint16_t> table = [] {
        std::vector<uint16_t> t(kTileSide * kTileSide);
        for (uint32_t i = 0; i < kTileSide * kTileSide; ++i) {
            auto [x, y] = hilbertPoint(8, i);
            t[y * kTileSide + x] = uint16_t(i);
        }
        return t;
    }();
    return table;
}

}  // namespace

HilbertTileIndex::HilbertTileIndex(const MapGrid& grid, uint32_t level, uint32_t tx, uint32_t ty)
{
    const uint32_t order = grid.maxLevel() - level;  // the level's curve
    const uint64_t cells = uint64_t{kTileSide} * kTileSide;
    m_base = hilbertIndex(order - 8, tx, ty) * cells;
    const uint32_t ox = tx * kTileSide, oy = ty * kTileSide;
    auto local = [&](uint64_t i) {
        auto [x, y] = hilbertPoint(order, m_base + i);
        return std::pair<uint32_t, uint32_t>{x - ox, y - oy};
    };
    // The symmetry that takes this tile's curve onto the canonical one (three points fix it).
    const uint64_t probes[3] = {0, 1, cells - 1};
    for (int s = 0; s < 8; ++s) {
        bool match = true;
        for (uint64_t i : probes) {
            auto [lx, ly] = local(i);
            auto [cx, cy] = applySymmetry(s, lx, ly);
            match &= hilbertPoint(8, i) == std::pair<uint32_t, uint32_t>{cx, cy};
        }
        if (match) {
            m_symmetry = s;
            return;
        }
    }
}

uint64_t HilbertTileIndex::at(uint32_t lx, uint32_t ly) const
{
    auto [cx, cy] = applySymmetry(m_symmetry, lx, ly);
    return m_base + order8Table()[cy * kTileSide + cx];
}

MapGrid::MapGrid(MapLayout layout, uint64_t cellCount) : m_layout(layout), m_cellCount(cellCount)
{
    // An empty map keeps the shape of a one-cell map, with nothing in it.
    const uint64_t n = std::max<uint64_t>(cellCount, 1);
    if (layout == MapLayout::Hilbert) {
        while ((uint64_t{1} << (2 * m_order)) < n)
            ++m_order;
        m_width = 1u << m_order;
        // Half a square suffices: the first 2*4^(m-1) cells fill the top half.
        m_height = (m_order > 0 && (uint64_t{1} << (2 * m_order - 1)) >= n) ? m_width / 2 : m_width;
        m_maxLevel = m_order;
    } else {
        uint32_t bits = 0;
        while ((uint64_t{1} << (2 * bits)) < n)
            ++bits;
        m_width = 1u << bits;
        m_height = static_cast<uint32_t>((n + m_width - 1) / m_width);
        while ((m_width >> m_maxLevel) > 1 || ((m_height - 1) >> m_maxLevel) > 0)
            ++m_maxLevel;
    }
}

uint32_t MapGrid::widthAt(uint32_t level) const
{
    return std::max<uint32_t>(1, m_width >> std::min<uint32_t>(level, 31));
}

uint32_t MapGrid::heightAt(uint32_t level) const
{
    if (level >= 32)
        return 1;
    return std::max<uint32_t>(1, (m_height + (1u << level) - 1) >> level);
}

std::pair<uint32_t, uint32_t> MapGrid::position(uint64_t cell) const
{
    if (m_layout == MapLayout::Hilbert)
        return hilbertPoint(m_order, cell);
    return {static_cast<uint32_t>(cell % m_width), static_cast<uint32_t>(cell / m_width)};
}

std::optional<uint64_t> MapGrid::cellAt(uint32_t x, uint32_t y) const
{
    if (x >= m_width || y >= m_height)
        return std::nullopt;
    uint64_t cell = m_layout == MapLayout::Hilbert ? hilbertIndex(m_order, x, y) : uint64_t{y} * m_width + x;
    if (cell >= m_cellCount)
        return std::nullopt;
    return cell;
}

uint64_t MapGrid::blockIndex(uint32_t level, uint32_t x, uint32_t y) const
{
    if (m_layout == MapLayout::Hilbert)
        return level >= m_order ? 0 : hilbertIndex(m_order - level, x, y);
    return uint64_t{y} * widthAt(level) + x;
}

std::vector<QRectF> MapGrid::emptyRects() const
{
    MapGrid whole = *this;
    whole.m_cellCount = uint64_t{m_width} * m_height;
    return whole.rangeRects(m_cellCount, whole.m_cellCount - m_cellCount);
}

std::vector<QRectF> MapGrid::rangeRects(uint64_t first, uint64_t count) const
{
    std::vector<QRectF> rects;
    uint64_t end = std::min(first + count, m_cellCount);
    if (first >= end)
        return rects;
    if (m_layout == MapLayout::Hilbert) {
        // Greedy: the largest aligned 4^k block that starts at `pos` and fits.
        for (uint64_t pos = first; pos < end;) {
            uint32_t k = 0;
            while (k < m_order && pos % (uint64_t{1} << (2 * (k + 1))) == 0 && pos + (uint64_t{1} << (2 * (k + 1))) <= end)
                ++k;
            auto [x, y] = hilbertPoint(m_order - k, pos >> (2 * k));
            double side = double(uint64_t{1} << k);
            rects.emplace_back(x * side, y * side, side, side);
            pos += uint64_t{1} << (2 * k);
        }
        return rects;
    }
    const uint64_t w = m_width;
    uint64_t firstRow = first / w, lastRow = (end - 1) / w;
    if (firstRow == lastRow) {
        rects.emplace_back(double(first % w), double(firstRow), double(end - first), 1.0);
        return rects;
    }
    rects.emplace_back(double(first % w), double(firstRow), double(w - first % w), 1.0);
    if (lastRow > firstRow + 1)
        rects.emplace_back(0.0, double(firstRow + 1), double(w), double(lastRow - firstRow - 1));
    rects.emplace_back(0.0, double(lastRow), double((end - 1) % w + 1), 1.0);
    return rects;
}

}  // namespace diskscope::ui
