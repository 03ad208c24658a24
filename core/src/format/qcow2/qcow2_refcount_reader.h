// SPDX-License-Identifier: GPL-2.0-or-later
// Read-only access to cluster refcounts: the refcount table in memory, one refcount block cached.
// Widths of 8 bits and more are big-endian integers; narrower ones pack from the least
// significant bit of each byte.
#pragma once

#include <cstdint>
#include <vector>

#include "diskscope/error.h"
#include "diskscope/host_file.h"
#include "format/qcow2/qcow2_header.h"

namespace diskscope::qcow2 {

class RefcountReader {
public:
    static Result<RefcountReader> load(HostFile& file, const Header& header);

    // Refcount of host cluster `cluster`; 0 when no refcount block covers it.
    Result<uint64_t> refcount(uint64_t cluster);

private:
    RefcountReader() = default;

    HostFile* m_file = nullptr;
    uint64_t m_fileSize = 0;
    uint32_t m_clusterBits = 16;
    uint32_t m_refcountOrder = 4;
    std::vector<uint64_t> m_table;
    uint64_t m_cachedBlockOffset = 0;  // 0: nothing cached
    std::vector<uint8_t> m_block;
};

// Reads entry `index` of a refcount block of width 2^order bits.
uint64_t decodeRefcount(const uint8_t* block, uint64_t index, uint32_t order);

}  // namespace diskscope::qcow2
