// SPDX-License-Identifier: GPL-2.0-or-later
// Writable refcounts: the refcount table in memory, refcount blocks in a write-back cache, and
// the cluster allocator. Crash-safety rules kept here:
//  - raising a refcount is always safe to write early, so blocks holding only increases may
//    reach the disk at any time (the L2 cache flushes them, then syncs, before any L2 write);
//  - lowering a refcount is queued and applied only after the references are gone on disk
//    (applyQueuedDecreases(), called by the image's flush after its L2/L1 writes are synced);
//  - a new refcount block describes itself and is written and synced before the table entry
//    that activates it; a grown table is complete on disk before the header points at it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "diskscope/error.h"
#include "format/qcow2/qcow2_file_io.h"
#include "format/qcow2/qcow2_header.h"
#include "format/qcow2/qcow2_metadata_cache.h"

namespace diskscope::qcow2 {

class Refcounts {
public:
    static constexpr uint64_t kDefaultCacheBytes = 4ull << 20;

    // Loads the refcount table of `header` and registers it and every refcount block as metadata.
    static Result<std::unique_ptr<Refcounts>> load(FileIo& io, const Header& header,
                                                   uint64_t cacheBytes = kDefaultCacheBytes);

    Result<uint64_t> get(uint64_t cluster);
    // Finds `count` contiguous clusters with refcount 0, sets them to 1 and returns the host
    // offset of the first. May create refcount blocks or grow the refcount table on the way.
    Result<uint64_t> allocate(uint64_t count);
    // +1 on an allocated cluster (a second compressed cluster in the same host cluster,
    // a snapshot taking a reference). Fails cleanly when the width would overflow.
    Status increase(uint64_t cluster);
    // -1, deferred: see the class comment.
    void queueDecrease(uint64_t cluster) { m_queuedDecreases.push_back(cluster); }
    // The same for every cluster that [offset, offset + bytes) touches (nothing when bytes is 0).
    void queueDecreaseRange(uint64_t offset, uint64_t bytes);
    bool hasQueuedDecreases() const { return !m_queuedDecreases.empty(); }
    Status applyQueuedDecreases();

    // qemu's "refcount area": a new refcount table at `startCluster` (past every used cluster)
    // with the refcount blocks needed to count everything up to `additional` clusters beyond
    // the area, new blocks first and the table right after them, every area cluster counted
    // once. Crash-safe as growTable: written and synced, one header switch, old table freed.
    // Returns the first cluster after the area (where the caller's clusters may go: they are
    // covered and free; claim() counts them).
    Result<uint64_t> createArea(uint64_t startCluster, uint64_t additional);
    // Sets refcount 1 on `count` free clusters from `first`, which refcount blocks already cover.
    Status claim(uint64_t first, uint64_t count);
    // The highest cluster below `endCluster` with a refcount above 0, or nullopt.
    Result<std::optional<uint64_t>> lastUsedCluster(uint64_t endCluster);

    MetadataCache& cache() { return m_cache; }
    // Writes dirty blocks (no sync).
    Status flush() { return m_cache.flush(); }

    // The refcount table and every refcount block, as (offset, bytes).
    std::vector<std::pair<uint64_t, uint64_t>> structure() const;

    uint64_t tableOffset() const { return m_tableOffset; }
    uint32_t tableClusters() const { return m_tableClusters; }

private:
    Refcounts(FileIo& io, const Header& header, uint64_t cacheBytes);
    Status set(uint64_t cluster, uint64_t value);
    Status decreaseNow(uint64_t cluster);
    // Makes sure table entry `tableIndex` (inside the table) has a refcount block.
    Status ensureBlock(uint64_t tableIndex);
    Result<uint64_t> firstFreeFrom(uint64_t cluster);
    // A new block at `atCluster`, inside the range it describes, counting itself.
    Status createBlock(uint64_t tableIndex, uint64_t atCluster);
    // Writes the cached blocks, syncs, then points table entry `tableIndex` at the block.
    Status activateBlock(uint64_t tableIndex, uint64_t blockOffset);
    Status growTable(uint64_t neededIndex);
    // Writes `table` (clusters of entries) at `offset`, syncs, switches the header's pair to
    // it, then frees the old table.
    Status installTable(std::vector<uint64_t> table, uint64_t offset, uint64_t clusters);
    uint64_t maxValue() const;

    FileIo& m_io;
    uint32_t m_clusterBits;
    uint32_t m_order;
    uint32_t m_entriesShift;  // log2(refcounts per block)
    std::vector<uint64_t> m_table;
    uint64_t m_tableOffset;
    uint32_t m_tableClusters;
    MetadataCache m_cache;
    uint64_t m_freeHint = 0;
    std::vector<uint64_t> m_queuedDecreases;
};

// Refcount blocks and table clusters that count `clusters` clusters and themselves: the fixed
// point of blocks = ceil((clusters + blocks + table) / per block), table = ceil(blocks / per
// table cluster), as qemu-img sizes its refcount structures.
struct RefcountMetadataSize {
    uint64_t blocks = 0;
    uint64_t tableClusters = 0;
};
RefcountMetadataSize refcountMetadataSize(uint64_t clusters, uint64_t refcountsPerBlock, uint64_t entriesPerTableCluster);

// Writes entry `index` of a refcount block of width 2^order bits.
void encodeRefcount(uint8_t* block, uint64_t index, uint32_t order, uint64_t value);

}  // namespace diskscope::qcow2
