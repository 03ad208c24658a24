// SPDX-License-Identifier: GPL-2.0-or-later
#include "maps/MapPyramid.h"

#include <algorithm>
#include <cstring>

namespace diskscope::ui {
namespace {
constexpr uint64_t kReadChunk = 1u << 20;
}

MapPyramid::MapPyramid(const MapGrid& grid, int classCount)
    : m_grid(grid), m_classCount(std::clamp(classCount, 1, kMaxClasses))
{
    m_cells.assign(grid.cellCount(), 0);
    const uint32_t top = grid.maxLevel();
    if (top >= kFirstStoredLevel) {
        uint64_t blocks = uint64_t{grid.widthAt(3)} * grid.heightAt(3);
        m_level3.assign(blocks * m_classCount, 0);
    }
    for (uint32_t level = kFirstStoredLevel + 1; level <= top; ++level)
        m_upper.emplace_back(uint64_t{grid.widthAt(level)} * grid.heightAt(level) * m_classCount, 0);
}

void MapPyramid::rebuild(const ClassReader& read)
{
    update(0, m_cells.size(), read);
}

// The blocks of `level` whose cells intersect [firstCell, lastCell], as a storage-index
// range [from, to] (Hilbert) or a block-row range (row-major).
void MapPyramid::blockRange(uint32_t level, uint64_t firstCell, uint64_t lastCell, uint64_t& from, uint64_t& to) const
{
    if (m_grid.layout() == MapLayout::Hilbert) {
        from = firstCell >> (2 * level);
        to = lastCell >> (2 * level);
    } else {
        from = (firstCell / m_grid.width()) >> level;
        to = (lastCell / m_grid.width()) >> level;
    }
}

void MapPyramid::update(uint64_t first, uint64_t count, const ClassReader& read)
{
    if (first >= m_cells.size() || count == 0)
        return;
    count = std::min<uint64_t>(count, m_cells.size() - first);
    for (uint64_t done = 0; done < count;) {
        uint64_t n = std::min(kReadChunk, count - done);
        read(first + done, std::span<uint8_t>(m_cells.data() + first + done, n));
        done += n;
    }
    for (uint64_t i = first; i < first + count; ++i)
        m_cells[i] = std::min<uint8_t>(m_cells[i], static_cast<uint8_t>(m_classCount - 1));
    for (uint32_t level = kFirstStoredLevel; level <= m_grid.maxLevel(); ++level) {
        uint64_t from = 0, to = 0;
        blockRange(level, first, first + count - 1, from, to);
        aggregate(level, from, to);
    }
}

void MapPyramid::aggregate(uint32_t level, uint64_t from, uint64_t to)
{
    const int C = m_classCount;
    const bool hilbert = m_grid.layout() == MapLayout::Hilbert;
    const uint64_t w = m_grid.widthAt(level);
    const uint64_t h = m_grid.heightAt(level);
    // Hilbert: [from, to] are block indices; row-major: block rows (each w blocks).
    uint64_t firstIndex = hilbert ? from : from * w;
    uint64_t lastIndex = hilbert ? to : std::min(to, h - 1) * w + (w - 1);
    lastIndex = std::min(lastIndex, w * h - 1);
    if (level == kFirstStoredLevel) {
        uint32_t counts[kMaxClasses];
        for (uint64_t b = firstIndex; b <= lastIndex; ++b) {
            std::fill(counts, counts + C, 0u);
            if (hilbert) {
                uint64_t start = b << 6;
                uint64_t end = std::min<uint64_t>(start + 64, m_cells.size());
                for (uint64_t c = start; c < end; ++c)
                    ++counts[m_cells[c]];
            } else {
                countLevel0Block(level, static_cast<uint32_t>(b % w), static_cast<uint32_t>(b / w), counts);
            }
            uint8_t* out = &m_level3[b * C];
            for (int k = 0; k < C; ++k)
                out[k] = static_cast<uint8_t>(counts[k]);
        }
        return;
    }
    std::vector<uint32_t>& dst = m_upper[level - kFirstStoredLevel - 1];
    const uint64_t cw = m_grid.widthAt(level - 1);
    const uint64_t ch = m_grid.heightAt(level - 1);
    for (uint64_t b = firstIndex; b <= lastIndex; ++b) {
        uint32_t* out = &dst[b * C];
        std::fill(out, out + C, 0u);
        auto addChild = [&](uint64_t child) {
            if (level - 1 == kFirstStoredLevel) {
                const uint8_t* in = &m_level3[child * C];
                for (int k = 0; k < C; ++k)
                    out[k] += in[k];
            } else {
                const uint32_t* in = &m_upper[level - kFirstStoredLevel - 2][child * C];
                for (int k = 0; k < C; ++k)
                    out[k] += in[k];
            }
        };
        if (hilbert) {
            uint64_t childBlocks = cw * ch;
            for (uint64_t child = b * 4; child < b * 4 + 4 && child < childBlocks; ++child)
                addChild(child);
        } else {
            uint64_t x = b % w, y = b / w;
            for (uint64_t dy = 0; dy < 2; ++dy)
                for (uint64_t dx = 0; dx < 2; ++dx)
                    if (2 * x + dx < cw && 2 * y + dy < ch)
                        addChild((2 * y + dy) * cw + 2 * x + dx);
        }
    }
}

void MapPyramid::countLevel0Block(uint32_t level, uint32_t x, uint32_t y, uint32_t* out) const
{
    const uint64_t side = uint64_t{1} << level;
    if (m_grid.layout() == MapLayout::Hilbert) {
        uint64_t start = m_grid.blockIndex(level, x, y) << (2 * level);
        uint64_t end = std::min<uint64_t>(start + side * side, m_cells.size());
        for (uint64_t c = start; c < end; ++c)
            ++out[m_cells[c]];
        return;
    }
    const uint64_t w = m_grid.width();
    for (uint64_t row = uint64_t{y} * side; row < (uint64_t{y} + 1) * side; ++row) {
        uint64_t start = row * w + uint64_t{x} * side;
        if (start >= m_cells.size())
            break;
        uint64_t end = std::min<uint64_t>(start + side, m_cells.size());
        for (uint64_t c = start; c < end; ++c)
            ++out[m_cells[c]];
    }
}

uint32_t MapPyramid::counts(uint32_t level, uint32_t x, uint32_t y, uint32_t* out) const
{
    const int C = m_classCount;
    std::fill(out, out + C, 0u);
    if (x >= m_grid.widthAt(level) || y >= m_grid.heightAt(level))
        return 0;
    if (level < kFirstStoredLevel) {
        if (level == 0) {
            auto cell = m_grid.cellAt(x, y);
            if (!cell)
                return 0;
            out[m_cells[*cell]] = 1;
            return 1;
        }
        countLevel0Block(level, x, y, out);
    } else {
        uint64_t b = m_grid.blockIndex(level, x, y);
        if (level == kFirstStoredLevel) {
            const uint8_t* in = &m_level3[b * C];
            for (int k = 0; k < C; ++k)
                out[k] = in[k];
        } else {
            const uint32_t* in = &m_upper[level - kFirstStoredLevel - 1][b * C];
            std::copy(in, in + C, out);
        }
    }
    uint32_t total = 0;
    for (int k = 0; k < C; ++k)
        total += out[k];
    return total;
}

uint32_t MapPyramid::countsAt(uint32_t level, uint64_t index, uint32_t* out) const
{
    const int C = m_classCount;
    std::fill(out, out + C, 0u);
    uint32_t total = 0;
    if (level < kFirstStoredLevel) {
        const uint64_t start = index << (2 * level);
        const uint64_t end = std::min<uint64_t>(start + (uint64_t{1} << (2 * level)), m_cells.size());
        for (uint64_t c = start; c < end; ++c)
            ++out[m_cells[c]];
        return start < end ? uint32_t(end - start) : 0;
    }
    if (level == kFirstStoredLevel) {
        if ((index + 1) * C > m_level3.size())
            return 0;
        const uint8_t* in = &m_level3[index * C];
        for (int k = 0; k < C; ++k)
            total += out[k] = in[k];
        return total;
    }
    const std::vector<uint32_t>& counts = m_upper[level - kFirstStoredLevel - 1];
    if ((index + 1) * C > counts.size())
        return 0;
    for (int k = 0; k < C; ++k)
        total += out[k] = counts[index * C + k];
    return total;
}

std::vector<uint64_t> MapPyramid::totals() const
{
    std::vector<uint64_t> sums(m_classCount, 0);
    const uint32_t top = m_grid.maxLevel();
    if (top >= kFirstStoredLevel) {
        // Sum the top level (a handful of blocks).
        uint32_t counts[kMaxClasses];
        for (uint32_t y = 0; y < m_grid.heightAt(top); ++y)
            for (uint32_t x = 0; x < m_grid.widthAt(top); ++x) {
                this->counts(top, x, y, counts);
                for (int k = 0; k < m_classCount; ++k)
                    sums[k] += counts[k];
            }
        return sums;
    }
    for (uint8_t c : m_cells)
        ++sums[c];
    return sums;
}

}  // namespace diskscope::ui
