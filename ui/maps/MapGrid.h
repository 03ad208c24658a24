// SPDX-License-Identifier: GPL-2.0-or-later
// Where each map cell sits on screen: a grid of cells laid out row-major or along a Hilbert
// curve, and the same grid at coarser levels (level k: one square of 2^k x 2^k cells).
//
// Hilbert: the grid is a square of side 2^m (or its half, 2^m x 2^(m-1), when half a square
// holds every cell); an aligned run of 4^k cells is an aligned 2^k square, so level-k block
// i is exactly cells [i*4^k, (i+1)*4^k). Row-major: width a power of two, rows of `width`
// cells; level-k block (X, Y) covers rows Y*2^k.. and columns X*2^k.. of it.
// Everything here is arithmetic: no per-cell storage, no Qt widgets.
#pragma once

#include <QRectF>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace diskscope::ui {

enum class MapLayout { Hilbert, RowMajor };

// The textbook Hilbert curve on a 2^order square: index -> (x, y) and back.
std::pair<uint32_t, uint32_t> hilbertPoint(uint32_t order, uint64_t index);
uint64_t hilbertIndex(uint32_t order, uint32_t x, uint32_t y);

class MapGrid;

// The Hilbert indices of the blocks of one aligned 256x256 tile of a level, fast: every
// aligned square of the curve is the order-8 curve turned or mirrored, so one table of that
// curve and the tile's symmetry replace the per-pixel loop over the order's bits.
class HilbertTileIndex {
public:
    static constexpr uint32_t kSide = 256;
    // Precondition: grid is a Hilbert grid whose level `level` has at least kSide x kSide blocks.
    HilbertTileIndex(const MapGrid& grid, uint32_t level, uint32_t tx, uint32_t ty);
    uint64_t at(uint32_t lx, uint32_t ly) const;

private:
    uint64_t m_base = 0;
    int m_symmetry = 0;
};

class MapGrid {
public:
    MapGrid() = default;
    MapGrid(MapLayout layout, uint64_t cellCount);

    MapLayout layout() const { return m_layout; }
    uint64_t cellCount() const { return m_cellCount; }
    uint32_t width() const { return m_width; }    // level 0, in cells
    uint32_t height() const { return m_height; }
    // The coarsest level: one block covers the whole grid.
    uint32_t maxLevel() const { return m_maxLevel; }
    uint32_t widthAt(uint32_t level) const;
    uint32_t heightAt(uint32_t level) const;

    // Level-0 position of a cell, and the cell at a level-0 position (none past the end).
    std::pair<uint32_t, uint32_t> position(uint64_t cell) const;
    std::optional<uint64_t> cellAt(uint32_t x, uint32_t y) const;

    // Index of block (X, Y) of `level` in that level's storage order (see MapPyramid), and
    // the level-0 cells it covers as [first, first + count) runs (one for Hilbert; one per
    // row for row-major).
    uint64_t blockIndex(uint32_t level, uint32_t x, uint32_t y) const;
    // Rectangles (level-0 cell units) that exactly cover the cells [first, first + count).
    std::vector<QRectF> rangeRects(uint64_t first, uint64_t count) const;
    // Rectangles covering the grid positions past the last cell.
    std::vector<QRectF> emptyRects() const;

private:
    MapLayout m_layout = MapLayout::Hilbert;
    uint64_t m_cellCount = 0;
    uint32_t m_order = 0;      // Hilbert: side of the full square is 2^m_order
    uint32_t m_width = 1;
    uint32_t m_height = 1;
    uint32_t m_maxLevel = 0;
};

}  // namespace diskscope::ui
