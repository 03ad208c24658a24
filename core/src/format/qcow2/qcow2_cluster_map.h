// SPDX-License-Identifier: GPL-2.0-or-later
// The guest-to-host mapping: the active L1 table in memory and a bounded cache of L2 tables.
// Reads look up runs of equal type; the write path changes entries in cached tables (written
// back later, in crash-safe order, by the image's flush) and L1 entries (kept dirty in memory
// and written after the L2 tables they point to).
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <vector>

#include "diskscope/error.h"
#include "diskscope/host_file.h"
#include "format/qcow2/qcow2_header.h"
#include "format/qcow2/qcow2_l2_entry.h"
#include "format/qcow2/qcow2_metadata_cache.h"

namespace diskscope::qcow2 {

// A run of guest bytes that share one subcluster type; for host-mapped types the host
// offsets are contiguous too. A run never crosses an L2 table, and a compressed run is
// one cluster (each has its own descriptor).
struct ClusterRun {
    SubclusterType type = SubclusterType::UnallocatedPlain;
    uint64_t bytes = 0;
    uint64_t hostOffset = 0;  // host offset of the run's first byte (host-mapped types)
    uint64_t l2Entry = 0;     // the entry itself (compressed runs: the descriptor)
};

// One L2 entry as stored (bitmap is 0 without extended L2).
struct L2Entry {
    uint64_t entry = 0;
    uint64_t bitmap = 0;
};

class ClusterMap {
public:
    static constexpr uint64_t kDefaultCacheBytes = 32ull << 20;

    // Reads the active L1 table. Precondition: the header was validated (table inside the file).
    static Result<std::unique_ptr<ClusterMap>> load(HostFile& file, const Header& header,
                                                    uint64_t cacheBytes = kDefaultCacheBytes);
    // A map over an L1 table already read and checked (an internal snapshot's).
    static std::unique_ptr<ClusterMap> withL1(HostFile& file, const Header& header, std::vector<uint64_t> l1,
                                              uint64_t cacheBytes = kDefaultCacheBytes);

    // The run starting at guest `offset`, at most `maxBytes` long (> 0).
    Result<ClusterRun> lookup(uint64_t offset, uint64_t maxBytes);

    const L2EntryContext& context() const { return m_ctx; }
    uint32_t l1Shift() const { return m_l1Shift; }
    uint64_t l1Size() const { return m_l1.size(); }
    uint64_t l1Entry(uint64_t index) const { return m_l1[index]; }
    const std::vector<uint64_t>& l1() const { return m_l1; }

    // --- write support ---
    MetadataCache& l2Cache() { return *m_cache; }
    // The stored entry for the cluster containing `guest` in the L2 table at `l2Offset`.
    Result<L2Entry> entryIn(uint64_t l2Offset, uint64_t guest);
    // Replaces that entry in the cached table and marks the table dirty.
    Status setEntryIn(uint64_t l2Offset, uint64_t guest, L2Entry value);
    // Changes an L1 entry in memory; it is written by writeDirtyL1().
    void setL1Entry(uint64_t index, uint64_t value);
    bool hasDirtyL1() const { return !m_dirtyL1.empty(); }
    // Grows the in-memory L1 table (new entries 0) after the image moved it on disk.
    void growL1(uint64_t entries) { m_l1.resize(entries, 0); }
    // Writes the changed L1 entries (each an aligned 8-byte write) to the table at `l1Offset`.
    Status writeDirtyL1(HostFile& file, uint64_t l1Offset);

private:
    ClusterMap(HostFile& file, const Header& header, std::vector<uint64_t> l1, uint64_t cacheBytes);
    // The L2 table at `l2Offset`, checked and read through the cache.
    Result<uint8_t*> l2Table(uint64_t l2Offset, uint64_t l1Index);

    HostFile* m_file;
    uint32_t m_clusterBits;
    uint32_t m_l1Shift;
    L2EntryContext m_ctx;
    std::vector<uint64_t> m_l1;
    std::set<uint64_t> m_dirtyL1;
    std::unique_ptr<MetadataCache> m_cache;
};

}  // namespace diskscope::qcow2
