// SPDX-License-Identifier: GPL-2.0-or-later
// Resizing a qcow2 image. Growing may move the active L1 table: the new table is written and
// synced, then the header's l1_size/l1_table_offset pair switches to it in one write, then the
// old table is freed. Shrinking clears the mappings past the new end (and flushes them) before
// the header's size changes; the released clusters are freed after both are on disk.
#include <algorithm>

#include "format/qcow2/qcow2_image.h"
#include "util/big_endian.h"

namespace diskscope::qcow2 {

namespace {
constexpr uint64_t kSizeField = 24;
constexpr uint64_t kL1Field = 36;  // l1_size (4) + l1_table_offset (8)
}  // namespace

Result<uint64_t> Qcow2Image::writeNewL1(const std::vector<uint64_t>& entries, bool clearCopied, MetadataKind kind)
{
    if (entries.empty())
        return uint64_t{0};
    const uint64_t cs = m_header.clusterSize();
    const uint64_t clusters = (entries.size() * 8 + cs - 1) / cs;
    DS_ASSIGN_OR_RETURN(uint64_t offset, m_refcounts->allocate(clusters));
    std::vector<uint8_t> raw(clusters * cs, 0);
    for (size_t i = 0; i < entries.size(); ++i)
        storeBe64(&raw[i * 8], clearCopied ? entries[i] & ~kCopied : entries[i]);
    DS_TRY(m_io->writeMetadata(offset, raw, kind));
    return offset;
}

Status Qcow2Image::growL1(uint64_t entries)
{
    const uint64_t bytes = entries * 8;
    DS_TRY(flush());  // the table copied below must be the one on disk
    std::vector<uint64_t> grown = m_map->l1();
    grown.resize(entries, 0);
    DS_ASSIGN_OR_RETURN(uint64_t table, writeNewL1(grown, false, MetadataKind::ActiveL1));
    DS_TRY(m_refcounts->flush());
    DS_TRY(m_io->sync());

    uint8_t field[12];
    storeBe32(field, static_cast<uint32_t>(entries));
    storeBe64(field + 4, table);
    DS_TRY(m_io->writeMetadata(kL1Field, field, MetadataKind::Header));
    DS_TRY(m_io->sync());

    const uint64_t oldOffset = m_header.l1TableOffset;
    const uint64_t oldBytes = uint64_t{m_header.l1Size} * 8;
    m_io->removeMetadata(oldOffset, oldBytes);
    m_io->addMetadata(table, bytes, MetadataKind::ActiveL1);
    m_refcounts->queueDecreaseRange(oldOffset, oldBytes);
    m_header.l1TableOffset = table;
    m_header.l1Size = static_cast<uint32_t>(entries);
    m_map->growL1(entries);
    return flush();
}

Status Qcow2Image::releaseFrom(uint64_t from)
{
    const uint64_t cs = m_header.clusterSize();
    const uint32_t shift = m_map->l1Shift();
    const uint64_t firstCluster = (from + cs - 1) & ~(cs - 1);
    for (uint64_t index = firstCluster >> shift; index < m_map->l1Size(); ++index) {
        const uint64_t l1 = m_map->l1Entry(index);
        const uint64_t table = l1 & kOffsetMask;
        if (!table)
            continue;
        const uint64_t tableStart = index << shift;
        if (tableStart >= firstCluster) {
            // The whole table lies past the end: drop it from the L1 table. What it maps loses
            // the active disk's reference even when a snapshot shares the table: refcounts
            // count one reference per L1 table that reaches a cluster, as QEMU counts them.
            for (uint64_t g = tableStart; g < tableStart + (uint64_t{1} << shift); g += cs) {
                DS_ASSIGN_OR_RETURN(L2Entry e, m_map->entryIn(table, g));
                if (!m_header.hasDataFile())
                    releaseEntry(e.entry);
            }
            m_map->setL1Entry(index, 0);
            m_map->l2Cache().drop(table);
            m_io->removeMetadata(table, cs);
            m_refcounts->queueDecrease(table >> m_header.clusterBits);
            continue;
        }
        DS_ASSIGN_OR_RETURN(uint64_t writable, writableL2Table(tableStart));
        for (uint64_t g = firstCluster; g < tableStart + (uint64_t{1} << shift); g += cs) {
            DS_ASSIGN_OR_RETURN(L2Entry e, m_map->entryIn(writable, g));
            if (e.entry == 0 && e.bitmap == 0)
                continue;
            DS_TRY(m_map->setEntryIn(writable, g, {0, 0}));
            if (!m_header.hasDataFile())
                releaseEntry(e.entry);
        }
    }
    return okStatus();
}

Status Qcow2Image::resize(uint64_t newSize, Preallocation preallocation)
{
    DS_TRY(checkWrite(0, 0));
    const std::string& path = m_file->path();
    if (newSize % 512)
        return makeError(ErrorCode::InvalidArgument, "The new size must be a multiple of 512", path);
    if (m_header.nbSnapshots && m_header.version < 3)
        return makeError(ErrorCode::Unsupported, "Can't resize a v2 image which has snapshots", path);
    const uint64_t needed = l1EntriesNeeded(m_header, newSize);
    if (needed * 8 > kMaxL1Bytes)
        return makeError(ErrorCode::InvalidArgument, "The image size is too large for file format 'qcow2'", path);

    if (newSize > m_header.size && preallocation != Preallocation::Off)
        DS_TRY(checkPreallocation(m_header.size, preallocation));

    if (newSize > m_header.size) {
        if (needed > m_map->l1Size())
            DS_TRY(growL1(needed));
        // The new area's mappings are on disk before the size covers them.
        DS_TRY(preallocate(m_header.size, newSize, preallocation));
        DS_TRY(flush());
        DS_TRY(writeHeaderField(kSizeField, newSize));
        DS_TRY(m_io->sync());
    } else if (newSize < m_header.size) {
        DS_TRY(releaseFrom(newSize));
        // The mappings are gone on disk before the size shrinks; freed clusters follow.
        DS_TRY(flushMappings());
        DS_TRY(writeHeaderField(kSizeField, newSize));
        DS_TRY(m_io->sync());
        DS_TRY(flush());
    }
    if (m_dataFile)
        DS_TRY(m_dataFile->resize(newSize));
    m_header.size = newSize;
    return okStatus();
}

}  // namespace diskscope::qcow2
