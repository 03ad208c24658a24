// SPDX-License-Identifier: GPL-2.0-or-later
// measure: the space a new raw or qcow2 image needs, with qemu-img measure's arithmetic
// (worked out from the qcow2 layout and checked against qemu-img 7.2 over a matrix of
// sizes and options in tests/interop/tst_interop_measure.cpp).
#include "diskscope/ops/measure.h"

#include <algorithm>
#include <limits>

#include "diskscope/image_info.h"
#include "format/qcow2/qcow2_create.h"

namespace diskscope {
namespace {

constexpr uint64_t kSector = 512;
constexpr uint64_t kWalkChunk = uint64_t{1} << 30;  // block status asked per call; progress and stop checks

uint64_t alignUp(uint64_t value, uint64_t alignment) { return (value + alignment - 1) / alignment * alignment; }
uint64_t divUp(uint64_t value, uint64_t divisor) { return (value + divisor - 1) / divisor; }

Error invalid(std::string message) { return makeError(ErrorCode::InvalidArgument, std::move(message)); }

// A qcow2 target's geometry, checked in the order qemu-img measure checks it.
struct Qcow2Target {
    uint64_t clusterSize = 65536;
    uint64_t refcountBits = 16;
    bool extendedL2 = false;
    bool version3 = true;
    Preallocation preallocation = Preallocation::Off;
};

Result<Qcow2Target> qcow2Target(const CreateOptions& o, uint64_t virtualSize)
{
    Qcow2Target t;
    t.clusterSize = o.clusterSize.value_or(65536);
    t.extendedL2 = o.extendedL2.value_or(false);
    if (t.clusterSize < 512 || t.clusterSize > (2u << 20) || (t.clusterSize & (t.clusterSize - 1)) != 0)
        return invalid("Cluster size must be a power of two between 512 and 2048k");
    if (t.extendedL2 && t.clusterSize < 16384)
        return invalid("Extended L2 entries are only supported with cluster sizes of at least 16384 bytes");
    if (o.compat) {
        if (*o.compat != "0.10" && *o.compat != "1.1")
            return invalid("Invalid compatibility level: '" + *o.compat + "'");
        t.version3 = *o.compat == "1.1";
    }
    t.refcountBits = o.refcountBits.value_or(16);
    if (t.refcountBits == 0 || t.refcountBits > 64 || (t.refcountBits & (t.refcountBits - 1)) != 0)
        return invalid("Refcount width must be a power of two and may not exceed 64 bits");
    if (!t.version3 && t.refcountBits != 16)
        return invalid("Different refcount widths than 16 bits require compatibility level 1.1 or above "
                       "(use compat=1.1 or greater)");
    if (o.preallocation) {
        auto mode = parsePreallocation(*o.preallocation);
        if (!mode)
            return invalid("invalid parameter value: " + *o.preallocation);
        t.preallocation = *mode;
    }
    const uint32_t clusterBits = static_cast<uint32_t>(__builtin_ctzll(t.clusterSize));
    if (!qcow2::sizeFitsL1Limit(virtualSize, clusterBits, t.extendedL2))
        return invalid("The image size is too large (try using a larger cluster size)");
    return t;
}

// Host bytes of a qcow2 image of `virtualSize` with every cluster allocated: header, L2
// tables for every cluster, the L1 table, refcount blocks and table covering all of it
// (themselves included), and the data clusters.
uint64_t fullyAllocatedQcow2(const Qcow2Target& t, uint64_t virtualSize)
{
    const uint64_t cs = t.clusterSize;
    const uint64_t data = alignUp(virtualSize, cs);
    const uint64_t l2EntryBytes = t.extendedL2 ? 16 : 8;
    const uint64_t l2Bytes = alignUp(data / cs, cs / l2EntryBytes) * l2EntryBytes;
    const uint64_t l1Bytes = alignUp(l2Bytes / cs, cs / 8) * 8;
    const uint64_t metadata = cs + l2Bytes + l1Bytes;

    // Refcount blocks must also count the clusters of the refcount structures: grow both
    // until they describe themselves.
    const uint64_t clusters = (metadata + data) / cs;
    const uint64_t refsPerBlock = cs * 8 / t.refcountBits;
    uint64_t blocks = 0, table = 0;
    while (true) {
        const uint64_t newBlocks = divUp(clusters + table + blocks, refsPerBlock);
        const uint64_t newTable = divUp(newBlocks, cs / 8);
        if (newBlocks == blocks && newTable == table)
            break;
        blocks = newBlocks;
        table = newTable;
    }
    return metadata + (blocks + table) * cs + data;
}

// Bytes of the source's data in whole target clusters: each cluster that holds any data
// counts once; zero and unallocated ranges count nothing.
Result<uint64_t> allocatedClusterBytes(Chain& source, uint64_t clusterSize, ProgressSink& progress,
                                       std::stop_token stop)
{
    const uint64_t size = source.virtualSize();
    uint64_t counted = 0;
    uint64_t offset = 0;
    while (offset < size) {
        if (stop.stop_requested())
            return makeError(ErrorCode::Cancelled, "measure cancelled");
        DS_ASSIGN_OR_RETURN(ChainStatus st, source.blockStatus(offset, std::min(kWalkChunk, size - offset)));
        uint64_t next = offset + st.length;
        if (st.data && !st.zero) {
            const uint64_t first = offset / clusterSize * clusterSize;
            next = std::min(alignUp(next, clusterSize), size);
            counted += alignUp(next, clusterSize) - first;
        }
        offset = next;
        progress.progress(offset, size);
    }
    progress.progress(size, size);
    return counted;
}

// Space the persistent bitmaps take in a qcow2 target: per bitmap its data clusters and its
// cluster table, plus the bitmap directory, each rounded to whole clusters.
uint64_t bitmapBytes(const std::vector<BitmapInfo>& bitmaps, uint64_t virtualSize, uint64_t cs)
{
    uint64_t total = 0, directory = 0;
    for (const BitmapInfo& b : bitmaps) {
        const uint64_t bits = divUp(virtualSize, b.granularity);
        const uint64_t dataClusters = divUp(divUp(bits, 8), cs);
        total += dataClusters * cs + alignUp(dataClusters * 8, cs);
        directory += alignUp(24 + b.name.size(), 8);  // entry without extra data, padded to 8
    }
    return total + alignUp(directory, cs);
}

Result<MeasureReport> measureWith(Chain* source, uint64_t virtualSize, const CreateOptions& target,
                                  ProgressSink& progress, std::stop_token stop)
{
    MeasureReport report;
    if (target.format == "raw") {
        report.required = report.fullyAllocated = alignUp(virtualSize, kSector);
        return report;
    }
    if (target.format != "qcow2")
        return invalid("Unknown file format '" + target.format + "'");
    DS_ASSIGN_OR_RETURN(Qcow2Target t, qcow2Target(target, virtualSize));
    report.fullyAllocated = fullyAllocatedQcow2(t, virtualSize);
    const uint64_t data = alignUp(virtualSize, t.clusterSize);
    uint64_t needed = 0;
    if (source) {
        // With a backing file the target may share nothing with it: every cluster may be written.
        if (target.backingFile || t.preallocation == Preallocation::Falloc || t.preallocation == Preallocation::Full) {
            needed = data;
        } else {
            DS_ASSIGN_OR_RETURN(needed, allocatedClusterBytes(*source, t.clusterSize, progress, stop));
        }
        ImageInfo info;
        source->top().describe(info);
        if (t.version3 && info.qcow2 && info.qcow2->version >= 3)
            report.bitmaps = info.qcow2->bitmaps ? bitmapBytes(*info.qcow2->bitmaps, virtualSize, t.clusterSize) : 0;
    } else if (t.preallocation == Preallocation::Falloc || t.preallocation == Preallocation::Full) {
        needed = data;
    }
    report.required = report.fullyAllocated - data + needed;
    return report;
}

}  // namespace

Result<MeasureReport> measureImage(Chain& source, const CreateOptions& target, ProgressSink& progress,
                                   std::stop_token stop)
{
    return measureWith(&source, source.virtualSize(), target, progress, stop);
}

Result<MeasureReport> measureSize(uint64_t virtualSize, const CreateOptions& target)
{
    NullProgress quiet;
    return measureWith(nullptr, virtualSize, target, quiet, {});
}

}  // namespace diskscope
