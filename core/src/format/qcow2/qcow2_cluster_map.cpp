// SPDX-License-Identifier: GPL-2.0-or-later
// Guest offset lookups through L1 and cached L2 tables, and entry updates for the write path.
#include "format/qcow2/qcow2_cluster_map.h"

#include <algorithm>

#include "format/qcow2/qcow2_format.h"
#include "util/big_endian.h"
#include "util/hex.h"

namespace diskscope::qcow2 {

ClusterMap::ClusterMap(HostFile& file, const Header& h, std::vector<uint64_t> l1, uint64_t cacheBytes)
    : m_file(&file),
      m_clusterBits(h.clusterBits),
      m_l1Shift(h.l1EntryShift()),
      m_l1(std::move(l1)),
      m_cache(std::make_unique<MetadataCache>(file, h.clusterSize(),
                                              static_cast<size_t>(cacheBytes >> h.clusterBits), "L2 table", WritePurpose::L2Table))
{
    m_ctx.clusterBits = h.clusterBits;
    m_ctx.extendedL2 = h.extendedL2();
    m_ctx.version3 = h.version >= 3;
    m_ctx.hasDataFile = h.hasDataFile();
}

Result<std::unique_ptr<ClusterMap>> ClusterMap::load(HostFile& file, const Header& h, uint64_t cacheBytes)
{
    std::vector<uint8_t> raw(uint64_t{h.l1Size} * 8);
    DS_TRY(readExact(file, h.l1TableOffset, raw, "active L1 table"));
    std::vector<uint64_t> l1(h.l1Size);
    for (uint32_t i = 0; i < h.l1Size; ++i)
        l1[i] = loadBe64(&raw[uint64_t{i} * 8]);
    return withL1(file, h, std::move(l1), cacheBytes);
}

std::unique_ptr<ClusterMap> ClusterMap::withL1(HostFile& file, const Header& h, std::vector<uint64_t> l1,
                                               uint64_t cacheBytes)
{
    return std::unique_ptr<ClusterMap>(new ClusterMap(file, h, std::move(l1), cacheBytes));
}

Result<uint8_t*> ClusterMap::l2Table(uint64_t l2Offset, uint64_t l1Index)
{
    uint64_t clusterSize = uint64_t{1} << m_clusterBits;
    if (l2Offset & (clusterSize - 1))
        return makeError(ErrorCode::Corrupt, "L2 table offset " + hex(l2Offset) +
                                                 " unaligned (L1 index " + std::to_string(l1Index) + ")",
                         m_file->path());
    auto table = m_cache->get(l2Offset);
    if (!table.ok()) {
        Error e = std::move(table).error();
        if (e.code == ErrorCode::Corrupt)  // short read: the table lies past the end of the file
            e.message = "L2 table at " + hex(l2Offset) + " (L1 index " + std::to_string(l1Index) +
                        ") lies beyond the end of the file";
        e.path = m_file->path();
        return e;
    }
    return table;
}

Result<L2Entry> ClusterMap::entryIn(uint64_t l2Offset, uint64_t guest)
{
    DS_ASSIGN_OR_RETURN(uint8_t* table, l2Table(l2Offset, guest >> m_l1Shift));
    const uint64_t l2Mask = (uint64_t{1} << (m_l1Shift - m_clusterBits)) - 1;
    const unsigned entryBytes = m_ctx.extendedL2 ? 16 : 8;
    const uint8_t* e = table + ((guest >> m_clusterBits) & l2Mask) * entryBytes;
    return L2Entry{loadBe64(e), m_ctx.extendedL2 ? loadBe64(e + 8) : 0};
}

Status ClusterMap::setEntryIn(uint64_t l2Offset, uint64_t guest, L2Entry value)
{
    DS_ASSIGN_OR_RETURN(uint8_t* table, l2Table(l2Offset, guest >> m_l1Shift));
    const uint64_t l2Mask = (uint64_t{1} << (m_l1Shift - m_clusterBits)) - 1;
    const unsigned entryBytes = m_ctx.extendedL2 ? 16 : 8;
    uint8_t* e = table + ((guest >> m_clusterBits) & l2Mask) * entryBytes;
    storeBe64(e, value.entry);
    if (m_ctx.extendedL2)
        storeBe64(e + 8, value.bitmap);
    m_cache->markDirty(l2Offset);
    return okStatus();
}

void ClusterMap::setL1Entry(uint64_t index, uint64_t value)
{
    m_l1[index] = value;
    m_dirtyL1.insert(index);
}

Status ClusterMap::writeDirtyL1(HostFile& file, uint64_t l1Offset)
{
    for (uint64_t index : m_dirtyL1) {
        uint8_t raw[8];
        storeBe64(raw, m_l1[index]);
        DS_TRY(file.writeFor(WritePurpose::L1Entry, l1Offset + index * 8, raw));
    }
    m_dirtyL1.clear();
    return okStatus();
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
    DS_ASSIGN_OR_RETURN(const uint8_t* table, l2Table(l2Offset, l1Index));

    const uint64_t clusterSize = uint64_t{1} << m_clusterBits;
    const uint32_t subBits = m_ctx.extendedL2 ? m_clusterBits - 5 : m_clusterBits;
    const uint64_t granule = uint64_t{1} << subBits;
    const uint64_t l2Mask = (uint64_t{1} << (m_l1Shift - m_clusterBits)) - 1;
    const unsigned entryBytes = m_ctx.extendedL2 ? 16 : 8;

    // Classifies the granule containing guest offset `g`; returns its type and host offset of `g`.
    auto classify = [&](uint64_t g, uint64_t& entryOut, uint64_t& hostOut) -> Result<SubclusterType> {
        uint64_t l2Index = (g >> m_clusterBits) & l2Mask;
        const uint8_t* e = table + l2Index * entryBytes;
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
