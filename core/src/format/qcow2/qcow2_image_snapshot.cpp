// SPDX-License-Identifier: GPL-2.0-or-later
// Internal snapshots: create, delete and apply, each in crash-safe order (leaks at most):
//  create: copy the active L1 and raise the refcount of everything it reaches (synced), clear
//          the COPIED flags that no longer hold (synced), write a new snapshot table (synced),
//          switch the header's nb_snapshots/snapshots_offset pair in one write, free the old table;
//  delete: new table without the entry, header switch, then lower the refcounts the snapshot
//          held, then set COPIED where a cluster is ours alone again;
//  apply:  raise the snapshot's refcounts (synced), write the new active L1 elsewhere (synced),
//          switch size and L1 (header bytes 24..47) in one write, then release the old tables.
// view:    (read-only, qemu-img -l) the snapshot's L1 replaces the active one in memory only.
#include <chrono>
#include <cstring>
#include <unordered_map>

#include "diskscope/snapshot_selector.h"
#include "format/qcow2/qcow2_image.h"
#include "format/qcow2/qcow2_snapshot_table.h"
#include "util/big_endian.h"
#include "util/hex.h"

namespace diskscope::qcow2 {

namespace {
constexpr uint64_t kSnapshotField = 60;  // nb_snapshots (4) + snapshots_offset (8)
constexpr uint64_t kSizeToL1Field = 24;  // size (8), crypt_method (4), l1_size (4), l1_table_offset (8)
constexpr uint32_t kEntryFixedBytes = 40;
constexpr uint32_t kExtraDataBytes = 24;  // vm_state_size_large, disk_size, icount (what QEMU writes)
}  // namespace

Result<std::vector<uint64_t>> Qcow2Image::readL1(uint64_t offset, uint32_t entries, const std::string& what)
{
    const uint64_t cs = m_header.clusterSize();
    DS_ASSIGN_OR_RETURN(uint64_t fileSize, m_file->size());
    if (uint64_t{entries} * 8 > kMaxL1Bytes)
        return makeError(ErrorCode::Corrupt, what + ": L1 table of " + std::to_string(entries) + " entries is too large", m_file->path());
    if ((offset & (cs - 1)) || offset > fileSize || uint64_t{entries} * 8 > fileSize - offset || (entries && offset == 0))
        return makeError(ErrorCode::Corrupt, what + ": L1 table offset " + hex(offset) + " is invalid", m_file->path());
    std::vector<uint8_t> raw(uint64_t{entries} * 8);
    DS_TRY(readExact(*m_file, offset, raw, "L1 table"));
    std::vector<uint64_t> l1(entries);
    for (uint32_t i = 0; i < entries; ++i) {
        l1[i] = loadBe64(&raw[uint64_t{i} * 8]);
        uint64_t table = l1[i] & kOffsetMask;
        if ((table & (cs - 1)) || (table && (table > fileSize || cs > fileSize - table)))
            return makeError(ErrorCode::Corrupt, what + ": L1 entry " + std::to_string(i) + " points at an invalid L2 table " + hex(table),
                             m_file->path());
    }
    return l1;
}

Result<std::vector<uint64_t>> Qcow2Image::clustersReachedBy(const std::vector<uint64_t>& l1)
{
    const uint32_t cb = m_header.clusterBits;
    const unsigned entryBytes = m_header.l2EntryBytes();
    const uint64_t entries = m_header.l2Entries();
    std::vector<uint64_t> reached;
    for (uint64_t l1Entry : l1) {
        const uint64_t table = l1Entry & kOffsetMask;
        if (!table)
            continue;
        reached.push_back(table >> cb);
        DS_ASSIGN_OR_RETURN(const uint8_t* data, m_map->l2Cache().get(table));
        for (uint64_t i = 0; i < entries; ++i) {
            const uint64_t entry = loadBe64(data + i * entryBytes);
            if (entry & kCompressed) {
                CompressedDescriptor d = decodeCompressed(entry, cb);
                for (uint64_t c = d.hostOffset >> cb; c <= (d.hostOffset + d.bytes - 1) >> cb; ++c)
                    reached.push_back(c);
            } else if ((entry & kOffsetMask) && !m_header.hasDataFile()) {
                reached.push_back((entry & kOffsetMask) >> cb);
            }
        }
    }
    return reached;
}

Status Qcow2Image::fixActiveCopiedFlags()
{
    const uint32_t cb = m_header.clusterBits;
    const uint64_t cs = m_header.clusterSize();
    const unsigned entryBytes = m_header.l2EntryBytes();
    for (uint64_t index = 0; index < m_map->l1Size(); ++index) {
        const uint64_t l1Entry = m_map->l1Entry(index);
        const uint64_t table = l1Entry & kOffsetMask;
        if (!table)
            continue;
        DS_ASSIGN_OR_RETURN(uint64_t tableRefs, m_refcounts->get(table >> cb));
        const uint64_t wantL1 = table | (tableRefs == 1 ? kCopied : 0);
        if (wantL1 != l1Entry)
            m_map->setL1Entry(index, wantL1);
        if (m_header.hasDataFile())
            continue;  // data clusters of a data file are not refcounted: COPIED stays as written
        for (uint64_t i = 0; i < m_header.l2Entries(); ++i) {
            DS_ASSIGN_OR_RETURN(const uint8_t* data, m_map->l2Cache().get(table));
            const uint64_t entry = loadBe64(data + i * entryBytes);
            const uint64_t host = entry & kOffsetMask;
            if ((entry & kCompressed) || !host)
                continue;
            DS_ASSIGN_OR_RETURN(uint64_t refs, m_refcounts->get(host >> cb));
            const uint64_t want = refs == 1 ? (entry | kCopied) : (entry & ~kCopied);
            if (want != entry) {
                const uint64_t guest = (index << m_map->l1Shift()) + i * cs;
                const uint64_t bitmap = m_header.extendedL2() ? loadBe64(data + i * entryBytes + 8) : 0;
                DS_TRY(m_map->setEntryIn(table, guest, {want, bitmap}));
            }
        }
    }
    return okStatus();
}

Result<std::vector<std::vector<uint8_t>>> Qcow2Image::rawSnapshotEntries()
{
    std::vector<uint8_t> table(m_snapshotTableBytes);
    if (!table.empty())
        DS_TRY(readExact(*m_file, m_header.snapshotsOffset, table, "snapshot table"));
    std::vector<std::vector<uint8_t>> entries;
    uint64_t pos = 0;
    for (uint32_t i = 0; i < m_header.nbSnapshots; ++i) {
        // The table was validated when the image was opened.
        uint64_t length = kEntryFixedBytes + uint64_t{loadBe32(&table[pos + 36])} + loadBe16(&table[pos + 12]) +
                          loadBe16(&table[pos + 14]);
        length = (length + 7) & ~uint64_t{7};
        entries.emplace_back(table.begin() + static_cast<long>(pos), table.begin() + static_cast<long>(pos + length));
        pos += length;
    }
    return entries;
}

Status Qcow2Image::replaceSnapshotTable(const std::vector<std::vector<uint8_t>>& entries)
{
    const uint64_t cs = m_header.clusterSize();
    std::vector<uint8_t> table;
    for (const auto& e : entries)
        table.insert(table.end(), e.begin(), e.end());
    uint64_t offset = 0;
    if (!table.empty()) {
        const uint64_t clusters = (table.size() + cs - 1) / cs;
        DS_ASSIGN_OR_RETURN(offset, m_refcounts->allocate(clusters));
        table.resize(clusters * cs, 0);
        DS_TRY(m_refcounts->flush());
        DS_TRY(m_io->writeMetadata(offset, table, MetadataKind::SnapshotTable));
    }
    DS_TRY(m_io->sync());
    uint8_t field[12];
    storeBe32(field, static_cast<uint32_t>(entries.size()));
    storeBe64(field + 4, offset);
    DS_TRY(m_io->writeMetadata(kSnapshotField, field, MetadataKind::Header));
    DS_TRY(m_io->sync());

    const uint64_t oldOffset = m_header.snapshotsOffset;
    const uint64_t oldBytes = m_snapshotTableBytes;
    m_refcounts->queueDecreaseRange(oldOffset, oldBytes);
    m_io->removeMetadata(oldOffset, oldBytes);
    m_header.nbSnapshots = static_cast<uint32_t>(entries.size());
    m_header.snapshotsOffset = offset;
    return reloadSnapshots();
}

Status Qcow2Image::reloadSnapshots()
{
    for (const SnapshotInfo& s : m_snapshots)
        m_io->removeMetadata(s.l1Offset, uint64_t{s.l1Size} * 8);
    DS_ASSIGN_OR_RETURN(uint64_t fileSize, m_file->size());
    uint64_t bytes = 0;
    DS_ASSIGN_OR_RETURN(m_snapshots, readSnapshotTable(*m_file, fileSize, m_header, &bytes));
    m_snapshotTableBytes = bytes;
    if (bytes)
        m_io->addMetadata(m_header.snapshotsOffset, bytes, MetadataKind::SnapshotTable);
    for (const SnapshotInfo& s : m_snapshots)
        m_io->addMetadata(s.l1Offset, uint64_t{s.l1Size} * 8, MetadataKind::SnapshotL1);
    return okStatus();
}

namespace {

// Refuses when any reference would overflow the refcount width, before anything changes.
Status checkNoOverflow(Refcounts& refcounts, const std::vector<uint64_t>& reached, uint32_t order, const std::string& path)
{
    std::unordered_map<uint64_t, uint64_t> counts;
    for (uint64_t c : reached)
        ++counts[c];
    const uint64_t max = order == 6 ? ~uint64_t{0} : (uint64_t{1} << (1u << order)) - 1;
    for (const auto& [cluster, n] : counts) {
        DS_ASSIGN_OR_RETURN(uint64_t rc, refcounts.get(cluster));
        if (rc > max - n)
            return makeError(ErrorCode::InvalidArgument,
                             "the refcount of cluster " + std::to_string(cluster) + " would overflow its " +
                                 std::to_string(1u << order) + "-bit width; nothing was changed",
                             path);
    }
    return okStatus();
}

std::vector<uint8_t> encodeEntry(uint64_t l1Offset, uint32_t l1Size, const std::string& id, const std::string& name,
                                 uint64_t diskSize)
{
    auto now = std::chrono::system_clock::now().time_since_epoch();
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now).count();
    std::vector<uint8_t> e(kEntryFixedBytes + kExtraDataBytes);
    storeBe64(&e[0], l1Offset);
    storeBe32(&e[8], l1Size);
    storeBe16(&e[12], static_cast<uint16_t>(id.size()));
    storeBe16(&e[14], static_cast<uint16_t>(name.size()));
    storeBe32(&e[16], static_cast<uint32_t>(micros / 1000000));
    storeBe32(&e[20], static_cast<uint32_t>(micros % 1000000) * 1000);  // microseconds, as QEMU
    storeBe32(&e[36], kExtraDataBytes);
    storeBe64(&e[48], diskSize);  // vm state sizes, VM clock and icount stay 0 (no VM state)
    e.insert(e.end(), id.begin(), id.end());
    e.insert(e.end(), name.begin(), name.end());
    e.resize((e.size() + 7) & ~size_t{7}, 0);
    return e;
}

}  // namespace

