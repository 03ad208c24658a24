// SPDX-License-Identifier: GPL-2.0-or-later
// What an L2 entry says about one (sub)cluster: QEMU's subcluster types, decoded from the
// standard 64-bit entry or the extended 128-bit entry (entry + allocation/zero bitmap).
//
// Standard entry: bit 63 COPIED, 62 compressed, 9..55 host offset, 0 zero flag (v3).
// Extended entry: the same word (bit 0 reserved) and a bitmap whose bits 0..31 mark
// subclusters allocated and bits 32..63 mark them as reading zeros.
#pragma once

#include <cstdint>
#include <string>

#include "diskscope/error.h"

namespace diskscope::qcow2 {

enum class SubclusterType {
    UnallocatedPlain,  // no host cluster: backing file or zeros
    UnallocatedAlloc,  // host cluster allocated, this subcluster not: backing file or zeros
    ZeroPlain,         // reads zeros, no host space
    ZeroAlloc,         // reads zeros, host space preallocated
    Normal,            // data at the host offset
    Compressed,        // whole cluster, compressed at a byte offset
};

// True for the types whose host offset is meaningful.
inline bool hasHostOffset(SubclusterType t)
{
    return t == SubclusterType::Normal || t == SubclusterType::ZeroAlloc ||
           t == SubclusterType::UnallocatedAlloc;
}

struct L2EntryContext {
    uint32_t clusterBits = 16;
    bool extendedL2 = false;
    bool version3 = true;
    bool hasDataFile = false;  // offset 0 with COPIED is then a real cluster at host offset 0
};

// Classifies subcluster `subcluster` (0..31; 0 for standard entries) of the cluster described
// by `entry` and `bitmap`. Invalid combinations are Corrupt errors.
Result<SubclusterType> classifySubcluster(const L2EntryContext& ctx, uint64_t entry, uint64_t bitmap,
                                          unsigned subcluster);

struct CompressedDescriptor {
    uint64_t hostOffset = 0;  // byte offset of the compressed stream (not aligned)
    uint64_t bytes = 0;       // bytes to read: whole 512-byte sectors from hostOffset's sector
};

// Decodes bits 0..61 of a compressed L2 entry.
CompressedDescriptor decodeCompressed(uint64_t entry, uint32_t clusterBits);

}  // namespace diskscope::qcow2
