// SPDX-License-Identifier: GPL-2.0-or-later
// Refcount lookups for read-only users (metadata preallocation detection, later check).
#include "format/qcow2/qcow2_refcount_reader.h"

#include "util/big_endian.h"
#include "util/hex.h"

namespace diskscope::qcow2 {

uint64_t decodeRefcount(const uint8_t* block, uint64_t index, uint32_t order)
{
    uint32_t bits = 1u << order;
    if (bits >= 8) {
        const uint8_t* p = block + index * (bits / 8);
        switch (bits) {
        case 8: return p[0];
        case 16: return loadBe16(p);
        case 32: return loadBe32(p);
        default: return loadBe64(p);
        }
    }
    uint32_t perByte = 8 / bits;
    uint8_t byte = block[index / perByte];
    uint32_t shift = static_cast<uint32_t>(index % perByte) * bits;
    return (byte >> shift) & ((1u << bits) - 1);
}

Result<RefcountReader> RefcountReader::load(HostFile& file, const Header& h)
{
    RefcountReader r;
    r.m_file = &file;
    DS_ASSIGN_OR_RETURN(r.m_fileSize, file.size());
    r.m_clusterBits = h.clusterBits;
    r.m_refcountOrder = h.refcountOrder;
    uint64_t bytes = uint64_t{h.refcountTableClusters} << h.clusterBits;
    std::vector<uint8_t> raw(bytes);
    DS_TRY(readExact(file, h.refcountTableOffset, raw, "refcount table"));
    r.m_table.resize(bytes / 8);
    for (uint64_t i = 0; i < r.m_table.size(); ++i)
        r.m_table[i] = loadBe64(&raw[i * 8]);
    return r;
}

Result<uint64_t> RefcountReader::refcount(uint64_t cluster)
{
    // Entries per block = cluster bits * 8 / refcount width, as a shift.
    uint32_t entriesShift = m_clusterBits + 3 - m_refcountOrder;
    uint64_t tableIndex = cluster >> entriesShift;
    if (tableIndex >= m_table.size())
        return uint64_t{0};
    uint64_t blockOffset = m_table[tableIndex] & 0xFFFFFFFFFFFFFE00ull;
    if (blockOffset == 0)
        return uint64_t{0};
    uint64_t clusterSize = uint64_t{1} << m_clusterBits;
    if (blockOffset != m_cachedBlockOffset) {
        if (blockOffset & (clusterSize - 1))
            return makeError(ErrorCode::Corrupt, "refcount block offset " + hex(blockOffset) +
                                                     " is not cluster aligned (refcount table index " +
                                                     std::to_string(tableIndex) + ")",
                             m_file->path());
        if (blockOffset > m_fileSize || clusterSize > m_fileSize - blockOffset)
            return makeError(ErrorCode::Corrupt, "refcount block at " + hex(blockOffset) +
                                                     " lies beyond the end of the file",
                             m_file->path());
        m_block.resize(clusterSize);
        DS_TRY(readExact(*m_file, blockOffset, m_block, "refcount block"));
        m_cachedBlockOffset = blockOffset;
    }
    uint64_t index = cluster & ((uint64_t{1} << entriesShift) - 1);
    return decodeRefcount(m_block.data(), index, m_refcountOrder);
}

}  // namespace diskscope::qcow2
