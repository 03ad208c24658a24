// SPDX-License-Identifier: GPL-2.0-or-later
// Space pinned per snapshot. Deleting a snapshot lowers by one, per reference it makes, the
// refcount of its L1 table, of each L2 table its L1 names and of each cluster those tables map
// (QEMU counts a data cluster once per L1 table that reaches it, even through a shared L2
// table). A cluster is freed when its refcount equals the references the snapshot makes, so
// that is what is counted here. Memory: one snapshot's references at a time (8 bytes each).
#include "format/qcow2/qcow2_snapshot_space.h"

#include <algorithm>

#include "format/qcow2/qcow2_header.h"
#include "format/qcow2/qcow2_l2_entry.h"
#include "format/qcow2/qcow2_refcount_reader.h"
#include "format/qcow2/qcow2_snapshot_table.h"
#include "util/big_endian.h"
#include "util/hex.h"

namespace diskscope::qcow2 {
namespace {

constexpr uint32_t kEntryFixedBytes = 40;

Error corrupt(const std::string& message, const std::string& path) { return makeError(ErrorCode::Corrupt, message, path); }

// Every host cluster the snapshot's L1 table reaches, once per reference.
class ReferenceWalk {
public:
    ReferenceWalk(HostFile& file, const Header& h, uint64_t fileSize, ProgressSink& progress, std::stop_token stop,
                  uint64_t total)
        : m_file(file), m_h(h), m_fileSize(fileSize), m_progress(progress), m_stop(std::move(stop)), m_total(total)
    {
    }

    Result<std::vector<uint64_t>> walk(const SnapshotInfo& s)
    {
        const uint64_t cs = m_h.clusterSize();
        const std::string what = "snapshot '" + s.name + "'";
        const uint64_t l1Bytes = uint64_t{s.l1Size} * 8;
        if (l1Bytes > kMaxL1Bytes || (s.l1Offset & (cs - 1)) || (s.l1Size && s.l1Offset == 0) ||
            s.l1Offset > m_fileSize || l1Bytes > m_fileSize - s.l1Offset)
            return corrupt(what + ": L1 table at " + hex(s.l1Offset) + " (" + std::to_string(s.l1Size) +
                               " entries) is invalid",
                           m_file.path());
        std::vector<uint64_t> refs;
        if (l1Bytes == 0)
            return refs;
        addRange(refs, s.l1Offset, l1Bytes);
        std::vector<uint8_t> l1(l1Bytes);
        DS_TRY(readExact(m_file, s.l1Offset, l1, "snapshot L1 table"));
        std::vector<uint8_t> table(cs);
        for (uint32_t i = 0; i < s.l1Size; ++i) {
            m_progress.progress(++m_done, m_total);
            if (m_stop.stop_requested())
                return makeError(ErrorCode::Cancelled, "snapshot space cancelled", m_file.path());
            const uint64_t l2 = loadBe64(&l1[uint64_t{i} * 8]) & kOffsetMask;
            if (!l2)
                continue;
            if ((l2 & (cs - 1)) || l2 > m_fileSize || cs > m_fileSize - l2)
                return corrupt(what + ": L1 entry " + std::to_string(i) + " points at an invalid L2 table " + hex(l2),
                               m_file.path());
            refs.push_back(l2 >> m_h.clusterBits);
            DS_TRY(readExact(m_file, l2, table, "L2 table"));
            addTableReferences(refs, table);
        }
        return refs;
    }

private:
    void addRange(std::vector<uint64_t>& refs, uint64_t offset, uint64_t bytes)
    {
        for (uint64_t c = offset >> m_h.clusterBits; c <= (offset + bytes - 1) >> m_h.clusterBits; ++c)
            refs.push_back(c);
    }

