// SPDX-License-Identifier: GPL-2.0-or-later
// qcow2 image creation: replays qemu-img 7.2's cluster allocation in memory and writes the
// result, so the file matches qemu-img's byte for byte (without preallocation) or layout for
// layout (with it). Every rule here was observed on qemu-img's output files.
#include "format/qcow2/qcow2_create.h"

#include <algorithm>
#include <climits>
#include <map>
#include <vector>

#include "format/qcow2/qcow2_header_writer.h"
#include "format/raw/raw_create.h"
#include "util/big_endian.h"

namespace diskscope::qcow2 {
namespace {

uint64_t divRoundUp(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

// The clusters of the new file and their refcounts (all 0 or 1 in a new image), the refcount
// table, and the writes that build them, in qemu-img's order.
class LayoutWriter {
public:
    LayoutWriter(HostFile& file, const CreateSpec& spec, std::stop_token stop)
        : m_file(file),
          m_stop(std::move(stop)),
          m_clusterBits(spec.clusterBits),
          m_clusterSize(uint64_t{1} << spec.clusterBits),
          m_refcountOrder(spec.refcountOrder),
          m_refcountsPerBlock((m_clusterSize * 8) >> spec.refcountOrder),
          m_entriesPerTableCluster(m_clusterSize / 8)
    {
    }

    uint64_t clusterSize() const { return m_clusterSize; }
    uint64_t fileLength() const { return m_fileLength; }

    // qemu-img starts with the header in cluster 0, a one-cluster refcount table in cluster 1
    // and the refcount block for clusters 0.. in cluster 2, all written in full.
    Status start()
    {
        markUsedRaw(0, 3);
        m_table.assign(m_entriesPerTableCluster, 0);
        m_table[0] = 2 * m_clusterSize;
        m_tableCluster = 1;
        m_tableClusters = 1;
        return writeZeros(0, 3 * m_clusterSize);
    }

    // Allocates `count` contiguous clusters first fit from the free index, then raises their
    // refcounts (which may place refcount blocks or grow the table). Returns the first cluster.
    Result<uint64_t> allocate(uint64_t count)
    {
        uint64_t first = firstFit(count);
        m_freeIndex = first + count;
        markUsedRaw(first, count);
        DS_TRY(ensureRefcountBlocks(first, count));
        return first;
    }

    // Marks clusters used without touching the free index (qemu-img's falloc/full data area,
    // whose refcount blocks the refcount area already provides).
    Status claim(uint64_t first, uint64_t count)
    {
        markUsedRaw(first, count);
        return ensureRefcountBlocks(first, count);
    }

    // A new refcount table at `startCluster` with the refcount blocks for everything up to
    // `additional` clusters beyond it (qemu-img's "refcount area"): new blocks first, the table
    // right after, the old table freed. Returns the first cluster after the area.
    Result<uint64_t> refcountArea(uint64_t startCluster, uint64_t additional, bool generous, bool lowerFreeIndex,
                                  std::optional<uint64_t> newBlockIndex = {}, uint64_t newBlockCluster = 0)
    {
        // Blocks and table clusters needed to count every cluster up to the area's end,
        // including themselves: the fixed point of blocks = ceil((clusters + blocks + table) / n).
        uint64_t clusters = startCluster + additional;
        uint64_t blocks = 0, table = 0, total = 0, last;
        do {
            last = total;
            blocks = divRoundUp(clusters + table + blocks, m_refcountsPerBlock);
            table = divRoundUp(blocks, m_entriesPerTableCluster);
            total = clusters + blocks + table;
        } while (total != last);
        // A table grown on demand gets room for half as many blocks again, so it does not
        // have to move at the very next block (observed: 202 blocks -> 5 clusters of 64).
        uint64_t tableClusters = generous ? divRoundUp(blocks + blocks / 2, m_entriesPerTableCluster)
                                          : divRoundUp(blocks, m_entriesPerTableCluster);

        std::vector<uint64_t> newTable(tableClusters * m_entriesPerTableCluster, 0);
        std::copy(m_table.begin(), m_table.end(), newTable.begin());
        if (newBlockIndex)
            newTable[*newBlockIndex] = newBlockCluster << m_clusterBits;
        uint64_t pos = startCluster;
        for (uint64_t index = startCluster / m_refcountsPerBlock; index < blocks; ++index) {
            if (newTable[index] == 0)
                newTable[index] = (pos++) << m_clusterBits;
        }
        const uint64_t newTableCluster = pos;
        markUsedRaw(startCluster, newTableCluster + tableClusters - startCluster);

        // The old table as it stood (it stays in the file, freed) and the new one.
        DS_TRY(writeTable(m_tableCluster, m_table, m_tableClusters));
        const uint64_t oldCluster = m_tableCluster, oldClusters = m_tableClusters;
        m_table = std::move(newTable);
        m_tableCluster = newTableCluster;
        m_tableClusters = tableClusters;
        DS_TRY(writeTable(m_tableCluster, m_table, m_tableClusters));
        markFree(oldCluster, oldClusters);
        if (lowerFreeIndex)
            m_freeIndex = std::min(m_freeIndex, oldCluster);
        return newTableCluster + tableClusters;
    }

    // Writes `bytes` at `offset`, tracking the file's length.
    Status writeAt(uint64_t offset, std::span<const uint8_t> bytes)
    {
        DS_TRY(m_file.writeAt(offset, bytes));
        m_fileLength = std::max(m_fileLength, offset + bytes.size());
        return okStatus();
    }
    Status writeZeros(uint64_t offset, uint64_t length)
    {
        std::vector<uint8_t> zeros(std::min<uint64_t>(length, 4u << 20), 0);
        while (length > 0) {
            if (m_stop.stop_requested())
                return makeError(ErrorCode::Cancelled, "creation cancelled");
            size_t n = static_cast<size_t>(std::min<uint64_t>(length, zeros.size()));
            DS_TRY(writeAt(offset, std::span<const uint8_t>(zeros.data(), n)));
            offset += n;
            length -= n;
        }
        return okStatus();
    }
    void extendTo(uint64_t length) { m_fileLength = std::max(m_fileLength, length); }

    // The final refcount blocks and table (refcounts are only known once everything is placed).
    Status writeRefcounts()
    {
        for (uint64_t index = 0; index < m_table.size(); ++index) {
            if (m_table[index] == 0)
                continue;
            std::vector<uint8_t> block(m_clusterSize, 0);
            const uint64_t base = index * m_refcountsPerBlock;
            for (auto it = firstUsedFrom(base); it != m_used.end() && it->first < base + m_refcountsPerBlock; ++it) {
                const uint64_t from = std::max(it->first, base);
                const uint64_t to = std::min(it->second, base + m_refcountsPerBlock);
                for (uint64_t c = from; c < to; ++c)
                    setRefcountOne(block, c - base);
            }
            DS_TRY(writeAt(m_table[index], block));
        }
        return writeTable(m_tableCluster, m_table, m_tableClusters);
    }

    uint64_t tableOffset() const { return m_tableCluster << m_clusterBits; }
    uint32_t tableClusters() const { return static_cast<uint32_t>(m_tableClusters); }

private:
    void setRefcountOne(std::vector<uint8_t>& block, uint64_t slot)
    {
        const uint32_t bits = 1u << m_refcountOrder;
        if (bits >= 8) {
            // Big-endian: the last byte of the entry holds the low bits.
            block[(slot * bits) / 8 + bits / 8 - 1] = 1;
        } else {
            // Sub-byte widths fill each byte from its least significant bit.
            const uint64_t bit = slot * bits;
            block[bit / 8] |= static_cast<uint8_t>(1u << (bit % 8));
        }
    }

    Status writeTable(uint64_t cluster, const std::vector<uint64_t>& table, uint64_t clusters)
    {
        std::vector<uint8_t> bytes(clusters << m_clusterBits, 0);
        for (size_t i = 0; i < table.size(); ++i)
            storeBe64(&bytes[i * 8], table[i]);
        return writeAt(cluster << m_clusterBits, bytes);
    }

    // Used clusters as disjoint [start, end) runs keyed by start.
    std::map<uint64_t, uint64_t>::iterator firstUsedFrom(uint64_t cluster)
    {
        auto it = m_used.upper_bound(cluster);
        if (it != m_used.begin()) {
            auto prev = std::prev(it);
            if (prev->second > cluster)
                return prev;
        }
        return it;
    }

    uint64_t firstFit(uint64_t count)
    {
        uint64_t candidate = m_freeIndex;
        for (auto it = firstUsedFrom(candidate); it != m_used.end(); ++it) {
            if (it->first >= candidate + count)
                break;
            candidate = std::max(candidate, it->second);
        }
        return candidate;
    }

    void markUsedRaw(uint64_t first, uint64_t count)
    {
        if (count == 0)
            return;
        uint64_t start = first, end = first + count;
        auto it = firstUsedFrom(start);
        if (it != m_used.begin()) {
            auto prev = std::prev(it);
            if (prev->second == start)
                it = prev;
        }
        while (it != m_used.end() && it->first <= end) {
            start = std::min(start, it->first);
            end = std::max(end, it->second);
            it = m_used.erase(it);
        }
        m_used[start] = end;
    }

    void markFree(uint64_t first, uint64_t count)
    {
        const uint64_t end = first + count;
        auto it = firstUsedFrom(first);
        while (it != m_used.end() && it->first < end) {
            const uint64_t runStart = it->first, runEnd = it->second;
            it = m_used.erase(it);
            if (runStart < first)
                m_used[runStart] = first;
            if (runEnd > end)
                it = m_used.emplace(end, runEnd).first;
        }
    }

    // qemu-img raises refcounts cluster by cluster; where a cluster's refcount block does not
    // exist yet it allocates one at the free index (self-describing when it lands in its own
    // range), growing the table when the block's index does not fit.
    Status ensureRefcountBlocks(uint64_t first, uint64_t count)
    {
        const uint64_t firstIndex = first / m_refcountsPerBlock;
        const uint64_t lastIndex = (first + count - 1) / m_refcountsPerBlock;
        for (uint64_t index = firstIndex; index <= lastIndex; ++index) {
            if (index < m_table.size() && m_table[index] != 0)
                continue;
            const uint64_t cluster = std::max(first, index * m_refcountsPerBlock);
            DS_TRY(allocateRefcountBlock(index, cluster));
        }
        return okStatus();
    }

    Status allocateRefcountBlock(uint64_t index, uint64_t forCluster)
    {
        const uint64_t block = firstFit(1);
        m_freeIndex = block + 1;
        markUsedRaw(block, 1);
        if (index < m_table.size()) {
            // A block outside its own range needs its refcount counted first; qemu-img stores
            // the table entry only after that, so a table growth in between leaves the old
            // table without this entry (observed in the freed old table's bytes).
            if (block / m_refcountsPerBlock != index)
                DS_TRY(ensureRefcountBlocks(block, 1));
            m_table[index] = block << m_clusterBits;
            return writeTable(m_tableCluster, m_table, m_tableClusters);
        }
        // The table is full: a new, larger one goes past every block in use, after the
        // refcount blocks that describe it (qemu-img's placement).
        const uint64_t used = std::max(forCluster + 1, block + 1);
        uint64_t start = divRoundUp(used, m_refcountsPerBlock) * m_refcountsPerBlock;
        if (!m_used.empty())
            start = std::max(start, divRoundUp(std::prev(m_used.end())->second, m_refcountsPerBlock) *
                                        m_refcountsPerBlock);
        auto area = refcountArea(start, 0, true, false, index, block);
        if (!area.ok())
            return std::move(area).error();
        // The new block's own refcount lives in another block when it is not self-describing.
        return ensureRefcountBlocks(block, 1);
    }

    HostFile& m_file;
    std::stop_token m_stop;  // checked while zeros are written (preallocation=full)
    const uint32_t m_clusterBits;
    const uint64_t m_clusterSize;
    const uint32_t m_refcountOrder;
    const uint64_t m_refcountsPerBlock;
    const uint64_t m_entriesPerTableCluster;
    std::map<uint64_t, uint64_t> m_used;
    uint64_t m_freeIndex = 0;
    std::vector<uint64_t> m_table;  // refcount block host offsets
    uint64_t m_tableCluster = 1;
    uint64_t m_tableClusters = 1;
    uint64_t m_fileLength = 0;
};

// One L2 entry (standard: 8 bytes; extended: 8 bytes plus a zero bitmap, which qemu-img
// leaves clear so preallocated subclusters read as unallocated).
void setL2Entry(std::vector<uint8_t>& table, uint64_t index, uint64_t entryBytes, uint64_t value)
{
    storeBe64(&table[index * entryBytes], value);
}

}  // namespace

bool sizeFitsL1Limit(uint64_t size, uint32_t clusterBits, bool extendedL2)
{
    const uint32_t l2Bits = clusterBits - (extendedL2 ? 4 : 3);
    const uint32_t shift = clusterBits + l2Bits;
    const uint64_t entries = (size >> shift) + ((size & ((uint64_t{1} << shift) - 1)) ? 1 : 0);
    return entries * 8 <= kMaxL1Bytes;
}

Status writeQcow2Image(HostFile& file, HostFile* dataFile, const CreateSpec& spec, ProgressSink& progress,
                       std::stop_token stop)
{
    LayoutWriter layout(file, spec, stop);
    const uint64_t cs = layout.clusterSize();
    const uint64_t entryBytes = spec.extendedL2 ? 16 : 8;
    const uint64_t l2Entries = cs / entryBytes;
    const uint64_t bytesPerL2 = l2Entries * cs;
    const uint64_t l1Size = divRoundUp(spec.size, bytesPerL2);
    const uint64_t guestClusters = divRoundUp(spec.size, cs);
    const bool external = spec.dataFile.has_value();
    const bool preallocate = spec.preallocation != Preallocation::Off || spec.dataFileRaw;

    DS_TRY(layout.start());

    // The L1 table: qemu-img grows it from nothing to its final size, one allocation.
    uint64_t l1Cluster = 0;
    std::vector<uint64_t> l1(l1Size, 0);
    if (l1Size > 0) {
        DS_ASSIGN_OR_RETURN(l1Cluster, layout.allocate(divRoundUp(l1Size * 8, cs)));
        DS_TRY(layout.writeZeros(l1Cluster * cs, l1Size * 8));
    }

    // falloc/full without a data file: the refcount structures for the whole file are laid out
    // first (new table after the L1), the data clusters follow them in one run, and the L2
    // tables are then placed first fit (the first one in the old table's freed cluster).
    const bool dataInImage = !external && (spec.preallocation == Preallocation::Falloc ||
                                           spec.preallocation == Preallocation::Full);
    uint64_t dataRunCluster = 0;
    if (dataInImage) {
        const uint64_t start = divRoundUp(layout.fileLength(), cs);
        DS_ASSIGN_OR_RETURN(dataRunCluster, layout.refcountArea(start, guestClusters + l1Size, false, true));
        DS_TRY(layout.claim(dataRunCluster, guestClusters));
        const uint64_t runStart = layout.fileLength();
        const uint64_t runEnd = (dataRunCluster + guestClusters) * cs;
        if (runEnd > runStart) {
            if (spec.preallocation == Preallocation::Full) {
                DS_TRY(layout.writeZeros(runStart, runEnd - runStart));
            } else {
                DS_TRY(preallocateRange(file, runStart, runEnd - runStart));
                layout.extendTo(runEnd);
            }
        }
    }

    if (preallocate && l1Size > 0) {
        uint64_t lastClusterHost = 0;  // host offset of the last guest cluster
        for (uint64_t l1Index = 0; l1Index < l1Size; ++l1Index) {
            if (stop.stop_requested())
                return makeError(ErrorCode::Cancelled, "creation cancelled");
            DS_ASSIGN_OR_RETURN(uint64_t l2Cluster, layout.allocate(1));
            l1[l1Index] = kCopied | (l2Cluster * cs);
            std::vector<uint8_t> l2(cs, 0);
            const uint64_t firstGuest = l1Index * l2Entries;
            const uint64_t count = std::min(l2Entries, guestClusters - firstGuest);
            uint64_t done = 0;
            while (done < count) {
                uint64_t host;
                uint64_t run;
                if (external) {
                    // Guest offset = host offset in the data file; nothing to allocate here.
                    run = count - done;
                    host = (firstGuest + done) * cs;
                } else if (dataInImage) {
                    run = count - done;
                    host = (dataRunCluster + firstGuest + done) * cs;
                } else {
                    // qemu-img allocates at most INT_MAX bytes of clusters at a time.
                    run = std::min<uint64_t>(count - done, uint64_t{INT_MAX} >> spec.clusterBits);
                    DS_ASSIGN_OR_RETURN(uint64_t first, layout.allocate(run));
                    host = first * cs;
                }
                for (uint64_t i = 0; i < run; ++i)
                    setL2Entry(l2, done + i, entryBytes, kCopied | (host + i * cs));
                lastClusterHost = host + (run - 1) * cs;
                done += run;
            }
            DS_TRY(layout.writeAt(l2Cluster * cs, l2));
            progress.progress(l1Index + 1, l1Size);
        }

        // The guest's last byte sits in the last cluster; qemu-img sizes the file to it and its
        // copy-on-write fills the rest of that cluster (subcluster with extended L2) with zeros.
        const uint64_t tail = spec.size - (guestClusters - 1) * cs;  // guest bytes in the last cluster
        const uint64_t granule = spec.extendedL2 ? cs / kSubclustersPerCluster : cs;
        const uint64_t tailEnd = divRoundUp(tail, granule) * granule;
        HostFile& dataHolder = external ? *dataFile : file;
        if (!external) {
            layout.extendTo(lastClusterHost + tail);
            if (spec.preallocation == Preallocation::Metadata && tailEnd > tail)
                DS_TRY(layout.writeZeros(lastClusterHost + tail, tailEnd - tail));
        } else if (tailEnd > tail && spec.preallocation != Preallocation::Off) {
            std::vector<uint8_t> zeros(tailEnd - tail, 0);
            DS_TRY(dataHolder.writeAt(lastClusterHost + tail, zeros));
        }
    }

    // Final state: refcounts, L1, header.
    DS_TRY(layout.writeRefcounts());
    if (l1Size > 0) {
        std::vector<uint8_t> l1Bytes(l1Size * 8, 0);
        for (uint64_t i = 0; i < l1Size; ++i)
            storeBe64(&l1Bytes[i * 8], l1[i]);
        DS_TRY(layout.writeAt(l1Cluster * cs, l1Bytes));
    }

    Header h;
    h.version = spec.version;
    h.clusterBits = spec.clusterBits;
    h.size = spec.size;
    h.l1Size = static_cast<uint32_t>(l1Size);
    h.l1TableOffset = l1Cluster * cs;
    h.refcountTableOffset = layout.tableOffset();
    h.refcountTableClusters = layout.tableClusters();
    h.refcountOrder = spec.refcountOrder;
    if (spec.version >= 3) {
        h.headerLength = 112;
        h.compressionType = spec.compression;
        if (external)
            h.incompatibleFeatures |= kIncompatDataFile;
        if (spec.compression != CompressionType::Zlib)
            h.incompatibleFeatures |= kIncompatCompression;
        if (spec.extendedL2)
            h.incompatibleFeatures |= kIncompatExtendedL2;
        if (spec.lazyRefcounts)
            h.compatibleFeatures |= kCompatLazyRefcounts;
        if (spec.dataFileRaw)
            h.autoclearFeatures |= kAutoclearDataFileRaw;
        // qemu-img 7.2 leaves the feature name table out of images with clusters below 8 KiB
        // (observed at 512 B to 4 KiB, with and without other extensions).
        if (spec.clusterBits >= 13)
            h.featureNames = qemuFeatureNameTable();
    } else {
        h.headerLength = kV2HeaderLength;
    }
    h.backingFile = spec.backingFile;
    h.backingFormat = spec.backingFormat;
    h.dataFile = spec.dataFile;
    DS_ASSIGN_OR_RETURN(std::vector<uint8_t> cluster0, encodeHeader(h));
    DS_TRY(layout.writeAt(0, cluster0));

    DS_TRY(file.resize(layout.fileLength()));
    return file.flush();
}

}  // namespace diskscope::qcow2
