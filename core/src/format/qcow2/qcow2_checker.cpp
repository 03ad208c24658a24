// SPDX-License-Identifier: GPL-2.0-or-later
// qcow2 check and repair: reference counting walk, refcount comparison, COPIED flags, repairs.
#include "format/qcow2/qcow2_checker.h"

#include <algorithm>
#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <limits>

#include "format/qcow2/qcow2_bitmaps.h"
#include "format/qcow2/qcow2_header.h"
#include "format/qcow2/qcow2_l2_entry.h"
#include "format/qcow2/qcow2_refcount_reader.h"
#include "format/qcow2/qcow2_refcounts.h"
#include "format/qcow2/qcow2_snapshot_table.h"
#include "util/big_endian.h"
#include "util/hex.h"

namespace diskscope::qcow2 {
namespace {

constexpr uint64_t kBitmapTableOffsetMask = 0x00FFFFFFFFFFFE00ull;
constexpr uint32_t kBitmapEntryFixedBytes = 24;
constexpr uint32_t kSnapshotEntryFixedBytes = 40;

std::string format(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
std::string format(const char* fmt, ...)
{
    char buf[512];
    va_list args;
    va_start(args, fmt);
    std::vsnprintf(buf, sizeof buf, fmt, args);
    va_end(args);
    return buf;
}

uint64_t maxRefcount(uint32_t order)
{
    uint32_t bits = 1u << order;
    return bits == 64 ? std::numeric_limits<uint64_t>::max() : (uint64_t{1} << bits) - 1;
}

// The refcounts the image stores. Unlike RefcountReader it tolerates broken refcount blocks
// (unaligned, past the end): their clusters read as refcount 0, which the comparison then
// reports and a rebuild repairs. It also writes single entries back for in-place repairs.
class StoredRefcounts {
public:
    Status load(HostFile& file, const Header& h, uint64_t fileSize)
    {
        m_file = &file;
        m_fileSize = fileSize;
        m_clusterBits = h.clusterBits;
        m_order = h.refcountOrder;
        m_table.clear();
        m_cachedOffset = 0;
        m_dirty = false;
        // readHeader checked the table against 8 MiB and the file end.
        uint64_t bytes = uint64_t{h.refcountTableClusters} << h.clusterBits;
        std::vector<uint8_t> raw(bytes);
        DS_TRY(readExact(file, h.refcountTableOffset, raw, "refcount table"));
        m_table.resize(bytes / 8);
        for (uint64_t i = 0; i < m_table.size(); ++i)
            m_table[i] = loadBe64(&raw[i * 8]);
        return okStatus();
    }

    const std::vector<uint64_t>& table() const { return m_table; }
    uint64_t entriesPerBlockShift() const { return m_clusterBits + 3 - m_order; }

    Result<uint64_t> get(uint64_t cluster)
    {
        DS_ASSIGN_OR_RETURN(uint8_t * block, blockFor(cluster));
        if (!block)
            return uint64_t{0};
        return decodeRefcount(block, cluster & ((uint64_t{1} << entriesPerBlockShift()) - 1), m_order);
    }

    // Precondition: the cluster's refcount block is valid (its stored refcount was not 0).
    Status set(uint64_t cluster, uint64_t value)
    {
        DS_ASSIGN_OR_RETURN(uint8_t * block, blockFor(cluster));
        if (!block)
            return makeError(ErrorCode::Corrupt, "no valid refcount block covers cluster " + std::to_string(cluster));
        encodeRefcount(block, cluster & ((uint64_t{1} << entriesPerBlockShift()) - 1), m_order, value);
        m_dirty = true;
        return okStatus();
    }

    Status writeBack()
    {
        if (m_dirty) {
            DS_TRY(m_file->writeAt(m_cachedOffset, m_block));
            m_dirty = false;
        }
        return okStatus();
    }

private:
    Result<uint8_t*> blockFor(uint64_t cluster)
    {
        uint64_t index = cluster >> entriesPerBlockShift();
        if (index >= m_table.size())
            return static_cast<uint8_t*>(nullptr);
        uint64_t offset = m_table[index] & kRefTableOffsetMask;
        uint64_t clusterSize = uint64_t{1} << m_clusterBits;
        if (offset == 0 || (offset & (clusterSize - 1)) || offset > m_fileSize ||
            clusterSize > m_fileSize - offset)
            return static_cast<uint8_t*>(nullptr);
        if (offset != m_cachedOffset) {
            DS_TRY(writeBack());
            m_block.resize(clusterSize);
            DS_TRY(readExact(*m_file, offset, m_block, "refcount block"));
            m_cachedOffset = offset;
        }
        return m_block.data();
    }

    HostFile* m_file = nullptr;
    uint64_t m_fileSize = 0;
    uint32_t m_clusterBits = 16;
    uint32_t m_order = 4;
    std::vector<uint64_t> m_table;
    uint64_t m_cachedOffset = 0;
    bool m_dirty = false;
    std::vector<uint8_t> m_block;
};

struct RefcountMismatch {
    uint64_t cluster;
    uint64_t stored;
    uint64_t referenced;
};

struct PassResult {
    uint64_t corruptions = 0;
    uint64_t leaks = 0;
    uint64_t checkErrors = 0;
    uint64_t corruptionsFixed = 0;
    uint64_t leaksFixed = 0;
    uint64_t allocated = 0;
    uint64_t fragmented = 0;
    uint64_t compressed = 0;
    uint64_t imageEndOffset = 0;
    uint64_t totalClusters = 0;
    std::optional<std::string> failure;
};

// One pass over the image: count, compare, and (when asked) repair.
class Checker {
public:
    Checker(HostFile& file, CheckRepair repair, bool doubleCheck, std::vector<CheckFinding>& findings,
            ProgressSink& progress, std::stop_token stop, CheckObserver* observer)
        : m_file(file), m_repair(repair), m_doubleCheck(doubleCheck), m_findings(findings),
          m_progress(progress), m_stop(stop), m_observer(observer)
    {
    }

    Result<PassResult> run();

private:
    bool fixLeaks() const { return m_repair != CheckRepair::None; }
    bool fixErrors() const { return m_repair == CheckRepair::All; }
    uint64_t clusterSize() const { return m_h.clusterSize(); }

    void note(CheckFindingKind kind, std::string message, std::optional<uint64_t> cluster = {},
              std::optional<uint64_t> offset = {})
    {
        m_findings.push_back({kind, cluster, offset, std::move(message), m_doubleCheck});
    }
    void corruption(std::string message, std::optional<uint64_t> offset = {})
    {
        ++m_result.corruptions;
        std::optional<uint64_t> cluster;
        if (offset)
            cluster = *offset >> m_h.clusterBits;
        note(CheckFindingKind::Corruption, std::move(message), cluster, offset);
    }
    Status stopRequested() const
    {
        if (m_stop.stop_requested())
            return makeError(ErrorCode::Cancelled, "check cancelled", m_file.path());
        return okStatus();
    }

    void countReference(uint64_t offset, uint64_t size, HostClusterKind kind);
    Status walkL1(uint64_t l1Offset, uint64_t l1Entries, bool active);
    Status walkL2(uint64_t l2Offset, bool active);
    Status walkSnapshots();
    Status walkBitmaps();
    void walkRefcountBlocks();
    Status compareRefcounts();
    Status repairRefcountsInPlace();
    Status rebuildRefcountStructure();
    Status checkCopiedFlags();
    Status writeEntry(uint64_t offset, uint64_t value);
    Status clearDirtyAndCorruptBits();

    HostFile& m_file;
    CheckRepair m_repair;
    bool m_doubleCheck;
    std::vector<CheckFinding>& m_findings;
    ProgressSink& m_progress;
    std::stop_token m_stop;
    CheckObserver* m_observer;

    Header m_h;
    uint64_t m_fileSize = 0;
    uint64_t m_fileClusters = 0;
    // References per host cluster; one cluster longer than the file, since a reference that
    // ends less than a cluster past the end of the file is still counted.
    std::vector<uint32_t> m_references;
    uint64_t m_compareClusters = 0;  // clusters compared: the file, plus counted references past it
    bool m_rebuild = false;
    uint64_t m_refcountCorruptions = 0;  // corruptions a rebuild repairs (blocks and comparison)
    std::vector<RefcountMismatch> m_mismatches;
    // The old refcount table's and blocks' references: a rebuild frees them.
    std::vector<std::pair<uint64_t, uint64_t>> m_oldRefcountStructure;  // (offset, bytes)
    StoredRefcounts m_stored;
    PassResult m_result;
};

void Checker::countReference(uint64_t offset, uint64_t size, HostClusterKind kind)
{
    if (size == 0)
        return;
    uint64_t cs = clusterSize();
    // A region that ends a cluster or more past the end of the file is not counted, only
    // reported: the reference array is never sized from an offset found in a table.
    bool overflows = offset > std::numeric_limits<uint64_t>::max() - size;
    uint64_t end = overflows ? std::numeric_limits<uint64_t>::max() : offset + size;
    if (overflows || (end > m_fileSize && end - m_fileSize >= cs)) {
        corruption(format("ERROR: counting reference for region exceeding the end of the file by one cluster "
                          "or more: offset 0x%" PRIx64 " size 0x%" PRIx64,
                          offset, size),
                   offset);
        m_findings.back().beyondEndOfFile = true;
        return;
    }
    if (m_observer)
        m_observer->reference(offset, size, kind);
    uint64_t first = offset >> m_h.clusterBits;
    uint64_t last = (end - 1) >> m_h.clusterBits;
    for (uint64_t c = first; c <= last && c < m_references.size(); ++c) {
        if (m_references[c] != std::numeric_limits<uint32_t>::max())
            ++m_references[c];
        m_compareClusters = std::max(m_compareClusters, c + 1);
    }
}

Status Checker::walkL1(uint64_t l1Offset, uint64_t l1Entries, bool active)
{
    countReference(l1Offset, l1Entries * 8, active ? HostClusterKind::L1Table : HostClusterKind::SnapshotMetadata);
    if (l1Entries == 0 || l1Offset >= m_fileSize)
        return okStatus();
    std::vector<uint8_t> l1(l1Entries * 8);
    DS_TRY(readZeroFilled(m_file, l1Offset, l1));
    for (uint64_t i = 0; i < l1Entries; ++i) {
        DS_TRY(stopRequested());
        uint64_t entry = loadBe64(&l1[i * 8]);
        if (entry & kL1ReservedMask)
            corruption(format("ERROR found L1 entry with reserved bits set: %" PRIx64, entry), l1Offset + i * 8);
        uint64_t l2Offset = entry & kOffsetMask;
        if (l2Offset == 0)
            continue;
        countReference(l2Offset, clusterSize(), active ? HostClusterKind::L2Table : HostClusterKind::SnapshotMetadata);
        if (l2Offset & (clusterSize() - 1)) {
            // QEMU goes on to read a table at the unaligned offset and counts whatever it
            // finds there; the entry is wrong, so nothing behind it is trusted here.
            corruption(format("ERROR l2_offset=%" PRIx64 ": Table is not cluster aligned; L1 entry corrupted",
                              l2Offset),
                       l2Offset);
            continue;
        }
        DS_TRY(walkL2(l2Offset, active));
        if (active)
            m_progress.progress(i + 1, l1Entries);
    }
    return okStatus();
}

Status Checker::walkL2(uint64_t l2Offset, bool active)
{
    if (l2Offset >= m_fileSize)
        return okStatus();  // already reported by countReference; it would read as zeros
    uint64_t cs = clusterSize();
    std::vector<uint8_t> table(cs);
    DS_TRY(readZeroFilled(m_file, l2Offset, table));
    const bool extended = m_h.extendedL2();
    const bool dataFile = m_h.hasDataFile();
    const uint32_t entryBytes = m_h.l2EntryBytes();
    // qemu-img counts fragmentation within each L2 table: the first data cluster of a table
    // is never fragmented, whatever the previous table's last cluster was.
    uint64_t nextContiguous = 0;
    for (uint64_t i = 0; i < m_h.l2Entries(); ++i) {
        uint64_t entry = loadBe64(&table[i * entryBytes]);
        uint64_t bitmap = extended ? loadBe64(&table[i * entryBytes + 8]) : 0;
        uint64_t entryOffset = l2Offset + i * entryBytes;
        if (entry & kCompressed) {
            CompressedDescriptor d = decodeCompressed(entry, m_h.clusterBits);
            if (entry & kCopied)
                corruption(format("ERROR: coffset=0x%" PRIx64 ": copied flag must never be set for compressed clusters",
                                  d.hostOffset),
                           entryOffset);
            if (dataFile) {
                corruption(format("ERROR compressed cluster %" PRIu64 " with data file, entry=0x%" PRIx64, i, entry),
                           entryOffset);
                continue;
            }
            if (extended && bitmap != 0) {
                // Neither counted as allocated nor referenced, as qemu-img does.
                corruption(format("ERROR compressed cluster %" PRIu64
                                  " with non-zero subcluster allocation bitmap, entry=0x%" PRIx64,
                                  i, entry),
                           entryOffset);
                continue;
            }
            if (active) {
                ++m_result.allocated;
                ++m_result.compressed;
                ++m_result.fragmented;
            }
            countReference(d.hostOffset, d.bytes, active ? HostClusterKind::CompressedData : HostClusterKind::SnapshotData);
            continue;
        }
        if (entry & kL2ReservedMask)
            corruption(format("ERROR found l2 entry with reserved bits set: %" PRIx64, entry), entryOffset);
        uint64_t offset = entry & kOffsetMask;
        bool zeroFlag = !extended && (entry & kZeroFlag);
        bool allocated = offset != 0 || (dataFile && (entry & kCopied));
        // Errata: qemu-img 7.2 accepts the zero flag in a version 2 image, where the
        // specification reserves bit 0; Diskscope reports it.
        if (zeroFlag && m_h.version < 3)
            corruption(format("ERROR l2_entry=%" PRIx64 ": zero flag set in a version 2 image; L2 entry corrupted",
                              entry),
                       entryOffset);
        if (!allocated) {
            if (extended && static_cast<uint32_t>(bitmap) != 0)
                corruption("ERROR: Unallocated cluster has non-zero subcluster allocation map", entryOffset);
            continue;
        }
        if (extended && ((bitmap >> 32) & bitmap & 0xFFFFFFFFull))
            corruption(format("ERROR offset=%" PRIx64 ": Allocated cluster has corrupted subcluster allocation bitmap",
                              offset),
                       entryOffset);
        if (active) {
            ++m_result.allocated;
            if (nextContiguous && offset != nextContiguous)
                ++m_result.fragmented;
            nextContiguous = offset + cs;
        }
        if (dataFile)
            continue;  // guest data lives in the data file and is not refcounted
        if (offset & (cs - 1)) {
            corruption(format(zeroFlag ? "ERROR offset=%" PRIx64
                                         ": Preallocated cluster is not properly aligned; L2 entry corrupted."
                                       : "ERROR offset=%" PRIx64
                                         ": Data cluster is not properly aligned; L2 entry corrupted.",
                              offset),
                       entryOffset);
        }
        // An unaligned cluster is counted over the clusters it touches, as QEMU counts it.
        countReference(offset, cs, active ? HostClusterKind::Data : HostClusterKind::SnapshotData);
    }
    return okStatus();
}

Status Checker::walkSnapshots()
{
    if (m_h.nbSnapshots == 0)
        return okStatus();
    DS_ASSIGN_OR_RETURN(std::vector<SnapshotInfo> snapshots, readSnapshotTable(m_file, m_fileSize, m_h));
    for (const SnapshotInfo& s : snapshots) {
        if (s.l1Offset & (clusterSize() - 1)) {
            corruption(format("ERROR snapshot %s (%s) l1_offset=%#" PRIx64
                              ": L1 table is not cluster aligned; snapshot table entry corrupted",
                              s.id.c_str(), s.name.c_str(), s.l1Offset),
                       s.l1Offset);
            continue;
        }
        if (uint64_t{s.l1Size} * 8 > kMaxL1Bytes) {
            corruption(format("ERROR snapshot %s (%s) l1_size=%#" PRIx32
                              ": L1 table is too large; snapshot table entry corrupted",
                              s.id.c_str(), s.name.c_str(), s.l1Size),
                       s.l1Offset);
            continue;
        }
        DS_TRY(walkL1(s.l1Offset, s.l1Size, false));
    }
    // The table's length: readSnapshotTable checked every entry against the file end.
    uint64_t pos = m_h.snapshotsOffset;
    for (uint32_t i = 0; i < m_h.nbSnapshots; ++i) {
        uint8_t fixed[kSnapshotEntryFixedBytes];
        DS_TRY(readExact(m_file, pos, fixed, "snapshot table entry"));
        uint64_t variable = uint64_t{loadBe32(fixed + 36)} + loadBe16(fixed + 12) + loadBe16(fixed + 14);
        pos += (kSnapshotEntryFixedBytes + variable + 7) & ~uint64_t{7};
    }
    countReference(m_h.snapshotsOffset, pos - m_h.snapshotsOffset, HostClusterKind::SnapshotTable);
    return okStatus();
}

Status Checker::walkBitmaps()
{
    if (!m_h.bitmaps)
        return okStatus();
    // Validates the directory (bounds, names, granularity) before its entries are used.
    auto directory = readBitmapDirectory(m_file, m_fileSize, m_h);
    if (!directory)
        return std::move(directory).error();
    const BitmapsExtension& ext = *m_h.bitmaps;
    countReference(ext.directoryOffset, ext.directorySize, HostClusterKind::Bitmap);
    std::vector<uint8_t> dir(ext.directorySize);
    DS_TRY(readExact(m_file, ext.directoryOffset, dir, "bitmap directory"));
    uint64_t pos = 0;
    for (uint32_t i = 0; i < ext.count; ++i) {
        const uint8_t* e = &dir[pos];
        uint64_t tableOffset = loadBe64(e);
        uint64_t tableEntries = loadBe32(e + 8);
        uint64_t tableBytes = tableEntries * 8;
        pos += (uint64_t{kBitmapEntryFixedBytes} + loadBe32(e + 20) + loadBe16(e + 18) + 7) & ~uint64_t{7};
        countReference(tableOffset, tableBytes, HostClusterKind::Bitmap);
        if (tableBytes == 0 || tableOffset > m_fileSize || tableBytes > m_fileSize - tableOffset)
            continue;
        // Read in slices: the table may be large, memory stays bounded.
        std::vector<uint8_t> slice;
        for (uint64_t done = 0; done < tableBytes;) {
            DS_TRY(stopRequested());
            slice.resize(std::min<uint64_t>(tableBytes - done, 1u << 20));
            DS_TRY(readExact(m_file, tableOffset + done, slice, "bitmap table"));
            for (uint64_t k = 0; k < slice.size(); k += 8) {
                uint64_t cluster = loadBe64(&slice[k]) & kBitmapTableOffsetMask;
                if (cluster)
                    countReference(cluster, clusterSize(), HostClusterKind::Bitmap);
            }
            done += slice.size();
        }
    }
    return okStatus();
}

void Checker::walkRefcountBlocks()
{
    const std::vector<uint64_t>& table = m_stored.table();
    for (uint64_t i = 0; i < table.size(); ++i) {
        uint64_t offset = table[i] & kRefTableOffsetMask;
        uint64_t entryOffset = m_h.refcountTableOffset + i * 8;
        if (offset & (clusterSize() - 1)) {
            ++m_refcountCorruptions;
            m_rebuild = true;
            corruption(format("ERROR refcount block %" PRIu64
                              " is not cluster aligned; refcount table entry corrupted",
                              i),
                       entryOffset);
            continue;
        }
        if (offset == 0)
            continue;
        uint64_t cluster = offset >> m_h.clusterBits;
        if (cluster >= m_fileClusters) {
            ++m_refcountCorruptions;
            m_rebuild = true;
            corruption(format("ERROR refcount block %" PRIu64 " is outside image", i), entryOffset);
            continue;
        }
        countReference(offset, clusterSize(), HostClusterKind::RefcountBlock);
        m_oldRefcountStructure.push_back({offset, clusterSize()});
        if (m_references[cluster] != 1) {
            ++m_refcountCorruptions;
            m_rebuild = true;
            corruption(format("ERROR refcount block %" PRIu64 " refcount=%" PRIu32, i, m_references[cluster]),
                       offset);
        }
    }
}

Status Checker::compareRefcounts()
{
    uint64_t highest = 0;
    bool any = false;
    for (uint64_t c = 0; c < m_compareClusters; ++c) {
        if ((c & 0xFFFF) == 0)
            DS_TRY(stopRequested());
        DS_ASSIGN_OR_RETURN(uint64_t stored, m_stored.get(c));
        uint64_t referenced = c < m_references.size() ? m_references[c] : 0;
        if (m_observer)
            m_observer->refcount(c, stored, referenced);
        // qemu-img's image end: the last cluster that is used by a refcount or a reference.
        if (stored > 0 || referenced > 0) {
            highest = c;
            any = true;
        }
        if (stored == referenced)
            continue;
        m_mismatches.push_back({c, stored, referenced});
        if (stored == 0)
            m_rebuild = true;
        if (stored < referenced) {
            ++m_refcountCorruptions;
            corruption(format("ERROR cluster %" PRIu64 " refcount=%" PRIu64 " reference=%" PRIu64, c, stored,
                              referenced),
                       c << m_h.clusterBits);
        } else {
            ++m_result.leaks;
            note(CheckFindingKind::Leak,
                 format("Leaked cluster %" PRIu64 " refcount=%" PRIu64 " reference=%" PRIu64, c, stored, referenced), c,
                 c << m_h.clusterBits);
        }
    }
    m_result.imageEndOffset = any ? (highest + 1) << m_h.clusterBits : 0;
    return okStatus();
}

// Rewrites the wrong refcount entries: leaks with -r leaks, and also too-low (non-zero)
// refcounts with -r all. Lowering leaves at worst the old leak if interrupted; raising
// leaves at worst the old corruption.
Status Checker::repairRefcountsInPlace()
{
    // Counted again below, as the comparison is run again with the fixes.
    m_result.corruptions -= m_refcountCorruptions;
    m_result.leaks = 0;
    m_refcountCorruptions = 0;
    const uint64_t limit = maxRefcount(m_h.refcountOrder);
    for (const RefcountMismatch& m : m_mismatches) {
        bool leak = m.stored > m.referenced;
        bool fix = (leak && fixLeaks()) || (!leak && fixErrors() && m.referenced <= limit);
        std::string line = format(" cluster %" PRIu64 " refcount=%" PRIu64 " reference=%" PRIu64, m.cluster,
                                  m.stored, m.referenced);
        uint64_t offset = m.cluster << m_h.clusterBits;
        if (fix) {
            DS_TRY(m_stored.set(m.cluster, m.referenced));
            note(CheckFindingKind::Repair, "Repairing" + line, m.cluster, offset);
            ++(leak ? m_result.leaksFixed : m_result.corruptionsFixed);
        } else if (leak) {
            ++m_result.leaks;
            note(CheckFindingKind::Leak, "Leaked" + line, m.cluster, offset);
        } else {
            ++m_refcountCorruptions;
            corruption("ERROR" + line, offset);
        }
    }
    DS_TRY(m_stored.writeBack());
    DS_TRY(m_file.flush());
    return okStatus();
}

// Writes a complete refcount structure for the counted references past the end of the file,
// syncs it, then switches the header's refcount table pair in one write. Until the switch the
// old structure stays in force, and the new clusters are unreferenced space past its end.
Status Checker::rebuildRefcountStructure()
{
    note(CheckFindingKind::Note, "Rebuilding refcount structure");
    const uint64_t cs = clusterSize();
    const uint32_t order = m_h.refcountOrder;
    const uint64_t limit = maxRefcount(order);
    // The new structure replaces the old one, whose clusters become free.
    for (const auto& [offset, bytes] : m_oldRefcountStructure) {
        for (uint64_t c = offset >> m_h.clusterBits; c <= (offset + bytes - 1) >> m_h.clusterBits; ++c) {
            if (c < m_references.size() && m_references[c] > 0 &&
                m_references[c] != std::numeric_limits<uint32_t>::max())
                --m_references[c];
        }
    }
    for (uint64_t c = 0; c < m_compareClusters; ++c) {
        if (m_references[c] > limit)
            return makeError(ErrorCode::Corrupt,
                             "cluster " + std::to_string(c) + " has " + std::to_string(m_references[c]) +
                                 " references, more than " + std::to_string(m_h.refcountBits()) +
                                 "-bit refcounts hold; cannot rebuild the refcount structure",
                             m_file.path());
    }
    const uint64_t entriesPerBlock = cs * 8 / m_h.refcountBits();
    const uint64_t first = std::max(m_fileClusters, m_compareClusters);
    uint64_t blocks = 0;
    uint64_t tableClusters = 0;
    // The new blocks and table must describe themselves too: grow until the counts settle.
    for (;;) {
        uint64_t total = first + tableClusters + blocks;
        uint64_t needBlocks = (total + entriesPerBlock - 1) / entriesPerBlock;
        uint64_t needTable = (needBlocks * 8 + cs - 1) / cs;
        if (needBlocks == blocks && needTable == tableClusters)
            break;
        blocks = needBlocks;
        tableClusters = needTable;
    }
    if (tableClusters * cs > kMaxRefTableBytes)
        return makeError(ErrorCode::Unsupported, "the rebuilt refcount table would exceed 8 MiB", m_file.path());
    const uint64_t tableCluster = first;
    const uint64_t blocksCluster = first + tableClusters;
    const uint64_t structureEnd = blocksCluster + blocks;

    std::vector<uint8_t> block(cs);
    for (uint64_t b = 0; b < blocks; ++b) {
        DS_TRY(stopRequested());
        std::fill(block.begin(), block.end(), 0);
        for (uint64_t k = 0; k < entriesPerBlock; ++k) {
            uint64_t c = b * entriesPerBlock + k;
            uint64_t value = c < m_compareClusters ? m_references[c] : 0;
            if (c >= tableCluster && c < structureEnd)
                value = 1;
            if (value)
                encodeRefcount(block.data(), k, order, value);
        }
        DS_TRY(m_file.writeAt((blocksCluster + b) * cs, block));
    }
    std::vector<uint8_t> table(tableClusters * cs, 0);
    for (uint64_t b = 0; b < blocks; ++b)
        storeBe64(&table[b * 8], (blocksCluster + b) * cs);
    DS_TRY(m_file.writeAt(tableCluster * cs, table));
    DS_TRY(m_file.flush());

    uint8_t pair[12];
    storeBe64(pair, tableCluster * cs);
    storeBe32(pair + 8, static_cast<uint32_t>(tableClusters));
    DS_TRY(m_file.writeAt(48, pair));
    DS_TRY(m_file.flush());
    m_h.refcountTableOffset = tableCluster * cs;
    m_h.refcountTableClusters = static_cast<uint32_t>(tableClusters);
    DS_ASSIGN_OR_RETURN(m_fileSize, m_file.size());
    DS_TRY(m_stored.load(m_file, m_h, m_fileSize));

    // Every refcount now equals the references counted: the comparison's findings are fixed.
    // The old structure's clusters have no references and are free in the new one.
    m_result.corruptionsFixed += m_refcountCorruptions;
    m_result.corruptions -= m_refcountCorruptions;
    m_result.leaksFixed += m_result.leaks;
    m_result.leaks = 0;
    m_refcountCorruptions = 0;
    return okStatus();
}

Status Checker::writeEntry(uint64_t offset, uint64_t value)
{
    uint8_t bytes[8];
    storeBe64(bytes, value);
    return m_file.writeAt(offset, bytes);
}

// COPIED must be set exactly on the active entries whose cluster has refcount 1.
Status Checker::checkCopiedFlags()
{
    const bool repair = fixErrors() || (fixLeaks() && m_result.corruptions == 0 && m_result.leaks == 0 &&
                                        m_result.checkErrors == 0);
    const uint64_t cs = clusterSize();
    std::vector<uint8_t> l1(uint64_t{m_h.l1Size} * 8);
    DS_TRY(readExact(m_file, m_h.l1TableOffset, l1, "L1 table"));
    std::vector<uint8_t> table(cs);
    const uint32_t entryBytes = m_h.l2EntryBytes();
    bool wrote = false;
    auto report = [&](const std::string& what, uint64_t entryOffset, uint64_t fixedEntry) -> Status {
        uint64_t cluster = entryOffset >> m_h.clusterBits;
        if (repair) {
            DS_TRY(writeEntry(entryOffset, fixedEntry));
            wrote = true;
            ++m_result.corruptionsFixed;
            note(CheckFindingKind::Repair, "Repairing " + what, cluster, entryOffset);
        } else {
            corruption("ERROR " + what, entryOffset);
        }
        return okStatus();
    };
    for (uint64_t i = 0; i < m_h.l1Size; ++i) {
        DS_TRY(stopRequested());
        uint64_t l1Entry = loadBe64(&l1[i * 8]);
        uint64_t l2Offset = l1Entry & kOffsetMask;
        if (l2Offset == 0)
            continue;
        DS_ASSIGN_OR_RETURN(uint64_t refcount, m_stored.get(l2Offset >> m_h.clusterBits));
        if ((refcount == 1) != ((l1Entry & kCopied) != 0)) {
            uint64_t fixed = refcount == 1 ? (l1Entry | kCopied) : (l1Entry & ~kCopied);
            DS_TRY(report(format("OFLAG_COPIED L2 cluster: l1_index=%" PRIu64 " l1_entry=%" PRIx64
                                 " refcount=%" PRIu64,
                                 i, l1Entry, refcount),
                          m_h.l1TableOffset + i * 8, fixed));
        }
        if ((l2Offset & (cs - 1)) || l2Offset >= m_fileSize)
            continue;
        DS_TRY(readZeroFilled(m_file, l2Offset, table));
        for (uint64_t k = 0; k < m_h.l2Entries(); ++k) {
            uint64_t entry = loadBe64(&table[k * entryBytes]);
            if (entry & kCompressed)
                continue;
            uint64_t offset = entry & kOffsetMask;
            bool allocated = offset != 0 || (m_h.hasDataFile() && (entry & kCopied));
            if (!allocated)
                continue;
            uint64_t dataRefcount = 1;  // data-file clusters are not refcounted: always exclusive
            if (!m_h.hasDataFile()) {
                DS_ASSIGN_OR_RETURN(dataRefcount, m_stored.get(offset >> m_h.clusterBits));
            }
            if ((dataRefcount == 1) != ((entry & kCopied) != 0)) {
                uint64_t fixed = dataRefcount == 1 ? (entry | kCopied) : (entry & ~kCopied);
                DS_TRY(report(format("OFLAG_COPIED data cluster: l2_entry=%" PRIx64 " refcount=%" PRIu64, entry,
                                     dataRefcount),
                              l2Offset + k * entryBytes, fixed));
            }
        }
    }
    if (wrote)
        DS_TRY(m_file.flush());
    return okStatus();
}

Status Checker::clearDirtyAndCorruptBits()
{
    uint64_t bits = kIncompatDirty | kIncompatCorrupt;
    if (m_h.version < 3 || !(m_h.incompatibleFeatures & bits))
        return okStatus();
    DS_TRY(writeEntry(72, m_h.incompatibleFeatures & ~bits));
    DS_TRY(m_file.flush());
    m_h.incompatibleFeatures &= ~bits;
    return okStatus();
}

Result<PassResult> Checker::run()
{
    DS_ASSIGN_OR_RETURN(m_fileSize, m_file.size());
    DS_ASSIGN_OR_RETURN(m_h, readHeader(m_file, m_fileSize));
    const uint64_t cs = clusterSize();
    m_fileClusters = (m_fileSize + cs - 1) >> m_h.clusterBits;
    m_compareClusters = m_fileClusters;
    m_references.assign(m_fileClusters + 1, 0);
    m_result.totalClusters = (m_h.size + cs - 1) >> m_h.clusterBits;
    DS_TRY(m_stored.load(m_file, m_h, m_fileSize));

    countReference(0, cs, HostClusterKind::Header);
    DS_TRY(walkL1(m_h.l1TableOffset, m_h.l1Size, true));
    DS_TRY(walkSnapshots());
    countReference(m_h.refcountTableOffset, uint64_t{m_h.refcountTableClusters} * cs, HostClusterKind::RefcountTable);
    m_oldRefcountStructure.push_back({m_h.refcountTableOffset, uint64_t{m_h.refcountTableClusters} * cs});
    DS_TRY(walkBitmaps());
    walkRefcountBlocks();
    DS_TRY(compareRefcounts());

    if (m_repair != CheckRepair::None) {
        if (m_rebuild && fixErrors()) {
            DS_TRY(rebuildRefcountStructure());
        } else if (m_rebuild) {
            note(CheckFindingKind::CheckError, "ERROR need to rebuild refcount structures");
            ++m_result.checkErrors;
            m_result.failure = "Input/output error";
            return m_result;
        } else if (!m_mismatches.empty()) {
            DS_TRY(repairRefcountsInPlace());
        }
    }
    DS_TRY(checkCopiedFlags());
    if (m_repair != CheckRepair::None && m_result.checkErrors == 0 && m_result.corruptions == 0)
        DS_TRY(clearDirtyAndCorruptBits());
    return m_result;
}

}  // namespace

Result<CheckReport> checkImage(HostFile& file, CheckRepair repair, ProgressSink& progress, std::stop_token stop,
                               CheckObserver* observer)
{
    CheckReport report;
    Checker first(file, repair, false, report.findings, progress, stop, observer);
    DS_ASSIGN_OR_RETURN(PassResult result, first.run());
    const uint64_t leaksFixed = result.leaksFixed;
    const uint64_t corruptionsFixed = result.corruptionsFixed;
    if (!result.failure && (leaksFixed || corruptionsFixed)) {
        // As qemu-img: the counts reported after a repair are those of a fresh check.
        report.doubleChecked = true;
        Checker again(file, CheckRepair::None, true, report.findings, progress, stop, nullptr);
        DS_ASSIGN_OR_RETURN(result, again.run());
    }
    report.failure = result.failure;
    report.checkErrors = result.checkErrors;
    report.corruptions = result.corruptions;
    report.leaks = result.leaks;
    report.corruptionsFixed = corruptionsFixed;
    report.leaksFixed = leaksFixed;
    report.allocatedClusters = result.allocated;
    report.fragmentedClusters = result.fragmented;
    report.compressedClusters = result.compressed;
    report.imageEndOffset = result.imageEndOffset;
    report.totalClusters = result.totalClusters;
    return report;
}

}  // namespace diskscope::qcow2
