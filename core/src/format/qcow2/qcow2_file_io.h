// SPDX-License-Identifier: GPL-2.0-or-later
// Every write a writable qcow2 image makes goes through here: it tracks which host clusters
// hold metadata (so a data write can never land on one: the overlap check), whether anything
// was written since the last fdatasync, and latches a failed sync (after a failed fdatasync the
// kernel may have dropped the pages, so the image accepts no further writes).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>

#include "diskscope/error.h"
#include "diskscope/host_file.h"

namespace diskscope::qcow2 {

// What a metadata cluster holds, for messages and for the host layout view.
enum class MetadataKind { Header, ActiveL1, ActiveL2, RefcountTable, RefcountBlock, SnapshotTable, SnapshotL1, BitmapDirectory };
const char* metadataKindName(MetadataKind kind);

class FileIo {
public:
    FileIo(HostFile& image, HostFile* dataFile, uint32_t clusterBits);

    HostFile& image() { return m_image; }

    void addMetadata(uint64_t offset, uint64_t bytes, MetadataKind kind);
    void removeMetadata(uint64_t offset, uint64_t bytes);
    // The kind of metadata in [offset, offset + bytes) of the image file, if any.
    const MetadataKind* overlappingMetadata(uint64_t offset, uint64_t bytes) const;

    // Refuses a write of `kind` metadata over clusters that hold metadata of another kind
    // (clusters not registered yet, e.g. just allocated, are fine).
    Status checkMetadataWrite(uint64_t offset, uint64_t bytes, MetadataKind kind) const;
    // A metadata write of `kind` into the image file, after that check.
    Status writeMetadata(uint64_t offset, std::span<const uint8_t> bytes, MetadataKind kind);
    // A guest data write into the image file or the data file; refused when it would
    // overwrite metadata of the image file.
    Status writeData(HostFile& target, uint64_t offset, std::span<const uint8_t> bytes);
    // Records that the file was written by someone else (e.g. a metadata cache).
    void noteWrite() { m_unsynced = true; }

    // fdatasync of the data file, then the image file, if anything was written since the last.
    Status sync();
    Status failedState() const;

private:
    Status guard() const;

    HostFile& m_image;
    HostFile* m_dataFile;
    uint32_t m_clusterBits;
    std::unordered_map<uint64_t, MetadataKind> m_metadataClusters;
    bool m_unsynced = false;
    bool m_syncFailed = false;
    Error m_syncError;
};

}  // namespace diskscope::qcow2
