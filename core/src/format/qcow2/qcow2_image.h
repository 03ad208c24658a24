// SPDX-License-Identifier: GPL-2.0-or-later
// A qcow2 image opened for reading: header, snapshot table, bitmaps, the cluster map, and
// reads that fall through to the backing image where this layer allocates nothing.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "diskscope/image.h"
#include "diskscope/image_info.h"
#include "diskscope/open.h"
#include "format/qcow2/qcow2_cluster_map.h"
#include "format/qcow2/qcow2_decompressor.h"
#include "format/qcow2/qcow2_header.h"

namespace diskscope::qcow2 {

class Qcow2Image final : public Image {
public:
    // Validates the header and reads the tables every read needs. `openDataFile` (may be
    // null) opens the external data file by its stored name.
    static Result<std::unique_ptr<Qcow2Image>> open(std::unique_ptr<HostFile> file,
                                                    DataFileOpener openDataFile);

    const char* formatName() const override { return "qcow2"; }
    uint64_t virtualSize() const override { return m_header.size; }
    HostFile& file() override { return *m_file; }
    Status read(uint64_t offset, std::span<uint8_t> out) override;
    Result<BlockStatus> blockStatus(uint64_t offset, uint64_t length) override;
    std::optional<BackingReference> backingReference() const override;
    bool supportsBacking() const override { return true; }
    void setBacking(Image* backing) override { m_backing = backing; }
    void describe(ImageInfo& info) const override;

    const Header& header() const { return m_header; }

private:
    Qcow2Image(std::unique_ptr<HostFile> file, Header header, ClusterMap map);
    // The file guest data lives in: the external data file, or the image itself.
    Result<HostFile*> dataFile();
    Status readCompressed(uint64_t guestOffset, uint64_t l2Entry, std::span<uint8_t> out);
    Status readFromBacking(uint64_t offset, std::span<uint8_t> out);
    // QEMU's heuristic: the image counts as metadata-preallocated when its refcounted
    // clusters clearly outnumber the clusters the host file really occupies.
    bool metadataPreallocated();

    std::unique_ptr<HostFile> m_file;
    std::unique_ptr<HostFile> m_dataFile;
    Header m_header;
    ClusterMap m_map;
    std::vector<SnapshotInfo> m_snapshots;
    std::optional<std::vector<BitmapInfo>> m_bitmaps;
    Image* m_backing = nullptr;

    Decompressor m_decompressor;
    uint64_t m_cachedCompressedEntry = 0;  // L2 entry of the cluster in m_compressedCluster
    bool m_compressedCacheValid = false;
    std::vector<uint8_t> m_compressedCluster;
    std::vector<uint8_t> m_compressedInput;

    std::optional<bool> m_metadataPreallocated;
};

}  // namespace diskscope::qcow2
