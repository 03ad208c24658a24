// SPDX-License-Identifier: GPL-2.0-or-later
// Preallocation of the area a resize adds, laid out as qemu-img 7.2 lays it out (observed):
//  - metadata: the new clusters are allocated first fit, one contiguous run per L2 table (the
//    table itself first when it is new), mapped as data, and the file is extended sparsely
//    over them; extended L2 entries keep an empty bitmap (subclusters unallocated);
//  - falloc/full: a refcount area (new blocks, then a new refcount table) goes right after
//    the last used cluster, the data clusters follow it in one run that is fallocated or
//    written with zeros, and the L2 tables are then placed first fit;
//  - an external data file gets mappings at guest offset = host offset and is grown with the
//    mode (metadata: sparsely).
// A cluster only partly inside the old size is part of the area: it keeps its guest bytes up
// to the old size (copied into its new cluster) and reads as zeros after them.
// When the backing file is longer than the old size, the area must read as zeros instead of
// the backing file's bytes: metadata marks it zero (v3 zero flag kept with the offset, or an
// all-zero subcluster bitmap); falloc/full allocate every subcluster. A v2 image cannot mark
// zeros, so metadata is refused there (qemu-img fails the same way, but after allocating).
// Crash safety is the write path's: mappings reach the disk through flush() (refcounts first),
// and the caller switches the size only after, so a crash leaves the old size and leaks.
#include <algorithm>
#include <cstring>

#include "format/qcow2/qcow2_image.h"