Status Qcow2Image::createSnapshot(const std::string& name)
{
    DS_TRY(checkWrite(0, 0));
    const std::string& path = m_file->path();
    if (m_header.hasDataFile())
        return makeError(ErrorCode::Unsupported, "Could not create snapshot '" + name + "': -95 (Operation not supported)", path);
    if (name.size() > 0xFFFF)
        return makeError(ErrorCode::InvalidArgument, "the snapshot name is too long", path);
    if (m_header.nbSnapshots >= kMaxSnapshots)
        return makeError(ErrorCode::InvalidArgument, "the image already has the maximum number of snapshots", path);
    DS_TRY(flush());

    const std::vector<uint64_t> active = m_map->l1();
    DS_ASSIGN_OR_RETURN(std::vector<uint64_t> reached, clustersReachedBy(active));
    DS_TRY(checkNoOverflow(*m_refcounts, reached, m_header.refcountOrder, path));

    // The snapshot's own copy of the L1 table.
    DS_ASSIGN_OR_RETURN(uint64_t l1Offset, writeNewL1(active, true, MetadataKind::SnapshotL1));
    for (uint64_t c : reached)
        DS_TRY(m_refcounts->increase(c));
    DS_TRY(m_refcounts->flush());
    DS_TRY(m_io->sync());
    DS_TRY(fixActiveCopiedFlags());
    DS_TRY(flush());

    uint64_t maxId = 0;
    for (const SnapshotInfo& s : m_snapshots) {
        char* end = nullptr;
        unsigned long long id = std::strtoull(s.id.c_str(), &end, 10);
        if (!s.id.empty() && end && *end == '\0')
            maxId = std::max<uint64_t>(maxId, id);
    }
    DS_ASSIGN_OR_RETURN(auto entries, rawSnapshotEntries());
    entries.push_back(encodeEntry(l1Offset, static_cast<uint32_t>(active.size()), std::to_string(maxId + 1), name, m_header.size));
    DS_TRY(replaceSnapshotTable(entries));
    return flush();
}

