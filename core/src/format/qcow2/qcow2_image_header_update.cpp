// SPDX-License-Identifier: GPL-2.0-or-later
// Header rewrites of a writable image: the general one (any field or extension the header
// alone records) and the backing file reference built on it (rebase, amend).
#include <cstring>

#include "format/qcow2/qcow2_header_writer.h"
#include "format/qcow2/qcow2_image.h"
#include "util/big_endian.h"

namespace diskscope::qcow2 {

Status Qcow2Image::rewriteHeader(const Header& updated)
{
    DS_TRY(checkWrite(0, 0));
    if (updated.clusterBits != m_header.clusterBits)
        return makeError(ErrorCode::InvalidArgument, "a header rewrite cannot change the cluster size", m_file->path());
    // The header is the last write: what it points to is on disk first.
    DS_TRY(flush());
    Header onDisk = updated;
    if (m_dirtyBitSet)  // lazy refcounts: the bit stays until the clean close clears it
        onDisk.incompatibleFeatures |= kIncompatDirty;
    DS_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, encodeHeader(onDisk));
    std::vector<uint8_t> stored(bytes.size());
    DS_TRY(readExact(*m_file, 0, stored, "qcow2 header"));
    // Only the bytes that change are written, in one write: a backing name change usually
    // touches fields 8-19 and the name; within the first sector the write is atomic.
    size_t first = 0;
    while (first < bytes.size() && bytes[first] == stored[first])
        ++first;
    if (first < bytes.size()) {
        size_t end = bytes.size();
        while (bytes[end - 1] == stored[end - 1])
            --end;
        DS_TRY(m_io->writeMetadata(first, std::span<const uint8_t>(bytes.data() + first, end - first),
                                   MetadataKind::Header));
        DS_TRY(m_io->sync());
    }
    m_header = updated;
    m_header.backingFileOffset = loadBe64(&bytes[8]);
    m_header.backingFileSize = loadBe32(&bytes[16]);
    return okStatus();
}

Status Qcow2Image::setBackingReference(const std::optional<BackingReference>& reference)
{
    Header updated = m_header;
    if (reference && !reference->name.empty()) {
        if (reference->name.find('\0') != std::string::npos)
            return makeError(ErrorCode::InvalidArgument, "the backing file name contains a NUL byte", m_file->path());
        if (reference->name.size() > kMaxBackingNameBytes)
            return makeError(ErrorCode::InvalidArgument,
                             "Invalid argument (a backing file name has at most " +
                                 std::to_string(kMaxBackingNameBytes) + " bytes, this one " +
                                 std::to_string(reference->name.size()) + ")",
                             m_file->path());
        if (reference->format && reference->format->size() > kMaxBackingFormatBytes)
            return makeError(ErrorCode::InvalidArgument, "Invalid argument (backing format name '" +
                                                             *reference->format + "' is too long)", m_file->path());
        updated.backingFile = reference->name;
        updated.backingFormat = reference->format;
    } else {
        updated.backingFile.reset();
        updated.backingFormat.reset();  // qemu-img drops the format with the name
    }
    // Measured before anything is written: the name must fit in cluster 0 with the extensions.
    auto encoded = encodeHeader(updated);
    if (!encoded.ok())
        return makeError(ErrorCode::NoSpace,
                         "No space left in the file header (the header, its extensions and the backing file name "
                         "must fit in the first cluster, " + std::to_string(m_header.clusterSize()) + " bytes)",
                         m_file->path());
    return rewriteHeader(updated);
}

}  // namespace diskscope::qcow2