namespace diskscope::qcow2 {

namespace {
constexpr uint64_t kAllAllocBits = 0x00000000FFFFFFFFull;
}  // namespace

bool Qcow2Image::grownAreaMustReadZero(uint64_t oldSize) const
{
    return m_header.backingFile && m_backing && m_backing->virtualSize() > oldSize;
}

Status Qcow2Image::checkPreallocation(uint64_t oldSize, Preallocation mode) const
{
    if (mode == Preallocation::Metadata && !m_header.hasDataFile() && m_header.version < 3 &&
        grownAreaMustReadZero(oldSize))
        return makeError(ErrorCode::Unsupported, "Failed to zero out new clusters: Operation not supported",
                         m_file->path());
    return okStatus();
}

Status Qcow2Image::zeroStaleClusters(uint64_t host, uint64_t bytes, uint64_t fileEnd)
{
    // Clusters below the file's end may hold bytes of freed data; past it they read as zeros.
    if (host >= fileEnd)
        return okStatus();
    const uint64_t length = std::min(bytes, fileEnd - host);
    std::vector<uint8_t> zeros(std::min<uint64_t>(length, 1u << 20), 0);
    for (uint64_t done = 0; done < length;) {
        const uint64_t n = std::min<uint64_t>(zeros.size(), length - done);
        DS_TRY(m_io->writeData(*m_file, host + done, std::span<const uint8_t>(zeros.data(), n)));
        done += n;
    }
    return okStatus();
}

Status Qcow2Image::preallocate(uint64_t oldSize, uint64_t newSize, Preallocation mode)
{
    if (mode == Preallocation::Off || newSize <= oldSize)
        return okStatus();
    DS_TRY(flush());
    if (m_header.hasDataFile())
        DS_TRY(preallocateInDataFile(oldSize, newSize, mode));
    else if (mode == Preallocation::Metadata)
        DS_TRY(preallocateMetadata(oldSize, newSize));
    else
        DS_TRY(preallocateDataArea(oldSize, newSize, mode));
    m_compressedCacheValid = false;
    return flush();
}

Result<std::vector<uint8_t>> Qcow2Image::partialHeadContent(uint64_t oldSize)
{
    const uint64_t cs = m_header.clusterSize();
    const uint64_t head = oldSize & (cs - 1);
    std::vector<uint8_t> content(head, 0);
    if (head)
        DS_TRY(read(oldSize - head, content));
    return content;
}

Status Qcow2Image::preallocateMetadata(uint64_t oldSize, uint64_t newSize)
{
    const uint64_t cs = m_header.clusterSize();
    const uint32_t cb = m_header.clusterBits;
    const uint64_t first = oldSize >> cb;
    const uint64_t end = (newSize + cs - 1) >> cb;
    const uint64_t perTable = uint64_t{1} << (m_map->l1Shift() - cb);
    DS_ASSIGN_OR_RETURN(std::vector<uint8_t> head, partialHeadContent(oldSize));
    uint64_t mappedEnd = 0;
    for (uint64_t c = first; c < end;) {
        const uint64_t chunkEnd = std::min(end, (c / perTable + 1) * perTable);
        DS_ASSIGN_OR_RETURN(uint64_t l2, writableL2Table(c << cb));
        uint64_t from = c;
        if (!head.empty() && c == first) {
            DS_ASSIGN_OR_RETURN(L2Entry e, m_map->entryIn(l2, c << cb));
            const uint64_t host = e.entry & kOffsetMask;
            if (host && !(e.entry & kCompressed) && (e.entry & kCopied)) {
                // Our own cluster stays where it is; a preallocated zero cluster becomes data
                // that reads as zeros.
                if (!m_header.extendedL2() && (e.entry & kZeroFlag)) {
                    std::vector<uint8_t> zeros(cs, 0);
                    DS_TRY(m_io->writeData(*m_file, host, zeros));
                    DS_TRY(m_map->setEntryIn(l2, c << cb, {host | kCopied, 0}));
                }
                mappedEnd = std::max(mappedEnd, host + cs);
                from = c + 1;
            }
        }
        if (from < chunkEnd) {
            const uint64_t count = chunkEnd - from;
            // The file's end before the allocation, which may write refcount blocks past it.
            DS_ASSIGN_OR_RETURN(uint64_t fileEnd, m_file->size());
            DS_ASSIGN_OR_RETURN(uint64_t run, m_refcounts->allocate(count));
            DS_TRY(zeroStaleClusters(run, count * cs, fileEnd));
            for (uint64_t i = 0; i < count; ++i) {
                const uint64_t guest = (from + i) << cb;
                DS_ASSIGN_OR_RETURN(L2Entry old, m_map->entryIn(l2, guest));
                if (guest < oldSize)
                    DS_TRY(m_io->writeData(*m_file, run + i * cs, head));
                DS_TRY(m_map->setEntryIn(l2, guest, {(run + i * cs) | kCopied, m_header.extendedL2() ? old.bitmap : 0}));
                releaseEntry(old.entry);
            }
            mappedEnd = std::max(mappedEnd, run + count * cs);
        }
        c = chunkEnd;
    }
    DS_ASSIGN_OR_RETURN(uint64_t fileEnd, m_file->size());
    if (mappedEnd > fileEnd) {
        DS_TRY(m_file->resize(mappedEnd));
        m_io->noteWrite();
    }
    if (grownAreaMustReadZero(oldSize))
        DS_TRY(markGrownAreaZero(oldSize, newSize));
    return okStatus();
}

Status Qcow2Image::markGrownAreaZero(uint64_t oldSize, uint64_t newSize)
{
    // The whole (sub)clusters from the old end on read as zeros and keep their host clusters;
    // the bytes before the first whole one are written as zeros.
    const uint64_t cs = m_header.clusterSize();
    const uint64_t granule = m_header.extendedL2() ? cs / kSubclustersPerCluster : cs;
    const uint64_t zeroStart = (oldSize + granule - 1) / granule * granule;
    const uint64_t end = (newSize + cs - 1) & ~(cs - 1);
    for (uint64_t guest = zeroStart & ~(cs - 1); guest < end; guest += cs) {
        DS_ASSIGN_OR_RETURN(uint64_t l2, writableL2Table(guest));
        DS_ASSIGN_OR_RETURN(L2Entry e, m_map->entryIn(l2, guest));
        if (m_header.extendedL2()) {
            const uint64_t firstSub = guest < zeroStart ? (zeroStart - guest) / granule : 0;
            const uint64_t bits = (kAllAllocBits << firstSub) & kAllAllocBits;
            DS_TRY(m_map->setEntryIn(l2, guest, {e.entry, (e.bitmap & ~bits) | (bits << 32)}));
        } else {
            DS_TRY(m_map->setEntryIn(l2, guest, {e.entry | kZeroFlag, 0}));
        }
    }
    if (zeroStart > oldSize) {
        // Past the old size, which the caller switches only afterwards: the write path's
        // bounds check would refuse, so the cluster write is called directly.
        std::vector<uint8_t> zeros(zeroStart - oldSize, 0);
        const uint64_t clusterStart = oldSize & ~(cs - 1);
        DS_TRY(guarded(writeInCluster(clusterStart, oldSize - clusterStart, zeros)));
    }
    return okStatus();
}

Status Qcow2Image::preallocateDataArea(uint64_t oldSize, uint64_t newSize, Preallocation mode)
{
    const uint64_t cs = m_header.clusterSize();
    const uint32_t cb = m_header.clusterBits;
    const uint64_t first = oldSize >> cb;
    const uint64_t count = ((newSize + cs - 1) >> cb) - first;
    const uint64_t perTable = uint64_t{1} << (m_map->l1Shift() - cb);
    DS_ASSIGN_OR_RETURN(std::vector<uint8_t> head, partialHeadContent(oldSize));

    // The area starts after the last used cluster and has room for the data clusters and the
    // L2 tables they may need (one more for an unaligned start), as qemu-img sizes it.
    DS_ASSIGN_OR_RETURN(uint64_t fileEnd, m_file->size());
    DS_ASSIGN_OR_RETURN(std::optional<uint64_t> last, m_refcounts->lastUsedCluster((fileEnd + cs - 1) >> cb));
    const uint64_t start = last ? *last + 1 : 0;
    const uint64_t tables = (count + perTable - 1) / perTable + 1;
    DS_ASSIGN_OR_RETURN(uint64_t dataCluster, m_refcounts->createArea(start, count + tables));
    DS_TRY(m_refcounts->claim(dataCluster, count));
    const uint64_t dataStart = dataCluster << cb;
    const uint64_t dataEnd = dataStart + count * cs;

    DS_TRY(zeroStaleClusters(dataStart, count * cs, fileEnd));
    DS_ASSIGN_OR_RETURN(fileEnd, m_file->size());
    if (dataEnd > fileEnd) {
        if (mode == Preallocation::Full)
            DS_TRY(HostFile::punchHoleByWriting(*m_file, fileEnd, dataEnd - fileEnd));
        else
            DS_TRY(m_file->reserve(fileEnd, dataEnd - fileEnd));
        m_io->noteWrite();
    }
    if (!head.empty())
        DS_TRY(m_io->writeData(*m_file, dataStart, head));

    // Every subcluster is allocated when the backing file must not show through; otherwise
    // the bitmap is left as it was (qemu-img's preallocated clusters).
    const bool allocateSubclusters = grownAreaMustReadZero(oldSize);
    for (uint64_t i = 0; i < count; ++i) {
        const uint64_t guest = (first + i) << cb;
        DS_ASSIGN_OR_RETURN(uint64_t l2, writableL2Table(guest));
        DS_ASSIGN_OR_RETURN(L2Entry old, m_map->entryIn(l2, guest));
        uint64_t bitmap = 0;
        if (m_header.extendedL2())
            bitmap = allocateSubclusters ? kAllAllocBits : old.bitmap;
        DS_TRY(m_map->setEntryIn(l2, guest, {(dataStart + i * cs) | kCopied, bitmap}));
        releaseEntry(old.entry);
    }
    return okStatus();
}

Status Qcow2Image::preallocateInDataFile(uint64_t oldSize, uint64_t newSize, Preallocation mode)
{
    const uint64_t cs = m_header.clusterSize();
    const uint32_t cb = m_header.clusterBits;
    const uint64_t end = (newSize + cs - 1) >> cb;
    for (uint64_t c = oldSize >> cb; c < end; ++c) {
        DS_ASSIGN_OR_RETURN(uint64_t l2, writableL2Table(c << cb));
        DS_ASSIGN_OR_RETURN(L2Entry old, m_map->entryIn(l2, c << cb));
        if ((old.entry & kCopied) && !(old.entry & kZeroFlag))
            continue;  // already mapped
        DS_TRY(m_map->setEntryIn(l2, c << cb, {(c << cb) | kCopied, m_header.extendedL2() ? old.bitmap : 0}));
    }
    DS_ASSIGN_OR_RETURN(uint64_t dataEnd, m_dataFile->size());
    if (newSize > dataEnd) {
        DS_TRY(m_dataFile->resize(newSize));
        if (mode == Preallocation::Falloc)
            DS_TRY(m_dataFile->reserve(dataEnd, newSize - dataEnd));
        else if (mode == Preallocation::Full)
            DS_TRY(HostFile::punchHoleByWriting(*m_dataFile, dataEnd, newSize - dataEnd));
    }
    return okStatus();
}

}  // namespace diskscope::qcow2