Status Qcow2Image::deleteSnapshot(const std::string& nameOrId)
{
    DS_TRY(checkWrite(0, 0));
    auto found = std::find_if(m_snapshots.begin(), m_snapshots.end(), [&](const SnapshotInfo& s) { return s.name == nameOrId; });
    if (found == m_snapshots.end())
        found = std::find_if(m_snapshots.begin(), m_snapshots.end(), [&](const SnapshotInfo& s) { return s.id == nameOrId; });
    if (found == m_snapshots.end())
        return makeError(ErrorCode::NotFound, "Could not delete snapshot '" + nameOrId + "': snapshot not found", m_file->path());
    const size_t index = static_cast<size_t>(found - m_snapshots.begin());
    const SnapshotInfo target = *found;
    DS_TRY(flush());
    DS_ASSIGN_OR_RETURN(std::vector<uint64_t> l1, readL1(target.l1Offset, target.l1Size, "snapshot '" + target.name + "'"));
    DS_ASSIGN_OR_RETURN(std::vector<uint64_t> reached, clustersReachedBy(l1));

    DS_ASSIGN_OR_RETURN(auto entries, rawSnapshotEntries());
    entries.erase(entries.begin() + static_cast<long>(index));
    DS_TRY(replaceSnapshotTable(entries));  // the snapshot is gone on disk; its clusters follow
    m_refcounts->queueDecreaseRange(target.l1Offset, uint64_t{target.l1Size} * 8);
    for (uint64_t c : reached)
        m_refcounts->queueDecrease(c);
    DS_TRY(flush());
    // Tables only the snapshot used may be reused now: forget them.
    for (uint64_t e : l1) {
        uint64_t table = e & kOffsetMask;
        bool active = std::any_of(m_map->l1().begin(), m_map->l1().end(), [&](uint64_t a) { return (a & kOffsetMask) == table; });
        if (table && !active)
            m_map->l2Cache().drop(table);
    }
    DS_TRY(fixActiveCopiedFlags());
    return flush();
}

