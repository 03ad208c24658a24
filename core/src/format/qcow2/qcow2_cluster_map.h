// SPDX-License-Identifier: GPL-2.0-or-later
// The guest-to-host mapping: the active L1 table in memory and a bounded LRU cache of L2 tables.
#pragma once

#include <cstdint>
#include <list>
#include <unordered_map>
#include <vector>

#include "diskscope/error.h"
#include "diskscope/host_file.h"
#include "format/qcow2/qcow2_header.h"
#include "format/qcow2/qcow2_l2_entry.h"

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

class ClusterMap {
public:
    static constexpr uint64_t kDefaultCacheBytes = 32ull << 20;

    // Reads the active L1 table. Precondition: the header was validated (table inside the file).
    static Result<ClusterMap> load(HostFile& file, const Header& header, uint64_t cacheBytes = kDefaultCacheBytes);

    // The run starting at guest `offset`, at most `maxBytes` long (> 0).
    Result<ClusterRun> lookup(uint64_t offset, uint64_t maxBytes);

    const std::vector<uint64_t>& l1() const { return m_l1; }

private:
    ClusterMap(HostFile& file, const Header& header, std::vector<uint64_t> l1, uint64_t cacheBytes);
    // The L2 table at `l2Offset`, from the cache or the file.
    Result<const std::vector<uint8_t>*> l2Table(uint64_t l2Offset, uint64_t l1Index);

    HostFile* m_file;
    uint64_t m_fileSize = 0;
    uint32_t m_clusterBits;
    uint32_t m_l1Shift;
    L2EntryContext m_ctx;
    std::vector<uint64_t> m_l1;

    // LRU: most recently used at the front.
    struct CachedTable {
        uint64_t offset;
        std::vector<uint8_t> data;
    };
    std::list<CachedTable> m_lru;
    std::unordered_map<uint64_t, std::list<CachedTable>::iterator> m_index;
    size_t m_maxTables;
};

}  // namespace diskscope::qcow2
