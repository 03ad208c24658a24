// SPDX-License-Identifier: GPL-2.0-or-later
// A qcow2 image: header, snapshot table, bitmaps, the cluster map, reads that fall through to
// the backing image, and (when opened for writing) the crash-safe write path.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <vector>

#include "diskscope/image.h"
#include "diskscope/image_info.h"
#include "diskscope/open.h"
#include "diskscope/ops/amend.h"
#include "diskscope/progress.h"
#include "format/qcow2/qcow2_cluster_map.h"
#include "format/qcow2/qcow2_compressor.h"
#include "format/qcow2/qcow2_decompressor.h"
#include "format/qcow2/qcow2_file_io.h"
#include "format/qcow2/qcow2_header.h"
#include "format/qcow2/qcow2_refcounts.h"

namespace diskscope::qcow2 {

class Qcow2Image final : public Image {
public:
    // Validates the header and reads the tables every read needs. `openDataFile` (may be
    // null) opens the external data file by its stored name. `writable` needs `file` open
    // read-write (and locked by the caller).
    static Result<std::unique_ptr<Qcow2Image>> open(std::unique_ptr<HostFile> file,
                                                    DataFileOpener openDataFile, bool writable = false);
    ~Qcow2Image() override;

    const char* formatName() const override { return "qcow2"; }
    uint64_t virtualSize() const override { return m_header.size; }
    HostFile& file() override { return *m_file; }
    Status read(uint64_t offset, std::span<uint8_t> out) override;
    Result<BlockStatus> blockStatus(uint64_t offset, uint64_t length) override;
    std::optional<BackingReference> backingReference() const override;
    bool supportsBacking() const override { return true; }
    void setBacking(Image* backing) override { m_backing = backing; }
    void describe(ImageInfo& info) const override;

    bool writable() const override { return m_writable; }
    Status write(uint64_t offset, std::span<const uint8_t> data) override;
    Status writeZeroes(uint64_t offset, uint64_t length, bool mayUnmap) override;
    Status discard(uint64_t offset, uint64_t length) override;
    Status writeCompressed(uint64_t offset, std::span<const uint8_t> data) override;
    Status writeCompressedCluster(uint64_t offset, std::span<const uint8_t> packed) override;
    Status resize(uint64_t newSize, Preallocation preallocation) override;
    Status createSnapshot(const std::string& name) override;
    Status deleteSnapshot(const std::string& nameOrId) override;
    Status applySnapshot(const std::string& idOrName) override;
    Status setBackingReference(const std::optional<BackingReference>& reference) override;
    Status makeEmpty() override;
    Status viewSnapshot(const SnapshotSelector& selector) override;
    Status flush() override;
    Status close() override;

    const Header& header() const { return m_header; }
    // Replaces the on-disk header with `updated` (fixed fields, extensions, backing name), for
    // changes that only the header records (backing file, feature bits). Everything written so
    // far is flushed first, so the header is the last write; it is one write of the bytes that
    // differ from cluster 0 as stored, then fdatasync. Whatever `updated` points to must already
    // be durable. Fails without writing when the encoded header breaks QEMU's limits or does
    // not fit in cluster 0.
    Status rewriteHeader(const Header& updated);

    // qemu-img amend (qcow2_image_amend.cpp): see diskscope/ops/amend.h.
    Status amend(const AmendOptions& options, ProgressSink& progress, std::stop_token stop);

private:
    Qcow2Image(std::unique_ptr<HostFile> file, Header header, std::unique_ptr<ClusterMap> map);
    Status prepareForWriting(DataFileOpener openDataFile, uint64_t snapshotTableBytes);
    // The file guest data lives in: the external data file, or the image itself.
    Result<HostFile*> dataFile();
    Status readCompressed(uint64_t guestOffset, uint64_t l2Entry, std::span<uint8_t> out);
    Status readFromBacking(uint64_t offset, std::span<uint8_t> out);
    // QEMU's heuristic: the image counts as metadata-preallocated when its refcounted
    // clusters clearly outnumber the clusters the host file really occupies.
    bool metadataPreallocated();

    // --- write path (qcow2_image_write.cpp) ---
    Status checkWrite(uint64_t offset, uint64_t length);
    // Sets the dirty bit before the first change of a lazy-refcounts image.
    Status beginChange();
    // Runs one write-path step; a Corrupt error marks the image corrupt on disk.
    Status guarded(Status status);
    Status writeHeaderField(uint64_t offset, uint64_t value);
    // The three-step crash-safe flush (see qcow2_image_write.cpp)...
    Status flushInOrder();
    // ...and its first two steps: refcount increases and data, then L2 tables and L1 entries.
    Status flushMappings();
    // The host offset of the L2 table for `guest`, created or copied (when shared) as needed.
    Result<uint64_t> writableL2Table(uint64_t guest);
    Status writeInCluster(uint64_t clusterStart, uint64_t within, std::span<const uint8_t> data);
    // Writes whole clusters starting at `guest` that are not allocated yet as one host run;
    // returns the bytes written (0 when the first cluster is already allocated).
    Result<uint64_t> writeFreshClusters(uint64_t guest, std::span<const uint8_t> data);
    Status writeInExtendedCluster(uint64_t l2, uint64_t clusterStart, uint64_t within,
                                  std::span<const uint8_t> data, L2Entry old);
    Status writeInDataFileCluster(uint64_t l2, uint64_t clusterStart, uint64_t within,
                                  std::span<const uint8_t> data, L2Entry old);
    Status zeroWholeCluster(uint64_t clusterStart, bool mayUnmap);
    // Queues the release of whatever host space an entry holds (data cluster or compressed bytes).
    void releaseEntry(uint64_t entry);
    Result<uint64_t> allocateCompressedBytes(uint64_t length);
    // Allocates clusters for an L1 table holding `entries` (zero-padded to whole clusters),
    // writes it as `kind` metadata and returns its offset (0 for an empty table). COPIED is
    // cleared when `clearCopied`. The caller syncs before anything points at it.
    Result<uint64_t> writeNewL1(const std::vector<uint64_t>& entries, bool clearCopied, MetadataKind kind);
    // Moves the active L1 table to new clusters with room for `entries` (resize).
    Status growL1(uint64_t entries);
    // Releases every cluster mapped at or beyond guest offset `from` (shrink).
    Status releaseFrom(uint64_t from);

