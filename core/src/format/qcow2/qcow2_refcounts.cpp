// SPDX-License-Identifier: GPL-2.0-or-later
// Refcount updates and cluster allocation.
#include "format/qcow2/qcow2_refcounts.h"

#include <algorithm>

#include "format/qcow2/qcow2_refcount_reader.h"
#include "util/big_endian.h"
#include "util/hex.h"

namespace diskscope::qcow2 {

namespace {
constexpr uint64_t kRefTableOffsetField = 48;  // refcount_table_offset (8) + clusters (4)
}

void encodeRefcount(uint8_t* block, uint64_t index, uint32_t order, uint64_t value)
{
    uint32_t bits = 1u << order;
    if (bits >= 8) {
        uint8_t* p = block + index * (bits / 8);
        switch (bits) {
        case 8: p[0] = static_cast<uint8_t>(value); break;
        case 16: storeBe16(p, static_cast<uint16_t>(value)); break;
        case 32: storeBe32(p, static_cast<uint32_t>(value)); break;
        default: storeBe64(p, value); break;
        }
        return;
    }
    uint32_t perByte = 8 / bits;
    uint8_t& byte = block[index / perByte];
    uint32_t shift = static_cast<uint32_t>(index % perByte) * bits;
    uint8_t mask = static_cast<uint8_t>(((1u << bits) - 1) << shift);
    byte = static_cast<uint8_t>((byte & ~mask) | ((value << shift) & mask));
}

Refcounts::Refcounts(FileIo& io, const Header& h, uint64_t cacheBytes)
    : m_io(io),
      m_clusterBits(h.clusterBits),
      m_order(h.refcountOrder),
      m_entriesShift(h.clusterBits + 3 - h.refcountOrder),
      m_tableOffset(h.refcountTableOffset),
      m_tableClusters(h.refcountTableClusters),
      m_cache(io.image(), h.clusterSize(), static_cast<size_t>(cacheBytes >> h.clusterBits), "refcount block", WritePurpose::RefcountBlock)
{
    m_cache.setAfterWrite([this] { m_io.noteWrite(); });
    m_cache.setValidateWrite([this, cs = h.clusterSize()](uint64_t offset) {
        return m_io.checkMetadataWrite(offset, cs, MetadataKind::RefcountBlock);
    });
}

Result<std::unique_ptr<Refcounts>> Refcounts::load(FileIo& io, const Header& h, uint64_t cacheBytes)
{
    auto r = std::unique_ptr<Refcounts>(new Refcounts(io, h, cacheBytes));
    uint64_t bytes = uint64_t{h.refcountTableClusters} << h.clusterBits;
    std::vector<uint8_t> raw(bytes);
    DS_TRY(readExact(io.image(), h.refcountTableOffset, raw, "refcount table"));
    r->m_table.resize(bytes / 8);
    DS_ASSIGN_OR_RETURN(uint64_t fileSize, io.image().size());
    for (uint64_t i = 0; i < r->m_table.size(); ++i) {
        uint64_t block = loadBe64(&raw[i * 8]) & 0xFFFFFFFFFFFFFE00ull;
        if (block & (h.clusterSize() - 1))
            return makeError(ErrorCode::Corrupt, "refcount block offset " + hex(block) + " is not cluster aligned (refcount table index " + std::to_string(i) + ")", io.image().path());
        if (block && (block > fileSize || h.clusterSize() > fileSize - block))
            return makeError(ErrorCode::Corrupt, "refcount block at " + hex(block) + " lies beyond the end of the file", io.image().path());
        r->m_table[i] = block;
        if (block)
            io.addMetadata(block, h.clusterSize(), MetadataKind::RefcountBlock);
    }
    io.addMetadata(h.refcountTableOffset, bytes, MetadataKind::RefcountTable);
    return r;
}

std::vector<std::pair<uint64_t, uint64_t>> Refcounts::structure() const
{
    std::vector<std::pair<uint64_t, uint64_t>> parts{{m_tableOffset, uint64_t{m_tableClusters} << m_clusterBits}};
    for (uint64_t block : m_table)
        if (block)
            parts.emplace_back(block, uint64_t{1} << m_clusterBits);
    return parts;
}

uint64_t Refcounts::maxValue() const
{
    return m_order == 6 ? ~uint64_t{0} : (uint64_t{1} << (1u << m_order)) - 1;
}

Result<uint64_t> Refcounts::get(uint64_t cluster)
{
    uint64_t ti = cluster >> m_entriesShift;
    if (ti >= m_table.size() || m_table[ti] == 0)
        return uint64_t{0};
    DS_ASSIGN_OR_RETURN(uint8_t* block, m_cache.get(m_table[ti]));
    return decodeRefcount(block, cluster & ((uint64_t{1} << m_entriesShift) - 1), m_order);
}

Status Refcounts::set(uint64_t cluster, uint64_t value)
{
    uint64_t ti = cluster >> m_entriesShift;
    if (ti >= m_table.size() || m_table[ti] == 0)
        return makeError(ErrorCode::Corrupt, "no refcount block covers cluster " + std::to_string(cluster), m_io.image().path());
    DS_ASSIGN_OR_RETURN(uint8_t* block, m_cache.get(m_table[ti]));
    encodeRefcount(block, cluster & ((uint64_t{1} << m_entriesShift) - 1), m_order, value);
    m_cache.markDirty(m_table[ti]);
    return okStatus();
}

Status Refcounts::increase(uint64_t cluster)
{
    DS_ASSIGN_OR_RETURN(uint64_t rc, get(cluster));
    if (rc == 0)
        return makeError(ErrorCode::Corrupt, "cannot add a reference to free cluster " + std::to_string(cluster), m_io.image().path());
    if (rc == maxValue())
        return makeError(ErrorCode::InvalidArgument,
                         "refcount of cluster " + std::to_string(cluster) + " would overflow its " +
                             std::to_string(1u << m_order) + "-bit width",
                         m_io.image().path());
    return set(cluster, rc + 1);
}

void Refcounts::queueDecreaseRange(uint64_t offset, uint64_t bytes)
{
    if (bytes == 0)
        return;
    for (uint64_t c = offset >> m_clusterBits; c <= (offset + bytes - 1) >> m_clusterBits; ++c)
        m_queuedDecreases.push_back(c);
}

Status Refcounts::decreaseNow(uint64_t cluster)
{
    DS_ASSIGN_OR_RETURN(uint64_t rc, get(cluster));
    if (rc == 0)
        return makeError(ErrorCode::Corrupt, "refcount of cluster " + std::to_string(cluster) + " would drop below 0", m_io.image().path());
    DS_TRY(set(cluster, rc - 1));
    if (rc == 1)
        m_freeHint = std::min(m_freeHint, cluster);
    return okStatus();
}

Status Refcounts::applyQueuedDecreases()
{
    std::vector<uint64_t> queued;
    queued.swap(m_queuedDecreases);
    for (uint64_t cluster : queued)
        DS_TRY(decreaseNow(cluster));
    return okStatus();
}

Result<uint64_t> Refcounts::firstFreeFrom(uint64_t cluster)
{
    for (;; ++cluster) {
        DS_ASSIGN_OR_RETURN(uint64_t rc, get(cluster));
        if (rc == 0)
            return cluster;
    }
}

Status Refcounts::ensureBlock(uint64_t ti)
{
    if (m_table[ti] != 0)
        return okStatus();
    // As qemu-img: the block goes to the first free cluster from the free hint, which the
    // caller already moved past the clusters it is counting.
    for (;;) {
        DS_ASSIGN_OR_RETURN(uint64_t at, firstFreeFrom(m_freeHint));
        const uint64_t atIndex = at >> m_entriesShift;
        if (atIndex >= m_table.size()) {
            DS_TRY(growTable(atIndex));  // its structures may take `at`: look again
            continue;
        }
        m_freeHint = at + 1;
        if (atIndex == ti)
            return createBlock(ti, at);  // it counts itself
        // Outside its own range: its refcount lives in the block covering it, which must be
        // on disk (with the new block) before the table entry makes the new block live.
        DS_TRY(ensureBlock(atIndex));
        DS_TRY(set(at, 1));
        const uint64_t cs = uint64_t{1} << m_clusterBits;
        DS_TRY(m_cache.create(at << m_clusterBits));
        m_io.addMetadata(at << m_clusterBits, cs, MetadataKind::RefcountBlock);
        return activateBlock(ti, at << m_clusterBits);
    }
}

Status Refcounts::createBlock(uint64_t ti, uint64_t atCluster)
{
    // The block sits inside the range it describes and counts itself, so activating it is
    // one step: the table entry.
    const uint64_t cs = uint64_t{1} << m_clusterBits;
    const uint64_t blockOffset = atCluster << m_clusterBits;
    DS_ASSIGN_OR_RETURN(uint8_t* block, m_cache.create(blockOffset));
    encodeRefcount(block, atCluster & ((uint64_t{1} << m_entriesShift) - 1), m_order, 1);
    m_io.addMetadata(blockOffset, cs, MetadataKind::RefcountBlock);
    return activateBlock(ti, blockOffset);
}

Status Refcounts::activateBlock(uint64_t ti, uint64_t blockOffset)
{
    DS_TRY(m_cache.flush());
    DS_TRY(m_io.sync());
    uint8_t entry[8];
    storeBe64(entry, blockOffset);
    DS_TRY(m_io.writeMetadata(m_tableOffset + ti * 8, entry, MetadataKind::RefcountTable));
    DS_TRY(m_io.sync());
    m_table[ti] = blockOffset;
    return okStatus();
}

Status Refcounts::growTable(uint64_t neededIndex)
{
    const uint64_t cs = uint64_t{1} << m_clusterBits;
    const uint64_t perBlock = uint64_t{1} << m_entriesShift;
    const uint64_t oldEntries = m_table.size();
    const uint64_t entriesPerCluster = cs / 8;
    // New structures go right after the covered area: the first new block covers them.
    const uint64_t start = oldEntries << m_entriesShift;
    uint64_t blocks = 1, tableClusters = 0;
    for (;;) {
        uint64_t wantEntries = std::max({neededIndex + 1, oldEntries + blocks, oldEntries + oldEntries / 2 + 1});
        tableClusters = (wantEntries + entriesPerCluster - 1) / entriesPerCluster;
        uint64_t needBlocks = (blocks + tableClusters + perBlock - 1) / perBlock;
        if (needBlocks <= blocks)
            break;
        blocks = needBlocks;
    }
    if ((tableClusters << m_clusterBits) > kMaxRefTableBytes)
        return makeError(ErrorCode::NoSpace, "the refcount table cannot grow beyond 8 MiB", m_io.image().path());

    // Blocks: each region cluster (blocks, then table) counted once.
    const uint64_t regionClusters = blocks + tableClusters;
    std::vector<uint64_t> newTable(tableClusters * entriesPerCluster, 0);
    std::copy(m_table.begin(), m_table.end(), newTable.begin());
    for (uint64_t b = 0; b < blocks; ++b) {
        const uint64_t blockCluster = start + b;
        DS_ASSIGN_OR_RETURN(uint8_t* block, m_cache.create(blockCluster << m_clusterBits));
        for (uint64_t c = 0; c < regionClusters; ++c) {
            uint64_t cluster = start + c;
            if ((cluster >> m_entriesShift) == oldEntries + b)
                encodeRefcount(block, cluster & (perBlock - 1), m_order, 1);
        }
        newTable[oldEntries + b] = blockCluster << m_clusterBits;
        m_io.addMetadata(blockCluster << m_clusterBits, cs, MetadataKind::RefcountBlock);
    }
    DS_TRY(m_cache.flush());
    return installTable(std::move(newTable), (start + blocks) << m_clusterBits, tableClusters);
}

Status Refcounts::installTable(std::vector<uint64_t> newTable, uint64_t newTableOffset, uint64_t tableClusters)
{
    std::vector<uint8_t> raw(tableClusters << m_clusterBits, 0);
    for (uint64_t i = 0; i < newTable.size(); ++i)
        storeBe64(&raw[i * 8], newTable[i]);
    DS_TRY(m_io.writeMetadata(newTableOffset, raw, MetadataKind::RefcountTable));
    DS_TRY(m_io.sync());

    // Switch the header's refcount_table_offset and refcount_table_clusters in one write.
    uint8_t field[12];
    storeBe64(field, newTableOffset);
    storeBe32(field + 8, static_cast<uint32_t>(tableClusters));
    DS_TRY(m_io.writeMetadata(kRefTableOffsetField, field, MetadataKind::Header));
    DS_TRY(m_io.sync());

    const uint64_t oldOffset = m_tableOffset;
    const uint32_t oldClusters = m_tableClusters;
    m_io.removeMetadata(oldOffset, uint64_t{oldClusters} << m_clusterBits);
    m_io.addMetadata(newTableOffset, tableClusters << m_clusterBits, MetadataKind::RefcountTable);
    m_table = std::move(newTable);
    m_tableOffset = newTableOffset;
    m_tableClusters = static_cast<uint32_t>(tableClusters);
    // Nothing references the old table any more (the header switch is on disk), so its
    // clusters are freed now; guest-level decreases stay queued for the image's flush.
    for (uint32_t i = 0; i < oldClusters; ++i)
        DS_TRY(decreaseNow((oldOffset >> m_clusterBits) + i));
    return okStatus();
}

RefcountMetadataSize refcountMetadataSize(uint64_t clusters, uint64_t refcountsPerBlock, uint64_t entriesPerTableCluster)
{
    RefcountMetadataSize size;
    uint64_t total = 0, last = 0;
    do {
        last = total;
        size.blocks = (clusters + size.tableClusters + size.blocks + refcountsPerBlock - 1) / refcountsPerBlock;
        size.tableClusters = (size.blocks + entriesPerTableCluster - 1) / entriesPerTableCluster;
        total = clusters + size.blocks + size.tableClusters;
    } while (total != last);
    return size;
}

Result<uint64_t> Refcounts::createArea(uint64_t startCluster, uint64_t additional)
{
    const uint64_t cs = uint64_t{1} << m_clusterBits;
    const uint64_t perBlock = uint64_t{1} << m_entriesShift;
    const uint64_t entriesPerCluster = cs / 8;
    const RefcountMetadataSize size = refcountMetadataSize(startCluster + additional, perBlock, entriesPerCluster);
    if ((size.tableClusters << m_clusterBits) > kMaxRefTableBytes)
        return makeError(ErrorCode::NoSpace, "the refcount table cannot grow beyond 8 MiB", m_io.image().path());

    std::vector<uint64_t> newTable(size.tableClusters * entriesPerCluster, 0);
    std::copy_n(m_table.begin(), std::min(m_table.size(), newTable.size()), newTable.begin());
    // Missing blocks from the area's own block on take the area's first clusters, in index order.
    const uint64_t firstIndex = startCluster / perBlock;
    std::vector<bool> created(size.blocks, false);
    uint64_t next = startCluster;
    for (uint64_t i = firstIndex; i < size.blocks; ++i) {
        if (newTable[i] == 0) {
            newTable[i] = (next++) << m_clusterBits;
            created[i] = true;
        }
    }
    const uint64_t tableCluster = next;
    const uint64_t areaEnd = tableCluster + size.tableClusters;
    for (uint64_t i = firstIndex; i < size.blocks; ++i) {
        uint8_t* block = nullptr;
        if (created[i]) {
            DS_ASSIGN_OR_RETURN(block, m_cache.create(newTable[i]));
            m_io.addMetadata(newTable[i], cs, MetadataKind::RefcountBlock);
        } else {
            DS_ASSIGN_OR_RETURN(block, m_cache.get(newTable[i]));
        }
        // The area's clusters (new blocks and table) each count once.
        const uint64_t from = std::max(startCluster, i * perBlock);
        const uint64_t to = std::min(areaEnd, (i + 1) * perBlock);
        for (uint64_t c = from; c < to; ++c) {
            if (decodeRefcount(block, c - i * perBlock, m_order) != 0)
                return makeError(ErrorCode::Corrupt, "cluster " + std::to_string(c) + " of the new refcount area is in use",
                                 m_io.image().path());
            encodeRefcount(block, c - i * perBlock, m_order, 1);
        }
        m_cache.markDirty(newTable[i]);
    }
    DS_TRY(m_cache.flush());
    DS_TRY(installTable(std::move(newTable), tableCluster << m_clusterBits, size.tableClusters));
    return areaEnd;
}

Status Refcounts::claim(uint64_t first, uint64_t count)
{
    for (uint64_t c = first; c < first + count; ++c) {
        DS_ASSIGN_OR_RETURN(uint64_t rc, get(c));
        if (rc != 0 || (c >> m_entriesShift) >= m_table.size() || m_table[c >> m_entriesShift] == 0)
            return makeError(ErrorCode::Corrupt, "cluster " + std::to_string(c) + " cannot be claimed", m_io.image().path());
        DS_TRY(set(c, 1));
    }
    return okStatus();
}

Result<std::optional<uint64_t>> Refcounts::lastUsedCluster(uint64_t endCluster)
{
    for (uint64_t c = endCluster; c > 0; --c) {
        DS_ASSIGN_OR_RETURN(uint64_t rc, get(c - 1));
        if (rc)
            return std::optional<uint64_t>(c - 1);
    }
    return std::optional<uint64_t>();
}

Result<uint64_t> Refcounts::allocate(uint64_t count)
{
    for (;;) {
        // First fit from the hint: a run of clusters with refcount 0 (clusters no block
        // covers yet count as free), as qemu-img searches.
        uint64_t c = m_freeHint;
        uint64_t run = 0;
        while (run < count) {
            DS_ASSIGN_OR_RETURN(uint64_t rc, get(c + run));
            if (rc != 0) {
                c += run + 1;
                run = 0;
            } else {
                ++run;
            }
        }
        const uint64_t lastIndex = (c + count - 1) >> m_entriesShift;
        if (lastIndex >= m_table.size()) {
            DS_TRY(growTable(lastIndex));  // its structures may sit in the run: search again
            continue;
        }
        m_freeHint = c + count;
        for (uint64_t i = 0; i < count; ++i) {
            DS_TRY(ensureBlock((c + i) >> m_entriesShift));
            DS_TRY(set(c + i, 1));
        }
        return c << m_clusterBits;
    }
}

}  // namespace diskscope::qcow2
