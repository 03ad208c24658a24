// SPDX-License-Identifier: GPL-2.0-or-later
#include "format/qcow2/qcow2_file_io.h"

#include "util/hex.h"

namespace diskscope::qcow2 {

const char* metadataKindName(MetadataKind kind)
{
    switch (kind) {
    case MetadataKind::Header: return "qcow2_header";
    case MetadataKind::ActiveL1: return "active L1 table";
    case MetadataKind::ActiveL2: return "active L2 table";
    case MetadataKind::RefcountTable: return "refcount table";
    case MetadataKind::RefcountBlock: return "refcount block";
    case MetadataKind::SnapshotTable: return "snapshot table";
    case MetadataKind::SnapshotL1: return "snapshot L1 table";
    case MetadataKind::BitmapDirectory: return "bitmap directory";
    }
    return "metadata";
}

namespace {

WritePurpose purposeOf(MetadataKind kind)
{
    switch (kind) {
    case MetadataKind::Header: return WritePurpose::Header;
    case MetadataKind::ActiveL1: return WritePurpose::L1Table;
    case MetadataKind::ActiveL2: return WritePurpose::L2Table;
    case MetadataKind::RefcountTable: return WritePurpose::RefcountTable;
    case MetadataKind::RefcountBlock: return WritePurpose::RefcountBlock;
    case MetadataKind::SnapshotTable: return WritePurpose::SnapshotTable;
    case MetadataKind::SnapshotL1: return WritePurpose::SnapshotL1;
    case MetadataKind::BitmapDirectory: return WritePurpose::BitmapDirectory;
    }
    return WritePurpose::Unspecified;
}

}  // namespace

FileIo::FileIo(HostFile& image, HostFile* dataFile, uint32_t clusterBits)
    : m_image(image), m_dataFile(dataFile), m_clusterBits(clusterBits)
{
}

void FileIo::addMetadata(uint64_t offset, uint64_t bytes, MetadataKind kind)
{
    if (bytes == 0)
        return;
    for (uint64_t c = offset >> m_clusterBits; c <= (offset + bytes - 1) >> m_clusterBits; ++c)
        m_metadataClusters[c] = kind;
}

void FileIo::removeMetadata(uint64_t offset, uint64_t bytes)
{
    if (bytes == 0)
        return;
    for (uint64_t c = offset >> m_clusterBits; c <= (offset + bytes - 1) >> m_clusterBits; ++c)
        m_metadataClusters.erase(c);
}

const MetadataKind* FileIo::overlappingMetadata(uint64_t offset, uint64_t bytes) const
{
    if (bytes == 0)
        return nullptr;
    for (uint64_t c = offset >> m_clusterBits; c <= (offset + bytes - 1) >> m_clusterBits; ++c) {
        auto found = m_metadataClusters.find(c);
        if (found != m_metadataClusters.end())
            return &found->second;
    }
    return nullptr;
}

Status FileIo::guard() const
{
    if (m_syncFailed)
        return m_syncError;
    return okStatus();
}

Status FileIo::failedState() const { return guard(); }

Status FileIo::checkMetadataWrite(uint64_t offset, uint64_t bytes, MetadataKind kind) const
{
    if (bytes == 0)
        return okStatus();
    for (uint64_t c = offset >> m_clusterBits; c <= (offset + bytes - 1) >> m_clusterBits; ++c) {
        auto found = m_metadataClusters.find(c);
        if (found != m_metadataClusters.end() && found->second != kind)
            return makeError(ErrorCode::Corrupt,
                             std::string("Preventing invalid write on metadata (overlaps with ") +
                                 metadataKindName(found->second) + ") while writing the " + metadataKindName(kind) +
                                 " at host offset " + hex(offset) + "; image marked as corrupt.",
                             m_image.path());
    }
    return okStatus();
}

Status FileIo::writeMetadata(uint64_t offset, std::span<const uint8_t> bytes, MetadataKind kind)
{
    DS_TRY(guard());
    DS_TRY(checkMetadataWrite(offset, bytes.size(), kind));
    DS_TRY(m_image.writeFor(purposeOf(kind), offset, bytes));
    m_unsynced = true;
    return okStatus();
}

Status FileIo::writeData(HostFile& target, uint64_t offset, std::span<const uint8_t> bytes)
{
    DS_TRY(guard());
    if (&target == &m_image) {
        if (const MetadataKind* kind = overlappingMetadata(offset, bytes.size()))
            return makeError(ErrorCode::Corrupt,
                             std::string("Preventing invalid write on metadata (overlaps with ") +
                                 metadataKindName(*kind) + ") at host offset " + hex(offset) +
                                 "; image marked as corrupt.",
                             m_image.path());
    }
    DS_TRY(target.writeFor(WritePurpose::GuestData, offset, bytes));
    m_unsynced = true;
    return okStatus();
}

Status FileIo::sync()
{
    DS_TRY(guard());
    if (!m_unsynced)
        return okStatus();
    Status s = m_dataFile ? m_dataFile->flush() : okStatus();
    if (s.ok())
        s = m_image.flush();
    if (!s.ok()) {
        m_syncFailed = true;
        m_syncError = s.error();
        m_syncError.message += " (the image accepts no further writes until it is reopened)";
        return s;
    }
    m_unsynced = false;
    return okStatus();
}

}  // namespace diskscope::qcow2