Status Qcow2Image::applySnapshot(const std::string& idOrName)
{
    DS_TRY(checkWrite(0, 0));
    const std::string& path = m_file->path();
    auto found = std::find_if(m_snapshots.begin(), m_snapshots.end(), [&](const SnapshotInfo& s) { return s.id == idOrName; });
    if (found == m_snapshots.end())
        found = std::find_if(m_snapshots.begin(), m_snapshots.end(), [&](const SnapshotInfo& s) { return s.name == idOrName; });
    if (found == m_snapshots.end())
        return makeError(ErrorCode::NotFound,
                         "Could not apply snapshot '" + idOrName + "': Failed to load snapshot: No such file or directory", path);
    const SnapshotInfo target = *found;
    const std::string what = "snapshot '" + target.name + "'";
    if (target.diskSize > static_cast<uint64_t>(INT64_MAX) || target.diskSize % 512)
        return makeError(ErrorCode::Corrupt, what + ": invalid disk size " + std::to_string(target.diskSize), path);
    const uint64_t needed = l1EntriesNeeded(m_header, target.diskSize);
    if (needed > target.l1Size)
        return makeError(ErrorCode::Corrupt, what + ": L1 table too small for its disk size", path);
    DS_TRY(flush());
    // Everything is validated before the first change (a broken snapshot must not cost the
    // active disk its data).
    DS_ASSIGN_OR_RETURN(std::vector<uint64_t> snapshotL1, readL1(target.l1Offset, target.l1Size, what));
    DS_ASSIGN_OR_RETURN(std::vector<uint64_t> reachedNew, clustersReachedBy(snapshotL1));
    DS_ASSIGN_OR_RETURN(std::vector<uint64_t> reachedOld, clustersReachedBy(m_map->l1()));
    DS_TRY(checkNoOverflow(*m_refcounts, reachedNew, m_header.refcountOrder, path));

    const uint64_t cs = m_header.clusterSize();
    const uint64_t l1Bytes = snapshotL1.size() * 8;
    DS_ASSIGN_OR_RETURN(uint64_t l1Offset, writeNewL1(snapshotL1, true, MetadataKind::ActiveL1));
    for (uint64_t c : reachedNew)
        DS_TRY(m_refcounts->increase(c));
    DS_TRY(m_refcounts->flush());
    DS_TRY(m_io->sync());

    // Size, crypt_method (unchanged) and the L1 pair: one write inside the first sector.
    uint8_t field[24];
    storeBe64(field, target.diskSize);
    storeBe32(field + 8, m_header.cryptMethod);
    storeBe32(field + 12, static_cast<uint32_t>(snapshotL1.size()));
    storeBe64(field + 16, l1Offset);
    DS_TRY(m_io->writeMetadata(kSizeToL1Field, field, MetadataKind::Header));
    DS_TRY(m_io->sync());

    // The old active tables lose their references.
    const uint64_t oldL1 = m_header.l1TableOffset;
    const uint64_t oldL1Bytes = uint64_t{m_header.l1Size} * 8;
    m_refcounts->queueDecreaseRange(oldL1, oldL1Bytes);
    for (uint64_t c : reachedOld)
        m_refcounts->queueDecrease(c);
    m_io->removeMetadata(oldL1, oldL1Bytes);
    for (uint64_t e : m_map->l1())
        if (e & kOffsetMask)
            m_io->removeMetadata(e & kOffsetMask, cs);

    m_header.size = target.diskSize;
    m_header.l1Size = static_cast<uint32_t>(snapshotL1.size());
    m_header.l1TableOffset = l1Offset;
    DS_ASSIGN_OR_RETURN(m_map, ClusterMap::load(*m_file, m_header));
    installCacheHooks();
    m_io->addMetadata(l1Offset, l1Bytes, MetadataKind::ActiveL1);
    for (uint64_t e : m_map->l1())
        if (e & kOffsetMask)
            m_io->addMetadata(e & kOffsetMask, cs, MetadataKind::ActiveL2);
    m_compressedCacheValid = false;
    DS_TRY(flush());
    DS_TRY(fixActiveCopiedFlags());
    return flush();
}

Status Qcow2Image::viewSnapshot(const SnapshotSelector& selector)
{
    if (m_writable)
        return makeError(ErrorCode::InvalidArgument, "a snapshot can only be shown from an image opened read-only",
                         m_file->path());
    const SnapshotInfo* found = findSnapshot(m_snapshots, selector);
    if (!found)
        return makeError(ErrorCode::NotFound, "Failed to load snapshot: Can't find snapshot");
    if (uint64_t{found->l1Size} * 8 > kMaxL1Bytes)
        return makeError(ErrorCode::Corrupt, "Failed to load snapshot: Snapshot L1 table too large", m_file->path());
    // The view keeps the image's current virtual size, as qemu-img does: guest offsets past
    // the snapshot's own L1 table read as unallocated.
    DS_ASSIGN_OR_RETURN(std::vector<uint64_t> l1, readL1(found->l1Offset, found->l1Size,
                                                         "Failed to load snapshot: snapshot '" + found->name + "'"));
    m_map = ClusterMap::withL1(*m_file, m_header, std::move(l1));
    m_compressedCacheValid = false;
    return okStatus();
}

}  // namespace diskscope::qcow2
