// SPDX-License-Identifier: GPL-2.0-or-later
// Guest offset lookups through L1 and cached L2 tables.
#include "format/qcow2/qcow2_cluster_map.h"

#include <algorithm>

#include "util/big_endian.h"
#include "util/hex.h"

namespace diskscope::qcow2 {

ClusterMap::ClusterMap(HostFile& file, const Header& h, std::vector<uint64_t> l1, uint64_t cacheBytes)
    : m_file(&file),
      m_clusterBits(h.clusterBits),
      m_l1Shift(h.l1EntryShift()),
      m_l1(std::move(l1)),
      m_maxTables(std::max<uint64_t>(2, cacheBytes >> h.clusterBits))
{
    m_ctx.clusterBits = h.clusterBits;
    m_ctx.extendedL2 = h.extendedL2();
    m_ctx.version3 = h.version >= 3;
    m_ctx.hasDataFile = h.hasDataFile();
}

Result<ClusterMap> ClusterMap::load(HostFile& file, const Header& h, uint64_t cacheBytes)
{
    std::vector<uint8_t> raw(uint64_t{h.l1Size} * 8);
    DS_TRY(readExact(file, h.l1TableOffset, raw, "active L1 table"));
    std::vector<uint64_t> l1(h.l1Size);
    for (uint32_t i = 0; i < h.l1Size; ++i)
        l1[i] = loadBe64(&raw[uint64_t{i} * 8]);
    ClusterMap map(file, h, std::move(l1), cacheBytes);
    DS_ASSIGN_OR_RETURN(map.m_fileSize, file.size());
    return map;
}

Result<const std::vector<uint8_t>*> ClusterMap::l2Table(uint64_t l2Offset, uint64_t l1Index)
{
    auto found = m_index.find(l2Offset);
    if (found != m_index.end()) {
        m_lru.splice(m_lru.begin(), m_lru, found->second);
        return &found->second->data;
    }
    uint64_t clusterSize = uint64_t{1} << m_clusterBits;
    if (l2Offset & (clusterSize - 1))
        return makeError(ErrorCode::Corrupt, "L2 table offset " + hex(l2Offset) +
                                                 " unaligned (L1 index " + std::to_string(l1Index) + ")",
                         m_file->path());
    if (l2Offset > m_fileSize || clusterSize > m_fileSize - l2Offset)
        return makeError(ErrorCode::Corrupt, "L2 table at " + hex(l2Offset) + " (L1 index " +
                                                 std::to_string(l1Index) +
                                                 ") lies beyond the end of the file",
                         m_file->path());
    std::vector<uint8_t> data;
    if (m_lru.size() >= m_maxTables) {
        data = std::move(m_lru.back().data);  // reuse the evicted buffer
        m_index.erase(m_lru.back().offset);
        m_lru.pop_back();
    }
    data.resize(clusterSize);
    DS_TRY(readExact(*m_file, l2Offset, data, "L2 table"));
    m_lru.push_front({l2Offset, std::move(data)});
    m_index[l2Offset] = m_lru.begin();
    return &m_lru.front().data;
}

Result<ClusterRun> ClusterMap::lookup(uint64_t offset, uint64_t maxBytes)
{
    uint64_t l1Index = offset >> m_l1Shift;
    uint64_t tableEnd = (l1Index + 1) << m_l1Shift;
    uint64_t limit = std::min(offset + maxBytes, tableEnd);
    ClusterRun run;
    if (l1Index >= m_l1.size() || (m_l1[l1Index] & kOffsetMask) == 0) {
        run.bytes = limit - offset;
        return run;
    }
    uint64_t l2Offset = m_l1[l1Index] & kOffsetMask;
    DS_ASSIGN_OR_RETURN(const std::vector<uint8_t>* table, l2Table(l2Offset, l1Index));

    const uint64_t clusterSize = uint64_t{1} << m_clusterBits;
    const uint32_t subBits = m_ctx.extendedL2 ? m_clusterBits - 5 : m_clusterBits;
    const uint64_t granule = uint64_t{1} << subBits;
    const uint64_t l2Mask = (uint64_t{1} << (m_l1Shift - m_clusterBits)) - 1;
    const unsigned entryBytes = m_ctx.extendedL2 ? 16 : 8;

    // Classifies the granule containing guest offset `g`; returns its type and host offset of `g`.
    auto classify = [&](uint64_t g, uint64_t& entryOut, uint64_t& hostOut) -> Result<SubclusterType> {
        uint64_t l2Index = (g >> m_clusterBits) & l2Mask;
        const uint8_t* e = table->data() + l2Index * entryBytes;
        uint64_t entry = loadBe64(e);
        uint64_t bitmap = m_ctx.extendedL2 ? loadBe64(e + 8) : 0;
        unsigned sub = m_ctx.extendedL2 ? static_cast<unsigned>((g >> subBits) & 31) : 0;
        auto type = classifySubcluster(m_ctx, entry, bitmap, sub);
        if (!type.ok()) {
            Error err = std::move(type).error();
            err.message += " (L2 table " + hex(l2Offset) + ", index " + std::to_string(l2Index) + ")";
            err.path = m_file->path();
            return err;
        }
        entryOut = entry;
        hostOut = (entry & kOffsetMask) + (g & (clusterSize - 1));
        // External data files map guest offset g to host offset g; anything else is corrupt
        // (QEMU refuses it too).
        if (m_ctx.hasDataFile && hasHostOffset(*type) && hostOut != g)
            return makeError(ErrorCode::Corrupt,
                             "external data file cluster offset " + hex(entry & kOffsetMask) +
                                 " does not match guest offset " + hex(g & ~(clusterSize - 1)) + " (L2 table " +
                                 hex(l2Offset) + ", index " + std::to_string(l2Index) + ")",
                             m_file->path());
        return type;
    };

    uint64_t firstHost = 0;
    DS_ASSIGN_OR_RETURN(run.type, classify(offset, run.l2Entry, firstHost));
    run.hostOffset = firstHost;
    if (run.type == SubclusterType::Compressed) {
        uint64_t clusterEnd = (offset | (clusterSize - 1)) + 1;
        run.bytes = std::min(limit, clusterEnd) - offset;
        return run;
    }
    if (!hasHostOffset(run.type))
        run.hostOffset = 0;
    uint64_t pos = (offset | (granule - 1)) + 1;  // start of the next granule
    while (pos < limit) {
        uint64_t entry = 0, host = 0;
        DS_ASSIGN_OR_RETURN(SubclusterType type, classify(pos, entry, host));
        if (type != run.type)
            break;
        if (hasHostOffset(type) && host != firstHost + (pos - offset))
            break;
        pos += granule;
    }
    run.bytes = std::min(pos, limit) - offset;
    return run;
}

}  // namespace diskscope::qcow2
