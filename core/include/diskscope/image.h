// SPDX-License-Identifier: GPL-2.0-or-later
// The format layer: one image (raw or qcow2) seen as a guest disk.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "diskscope/error.h"
#include "diskscope/host_file.h"
#include "diskscope/preallocation.h"

namespace diskscope {

struct ImageInfo;
struct SnapshotSelector;

// How one layer answers for a range, with QEMU's block-status meaning:
// neither `data` nor `zero` means "not allocated in this layer" (the backing file answers).
struct BlockStatus {
    uint64_t length = 0;        // bytes from the queried offset with this status (> 0)
    bool data = false;          // the layer stores the bytes
    bool zero = false;          // the range reads as zeros
    bool hasOffset = false;     // `offset` is valid
    uint64_t offset = 0;        // where the bytes live in `file`
    HostFile* file = nullptr;   // the host file holding them (the image, or its data file)
    bool compressed = false;    // stored as compressed clusters (no offset)
    // The host file's own holes should refine this data range (metadata-preallocated qcow2).
    bool refineWithHostHoles = false;
};

// What an image records about its backing file.
struct BackingReference {
    std::string name;                   // as stored in the image
    std::optional<std::string> format;  // from the backing-format header extension
};

class Image {
public:
    virtual ~Image() = default;

    virtual const char* formatName() const = 0;  // "raw", "qcow2"
    virtual uint64_t virtualSize() const = 0;
    virtual HostFile& file() = 0;

    // Reads guest bytes. Ranges this layer does not allocate come from the backing image
    // (set with setBacking), or read as zeros without one. Reading past virtualSize() is an error.
    virtual Status read(uint64_t offset, std::span<uint8_t> out) = 0;

    // Status of [offset, offset + length) in this layer only. Precondition: offset < virtualSize().
    virtual Result<BlockStatus> blockStatus(uint64_t offset, uint64_t length) = 0;

    // The backing file this image names, if any.
    virtual std::optional<BackingReference> backingReference() const { return std::nullopt; }
    // Whether unallocated ranges fall through to a backing image (qcow2) or not (raw).
    virtual bool supportsBacking() const { return false; }
    // Borrowed; the chain owns both images and outlives the link.
    virtual void setBacking(Image* backing) { (void)backing; }

    // Fills the format-specific part of `info` (cluster size, snapshots, qcow2 data...).
    virtual void describe(ImageInfo& info) const { (void)info; }

    // --- Writing: only for images opened for writing; the others refuse. ---
    virtual bool writable() const { return false; }
    // Writes guest bytes at any offset and length inside the virtual size.
    virtual Status write(uint64_t offset, std::span<const uint8_t> data);
    // Makes the range read as zeros; `mayUnmap` lets the image release host space for it.
    virtual Status writeZeroes(uint64_t offset, uint64_t length, bool mayUnmap);
    // Releases whole clusters in the range (partial clusters are left alone, as in QEMU);
    // they then read as zeros, or from the backing file where the format has no zero marker.
    virtual Status discard(uint64_t offset, uint64_t length);
    // Stores whole clusters compressed (the last one may be partial at the end of the image).
    virtual Status writeCompressed(uint64_t offset, std::span<const uint8_t> data);
    // The storing half of writeCompressed, for callers that compress clusters on several
    // threads and store them in guest order: `packed` is the compressed form of the whole
    // cluster at `offset` (see qcow2::Compressor); incompressible clusters go through write().
    virtual Status writeCompressedCluster(uint64_t offset, std::span<const uint8_t> packed);
    // Changes the virtual size. Shrinking releases what lies beyond the new end; the new
    // area of a grown image reads as zeros and is allocated as `preallocation` says.
    virtual Status resize(uint64_t newSize, Preallocation preallocation);
    // Internal snapshots (qcow2). Create takes a name (ids are assigned as QEMU assigns them);
    // delete finds a snapshot by name, then by id; apply by id, then by name.
    virtual Status createSnapshot(const std::string& name);
    virtual Status deleteSnapshot(const std::string& nameOrId);
    virtual Status applySnapshot(const std::string& idOrName);
    // Records a new backing file in the image's header (nullopt: none, the image stands
    // alone), after everything written so far is durable. Only the header changes: reads keep
    // using the backing set with setBacking. Formats without backing files refuse.
    virtual Status setBackingReference(const std::optional<BackingReference>& reference);
    // Drops everything this layer allocates, so the whole disk reads from the backing file
    // again (what qemu-img commit leaves in the committed image).
    virtual Status makeEmpty();
    // Read-only images: from now on show the guest content of the internal snapshot the
    // selector picks instead of the active state (qemu-img -l; see snapshot_selector.h).
    // Formats without internal snapshots refuse with qemu-img's message.
    virtual Status viewSnapshot(const SnapshotSelector& selector);
    // Makes everything written so far durable, in crash-safe order.
    virtual Status flush() { return okStatus(); }
    // Flushes and marks the image cleanly closed. Owners call it to see errors; destroying an
    // unclosed writable image does the same and drops any error.
    virtual Status close() { return flush(); }
};

}  // namespace diskscope