    // --- preallocation of a grown area (qcow2_image_preallocate.cpp) ---
    // Whether the area past `oldSize` must be marked zero so the backing file does not show.
    bool grownAreaMustReadZero(uint64_t oldSize) const;
    // Refuses, before anything changes, what the image cannot preallocate.
    Status checkPreallocation(uint64_t oldSize, Preallocation mode) const;
    // Maps [oldSize, newSize) as `mode` says and flushes; the caller then switches the size.
    Status preallocate(uint64_t oldSize, uint64_t newSize, Preallocation mode);
    Status preallocateMetadata(uint64_t oldSize, uint64_t newSize);
    Status preallocateDataArea(uint64_t oldSize, uint64_t newSize, Preallocation mode);
    Status preallocateInDataFile(uint64_t oldSize, uint64_t newSize, Preallocation mode);
    Status markGrownAreaZero(uint64_t oldSize, uint64_t newSize);
    // The guest bytes of the cluster the old size ends inside (empty when it ends on a boundary).
    Result<std::vector<uint8_t>> partialHeadContent(uint64_t oldSize);
    // Writes zeros over the part of [host, host + bytes) below `fileEnd` (the file's length
    // before the clusters were allocated).
    Status zeroStaleClusters(uint64_t host, uint64_t bytes, uint64_t fileEnd);

    // --- amend (qcow2_image_amend.cpp, qcow2_refcount_width.cpp) ---
    // Flushes and clears the dirty bit of a lazy-refcounts image: refcounts exact on disk.
    Status markClean();
    // The active L1 table, then each snapshot's.
    Result<std::vector<std::vector<uint64_t>>> allL1Tables();
    // Visits every entry of every L2 table any L1 table names, each table once.
    Status forEachL2Entry(const std::function<Status(uint64_t table, uint64_t guest, L2Entry entry)>& visit);
    Result<bool> hasCompressedClusters();
    // Rewrites zero clusters (v3 zero flag) the way version 2 expresses them.
    Status expandZeroClusters();
    // Refuses (qemu-img's message) when some refcount exceeds the width 2^order.
    Status checkRefcountsFit(uint32_t order);
    Status changeRefcountWidth(uint32_t order, std::stop_token stop);

    // --- snapshots (qcow2_image_snapshot.cpp) ---
    // Every host cluster an L1 table reaches: its L2 tables and what their entries map
    // (compressed clusters: each host cluster they touch), one element per reference.
    Result<std::vector<uint64_t>> clustersReachedBy(const std::vector<uint64_t>& l1);
    Result<std::vector<uint64_t>> readL1(uint64_t offset, uint32_t entries, const std::string& what);
    // Sets COPIED on active L1/L2 entries whose cluster has refcount 1, clears it elsewhere.
    Status fixActiveCopiedFlags();
    // Writes a new snapshot table made of `entries` (raw, each padded to 8), switches the
    // header to it and frees the old one.
    Status replaceSnapshotTable(const std::vector<std::vector<uint8_t>>& entries);
    Result<std::vector<std::vector<uint8_t>>> rawSnapshotEntries();
    Status reloadSnapshots();
    // Orders L2 writes after the refcounts they depend on (see qcow2_image_write.cpp).
    void installCacheHooks();

    std::unique_ptr<HostFile> m_file;
    std::unique_ptr<HostFile> m_dataFile;
    Header m_header;
    std::unique_ptr<ClusterMap> m_map;
    std::vector<SnapshotInfo> m_snapshots;
    std::optional<std::vector<BitmapInfo>> m_bitmaps;
    Image* m_backing = nullptr;

    Decompressor m_decompressor;
    uint64_t m_cachedCompressedEntry = 0;  // L2 entry of the cluster in m_compressedCluster
    bool m_compressedCacheValid = false;
    std::vector<uint8_t> m_compressedCluster;
    std::vector<uint8_t> m_compressedInput;

    std::optional<bool> m_metadataPreallocated;
    uint64_t m_snapshotTableBytes = 0;

    // Writing.
    bool m_writable = false;
    bool m_closed = false;
    bool m_dirtyBitSet = false;
    std::unique_ptr<FileIo> m_io;
    std::unique_ptr<Refcounts> m_refcounts;
    Compressor m_compressor;
    uint64_t m_compressedTail = 0;  // next free byte after the last compressed cluster, 0 if none
};

}  // namespace diskscope::qcow2