    void addTableReferences(std::vector<uint64_t>& refs, const std::vector<uint8_t>& table)
    {
        const uint32_t entryBytes = m_h.l2EntryBytes();
        for (uint64_t k = 0; k < m_h.l2Entries(); ++k) {
            const uint64_t entry = loadBe64(&table[k * entryBytes]);
            if (entry & kCompressed) {
                const CompressedDescriptor d = decodeCompressed(entry, m_h.clusterBits);
                // A descriptor past the end of the file is check's business, not a pinned cluster.
                if (d.hostOffset < m_fileSize && d.bytes)
                    addRange(refs, d.hostOffset, std::min(d.bytes, m_fileSize - d.hostOffset));
                continue;
            }
            const uint64_t host = entry & kOffsetMask;
            // Guest data in an external data file is not refcounted.
            if (host && !m_h.hasDataFile() && host < m_fileSize)
                refs.push_back(host >> m_h.clusterBits);
        }
    }

    HostFile& m_file;
    const Header& m_h;
    uint64_t m_fileSize;
    ProgressSink& m_progress;
    std::stop_token m_stop;
    uint64_t m_total;
    uint64_t m_done = 0;
};

// The byte length of each snapshot table entry, in table order.
Result<std::vector<uint64_t>> entryLengths(HostFile& file, const Header& h)
{
    std::vector<uint64_t> lengths;
    uint64_t pos = h.snapshotsOffset;
    for (uint32_t i = 0; i < h.nbSnapshots; ++i) {
        uint8_t fixed[kEntryFixedBytes];
        DS_TRY(readExact(file, pos, fixed, "snapshot table entry"));
        const uint64_t variable = uint64_t{loadBe32(fixed + 36)} + loadBe16(fixed + 12) + loadBe16(fixed + 14);
        lengths.push_back((kEntryFixedBytes + variable + 7) & ~uint64_t{7});
        pos += lengths.back();
    }
    return lengths;
}

}  // namespace

Result<std::vector<SnapshotSpace>> snapshotSpace(HostFile& file, ProgressSink& progress, std::stop_token stop)
{
    DS_ASSIGN_OR_RETURN(uint64_t fileSize, file.size());
    DS_ASSIGN_OR_RETURN(Header h, readHeader(file, fileSize));
    uint64_t tableBytes = 0;
    DS_ASSIGN_OR_RETURN(std::vector<SnapshotInfo> snapshots, readSnapshotTable(file, fileSize, h, &tableBytes));
    std::vector<SnapshotSpace> result;
    if (snapshots.empty())
        return result;
    DS_ASSIGN_OR_RETURN(RefcountReader refcounts, RefcountReader::load(file, h));
    DS_ASSIGN_OR_RETURN(std::vector<uint64_t> lengths, entryLengths(file, h));

    const uint64_t cs = h.clusterSize();
    const auto clustersFor = [cs](uint64_t bytes) { return (bytes + cs - 1) / cs; };
    uint64_t total = 0;
    for (const SnapshotInfo& s : snapshots)
        total += s.l1Size;
    ReferenceWalk walker(file, h, fileSize, progress, stop, total);
    for (size_t i = 0; i < snapshots.size(); ++i) {
        const SnapshotInfo& s = snapshots[i];
        DS_ASSIGN_OR_RETURN(std::vector<uint64_t> refs, walker.walk(s));
        std::sort(refs.begin(), refs.end());
        SnapshotSpace space;
        space.id = s.id;
        space.name = s.name;
        for (size_t k = 0; k < refs.size();) {
            size_t next = k;
            while (next < refs.size() && refs[next] == refs[k])
                ++next;
            DS_ASSIGN_OR_RETURN(uint64_t rc, refcounts.refcount(refs[k]));
            if (rc == next - k)
                ++space.exclusiveClusters;
            k = next;
        }
        space.exclusiveBytes = space.exclusiveClusters * cs;
        space.tableBytesFreed = (clustersFor(tableBytes) - clustersFor(tableBytes - lengths[i])) * cs;
        result.push_back(std::move(space));
    }
    return result;
}

}  // namespace diskscope::qcow2
