// SPDX-License-Identifier: GPL-2.0-or-later
// The qcow2 write path: guest writes with copy-on-write, zero writes, discard, compressed
// writes, and the flush that puts them on disk in crash-safe order:
//   1. refcount blocks (only increases so far) and guest data, then fdatasync;
//   2. L2 tables, fdatasync, then the L1 entries that point at new tables, fdatasync;
//   3. the refcount decreases of clusters no longer referenced, then fdatasync.
// A crash between any two steps leaves at most leaked clusters. L2 tables evicted from the
// cache early follow the same rule: refcount blocks are written and synced before them.
#include <algorithm>
#include <cstring>

#include "format/qcow2/qcow2_image.h"
#include "util/big_endian.h"
#include "util/hex.h"

namespace diskscope::qcow2 {

namespace {
constexpr uint64_t kIncompatibleField = 72;
constexpr uint64_t kAutoclearField = 88;
constexpr uint64_t kAllZeroBits = 0xFFFFFFFF00000000ull;  // extended L2: every subcluster reads zeros
constexpr uint64_t kAllAllocBits = 0x00000000FFFFFFFFull;
constexpr uint64_t kKnownAutoclear = kAutoclearBitmaps | kAutoclearDataFileRaw;
}  // namespace

Status Qcow2Image::prepareForWriting(DataFileOpener openDataFile, uint64_t snapshotTableBytes)
{
    const std::string& path = m_file->path();
    if (m_header.incompatibleFeatures & kIncompatCorrupt)
        return makeError(ErrorCode::Corrupt,
                         "qcow2: Image is corrupt; cannot be opened read/write (run 'diskscope-img check -r all')", path);
    if (m_header.bitmaps && (m_header.autoclearFeatures & kAutoclearBitmaps))
        return makeError(ErrorCode::Unsupported,
                         "the image has persistent dirty bitmaps, which Diskscope does not update yet; "
                         "writing would leave them stale", path);
    if (m_header.hasDataFile()) {
        if (!openDataFile)
            return makeError(ErrorCode::InvalidArgument, "the external data file is not available", path);
        DS_ASSIGN_OR_RETURN(m_dataFile, openDataFile(path, *m_header.dataFile));
    }

    m_io = std::make_unique<FileIo>(*m_file, m_dataFile.get(), m_header.clusterBits);
    const uint64_t cs = m_header.clusterSize();
    m_io->addMetadata(0, cs, MetadataKind::Header);
    m_io->addMetadata(m_header.l1TableOffset, uint64_t{m_header.l1Size} * 8, MetadataKind::ActiveL1);
    for (uint64_t entry : m_map->l1())
        if (entry & kOffsetMask)
            m_io->addMetadata(entry & kOffsetMask, cs, MetadataKind::ActiveL2);
    if (m_header.nbSnapshots)
        m_io->addMetadata(m_header.snapshotsOffset, snapshotTableBytes, MetadataKind::SnapshotTable);
    for (const SnapshotInfo& s : m_snapshots)
        m_io->addMetadata(s.l1Offset, uint64_t{s.l1Size} * 8, MetadataKind::SnapshotL1);
    DS_ASSIGN_OR_RETURN(m_refcounts, Refcounts::load(*m_io, m_header));

    installCacheHooks();

    // Unknown autoclear bits describe structures this program cannot keep consistent.
    if (m_header.version >= 3 && (m_header.autoclearFeatures & ~kKnownAutoclear)) {
        m_header.autoclearFeatures &= kKnownAutoclear;
        DS_TRY(writeHeaderField(kAutoclearField, m_header.autoclearFeatures));
        DS_TRY(m_io->sync());
    }
    m_writable = true;
    return okStatus();
}

void Qcow2Image::installCacheHooks()
{
    // L2 tables reach the disk only after the refcounts (and guest data) they depend on.
    MetadataCache& l2 = m_map->l2Cache();
    l2.setBeforeWrite([this]() -> Status {
        DS_TRY(m_refcounts->flush());
        return m_io->sync();
    });
    l2.setAfterWrite([this] { m_io->noteWrite(); });
    l2.setValidateWrite([this](uint64_t offset) {
        return m_io->checkMetadataWrite(offset, m_header.clusterSize(), MetadataKind::ActiveL2);
    });
}

Status Qcow2Image::writeHeaderField(uint64_t offset, uint64_t value)
{
    uint8_t raw[8];
    storeBe64(raw, value);
    return m_io->writeMetadata(offset, raw, MetadataKind::Header);
}

Status Qcow2Image::checkWrite(uint64_t offset, uint64_t length)
{
    if (!m_writable || m_closed)
        return makeError(ErrorCode::InvalidArgument, "the image is open read-only", m_file->path());
    if (offset > m_header.size || length > m_header.size - offset)
        return makeError(ErrorCode::InvalidArgument,
                         "write at " + std::to_string(offset) + " (" + std::to_string(length) +
                             " bytes) beyond the end of the image (" + std::to_string(m_header.size) + " bytes)",
                         m_file->path());
    DS_TRY(m_io->failedState());
    return beginChange();
}

Status Qcow2Image::beginChange()
{
    if (m_dirtyBitSet || !(m_header.compatibleFeatures & kCompatLazyRefcounts))
        return okStatus();
    // Lazy refcounts: the dirty bit is on disk before any change, and cleared on clean close.
    DS_TRY(writeHeaderField(kIncompatibleField, m_header.incompatibleFeatures | kIncompatDirty));
    DS_TRY(m_io->sync());
    m_dirtyBitSet = true;
    return okStatus();
}

Status Qcow2Image::guarded(Status status)
{
    if (status.ok() || status.error().code != ErrorCode::Corrupt || !m_writable)
        return status;
    // An inconsistency met while writing: mark the image so nothing writes to it before a repair.
    m_header.incompatibleFeatures |= kIncompatCorrupt;
    if (writeHeaderField(kIncompatibleField, m_header.incompatibleFeatures).ok())
        (void)m_io->sync();
    return status;
}

void Qcow2Image::releaseEntry(uint64_t entry)
{
    const uint32_t cb = m_header.clusterBits;
    if (entry & kCompressed) {
        CompressedDescriptor d = decodeCompressed(entry, cb);
        m_refcounts->queueDecreaseRange(d.hostOffset, d.bytes);
        return;
    }
    uint64_t host = entry & kOffsetMask;
    if (host && !m_header.hasDataFile())
        m_refcounts->queueDecrease(host >> cb);
}

Result<uint64_t> Qcow2Image::writableL2Table(uint64_t guest)
{
    const uint64_t index = guest >> m_map->l1Shift();
    const uint64_t entry = m_map->l1Entry(index);
    const uint64_t current = entry & kOffsetMask;
    if (current && (entry & kCopied))
        return current;
    const uint64_t cs = m_header.clusterSize();
    DS_ASSIGN_OR_RETURN(uint64_t table, m_refcounts->allocate(1));
    if (m_io->overlappingMetadata(table, cs))
        return makeError(ErrorCode::Corrupt, "the allocator returned metadata cluster " + hex(table), m_file->path());
    if (current) {
        // Shared with a snapshot: the active L1 gets its own copy. The data clusters it maps
        // keep their counts: the snapshot's table still reaches them once, the copy once.
        std::vector<uint8_t> copy(cs);
        DS_ASSIGN_OR_RETURN(uint8_t* old, m_map->l2Cache().get(current));
        std::memcpy(copy.data(), old, cs);
        DS_TRY(m_map->l2Cache().create(table, copy.data()));
        m_refcounts->queueDecrease(current >> m_header.clusterBits);
        m_io->removeMetadata(current, cs);
    } else {
        DS_TRY(m_map->l2Cache().create(table));
    }
    m_io->addMetadata(table, cs, MetadataKind::ActiveL2);
    m_map->setL1Entry(index, table | kCopied);
    return table;
}

Status Qcow2Image::write(uint64_t offset, std::span<const uint8_t> data)
{
    DS_TRY(checkWrite(offset, data.size()));
    const uint64_t cs = m_header.clusterSize();
    const bool plainClusters = !m_header.extendedL2() && !m_header.hasDataFile();
    uint64_t done = 0;
    while (done < data.size()) {
        uint64_t pos = offset + done;
        uint64_t clusterStart = pos & ~(cs - 1);
        if (plainClusters && pos == clusterStart && data.size() - done >= cs) {
            auto written = writeFreshClusters(pos, data.subspan(done, (data.size() - done) & ~(cs - 1)));
            if (!written.ok())
                return guarded(std::move(written).error());
            if (*written) {
                done += *written;
                continue;
            }
        }
        uint64_t n = std::min<uint64_t>(data.size() - done, clusterStart + cs - pos);
        DS_TRY(guarded(writeInCluster(clusterStart, pos - clusterStart, data.subspan(done, n))));
        done += n;
    }
    m_compressedCacheValid = false;
    return okStatus();
}

Result<uint64_t> Qcow2Image::writeFreshClusters(uint64_t guest, std::span<const uint8_t> data)
{
    // Whole clusters that hold nothing yet (unallocated, or zero without a host cluster), up to
    // the end of one L2 table, get one contiguous host run and one write: a sequential writer
    // such as convert then costs one request per run instead of one per cluster.
    const uint64_t cs = m_header.clusterSize();
    const uint64_t perTable = cs / 8 * cs;
    const uint64_t tableEnd = (guest / perTable + 1) * perTable;
    DS_ASSIGN_OR_RETURN(uint64_t l2, writableL2Table(guest));
    uint64_t count = 0;
    const uint64_t limit = std::min<uint64_t>(data.size(), tableEnd - guest) / cs;
    while (count < limit) {
        DS_ASSIGN_OR_RETURN(L2Entry old, m_map->entryIn(l2, guest + count * cs));
        if (old.entry & (kOffsetMask | kCompressed))
            break;
        ++count;
    }
    if (count == 0)
        return uint64_t{0};
    DS_ASSIGN_OR_RETURN(uint64_t host, m_refcounts->allocate(count));
    DS_TRY(m_io->writeData(*m_file, host, data.first(count * cs)));
    for (uint64_t i = 0; i < count; ++i)
        DS_TRY(m_map->setEntryIn(l2, guest + i * cs, {(host + i * cs) | kCopied, 0}));
    return count * cs;
}

Status Qcow2Image::writeInCluster(uint64_t clusterStart, uint64_t within, std::span<const uint8_t> data)
{
    const uint64_t cs = m_header.clusterSize();
    DS_ASSIGN_OR_RETURN(uint64_t l2, writableL2Table(clusterStart));
    DS_ASSIGN_OR_RETURN(L2Entry old, m_map->entryIn(l2, clusterStart));
    if (m_header.hasDataFile())
        return writeInDataFileCluster(l2, clusterStart, within, data, old);
    if (m_header.extendedL2())
        return writeInExtendedCluster(l2, clusterStart, within, data, old);

    const uint64_t host = old.entry & kOffsetMask;
    const bool compressed = old.entry & kCompressed;
    const bool ownCluster = host && !compressed && (old.entry & kCopied);
    if (ownCluster && !(old.entry & kZeroFlag))
        return m_io->writeData(*m_file, host + within, data);  // in place

    const bool whole = within == 0 && data.size() == cs;
    // Unallocated without a backing file, or a zero cluster without a host cluster: the rest
    // of the new cluster must read as zeros. A cluster at or past the end of the host file was
    // never written and reads as zeros already, so only the new bytes are written (then the
    // file is extended over the whole cluster), not a zero-filled cluster: 4 KiB instead of
    // 64 KiB per allocating write. Data still reaches the file before the L2 entry.
    const bool readsZero = !host && !compressed && (!m_header.backingFile || (old.entry & kZeroFlag));
    if (!whole && readsZero) {
        DS_ASSIGN_OR_RETURN(uint64_t fresh, m_refcounts->allocate(1));
        DS_ASSIGN_OR_RETURN(uint64_t fileEnd, m_file->size());
        if (fresh >= fileEnd) {
            DS_TRY(m_io->writeData(*m_file, fresh + within, data));
            if (fresh + within + data.size() < fresh + cs) {
                DS_TRY(m_file->resize(fresh + cs));
                m_io->noteWrite();
            }
        } else {  // a reused cluster may hold old bytes
            std::vector<uint8_t> cluster(cs, 0);
            std::memcpy(cluster.data() + within, data.data(), data.size());
            DS_TRY(m_io->writeData(*m_file, fresh, cluster));
        }
        DS_TRY(m_map->setEntryIn(l2, clusterStart, {fresh | kCopied, 0}));
        releaseEntry(old.entry);
        return okStatus();
    }

    // A whole cluster goes to the file straight from the caller's buffer (no 64 KiB copy).
    std::vector<uint8_t> cluster;
    std::span<const uint8_t> content = data;
    if (!whole) {
        cluster.assign(cs, 0);
        if (!(ownCluster && (old.entry & kZeroFlag)))
            DS_TRY(read(clusterStart, std::span<uint8_t>(cluster.data(), std::min(cs, m_header.size - clusterStart))));
        std::memcpy(cluster.data() + within, data.data(), data.size());
        content = cluster;
    }

    if (ownCluster) {  // a preallocated zero cluster of our own: fill it and drop the zero flag
        DS_TRY(m_io->writeData(*m_file, host, content));
        return m_map->setEntryIn(l2, clusterStart, {host | kCopied, 0});
    }
    DS_ASSIGN_OR_RETURN(uint64_t fresh, m_refcounts->allocate(1));
    DS_TRY(m_io->writeData(*m_file, fresh, content));
    DS_TRY(m_map->setEntryIn(l2, clusterStart, {fresh | kCopied, 0}));
    releaseEntry(old.entry);  // a shared or compressed cluster loses this reference
    return okStatus();
}

Status Qcow2Image::writeInExtendedCluster(uint64_t l2, uint64_t clusterStart, uint64_t within,
                                          std::span<const uint8_t> data, L2Entry old)
{
    const uint64_t cs = m_header.clusterSize();
    const uint64_t sub = cs / kSubclustersPerCluster;
    const uint64_t s0 = within / sub, s1 = (within + data.size() - 1) / sub;
    // The written subclusters as a range of whole subclusters and as bitmap bits.
    const uint64_t a = s0 * sub, b = (s1 + 1) * sub;
    const uint64_t bits = ((s1 - s0 + 1) == 32 ? 0xFFFFFFFFull : ((1ull << (s1 - s0 + 1)) - 1)) << s0;
    const uint64_t host = old.entry & kOffsetMask;
    const bool compressed = old.entry & kCompressed;
    const bool ownCluster = host && !compressed && (old.entry & kCopied);

    // The whole subclusters [a, b) with the new bytes laid over their current content.
    auto subclusterRange = [&](std::vector<uint8_t>& buf) -> Status {
        buf.assign(b - a, 0);
        if (within != a || data.size() != b - a) {
            uint64_t readable = std::min(b - a, m_header.size - (clusterStart + a));
            DS_TRY(read(clusterStart + a, std::span<uint8_t>(buf.data(), readable)));
        }
        std::memcpy(buf.data() + (within - a), data.data(), data.size());
        return okStatus();
    };

    std::vector<uint8_t> buf;
    if (ownCluster) {
        uint64_t allocBits = old.bitmap & kAllAllocBits;
        bool allAllocated = (allocBits & bits) == bits;
        if (allAllocated) {
            DS_TRY(m_io->writeData(*m_file, host + within, data));
        } else {
            DS_TRY(subclusterRange(buf));
            DS_TRY(m_io->writeData(*m_file, host + a, buf));
        }
        uint64_t bitmap = (old.bitmap | bits) & ~(bits << 32);
        return m_map->setEntryIn(l2, clusterStart, {host | kCopied, bitmap});
    }

    DS_ASSIGN_OR_RETURN(uint64_t fresh, m_refcounts->allocate(1));
    uint64_t bitmap;
    if (host || compressed) {
        // Shared or compressed: the new cluster must hold the whole current content.
        std::vector<uint8_t> cluster(cs, 0);
        DS_TRY(read(clusterStart, std::span<uint8_t>(cluster.data(), std::min(cs, m_header.size - clusterStart))));
        std::memcpy(cluster.data() + within, data.data(), data.size());
        DS_TRY(m_io->writeData(*m_file, fresh, cluster));
        bitmap = kAllAllocBits;
    } else {
        // Unallocated: only the written subclusters get data; the others keep their state.
        DS_TRY(subclusterRange(buf));
        DS_TRY(m_io->writeData(*m_file, fresh + a, buf));
        bitmap = (old.bitmap | bits) & ~(bits << 32);
    }
    DS_TRY(m_map->setEntryIn(l2, clusterStart, {fresh | kCopied, bitmap}));
    releaseEntry(old.entry);
    return okStatus();
}

Status Qcow2Image::writeInDataFileCluster(uint64_t l2, uint64_t clusterStart, uint64_t within,
                                          std::span<const uint8_t> data, L2Entry old)
{
    // External data file: guest offset = host offset; clusters are not refcounted.
    const uint64_t cs = m_header.clusterSize();
    const bool allocated = (old.entry & kCopied) && !(old.entry & kZeroFlag);
    const bool fullyAllocated = allocated && (!m_header.extendedL2() || (old.bitmap & kAllAllocBits) == kAllAllocBits);
    if (fullyAllocated)
        return m_io->writeData(*m_dataFile, clusterStart + within, data);
    std::vector<uint8_t> cluster(std::min(cs, m_header.size - clusterStart), 0);
    DS_TRY(read(clusterStart, cluster));
    std::memcpy(cluster.data() + within, data.data(), data.size());
    DS_TRY(m_io->writeData(*m_dataFile, clusterStart, cluster));
    return m_map->setEntryIn(l2, clusterStart, {clusterStart | kCopied, m_header.extendedL2() ? kAllAllocBits : 0});
}

Status Qcow2Image::zeroWholeCluster(uint64_t clusterStart, bool mayUnmap)
{
    DS_ASSIGN_OR_RETURN(uint64_t l2, writableL2Table(clusterStart));
    DS_ASSIGN_OR_RETURN(L2Entry old, m_map->entryIn(l2, clusterStart));
    const uint64_t host = old.entry & kOffsetMask;
    const bool keep = !mayUnmap && host && !(old.entry & kCompressed) && (old.entry & kCopied);
    L2Entry fresh;
    if (m_header.extendedL2()) {
        fresh = keep ? L2Entry{host | kCopied, kAllZeroBits} : L2Entry{0, kAllZeroBits};
    } else {
        fresh = keep ? L2Entry{host | kCopied | kZeroFlag, 0} : L2Entry{kZeroFlag, 0};
    }
    if (m_header.hasDataFile()) {
        // The data file must read as zeros too when it is a raw image of its own.
        std::vector<uint8_t> zeros(m_header.clusterSize(), 0);
        DS_TRY(m_io->writeData(*m_dataFile, clusterStart,
                               std::span<const uint8_t>(zeros.data(), std::min<uint64_t>(zeros.size(), m_header.size - clusterStart))));
        fresh = m_header.extendedL2() ? L2Entry{clusterStart | kCopied, kAllAllocBits} : L2Entry{clusterStart | kCopied, 0};
    }
    DS_TRY(m_map->setEntryIn(l2, clusterStart, fresh));
    if (!keep && !m_header.hasDataFile())
        releaseEntry(old.entry);
    return okStatus();
}

Status Qcow2Image::writeZeroes(uint64_t offset, uint64_t length, bool mayUnmap)
{
    DS_TRY(checkWrite(offset, length));
    const uint64_t cs = m_header.clusterSize();
    const bool zeroMarkers = m_header.version >= 3;  // v2 has no zero flag
    const bool noBacking = !m_header.backingFile;
    std::vector<uint8_t> zeros;
    uint64_t pos = offset, end = offset + length;
    while (pos < end) {
        uint64_t clusterStart = pos & ~(cs - 1);
        uint64_t clusterEnd = std::min(clusterStart + cs, m_header.size);
        uint64_t n = std::min(end, clusterEnd) - pos;
        bool whole = pos == clusterStart && pos + n == clusterEnd;
        if (whole && zeroMarkers) {
            DS_TRY(guarded(zeroWholeCluster(clusterStart, mayUnmap)));
        } else if (whole && noBacking && !m_header.hasDataFile()) {
            // v2 without a backing file: an unallocated cluster reads as zeros.
            DS_ASSIGN_OR_RETURN(uint64_t l2, writableL2Table(clusterStart));
            DS_ASSIGN_OR_RETURN(L2Entry old, m_map->entryIn(l2, clusterStart));
            DS_TRY(m_map->setEntryIn(l2, clusterStart, {0, 0}));
            releaseEntry(old.entry);
        } else {
            zeros.assign(n, 0);
            DS_TRY(guarded(writeInCluster(clusterStart, pos - clusterStart, zeros)));
        }
        pos += n;
    }
    m_compressedCacheValid = false;
    return okStatus();
}

Status Qcow2Image::discard(uint64_t offset, uint64_t length)
{
    DS_TRY(checkWrite(offset, length));
    const uint64_t cs = m_header.clusterSize();
    uint64_t end = offset + length;
    if (end == m_header.size)
        end = (end + cs - 1) & ~(cs - 1);  // the partial last cluster counts as whole
    uint64_t first = (offset + cs - 1) & ~(cs - 1);
    const bool hasBacking = m_header.backingFile.has_value();
    // Discard is advisory. A v2 image cannot mark a cluster as reading zeros, and dropping it
    // would expose the backing file's bytes, so qemu 7.2 ignores the request there; so do we.
    if (hasBacking && m_header.version < 3)
        return okStatus();
    for (uint64_t clusterStart = first; clusterStart + cs <= end; clusterStart += cs) {
        if ((m_map->l1Entry(clusterStart >> m_map->l1Shift()) & kOffsetMask) == 0 && !hasBacking)
            continue;  // no L2 table and nothing below: already reads zeros
        DS_ASSIGN_OR_RETURN(uint64_t l2, writableL2Table(clusterStart));
        DS_ASSIGN_OR_RETURN(L2Entry old, m_map->entryIn(l2, clusterStart));
        const bool allocated = (old.entry & (kOffsetMask | kCompressed)) != 0 ||
                               (m_header.hasDataFile() && (old.entry & kCopied));
        L2Entry fresh;
        if (hasBacking || allocated) {
            // The guest must read zeros afterwards, not the backing file.
            if (m_header.extendedL2())
                fresh = {0, kAllZeroBits};
            else
                fresh = {m_header.version >= 3 ? kZeroFlag : 0, 0};
        }
        if (fresh.entry == old.entry && fresh.bitmap == old.bitmap)
            continue;
        DS_TRY(m_map->setEntryIn(l2, clusterStart, fresh));
        if (!m_header.hasDataFile())
            releaseEntry(old.entry);
    }
    m_compressedCacheValid = false;
    return okStatus();
}

Result<uint64_t> Qcow2Image::allocateCompressedBytes(uint64_t length)
{
    // Compressed clusters are packed byte after byte, as QEMU packs them; each host cluster
    // counts one reference per compressed cluster that touches it. A stream that does not fit
    // in what is left of the current host cluster continues into the next one when the new
    // cluster happens to follow it (QEMU's placement, so compressed images come out alike).
    const uint64_t cs = m_header.clusterSize();
    const uint64_t at = m_compressedTail;  // never on a cluster boundary; 0: no open cluster
    auto placed = [&](uint64_t start) {
        m_compressedTail = (start + length) & (cs - 1) ? start + length : 0;
        return start;
    };
    // A narrow refcount (1 bit) cannot count a second stream: InvalidArgument, start afresh.
    auto shareCurrent = [&]() -> Result<bool> {
        Status shared = m_refcounts->increase(at >> m_header.clusterBits);
        if (shared.ok())
            return true;
        if (shared.error().code != ErrorCode::InvalidArgument)
            return std::move(shared).error();
        return false;
    };
    if (at && cs - (at & (cs - 1)) >= length) {
        DS_ASSIGN_OR_RETURN(bool shared, shareCurrent());
        if (shared)
            return placed(at);
    }
    DS_ASSIGN_OR_RETURN(uint64_t fresh, m_refcounts->allocate(1));
    if (at && ((at | (cs - 1)) + 1) == fresh && cs - (at & (cs - 1)) < length) {
        DS_ASSIGN_OR_RETURN(bool shared, shareCurrent());
        if (shared)
            return placed(at);  // spans into `fresh`, whose new reference is this stream's
    }
    return placed(fresh);
}

Status Qcow2Image::writeCompressed(uint64_t offset, std::span<const uint8_t> data)
{
    const uint64_t cs = m_header.clusterSize();
    DS_TRY(checkWrite(offset, data.size()));
    if (m_header.hasDataFile())
        return makeError(ErrorCode::Unsupported, "compressed clusters are not possible with an external data file", m_file->path());
    uint64_t pos = 0;
    while (pos < data.size()) {
        uint64_t clusterStart = offset + pos;
        uint64_t n = std::min<uint64_t>(cs, data.size() - pos);
        if ((clusterStart & (cs - 1)) || (n != cs && clusterStart + n != m_header.size))
            return makeError(ErrorCode::InvalidArgument, "compressed writes must cover whole clusters", m_file->path());
        std::span<const uint8_t> cluster = data.subspan(pos, n);
        std::vector<uint8_t> padded;  // a partial last cluster is compressed padded with zeros
        if (n < cs) {
            padded.assign(cs, 0);
            std::memcpy(padded.data(), cluster.data(), n);
        }
        DS_ASSIGN_OR_RETURN(auto packed, m_compressor.compress(m_header.compressionType, n < cs ? padded : cluster));
        if (packed)
            DS_TRY(writeCompressedCluster(clusterStart, *packed));
        else  // incompressible: stored as a normal cluster
            DS_TRY(guarded(writeInCluster(clusterStart, 0, cluster)));
        pos += n;
    }
    m_compressedCacheValid = false;
    return okStatus();
}

Status Qcow2Image::writeCompressedCluster(uint64_t offset, std::span<const uint8_t> packed)
{
    const uint64_t cs = m_header.clusterSize();
    DS_TRY(checkWrite(offset, offset < m_header.size ? std::min(cs, m_header.size - offset) : 1));
    if (m_header.hasDataFile())
        return makeError(ErrorCode::Unsupported, "compressed clusters are not possible with an external data file", m_file->path());
    if ((offset & (cs - 1)) || packed.empty() || packed.size() >= cs)
        return makeError(ErrorCode::InvalidArgument, "a compressed cluster must be shorter than a cluster and start on one",
                         m_file->path());
    DS_ASSIGN_OR_RETURN(uint64_t l2, writableL2Table(offset));
    DS_ASSIGN_OR_RETURN(L2Entry old, m_map->entryIn(l2, offset));
    DS_ASSIGN_OR_RETURN(uint64_t at, allocateCompressedBytes(packed.size()));
    DS_TRY(guarded(m_io->writeData(*m_file, at, packed)));
    const uint32_t offsetBits = 62 - (m_header.clusterBits - 8);
    const uint64_t extraSectors = (at + packed.size() - 1) / 512 - at / 512;
    DS_TRY(m_map->setEntryIn(l2, offset, {kCompressed | (extraSectors << offsetBits) | at, 0}));
    releaseEntry(old.entry);
    m_compressedCacheValid = false;
    return okStatus();
}

Status Qcow2Image::flush()
{
    if (!m_writable)
        return okStatus();
    return guarded(flushInOrder());
}

Status Qcow2Image::flushInOrder()
{
    DS_TRY(flushMappings());
    // 3. Nothing on disk references the released clusters any more.
    if (m_refcounts->hasQueuedDecreases()) {
        DS_TRY(m_refcounts->applyQueuedDecreases());
        DS_TRY(m_refcounts->flush());
        DS_TRY(m_io->sync());
        m_compressedTail = 0;  // its cluster may have been freed
    }
    return okStatus();
}

Status Qcow2Image::flushMappings()
{
    DS_TRY(m_io->failedState());
    // 1. New refcounts and guest data.
    DS_TRY(m_refcounts->flush());
    DS_TRY(m_io->sync());
    // 2. L2 tables, then the L1 entries that point at new ones.
    DS_TRY(m_map->l2Cache().flush());
    if (m_map->hasDirtyL1()) {
        DS_TRY(m_io->sync());
        DS_TRY(m_io->checkMetadataWrite(m_header.l1TableOffset, uint64_t{m_header.l1Size} * 8, MetadataKind::ActiveL1));
        DS_TRY(m_map->writeDirtyL1(*m_file, m_header.l1TableOffset));
        m_io->noteWrite();
    }
    return m_io->sync();
}

Status Qcow2Image::close()
{
    if (!m_writable || m_closed)
        return okStatus();
    Status flushed = flush();
    m_closed = true;
    DS_TRY(flushed);
    if (m_dirtyBitSet) {
        DS_TRY(writeHeaderField(kIncompatibleField, m_header.incompatibleFeatures & ~kIncompatDirty));
        DS_TRY(m_io->sync());
        m_dirtyBitSet = false;
    }
    return okStatus();
}

}  // namespace diskscope::qcow2
