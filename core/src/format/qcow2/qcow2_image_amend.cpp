// SPDX-License-Identifier: GPL-2.0-or-later
// amend on a qcow2 image. Every refusal qemu-img 7.2 makes (same messages) is decided before
// the first write; then the steps run in qemu-img's order, each crash-safe on its own:
//  - upgrade 0.10 -> 1.1: the header is rewritten in one write of the changed bytes
//    (rewriteHeader, qcow2_image_header_update.cpp), as QEMU rewrites it;
//  - refcount width: see qcow2_refcount_width.cpp (new structures, one header write);
//  - data file name, data_file_raw=off, backing file name and format: header rewrites
//    (backing: errata, as `qemu-img rebase -u` would change it);
//  - lazy refcounts: the compatible-features field (one 8-byte write), after the image is
//    made clean (refcounts exact, dirty bit cleared);
//  - size: the resize path (shrinking allowed, as amend passes exact=true);
//  - downgrade 1.1 -> 0.10: zero clusters become what version 2 can say first (zeros written
//    and synced before the L2 entries that stop carrying the zero flag), then the header.
#include <cinttypes>
#include <cstdio>
#include <set>

#include "format/qcow2/qcow2_header_writer.h"
#include "format/qcow2/qcow2_image.h"

namespace diskscope::qcow2 {

namespace {
constexpr uint64_t kIncompatibleField = 72;
constexpr uint64_t kCompatibleField = 80;

Error invalid(const std::string& message, const std::string& path)
{
    return makeError(ErrorCode::InvalidArgument, message, path);
}
Error unsupported(const std::string& message, const std::string& path)
{
    return makeError(ErrorCode::Unsupported, message, path);
}
}  // namespace

Status Qcow2Image::markClean()
{
    DS_TRY(flush());
    if (m_dirtyBitSet) {
        DS_TRY(writeHeaderField(kIncompatibleField, m_header.incompatibleFeatures & ~kIncompatDirty));
        DS_TRY(m_io->sync());
        m_dirtyBitSet = false;
    }
    return okStatus();
}

Result<std::vector<std::vector<uint64_t>>> Qcow2Image::allL1Tables()
{
    std::vector<std::vector<uint64_t>> tables{m_map->l1()};
    for (const SnapshotInfo& s : m_snapshots) {
        DS_ASSIGN_OR_RETURN(std::vector<uint64_t> l1, readL1(s.l1Offset, s.l1Size, "snapshot '" + s.name + "'"));
        tables.push_back(std::move(l1));
    }
    return tables;
}

Status Qcow2Image::forEachL2Entry(const std::function<Status(uint64_t table, uint64_t guest, L2Entry entry)>& visit)
{
    // Each L2 table once, however many L1 tables share it.
    DS_ASSIGN_OR_RETURN(auto tables, allL1Tables());
    std::set<uint64_t> seen;
    for (const std::vector<uint64_t>& l1 : tables) {
        for (uint64_t index = 0; index < l1.size(); ++index) {
            const uint64_t table = l1[index] & kOffsetMask;
            if (!table || !seen.insert(table).second)
                continue;
            for (uint64_t i = 0; i < m_header.l2Entries(); ++i) {
                const uint64_t guest = (index << m_map->l1Shift()) + (i << m_header.clusterBits);
                DS_ASSIGN_OR_RETURN(L2Entry e, m_map->entryIn(table, guest));
                DS_TRY(visit(table, guest, e));
            }
        }
    }
    return okStatus();
}

Result<bool> Qcow2Image::hasCompressedClusters()
{
    bool found = false;
    DS_TRY(forEachL2Entry([&](uint64_t, uint64_t, L2Entry e) -> Status {
        found = found || (e.entry & kCompressed);
        return okStatus();
    }));
    return found;
}

Status Qcow2Image::expandZeroClusters()
{
    // Version 2 has no zero flag. A zero cluster with a host cluster keeps it, filled with
    // zeros; one without reads as zeros by being unallocated when nothing lies below, and
    // gets a zero-filled cluster when a backing file would show through. A new cluster in
    // an L2 table that several L1 tables share is counted once per sharer, as the table is.
    const uint64_t cs = m_header.clusterSize();
    const uint32_t cb = m_header.clusterBits;
    const std::vector<uint8_t> zeros(cs, 0);
    const bool backing = m_header.backingFile.has_value();
    DS_TRY(forEachL2Entry([&](uint64_t table, uint64_t guest, L2Entry e) -> Status {
        if ((e.entry & kCompressed) || !(e.entry & kZeroFlag))
            return okStatus();
        const uint64_t host = e.entry & kOffsetMask;
        if (host) {
            DS_TRY(m_io->writeData(*m_file, host, zeros));
            return m_map->setEntryIn(table, guest, {e.entry & ~kZeroFlag, 0});
        }
        if (!backing)
            return m_map->setEntryIn(table, guest, {0, 0});
        DS_ASSIGN_OR_RETURN(uint64_t tableRefs, m_refcounts->get(table >> cb));
        DS_ASSIGN_OR_RETURN(uint64_t fresh, m_refcounts->allocate(1));
        for (uint64_t k = 1; k < tableRefs; ++k)
            DS_TRY(m_refcounts->increase(fresh >> cb));
        DS_TRY(m_io->writeData(*m_file, fresh, zeros));
        return m_map->setEntryIn(table, guest, {fresh | (tableRefs == 1 ? kCopied : 0), 0});
    }));
    m_compressedCacheValid = false;
    return flush();
}

Status Qcow2Image::amend(const AmendOptions& o, ProgressSink& progress, std::stop_token stop)
{
    const std::string& path = m_file->path();
    if (!m_writable || m_closed)
        return invalid("the image is open read-only", path);
    DS_TRY(m_io->failedState());

    // --- Everything qemu-img refuses, before the first write. ---
    const uint32_t oldVersion = m_header.version;
    uint32_t newVersion = oldVersion;
    if (o.compat) {
        if (*o.compat == "0.10" || *o.compat == "v2")
            newVersion = 2;
        else if (*o.compat == "1.1" || *o.compat == "v3")
            newVersion = 3;
        else
            return invalid("Unknown compatibility level " + *o.compat, path);
    }
    uint32_t newOrder = m_header.refcountOrder;
    if (o.refcountBits) {
        const uint64_t bits = *o.refcountBits;
        if (bits == 0 || bits > 64 || (bits & (bits - 1)))
            return invalid("Refcount width must be a power of two and may not exceed 64 bits", path);
        newOrder = static_cast<uint32_t>(__builtin_ctzll(bits));
    }
    if (o.dataFile && !m_header.hasDataFile())
        return invalid("data-file can only be set for images that use an external data file", path);
    const bool rawDataFile = m_header.autoclearFeatures & kAutoclearDataFileRaw;
    if (o.dataFileRaw && *o.dataFileRaw && !rawDataFile)
        return invalid("data-file-raw cannot be set on existing images", path);
    if (o.encryptionOptions)
        return invalid("Can't amend encryption options - encryption not present", path);
    if (newOrder != m_header.refcountOrder && newOrder != 4 && newVersion < 3)
        return invalid("Refcount widths other than 16 bits require compatibility level 1.1 or above "
                       "(use compat=1.1 or greater)",
                       path);
    // Errata: qemu-img 7.2 refuses any backing change ("Cannot amend the backing file");
    // Diskscope makes it as `qemu-img rebase -u` would (header only, nothing is read).
    std::optional<std::optional<BackingReference>> newBacking;
    if ((o.backingFile && o.backingFile != m_header.backingFile) ||
        (o.backingFormat && o.backingFormat != m_header.backingFormat)) {
        const std::string name = o.backingFile.value_or(m_header.backingFile.value_or(""));
        if (name.empty() && !o.backingFile)
            return invalid("backing_fmt needs a backing file (set backing_file too)", path);
        if (name.empty()) {
            newBacking = std::optional<BackingReference>();
        } else {
            std::optional<std::string> format = o.backingFormat;
            if (!format && !o.backingFile)
                format = m_header.backingFormat;
            if (!format || format->empty())
                return invalid("Could not change the backing file to '" + name + "': backing format must be specified",
                               path);
            newBacking = std::optional<BackingReference>(BackingReference{name, format});
        }
        Header h = m_header;
        h.backingFile = *newBacking ? std::optional<std::string>((*newBacking)->name) : std::nullopt;
        h.backingFormat = *newBacking ? (*newBacking)->format : std::nullopt;
        if (!encodeHeader(h).ok())
            return makeError(ErrorCode::NoSpace,
                             "No space left in the file header (the header, its extensions and the backing file "
                             "name must fit in the first cluster)",
                             path);
    }
    const bool lazyNow = m_header.compatibleFeatures & kCompatLazyRefcounts;
    const bool lazy = o.lazyRefcounts.value_or(lazyNow);
    if (lazy && !lazyNow && newVersion < 3)
        return invalid("Lazy refcounts only supported with compatibility level 1.1 and above (use compat=1.1 or greater)",
                       path);
    const uint64_t newSize = o.size && *o.size ? *o.size : m_header.size;
    if (newSize != m_header.size) {
        if (newSize % 512)
            return invalid("The new size must be a multiple of 512", path);
        if (m_header.nbSnapshots && std::max(oldVersion, newVersion) < 3)
            return unsupported("Can't resize a v2 image which has snapshots", path);
        if (l1EntriesNeeded(m_header, newSize) * 8 > kMaxL1Bytes)
            return invalid("The image size is too large for file format 'qcow2'", path);
    }
    if (newVersion < oldVersion) {
        if (newOrder != 4)
            return unsupported("compat=0.10 requires refcount_bits=16", path);
        if (m_header.hasDataFile())
            return unsupported("Cannot downgrade an image with a data file", path);
        for (const SnapshotInfo& s : m_snapshots) {
            if (s.vmStateSize > UINT32_MAX || s.diskSize != newSize)
                return unsupported("Internal snapshots prevent downgrade of image", path);
        }
        const uint64_t blocking = m_header.incompatibleFeatures & ~(kIncompatCompression | kIncompatDirty);
        if (blocking) {
            char text[96];
            std::snprintf(text, sizeof text, "Cannot downgrade an image with incompatible features 0x%" PRIx64 " set",
                          blocking);
            return unsupported(text, path);
        }
        if (m_header.bitmaps)
            return unsupported("Cannot downgrade an image with persistent bitmaps (qemu-img 7.2 would leave their "
                               "clusters leaked); remove the bitmaps first",
                               path);
        if (m_header.compressionType != CompressionType::Zlib) {
            DS_ASSIGN_OR_RETURN(bool compressed, hasCompressedClusters());
            if (compressed)
                return unsupported("Cannot downgrade an image with zstd compression type and existing compressed clusters",
                                   path);
        }
    }
    if (newOrder < m_header.refcountOrder)
        DS_TRY(checkRefcountsFit(newOrder));

    // --- The changes, in qemu-img's order. ---
    const uint64_t steps = 6;
    uint64_t step = 0;
    auto advance = [&]() -> Status {
        progress.progress(++step, steps);
        if (stop.stop_requested())
            return makeError(ErrorCode::Cancelled, "amend cancelled", path);
        return okStatus();
    };
    progress.progress(0, steps);
    DS_TRY(markClean());
    if (newVersion > oldVersion) {
        Header h = m_header;
        h.version = newVersion;
        h.headerLength = 112;
        h.incompatibleFeatures = 0;
        h.compatibleFeatures = 0;
        h.autoclearFeatures = 0;
        h.refcountOrder = 4;
        h.compressionType = CompressionType::Zlib;
        // As create: qemu-img leaves the feature name table out below 8 KiB clusters.
        h.featureNames = h.clusterBits >= 13 ? qemuFeatureNameTable() : std::vector<FeatureName>{};
        DS_TRY(rewriteHeader(h));
    }
    DS_TRY(advance());
    if (newOrder != m_header.refcountOrder)
        DS_TRY(changeRefcountWidth(newOrder, stop));
    DS_TRY(advance());
    if ((o.dataFile && *o.dataFile != m_header.dataFile) || (o.dataFileRaw && !*o.dataFileRaw && rawDataFile)) {
        Header h = m_header;
        if (o.dataFile)
            h.dataFile = *o.dataFile;
        if (o.dataFileRaw && !*o.dataFileRaw)
            h.autoclearFeatures &= ~kAutoclearDataFileRaw;
        DS_TRY(rewriteHeader(h));
    }
    if (newBacking)
        DS_TRY(setBackingReference(*newBacking));
    DS_TRY(advance());
    if (lazy != lazyNow) {
        const uint64_t features = lazy ? m_header.compatibleFeatures | kCompatLazyRefcounts
                                       : m_header.compatibleFeatures & ~kCompatLazyRefcounts;
        DS_TRY(writeHeaderField(kCompatibleField, features));
        DS_TRY(m_io->sync());
        m_header.compatibleFeatures = features;
    }
    DS_TRY(advance());
    if (newSize != m_header.size)
        DS_TRY(resize(newSize, Preallocation::Off));
    DS_TRY(advance());
    if (newVersion < oldVersion) {
        DS_TRY(markClean());
        DS_TRY(expandZeroClusters());
        Header h = m_header;
        h.version = newVersion;
        h.headerLength = kV2HeaderLength;
        h.incompatibleFeatures = 0;
        h.compatibleFeatures = 0;
        h.autoclearFeatures = 0;
        h.compressionType = CompressionType::Zlib;
        h.featureNames.clear();
        h.unknownHeaderFields.clear();
        DS_TRY(rewriteHeader(h));
        // A version 2 header has no dirty bit (bytes 72.. now hold extensions): the clean
        // close must not write one.
        m_dirtyBitSet = false;
    }
    return advance();
}

}  // namespace diskscope::qcow2
