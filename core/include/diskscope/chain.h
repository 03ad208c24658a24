// SPDX-License-Identifier: GPL-2.0-or-later
// The chain layer: an image and its backing files, top first, read as one guest disk.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "diskscope/error.h"
#include "diskscope/image.h"
#include "diskscope/snapshot_selector.h"
#include "diskscope/trust_policy.h"

namespace diskscope {

// A backing layer about to be opened, as Chain::open sees it.
struct BackingCandidate {
    unsigned depth = 1;          // 1 = the top image's backing file
    std::string namingPath;      // the image that names it, as opened
    BackingReference reference;  // the name and format stored there
    std::string resolvedName;    // the name resolved against namingPath
};

using HostFileOpener = std::function<Result<std::unique_ptr<HostFile>>(const std::string& path, HostOpenMode mode)>;

struct OpenOptions {
    std::optional<std::string> format;  // "raw" or "qcow2"; probed (top image only) when absent
    bool openBacking = true;            // false: open only the named image
    bool forceShare = false;            // -U: ignore other processes' locks
    bool writable = false;              // open the top image for writing (backing files stay read-only)
    bool noFlush = false;               // QEMU's cache=unsafe: the top image never fdatasyncs
    unsigned maxDepth = 16;             // backing layers beyond the top image
    // Asked before each backing layer is opened: true opens that layer for writing with QEMU's
    // writer locks (commit's base). Null: every backing layer is read-only.
    std::function<bool(const BackingCandidate& candidate)> writableBacking;
    // qemu-img -l: the top image shows this internal snapshot instead of its active state
    // (read-only; a raw top image or a missing snapshot fails). See snapshot_selector.h.
    std::optional<SnapshotSelector> snapshot;
    // Opens each layer's host file by its (resolved) name; empty means the real file system.
    // Tests and fuzzing hand in memory files; external data files are then not opened.
    HostFileOpener openHostFile;
    // Follow backing and external data files whose names lead outside the naming image's
    // directory tree ("..",
    // absolute names elsewhere). Off by default: an image from elsewhere must not make us read
    // arbitrary files. The GUI sets it after the user confirms; the CLI has a switch.
    bool allowExternalBacking = externalBackingAllowedByDefault();
};

// Status of a range in the whole chain, as qemu-img map reports it.
struct ChainStatus {
    uint64_t length = 0;
    unsigned depth = 0;          // index of the answering layer, 0 = top
    bool present = false;        // the answering layer itself allocates the range
    bool zero = false;
    bool data = false;
    bool hasOffset = false;
    uint64_t offset = 0;
    bool compressed = false;
    HostFile* file = nullptr;    // host file `offset` refers to (only with hasOffset)
};

class Chain {
public:
    // Opens `path` and, unless options.openBacking is false, its backing chain.
    // Backing names are resolved against the naming image's directory; the recorded
    // backing format is used, never re-probed. Loops (by device and inode) are refused.
    static Result<std::unique_ptr<Chain>> open(const std::string& path, const OpenOptions& options);
    // Wraps an already opened image (no backing), e.g. an in-memory image in tests.
    static std::unique_ptr<Chain> fromImage(std::unique_ptr<Image> image, std::string name);
    // Links already opened images, top first, each the backing of the one before (tests).
    static std::unique_ptr<Chain> fromImages(std::vector<std::pair<std::unique_ptr<Image>, std::string>> layers);

    ~Chain();

    size_t layerCount() const { return m_layers.size(); }
    Image& layer(size_t index) { return *m_layers[index].image; }
    Image& top() { return layer(0); }
    // The name layer `index` was opened by: the user's path for the top, the resolved
    // backing name (qemu-img's full-backing-filename) below it.
    const std::string& layerName(size_t index) const { return m_layers[index].name; }
    uint64_t virtualSize() const { return m_layers.front().image->virtualSize(); }

    Status read(uint64_t offset, std::span<uint8_t> out) { return top().read(offset, out); }

    // qemu-img map's view of [offset, offset + length), length > 0, offset < virtualSize().
    Result<ChainStatus> blockStatus(uint64_t offset, uint64_t length);

private:
    struct Layer {
        std::unique_ptr<Image> image;
        std::string name;
    };
    Chain() = default;
    // One layer's answer with QEMU's generic refinements (zero without backing, zero past
    // the backing's end, host holes inside metadata-preallocated data). `allocated` says
    // whether the layer itself answered (before those refinements).
    Result<BlockStatus> layerStatus(size_t index, uint64_t offset, uint64_t length, bool& allocated);

    std::vector<Layer> m_layers;
};

// Joins the directory part of `imagePath` (as given, not normalised) with a relative
// backing name; absolute names are returned unchanged. This is qemu-img's full-backing-filename.
std::string resolveBackingName(const std::string& imagePath, const std::string& backingName);

}  // namespace diskscope
