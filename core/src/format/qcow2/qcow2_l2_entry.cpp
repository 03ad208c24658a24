// SPDX-License-Identifier: GPL-2.0-or-later
// Decoding of L2 entries into subcluster types.
#include "format/qcow2/qcow2_l2_entry.h"

#include "format/qcow2/qcow2_format.h"
#include "util/hex.h"

namespace diskscope::qcow2 {

Result<SubclusterType> classifySubcluster(const L2EntryContext& ctx, uint64_t entry, uint64_t bitmap,
                                          unsigned subcluster)
{
    if (entry & kCompressed) {
        if (ctx.hasDataFile)
            return makeError(ErrorCode::Corrupt, "compressed cluster in an image with an external data file");
        if (ctx.extendedL2 && bitmap != 0)
            return makeError(ErrorCode::Corrupt, "compressed cluster with a non-zero subcluster bitmap");
        return SubclusterType::Compressed;
    }
    uint64_t offset = entry & kOffsetMask;
    bool allocated = offset != 0 || (ctx.hasDataFile && (entry & kCopied));
    if (offset & ((uint64_t{1} << ctx.clusterBits) - 1))
        return makeError(ErrorCode::Corrupt, "cluster offset " + hex(offset) + " is not cluster aligned");

    if (!ctx.extendedL2) {
        if (entry & kZeroFlag) {
            if (!ctx.version3)
                return makeError(ErrorCode::Corrupt, "zero flag set in a version 2 image");
            return allocated ? SubclusterType::ZeroAlloc : SubclusterType::ZeroPlain;
        }
        return allocated ? SubclusterType::Normal : SubclusterType::UnallocatedPlain;
    }

    uint32_t allocBits = static_cast<uint32_t>(bitmap);
    uint32_t zeroBits = static_cast<uint32_t>(bitmap >> 32);
    if (allocated) {
        if (allocBits & zeroBits)
            return makeError(ErrorCode::Corrupt,
                             "subcluster bitmap " + hex(bitmap) + " marks a subcluster both allocated and zero");
        if (zeroBits >> subcluster & 1)
            return SubclusterType::ZeroAlloc;
        if (allocBits >> subcluster & 1)
            return SubclusterType::Normal;
        return SubclusterType::UnallocatedAlloc;
    }
    if (allocBits)
        return makeError(ErrorCode::Corrupt,
                         "subcluster bitmap " + hex(bitmap) + " marks subclusters allocated in an unallocated cluster");
    return (zeroBits >> subcluster & 1) ? SubclusterType::ZeroPlain : SubclusterType::UnallocatedPlain;
}

CompressedDescriptor decodeCompressed(uint64_t entry, uint32_t clusterBits)
{
    // The offset takes the low 62 - (cluster_bits - 8) bits, the sector count the rest up to bit 61.
    uint32_t offsetBits = 62 - (clusterBits - 8);
    uint64_t offset = entry & ((uint64_t{1} << offsetBits) - 1);
    uint64_t extraSectors = (entry >> offsetBits) & ((uint64_t{1} << (clusterBits - 8)) - 1);
    CompressedDescriptor d;
    d.hostOffset = offset;
    d.bytes = (extraSectors + 1) * 512 - (offset & 511);
    return d;
}

}  // namespace diskscope::qcow2
