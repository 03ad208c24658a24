// SPDX-License-Identifier: GPL-2.0-or-later
// The guest allocation map behind the GUI's map view: what each guest cluster of an image is,
// one byte per cluster. A coarse map comes from the L1 table alone at once (an L1 entry of 0:
// the whole range is unallocated; otherwise "pending"); refine() then reads the L2 tables one
// by one (in a worker) and resolves unallocated ranges through the backing chain. Per-entry
// details (raw entries, host offsets, refcounts) are re-read on demand, never stored.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <vector>

#include "diskscope/error.h"
#include "diskscope/trust_policy.h"
#include "diskscope/progress.h"

namespace diskscope {

class Chain;

enum class ClusterState : uint8_t {
    Pending = 0,        // the L1 entry names an L2 table that has not been read yet
    Unallocated = 1,    // no layer stores it: reads as zeros
    Data = 2,           // stored in this layer (raw: host data, not a hole)
    Zero = 3,           // zero flag, no host cluster
    ZeroAllocated = 4,  // zero flag over a preallocated host cluster
    Compressed = 5,
    Mixed = 6,          // extended L2 subclusters (or the clusters of one cell) differ
    Invalid = 7,        // the entry or its L2 table is corrupt: reads fail there
    // kBackingStateBase + N: not allocated in this image, served by backing layer N (1 = the
    // image's own backing file). Only the chain's first 15 backing layers are told apart.
};
inline constexpr uint8_t kBackingStateBase = 16;
inline constexpr unsigned kMaxDistinctBackingLayers = 15;

inline ClusterState backingState(unsigned layer)
{
    return static_cast<ClusterState>(kBackingStateBase + std::min(layer, kMaxDistinctBackingLayers));
}
// The backing layer a state names, 0 for the states of the image itself.
inline unsigned backingLayerOf(ClusterState state)
{
    auto v = static_cast<uint8_t>(state);
    return v > kBackingStateBase ? v - kBackingStateBase : 0;
}
// "data", "zero", "backing layer 2", ... (for tooltips and tests).
std::string clusterStateName(ClusterState state);

struct AllocationMapOptions {
    std::optional<std::string> format;  // of the top image; probed when absent
    bool openBacking = true;            // resolve unallocated ranges through the backing chain
    // The map has at most this many cells; larger images put several clusters in one cell.
    uint64_t maxCells = uint64_t{1} << 26;
    // Follow backing files that lead outside the image's directory tree (see OpenOptions).
    bool allowExternalBacking = externalBackingAllowedByDefault();
};

struct AllocationMapGeometry {
    std::string format;           // "qcow2" or "raw"
    uint64_t virtualSize = 0;
    uint32_t clusterBits = 16;    // qcow2 cluster size (raw: the cell size)
    uint32_t cellBits = 16;       // log2 of the guest bytes one map cell covers (>= clusterBits)
    uint64_t cellCount = 0;
    uint64_t cellsPerTable = 0;   // cells one L2 table covers (raw: cells per refinement step)
    uint64_t tableCount = 0;      // L2 tables (L1 entries) the virtual size needs
    bool extendedL2 = false;
    size_t layerCount = 1;        // the top image and the backing layers that could be opened
    // Why backing files are not in the map, when they could not be opened.
    std::optional<std::string> backingProblem;

    uint64_t cellBytes() const { return uint64_t{1} << cellBits; }
};

// One guest cluster (the first of its cell) as the image records it.
struct ClusterDetail {
    uint64_t cell = 0;
    uint64_t guestOffset = 0;
    ClusterState state = ClusterState::Pending;  // the map's state of the cell
    unsigned servedByLayer = 0;                  // the layer that answers (0: this image)
    bool qcow2 = false;
    uint64_t l1Index = 0;
    uint64_t l1Entry = 0;
    uint64_t l2TableOffset = 0;  // 0: no L2 table
    uint64_t l2Index = 0;
    uint64_t l2Entry = 0;
    uint64_t l2Bitmap = 0;       // extended L2 only
    std::string flags;           // "COPIED, zero", "compressed", ...
    std::optional<uint64_t> hostOffset;       // data or preallocated cluster; compressed: byte offset
    std::optional<uint64_t> compressedBytes;  // compressed clusters: bytes read from the host
    std::optional<uint64_t> refcount;         // of the host cluster (qcow2 image file only)
    bool inDataFile = false;                  // hostOffset refers to the external data file
    std::optional<std::string> problem;       // why the entry or its table could not be used
};

class AllocationMap {
public:
    // Opens the image (read-only, sharing every lock, like qemu-img -U) and its backing chain
    // (a backing file that cannot be opened is reported in the geometry, not an error), and
    // builds the coarse map from the L1 table.
    static Result<std::unique_ptr<AllocationMap>> open(const std::string& path, const AllocationMapOptions& options);
    // Over an already opened chain (tests: in-memory images). Takes ownership.
    static Result<std::unique_ptr<AllocationMap>> fromChain(std::unique_ptr<Chain> chain,
                                                            const AllocationMapOptions& options);
    ~AllocationMap();

    const AllocationMapGeometry& geometry() const { return m_geometry; }

    // Reads L2 tables in guest order and stores each table's refined states; `refined(first,
    // count)` is called after each table's cells are stored (on the calling thread). Cells
    // not reported yet may change; reported ones do not. Errors: cancellation or an I/O
    // error (corrupt tables are not errors: their cells become Invalid).
    using RefinedCallback = std::function<void(uint64_t firstCell, uint64_t cellCount)>;
    Status refine(ProgressSink& progress, std::stop_token stop, const RefinedCallback& refined = {});
    bool refined() const;

    // Copies cell states [first, first + out.size()) (clamped to the map). Thread-safe
    // against a running refine().
    void readStates(uint64_t first, std::span<ClusterState> out) const;
    // The same through a translation table indexed by state (cells past the end read as
    // table[Unallocated]): what a view that folds states into classes needs, without a copy.
    void readStates(uint64_t first, std::span<uint8_t> out, const uint8_t (&table)[256]) const;
    ClusterState stateAt(uint64_t cell) const;

    // The entry behind one cell, read from the image now. Thread-safe against refine().
    Result<ClusterDetail> detail(uint64_t cell);
    // Every entry of one L2 table (qcow2) or one refinement step (raw).
    Result<std::vector<ClusterDetail>> tableEntries(uint64_t tableIndex);

    // Cells per state over the whole map (for summaries and accessibility text).
    std::vector<uint64_t> stateCounts() const;

private:
    struct Impl;
    explicit AllocationMap(std::unique_ptr<Impl> impl);

    std::unique_ptr<Impl> m_impl;
    AllocationMapGeometry m_geometry;
    mutable std::mutex m_statesMutex;
    std::vector<ClusterState> m_states;
    bool m_refined = false;
};

}  // namespace diskscope
