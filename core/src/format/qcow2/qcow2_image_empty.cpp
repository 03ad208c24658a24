// SPDX-License-Identifier: GPL-2.0-or-later
// Emptying the active disk (what qemu-img commit leaves in the committed image): every active
// L1 entry is cleared, so each guest range falls through to the backing file, then the L2
// tables and data clusters lose the active disk's references. Snapshots keep theirs.
//
// Crash safety: the L1 entries are cleared first (each an aligned 8-byte write; a crash keeps
// some old entries, whose clusters still have their counts), synced, and only then are the
// refcounts lowered. A crash in between leaves leaked clusters only. qemu-img rebuilds the
// whole file under the dirty bit instead (and truncates it to four clusters); the guest view
// and `qemu-img check` are the same, the file here keeps its length with the clusters free.
#include "format/qcow2/qcow2_image.h"

namespace diskscope::qcow2 {

Status Qcow2Image::makeEmpty()
{
    DS_TRY(checkWrite(0, 0));
    DS_TRY(flush());
    DS_ASSIGN_OR_RETURN(std::vector<uint64_t> reached, clustersReachedBy(m_map->l1()));
    std::vector<uint64_t> tables;
    for (uint64_t index = 0; index < m_map->l1Size(); ++index) {
        const uint64_t table = m_map->l1Entry(index) & kOffsetMask;
        if (m_map->l1Entry(index) != 0)
            m_map->setL1Entry(index, 0);
        if (table)
            tables.push_back(table);
    }
    DS_TRY(guarded(flushMappings()));  // the cleared L1 entries are on disk, synced

    const uint64_t cs = m_header.clusterSize();
    for (uint64_t table : tables) {
        m_io->removeMetadata(table, cs);
        m_map->l2Cache().drop(table);
    }
    for (uint64_t c : reached)
        m_refcounts->queueDecrease(c);
    m_compressedCacheValid = false;
    DS_TRY(flush());

    // The space goes back to the host as with qemu-img: the free clusters at the end of the
    // file (nothing references them any more, and their refcounts are 0 on disk) are cut off.
    DS_ASSIGN_OR_RETURN(uint64_t fileSize, m_file->size());
    uint64_t end = (fileSize + cs - 1) >> m_header.clusterBits;
    while (end > 1) {
        DS_ASSIGN_OR_RETURN(uint64_t refs, m_refcounts->get(end - 1));
        if (refs != 0)
            break;
        --end;
    }
    if ((end << m_header.clusterBits) < fileSize) {
        DS_TRY(m_file->resize(end << m_header.clusterBits));
        m_io->noteWrite();
        DS_TRY(m_io->sync());
    }
    return okStatus();
}

}  // namespace diskscope::qcow2
