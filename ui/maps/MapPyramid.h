// SPDX-License-Identifier: GPL-2.0-or-later
// The map's level-of-detail data: one class byte per cell (level 0) and, from level 3 up,
// the count of each class per block (a mip pyramid), so drawing a pixel that stands for
// millions of cells reads one block, and a frame costs O(pixels), not O(cells).
//
// Memory for N cells and C classes: N bytes, N/64*C bytes for level 3, then a third of
// that again in 32-bit counts for the levels above. Levels 1 and 2 (4 and 16 cells) are
// counted from level 0 when asked. Only the GUI thread uses a pyramid.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "maps/MapGrid.h"

namespace diskscope::ui {

class MapPyramid {
public:
    static constexpr uint32_t kFirstStoredLevel = 3;
    static constexpr int kMaxClasses = 16;

    // Fills out[0 .. out.size()) with the classes of cells first, first + 1, ...
    using ClassReader = std::function<void(uint64_t first, std::span<uint8_t> out)>;

    MapPyramid() = default;
    MapPyramid(const MapGrid& grid, int classCount);

    const MapGrid& grid() const { return m_grid; }
    int classCount() const { return m_classCount; }

    // Reads every cell, then aggregates every level.
    void rebuild(const ClassReader& read);
    // Reads cells [first, first + count) again and re-aggregates the blocks above them.
    void update(uint64_t first, uint64_t count, const ClassReader& read);

    uint8_t cellClass(uint64_t cell) const { return cell < m_cells.size() ? m_cells[cell] : 0; }
    // Class counts of block (x, y) of `level` into out[0 .. classCount); returns the total
    // (0 for blocks wholly past the last cell).
    uint32_t counts(uint32_t level, uint32_t x, uint32_t y, uint32_t* out) const;
    // The same for Hilbert grids by block index (see MapGrid::blockIndex).
    uint32_t countsAt(uint32_t level, uint64_t index, uint32_t* out) const;
    // Counts over the whole map.
    std::vector<uint64_t> totals() const;

private:
    void aggregate(uint32_t level, uint64_t firstRow, uint64_t lastRow);  // row-major rows / Hilbert blocks
    void blockRange(uint32_t level, uint64_t firstCell, uint64_t lastCell, uint64_t& from, uint64_t& to) const;
    void countLevel0Block(uint32_t level, uint32_t x, uint32_t y, uint32_t* out) const;

    MapGrid m_grid;
    int m_classCount = 1;
    std::vector<uint8_t> m_cells;
    std::vector<uint8_t> m_level3;                 // classCount counts per block
    std::vector<std::vector<uint32_t>> m_upper;    // levels 4.. (index level - 4)
};

}  // namespace diskscope::ui
