// SPDX-License-Identifier: GPL-2.0-or-later
// Changing the refcount width (amend refcount_bits=N). The new refcount blocks and table are
// written past the end of the file, where nothing points, and synced; then one write inside
// the first sector switches the table pair (48..59) and refcount_order (96..99) together,
// carrying the unchanged fields between them. Until that write the old structures stay in
// force (a crash leaves unreferenced bytes past the last counted cluster: no finding); after
// it, the new ones count the old structures' clusters as free.
#include <algorithm>
#include <cinttypes>
#include <cstdio>

#include "format/qcow2/qcow2_image.h"
#include "format/qcow2/qcow2_refcount_reader.h"
#include "util/big_endian.h"

namespace diskscope::qcow2 {

namespace {
constexpr uint64_t kRefTableField = 48;  // refcount table pair ... refcount_order, 52 bytes

uint64_t maxRefcount(uint32_t order) { return order == 6 ? ~uint64_t{0} : (uint64_t{1} << (1u << order)) - 1; }
}  // namespace

Status Qcow2Image::checkRefcountsFit(uint32_t order)
{
    DS_TRY(flush());
    const uint64_t cs = m_header.clusterSize();
    DS_ASSIGN_OR_RETURN(uint64_t fileEnd, m_file->size());
    const uint64_t limit = maxRefcount(order);
    for (uint64_t c = 0; c < (fileEnd + cs - 1) / cs; ++c) {
        DS_ASSIGN_OR_RETURN(uint64_t rc, m_refcounts->get(c));
        if (rc > limit) {
            char text[160];
            std::snprintf(text, sizeof text,
                          "Cannot decrease refcount entry width to %u bits: Cluster at offset 0x%" PRIx64
                          " has a refcount of %" PRIu64,
                          1u << order, c * cs, rc);
            return makeError(ErrorCode::InvalidArgument, text, m_file->path());
        }
    }
    return okStatus();
}

Status Qcow2Image::changeRefcountWidth(uint32_t order, std::stop_token stop)
{
    DS_TRY(flush());
    DS_TRY(checkRefcountsFit(order));
    const uint64_t cs = m_header.clusterSize();
    const uint32_t cb = m_header.clusterBits;
    DS_ASSIGN_OR_RETURN(uint64_t fileEnd, m_file->size());
    const uint64_t clusters = (fileEnd + cs - 1) / cs;

    // The old table and blocks are free once the new structures are in force.
    std::vector<std::pair<uint64_t, uint64_t>> old = m_refcounts->structure();
    std::vector<bool> oldCluster(clusters, false);
    for (const auto& [offset, bytes] : old)
        for (uint64_t c = offset >> cb; c < std::min(clusters, (offset + bytes + cs - 1) >> cb); ++c)
            oldCluster[c] = true;

    const uint64_t perBlock = (cs * 8) >> order;
    const RefcountMetadataSize size = refcountMetadataSize(clusters, perBlock, cs / 8);
    if ((size.tableClusters << cb) > kMaxRefTableBytes)
        return makeError(ErrorCode::NoSpace, "the refcount table at the new width would exceed 8 MiB", m_file->path());
    const uint64_t blocksStart = clusters;
    const uint64_t tableStart = blocksStart + size.blocks;
    const uint64_t end = tableStart + size.tableClusters;

    std::vector<uint8_t> block(cs);
    for (uint64_t b = 0; b < size.blocks; ++b) {
        if (stop.stop_requested())
            return makeError(ErrorCode::Cancelled, "amend cancelled", m_file->path());
        std::fill(block.begin(), block.end(), 0);
        for (uint64_t k = 0; k < perBlock; ++k) {
            const uint64_t c = b * perBlock + k;
            if (c >= end)
                break;
            uint64_t value = 0;
            if (c >= blocksStart) {
                value = 1;  // the new structures themselves
            } else if (!oldCluster[c]) {
                DS_ASSIGN_OR_RETURN(value, m_refcounts->get(c));
            }
            if (value)
                encodeRefcount(block.data(), k, order, value);
        }
        DS_TRY(m_io->writeMetadata((blocksStart + b) << cb, block, MetadataKind::RefcountBlock));
    }
    std::vector<uint8_t> table(size.tableClusters << cb, 0);
    for (uint64_t b = 0; b < size.blocks; ++b)
        storeBe64(&table[b * 8], (blocksStart + b) << cb);
    DS_TRY(m_io->writeMetadata(tableStart << cb, table, MetadataKind::RefcountTable));
    DS_TRY(m_io->sync());

    uint8_t field[52];
    storeBe64(field, tableStart << cb);
    storeBe32(field + 8, static_cast<uint32_t>(size.tableClusters));
    storeBe32(field + 12, m_header.nbSnapshots);
    storeBe64(field + 16, m_header.snapshotsOffset);
    storeBe64(field + 24, m_header.incompatibleFeatures);
    storeBe64(field + 32, m_header.compatibleFeatures);
    storeBe64(field + 40, m_header.autoclearFeatures);
    storeBe32(field + 48, order);
    DS_TRY(m_io->writeMetadata(kRefTableField, field, MetadataKind::Header));
    DS_TRY(m_io->sync());

    for (const auto& [offset, bytes] : old)
        m_io->removeMetadata(offset, bytes);
    m_header.refcountTableOffset = tableStart << cb;
    m_header.refcountTableClusters = static_cast<uint32_t>(size.tableClusters);
    m_header.refcountOrder = order;
    DS_ASSIGN_OR_RETURN(m_refcounts, Refcounts::load(*m_io, m_header));
    m_compressedTail = 0;
    return okStatus();
}

}  // namespace diskscope::qcow2
