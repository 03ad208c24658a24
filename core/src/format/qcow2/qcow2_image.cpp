// SPDX-License-Identifier: GPL-2.0-or-later
// Reading a qcow2 image.
#include "format/qcow2/qcow2_image.h"

#include <algorithm>
#include <cstring>

#include "format/qcow2/qcow2_bitmaps.h"
#include "format/qcow2/qcow2_checker.h"
#include "format/qcow2/qcow2_refcount_reader.h"
#include "format/qcow2/qcow2_snapshot_table.h"
#include "util/hex.h"

namespace diskscope::qcow2 {

Qcow2Image::Qcow2Image(std::unique_ptr<HostFile> file, Header header, std::unique_ptr<ClusterMap> map)
    : m_file(std::move(file)), m_header(std::move(header)), m_map(std::move(map))
{
}

Qcow2Image::~Qcow2Image()
{
    if (m_writable && !m_closed)
        (void)close();
}

Result<std::unique_ptr<Qcow2Image>> Qcow2Image::open(std::unique_ptr<HostFile> file,
                                                     DataFileOpener openDataFile, bool writable)
{
    auto withPath = [&](Error e) {
        if (e.path.empty())
            e.path = file->path();
        return e;
    };
    DS_ASSIGN_OR_RETURN(uint64_t fileSize, file->size());
    auto header = readHeader(*file, fileSize);
    if (!header.ok())
        return withPath(std::move(header).error());
    if (writable && (header->incompatibleFeatures & kIncompatDirty) && !(header->incompatibleFeatures & kIncompatCorrupt)) {
        // Lazy refcounts left the refcounts stale: rebuild them (as check -r all), as QEMU
        // does on a read-write open, then open the repaired image.
        NullProgress quiet;
        auto repaired = checkImage(*file, CheckRepair::All, quiet, {});
        if (!repaired.ok() || repaired->corruptions > 0 || repaired->failure)
            return makeError(ErrorCode::Corrupt, "Could not repair dirty image" +
                                                     (repaired.ok() ? std::string() : ": " + repaired.error().message),
                             file->path());
        return open(std::move(file), openDataFile, writable);
    }
    uint64_t snapshotTableBytes = 0;
    auto snapshots = readSnapshotTable(*file, fileSize, *header, &snapshotTableBytes);
    if (!snapshots.ok())
        return withPath(std::move(snapshots).error());
    std::optional<std::vector<BitmapInfo>> bitmaps;
    // Bitmaps are valid only while the autoclear bit says no bitmap-unaware program wrote since.
    if (header->bitmaps && (header->autoclearFeatures & kAutoclearBitmaps)) {
        auto dir = readBitmapDirectory(*file, fileSize, *header);
        if (!dir.ok())
            return withPath(std::move(dir).error());
        bitmaps = std::move(dir).value();
    }
    auto map = ClusterMap::load(*file, *header);
    if (!map.ok())
        return withPath(std::move(map).error());

    auto image = std::unique_ptr<Qcow2Image>(
        new Qcow2Image(std::move(file), std::move(header).value(), std::move(map).value()));
    image->m_snapshots = std::move(snapshots).value();
    image->m_snapshotTableBytes = snapshotTableBytes;
    image->m_bitmaps = std::move(bitmaps);
    if (writable) {
        DS_TRY(image->prepareForWriting(openDataFile, snapshotTableBytes));
    } else if (image->m_header.hasDataFile() && openDataFile) {
        DS_ASSIGN_OR_RETURN(image->m_dataFile, openDataFile(image->m_file->path(), *image->m_header.dataFile));
    }
    return image;
}

std::optional<BackingReference> Qcow2Image::backingReference() const
{
    if (!m_header.backingFile)
        return std::nullopt;
    return BackingReference{*m_header.backingFile, m_header.backingFormat};
}

Result<HostFile*> Qcow2Image::dataFile()
{
    if (!m_header.hasDataFile())
        return m_file.get();
    if (!m_dataFile)
        return makeError(ErrorCode::InvalidArgument,
                         "the external data file '" + *m_header.dataFile + "' is not open", m_file->path());
    return m_dataFile.get();
}

Status Qcow2Image::readFromBacking(uint64_t offset, std::span<uint8_t> out)
{
    uint64_t inBacking = 0;
    if (m_backing && offset < m_backing->virtualSize())
        inBacking = std::min<uint64_t>(out.size(), m_backing->virtualSize() - offset);
    if (inBacking)
        DS_TRY(m_backing->read(offset, out.first(inBacking)));
    std::memset(out.data() + inBacking, 0, out.size() - inBacking);
    return okStatus();
}

Status Qcow2Image::readCompressed(uint64_t guestOffset, uint64_t l2Entry, std::span<uint8_t> out)
{
    const uint64_t clusterSize = m_header.clusterSize();
    if (!m_compressedCacheValid || m_cachedCompressedEntry != l2Entry) {
        CompressedDescriptor d = decodeCompressed(l2Entry, m_header.clusterBits);
        if (d.hostOffset >= kMaxHostOffset)
            return makeError(ErrorCode::Corrupt, "compressed cluster offset " + hex(d.hostOffset) +
                                                     " is out of range", m_file->path());
        m_compressedInput.resize(d.bytes);
        // Bytes past the end of the file read as zeros (as in QEMU); a stream cut by the end
        // of the file then fails to decompress instead of being over-read.
        DS_TRY(readZeroFilled(*m_file, d.hostOffset, m_compressedInput));
        m_compressedCluster.resize(clusterSize);
        m_compressedCacheValid = false;
        Status s = m_decompressor.decompress(m_header.compressionType, m_compressedInput, m_compressedCluster);
        if (!s.ok()) {
            // Only now ask for the file size (a syscall): it tells a broken stream from a
            // descriptor that points past the end of the file.
            auto fileSize = m_file->size();
            if (fileSize.ok() && d.hostOffset >= *fileSize)
                return makeError(ErrorCode::Corrupt, "compressed cluster at host offset " + hex(d.hostOffset) +
                                                         " (guest offset " + hex(guestOffset & ~(clusterSize - 1)) +
                                                         ") lies beyond the end of the file",
                                 m_file->path());
            Error e = std::move(s).error();
            e.message += " (guest offset " + hex(guestOffset & ~(clusterSize - 1)) + ", host offset " +
                         hex(d.hostOffset) + ")";
            e.path = m_file->path();
            return e;
        }
        m_cachedCompressedEntry = l2Entry;
        m_compressedCacheValid = true;
    }
    std::memcpy(out.data(), m_compressedCluster.data() + (guestOffset & (clusterSize - 1)), out.size());
    return okStatus();
}

Status Qcow2Image::read(uint64_t offset, std::span<uint8_t> out)
{
    if (offset > m_header.size || out.size() > m_header.size - offset)
        return makeError(ErrorCode::InvalidArgument, "read beyond the end of the image", m_file->path());
    uint64_t done = 0;
    while (done < out.size()) {
        uint64_t pos = offset + done;
        DS_ASSIGN_OR_RETURN(ClusterRun run, m_map->lookup(pos, out.size() - done));
        std::span<uint8_t> part = out.subspan(done, run.bytes);
        switch (run.type) {
        case SubclusterType::Normal: {
            DS_ASSIGN_OR_RETURN(HostFile * data, dataFile());
            DS_TRY(readZeroFilled(*data, run.hostOffset, part));
            break;
        }
        case SubclusterType::ZeroPlain:
        case SubclusterType::ZeroAlloc:
            std::memset(part.data(), 0, part.size());
            break;
        case SubclusterType::UnallocatedPlain:
        case SubclusterType::UnallocatedAlloc:
            DS_TRY(readFromBacking(pos, part));
            break;
        case SubclusterType::Compressed:
            DS_TRY(readCompressed(pos, run.l2Entry, part));
            break;
        }
        done += run.bytes;
    }
    return okStatus();
}

bool Qcow2Image::metadataPreallocated()
{
    if (m_metadataPreallocated)
        return *m_metadataPreallocated;
    m_metadataPreallocated = false;
    auto fileLength = m_file->size();
    auto allocated = m_file->allocatedBytes();
    auto refcounts = RefcountReader::load(*m_file, m_header);
    if (!fileLength.ok() || !allocated.ok() || !refcounts.ok())
        return false;
    const uint64_t clusterSize = m_header.clusterSize();
    uint64_t realClusters = *allocated / clusterSize;
    uint64_t threshold = std::max(realClusters * 10 / 9, realClusters + 2);
    uint64_t endCluster = (*fileLength + clusterSize - 1) / clusterSize;
    uint64_t counted = 0;
    for (uint64_t c = 0; c < endCluster && counted < threshold; ++c) {
        auto rc = refcounts->refcount(c);
        if (!rc.ok())
            return false;
        counted += *rc > 0;
    }
    m_metadataPreallocated = counted >= threshold;
    return *m_metadataPreallocated;
}

Result<BlockStatus> Qcow2Image::blockStatus(uint64_t offset, uint64_t length)
{
    uint64_t maxBytes = std::min(length, m_header.size - offset);
    DS_ASSIGN_OR_RETURN(ClusterRun run, m_map->lookup(offset, maxBytes));
    BlockStatus s;
    s.length = run.bytes;
    if (hasHostOffset(run.type)) {
        DS_ASSIGN_OR_RETURN(HostFile * data, dataFile());
        s.hasOffset = true;
        s.offset = run.hostOffset;
        s.file = data;
    }
    switch (run.type) {
    case SubclusterType::Normal:
        s.data = true;
        s.refineWithHostHoles = metadataPreallocated();
        break;
    case SubclusterType::ZeroPlain:
    case SubclusterType::ZeroAlloc:
        s.zero = true;
        break;
    case SubclusterType::Compressed:
        s.data = true;
        s.compressed = true;
        break;
    case SubclusterType::UnallocatedPlain:
    case SubclusterType::UnallocatedAlloc:
        break;
    }
    return s;
}

void Qcow2Image::describe(ImageInfo& info) const
{
    const Header& h = m_header;
    info.clusterSize = h.clusterSize();
    info.dirtyFlag = (h.incompatibleFeatures & kIncompatDirty) != 0;
    info.snapshots = m_snapshots;
    Qcow2Info q;
    q.compat = h.version >= 3 ? "1.1" : "0.10";
    q.compressionType = h.compressionType == CompressionType::Zstd ? "zstd" : "zlib";
    q.lazyRefcounts = h.compatibleFeatures & kCompatLazyRefcounts;
    q.refcountBits = h.refcountBits();
    q.corrupt = h.incompatibleFeatures & kIncompatCorrupt;
    q.extendedL2 = h.extendedL2();
    if (h.dataFile) {
        q.dataFile = *h.dataFile;
        q.dataFileRaw = (h.autoclearFeatures & kAutoclearDataFileRaw) != 0;
    }
    q.bitmaps = m_bitmaps;
    q.version = h.version;
    q.incompatibleFeatures = h.incompatibleFeatures;
    q.compatibleFeatures = h.compatibleFeatures;
    q.autoclearFeatures = h.autoclearFeatures;
    q.l1Offset = h.l1TableOffset;
    q.l1Size = h.l1Size;
    q.refcountTableOffset = h.refcountTableOffset;
    q.refcountTableClusters = h.refcountTableClusters;
    q.snapshotTableOffset = h.snapshotsOffset;
    q.headerLength = h.headerLength;
    info.qcow2 = std::move(q);
}

}  // namespace diskscope::qcow2
