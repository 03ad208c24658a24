// SPDX-License-Identifier: GPL-2.0-or-later
// The guest allocation map: coarse from the L1 table, refined one L2 table at a time.
//
// Memory is one byte per cell plus one L2 table at a time; nothing is sized from a field of
// the image before the header validation (readHeader) has bounded it, and the cell count is
// capped by the options (cells then cover several clusters).
#include "diskscope/allocation_map.h"

#include <algorithm>
#include <functional>

#include "diskscope/chain.h"
#include "format/qcow2/qcow2_format.h"
#include "format/qcow2/qcow2_image.h"
#include "format/qcow2/qcow2_l2_entry.h"
#include "format/qcow2/qcow2_refcount_reader.h"
#include "util/big_endian.h"
#include "util/hex.h"

namespace diskscope {
namespace {

// Raw images are refined in steps of this many cells (progress and cancellation points).
constexpr uint64_t kRawCellsPerStep = 8192;
// The cell size of raw images, and the smallest one of any map.
constexpr uint32_t kRawCellBits = 16;

ClusterState stateOf(qcow2::SubclusterType type)
{
    switch (type) {
    case qcow2::SubclusterType::Normal: return ClusterState::Data;
    case qcow2::SubclusterType::ZeroPlain: return ClusterState::Zero;
    case qcow2::SubclusterType::ZeroAlloc: return ClusterState::ZeroAllocated;
    case qcow2::SubclusterType::Compressed: return ClusterState::Compressed;
    case qcow2::SubclusterType::UnallocatedPlain:
    case qcow2::SubclusterType::UnallocatedAlloc: return ClusterState::Unallocated;
    }
    return ClusterState::Invalid;
}

// Combines the states of the parts of one cell: equal parts keep theirs, different ones mix.
// A corrupt part makes the whole cell Invalid, so corruption is never hidden by a mix.
ClusterState combine(ClusterState a, ClusterState b)
{
    if (a == b)
        return a;
    if (a == ClusterState::Invalid || b == ClusterState::Invalid)
        return ClusterState::Invalid;
    return ClusterState::Mixed;
}

std::string entryFlags(uint64_t entry, bool extended)
{
    std::string flags;
    auto add = [&](const char* f) {
        if (!flags.empty())
            flags += ", ";
        flags += f;
    };
    if (entry & qcow2::kCopied)
        add("COPIED");
    if (entry & qcow2::kCompressed)
        add("compressed");
    else if (!extended && (entry & qcow2::kZeroFlag))
        add("zero");
    if (!(entry & qcow2::kCompressed) && (entry & qcow2::kL2ReservedMask))
        add("reserved bits set");
    return flags;
}

}  // namespace

std::string clusterStateName(ClusterState state)
{
    switch (state) {
    case ClusterState::Pending: return "not read yet";
    case ClusterState::Unallocated: return "unallocated";
    case ClusterState::Data: return "data";
    case ClusterState::Zero: return "zero";
    case ClusterState::ZeroAllocated: return "zero (preallocated)";
    case ClusterState::Compressed: return "compressed";
    case ClusterState::Mixed: return "partly allocated";
    case ClusterState::Invalid: return "corrupt";
    }
    if (unsigned layer = backingLayerOf(state))
        return "backing layer " + std::to_string(layer);
    return "unknown";
}

struct AllocationMap::Impl {
    std::unique_ptr<Chain> chain;
    // Set for qcow2 top images.
    const qcow2::Header* header = nullptr;
    HostFile* file = nullptr;
    uint64_t fileSize = 0;
    std::vector<uint64_t> l1;
    qcow2::L2EntryContext ctx;
    // Serialises every use of the chain (refine and the detail queries).
    std::mutex io;
    std::optional<qcow2::RefcountReader> refcounts;
    bool refcountsFailed = false;
    // The last L2 table read for details (hover reads the same table again and again).
    uint64_t cachedTableOffset = 0;
    std::vector<uint8_t> cachedTable;

    uint64_t l1EntryFor(uint64_t tableIndex) const { return tableIndex < l1.size() ? l1[tableIndex] : 0; }

    // The L2 table at `offset` (checked: aligned, inside the file) into `out`.
    Status readTable(uint64_t offset, uint64_t tableIndex, std::vector<uint8_t>& out)
    {
        const uint64_t cs = header->clusterSize();
        if (offset & (cs - 1))
            return makeError(ErrorCode::Corrupt, "L2 table offset " + hex(offset) + " (L1 index " +
                                                     std::to_string(tableIndex) + ") is not cluster aligned",
                             file->path());
        if (offset > fileSize || cs > fileSize - offset)
            return makeError(ErrorCode::Corrupt, "L2 table at " + hex(offset) + " (L1 index " +
                                                     std::to_string(tableIndex) + ") lies beyond the end of the file",
                             file->path());
        out.resize(cs);
        return readExact(*file, offset, out, "L2 table");
    }

    // The state of one cluster from its stored entry.
    ClusterState classify(uint64_t entry, uint64_t bitmap) const
    {
        if (entry == 0 && bitmap == 0)
            return ClusterState::Unallocated;  // by far the most common entry: no decoding
        const unsigned parts = ctx.extendedL2 && !(entry & qcow2::kCompressed) ? qcow2::kSubclustersPerCluster : 1;
        std::optional<ClusterState> state;
        for (unsigned sub = 0; sub < parts; ++sub) {
            auto type = qcow2::classifySubcluster(ctx, entry, bitmap, sub);
            ClusterState s = type.ok() ? stateOf(*type) : ClusterState::Invalid;
            state = state ? combine(*state, s) : s;
        }
        return *state;
    }

    Result<uint64_t> refcountOf(uint64_t hostOffset)
    {
        if (!refcounts && !refcountsFailed) {
            auto loaded = qcow2::RefcountReader::load(*file, *header);
            if (loaded.ok())
                refcounts.emplace(std::move(loaded).value());
            else
                refcountsFailed = true;
        }
        if (!refcounts)
            return makeError(ErrorCode::Corrupt, "the refcount table cannot be read", file->path());
        return refcounts->refcount(hostOffset >> header->clusterBits);
    }
};

AllocationMap::AllocationMap(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
AllocationMap::~AllocationMap() = default;

Result<std::unique_ptr<AllocationMap>> AllocationMap::open(const std::string& path, const AllocationMapOptions& options)
{
    OpenOptions open;
    open.format = options.format;
    open.forceShare = true;  // a view must never stop a VM, nor be stopped by one
    open.openBacking = options.openBacking;
    open.allowExternalBacking = options.allowExternalBacking;
    auto chain = Chain::open(path, open);
    std::optional<std::string> backingProblem;
    if (!chain.ok() && options.openBacking) {
        // A missing or broken backing file still leaves this image's own map worth showing.
        open.openBacking = false;
        auto alone = Chain::open(path, open);
        if (!alone.ok())
            return std::move(chain).error();
        backingProblem = describe(chain.error());
        chain = std::move(alone);
    }
    if (!chain.ok())
        return std::move(chain).error();
    DS_ASSIGN_OR_RETURN(auto map, fromChain(std::move(chain).value(), options));
    map->m_geometry.backingProblem = std::move(backingProblem);
    return map;
}

Result<std::unique_ptr<AllocationMap>> AllocationMap::fromChain(std::unique_ptr<Chain> chain,
                                                                const AllocationMapOptions& options)
{
    auto impl = std::make_unique<Impl>();
    Image& top = chain->top();
    impl->file = &top.file();
    DS_ASSIGN_OR_RETURN(impl->fileSize, impl->file->size());

    AllocationMapGeometry g;
    g.format = top.formatName();
    g.virtualSize = top.virtualSize();
    g.layerCount = chain->layerCount();
    const uint64_t maxCells = std::max<uint64_t>(options.maxCells, 1);
    auto* qcow = dynamic_cast<qcow2::Qcow2Image*>(&top);
    if (qcow) {
        const qcow2::Header& h = qcow->header();
        impl->header = &h;
        impl->ctx.clusterBits = h.clusterBits;
        impl->ctx.extendedL2 = h.extendedL2();
        impl->ctx.version3 = h.version >= 3;
        impl->ctx.hasDataFile = h.hasDataFile();
        g.clusterBits = h.clusterBits;
        g.extendedL2 = h.extendedL2();
        // The L1 table again (the image keeps its own copy private): readHeader checked that
        // it lies inside the file and within QEMU's 32 MiB.
        std::vector<uint8_t> raw(uint64_t{h.l1Size} * 8);
        DS_TRY(readExact(*impl->file, h.l1TableOffset, raw, "active L1 table"));
        impl->l1.resize(h.l1Size);
        for (uint64_t i = 0; i < h.l1Size; ++i)
            impl->l1[i] = loadBe64(&raw[i * 8]);
    } else {
        g.clusterBits = kRawCellBits;
    }
    g.cellBits = g.clusterBits;
    while (((g.virtualSize + g.cellBytes() - 1) >> g.cellBits) > maxCells && g.cellBits < 62)
        ++g.cellBits;
    g.cellCount = (g.virtualSize + g.cellBytes() - 1) >> g.cellBits;
    if (qcow) {
        const uint32_t l1Shift = impl->header->l1EntryShift();
        // The cap keeps cells well inside one table (see the header's limits); stay safe anyway.
        if (g.cellBits > l1Shift)
            return makeError(ErrorCode::Unsupported, "the image is too large for a map", impl->file->path());
        g.cellsPerTable = uint64_t{1} << (l1Shift - g.cellBits);
    } else {
        g.cellsPerTable = kRawCellsPerStep;
    }
    g.tableCount = (g.cellCount + g.cellsPerTable - 1) / g.cellsPerTable;

    auto map = std::unique_ptr<AllocationMap>(new AllocationMap(std::move(impl)));
    map->m_geometry = g;
    map->m_impl->chain = std::move(chain);
    // The coarse map: a table with no L2 table is unallocated as a whole; the rest waits.
    map->m_states.assign(g.cellCount, qcow ? ClusterState::Unallocated : ClusterState::Pending);
    if (qcow) {
        for (uint64_t t = 0; t < g.tableCount; ++t) {
            if (map->m_impl->l1EntryFor(t) & qcow2::kOffsetMask) {
                uint64_t first = t * g.cellsPerTable;
                uint64_t end = std::min(first + g.cellsPerTable, g.cellCount);
                std::fill(map->m_states.begin() + first, map->m_states.begin() + end, ClusterState::Pending);
            }
        }
    }
    return map;
}

bool AllocationMap::refined() const
{
    std::lock_guard lock(m_statesMutex);
    return m_refined;
}

void AllocationMap::readStates(uint64_t first, std::span<ClusterState> out) const
{
    std::lock_guard lock(m_statesMutex);
    uint64_t n = first < m_states.size() ? std::min<uint64_t>(out.size(), m_states.size() - first) : 0;
    if (n)
        std::copy_n(m_states.begin() + first, n, out.begin());
    std::fill(out.begin() + n, out.end(), ClusterState::Unallocated);
}

void AllocationMap::readStates(uint64_t first, std::span<uint8_t> out, const uint8_t (&table)[256]) const
{
    std::lock_guard lock(m_statesMutex);
    uint64_t n = first < m_states.size() ? std::min<uint64_t>(out.size(), m_states.size() - first) : 0;
    for (uint64_t i = 0; i < n; ++i)
        out[i] = table[static_cast<uint8_t>(m_states[first + i])];
    std::fill(out.begin() + n, out.end(), table[static_cast<uint8_t>(ClusterState::Unallocated)]);
}

ClusterState AllocationMap::stateAt(uint64_t cell) const
{
    std::lock_guard lock(m_statesMutex);
    return cell < m_states.size() ? m_states[cell] : ClusterState::Unallocated;
}

std::vector<uint64_t> AllocationMap::stateCounts() const
{
    std::vector<uint64_t> counts(256, 0);
    std::lock_guard lock(m_statesMutex);
    for (ClusterState s : m_states)
        ++counts[static_cast<uint8_t>(s)];
    return counts;
}

Status AllocationMap::refine(ProgressSink& progress, std::stop_token stop, const RefinedCallback& refined)
{
    const AllocationMapGeometry& g = m_geometry;
    Impl& d = *m_impl;
    std::vector<ClusterState> cells;
    std::vector<uint8_t> table;
    const uint64_t clustersPerCell = uint64_t{1} << (g.cellBits - g.clusterBits);

    // Marks the cells [pos, end) touch with `state` where nothing shallower answers.
    auto markBacking = [&](uint64_t tableStart, uint64_t pos, uint64_t end, ClusterState state) {
        uint64_t firstCell = (pos >> g.cellBits) - tableStart;
        uint64_t lastCell = ((end - 1) >> g.cellBits) - tableStart;
        for (uint64_t c = firstCell; c <= lastCell && c < cells.size(); ++c) {
            ClusterState cur = cells[c];
            unsigned curLayer = backingLayerOf(cur);
            if (cur == ClusterState::Unallocated || (curLayer && curLayer > backingLayerOf(state)))
                cells[c] = state;
        }
    };
    // Which backing layer answers for the guest range [pos, end), walking down from `layer`.
    std::function<void(uint64_t, size_t, uint64_t, uint64_t)> resolve = [&](uint64_t tableStart, size_t layer,
                                                                             uint64_t pos, uint64_t end) {
        Image& image = d.chain->layer(layer);
        end = std::min(end, image.virtualSize());  // beyond the backing's end: zeros
        while (pos < end && !stop.stop_requested()) {
            auto st = image.blockStatus(pos, end - pos);
            if (!st.ok() || st->length == 0) {
                // A corrupt backing table: its cell is shown as corrupt; go on after it.
                uint64_t next = std::min(end, ((pos >> g.cellBits) + 1) << g.cellBits);
                markBacking(tableStart, pos, next, ClusterState::Invalid);
                pos = next;
                continue;
            }
            uint64_t runEnd = pos + st->length;
            if (st->data || st->zero)
                markBacking(tableStart, pos, runEnd, backingState(static_cast<unsigned>(layer)));
            else if (image.supportsBacking() && layer + 1 < d.chain->layerCount())
                resolve(tableStart, layer + 1, pos, runEnd);
            pos = runEnd;
        }
    };

    for (uint64_t t = 0; t < g.tableCount; ++t) {
        if (stop.stop_requested())
            return makeError(ErrorCode::Cancelled, "map refinement cancelled", d.file->path());
        const uint64_t first = t * g.cellsPerTable;
        const uint64_t count = std::min(g.cellsPerTable, g.cellCount - first);
        cells.assign(count, ClusterState::Unallocated);
        {
            std::lock_guard io(d.io);
            if (d.header) {
                const uint64_t l2Offset = d.l1EntryFor(t) & qcow2::kOffsetMask;
                if (l2Offset) {
                    Status read = d.readTable(l2Offset, t, table);
                    if (!read.ok() && read.error().code != ErrorCode::Corrupt)
                        return read;
                    if (!read.ok()) {
                        std::fill(cells.begin(), cells.end(), ClusterState::Invalid);
                    } else {
                        const unsigned entryBytes = d.header->l2EntryBytes();
                        const uint64_t entries = d.header->l2Entries();
                        for (uint64_t i = 0; i < entries; ++i) {
                            uint64_t c = i / clustersPerCell;
                            if (c >= count)
                                break;
                            const uint8_t* e = &table[i * entryBytes];
                            ClusterState s = d.classify(loadBe64(e), d.ctx.extendedL2 ? loadBe64(e + 8) : 0);
                            cells[c] = (i % clustersPerCell) ? combine(cells[c], s) : s;
                        }
                    }
                }
            } else {
                // Raw: the host file's data and holes (SEEK_DATA/SEEK_HOLE).
                uint64_t pos = first << g.cellBits;
                const uint64_t end = std::min(g.virtualSize, (first + count) << g.cellBits);
                std::fill(cells.begin(), cells.end(), ClusterState::Unallocated);
                while (pos < end) {
                    DS_ASSIGN_OR_RETURN(HostExtent extent, d.file->extentAt(pos));
                    if (extent.length == 0)
                        break;  // past the end of the file: reads as zeros
                    uint64_t runEnd = std::min(end, pos + extent.length);
                    if (extent.data) {
                        for (uint64_t c = (pos >> g.cellBits); c <= ((runEnd - 1) >> g.cellBits); ++c)
                            cells[c - first] = ClusterState::Data;
                    }
                    pos = runEnd;
                }
            }
            if (d.chain->layerCount() > 1) {
                // Runs of unallocated cells are answered by the layers below.
                for (uint64_t c = 0; c < count;) {
                    if (cells[c] != ClusterState::Unallocated) {
                        ++c;
                        continue;
                    }
                    uint64_t runEnd = c;
                    while (runEnd < count && cells[runEnd] == ClusterState::Unallocated)
                        ++runEnd;
                    uint64_t from = (first + c) << g.cellBits;
                    uint64_t to = std::min(g.virtualSize, (first + runEnd) << g.cellBits);
                    resolve(first, 1, from, to);
                    c = runEnd;
                }
            }
        }
        {
            std::lock_guard lock(m_statesMutex);
            std::copy(cells.begin(), cells.end(), m_states.begin() + first);
        }
        if (refined)
            refined(first, count);
        progress.progress(std::min(g.virtualSize, (first + count) << g.cellBits), g.virtualSize);
    }
    if (stop.stop_requested())
        return makeError(ErrorCode::Cancelled, "map refinement cancelled", d.file->path());
    std::lock_guard lock(m_statesMutex);
    m_refined = true;
    return okStatus();
}

Result<ClusterDetail> AllocationMap::detail(uint64_t cell)
{
    const AllocationMapGeometry& g = m_geometry;
    if (cell >= g.cellCount)
        return makeError(ErrorCode::InvalidArgument, "cell " + std::to_string(cell) + " is outside the map");
    Impl& d = *m_impl;
    std::lock_guard io(d.io);
    ClusterDetail out;
    out.cell = cell;
    out.guestOffset = cell << g.cellBits;
    out.state = stateAt(cell);
    out.servedByLayer = backingLayerOf(out.state);
    if (!d.header)
        return out;
    const qcow2::Header& h = *d.header;
    out.qcow2 = true;
    out.l1Index = out.guestOffset >> h.l1EntryShift();
    out.l1Entry = d.l1EntryFor(out.l1Index);
    out.l2Index = (out.guestOffset >> h.clusterBits) & (h.l2Entries() - 1);
    out.l2TableOffset = out.l1Entry & qcow2::kOffsetMask;
    if (!out.l2TableOffset)
        return out;
    if (d.cachedTableOffset != out.l2TableOffset) {
        d.cachedTableOffset = 0;
        Status read = d.readTable(out.l2TableOffset, out.l1Index, d.cachedTable);
        if (!read.ok()) {
            out.problem = read.error().message;
            return out;
        }
        d.cachedTableOffset = out.l2TableOffset;
    }
    const uint8_t* e = &d.cachedTable[out.l2Index * h.l2EntryBytes()];
    out.l2Entry = loadBe64(e);
    out.l2Bitmap = h.extendedL2() ? loadBe64(e + 8) : 0;
    out.flags = entryFlags(out.l2Entry, h.extendedL2());
    if (out.l2Entry & qcow2::kCompressed) {
        qcow2::CompressedDescriptor c = qcow2::decodeCompressed(out.l2Entry, h.clusterBits);
        out.hostOffset = c.hostOffset;
        out.compressedBytes = c.bytes;
    } else if (uint64_t host = out.l2Entry & qcow2::kOffsetMask; host || (h.hasDataFile() && (out.l2Entry & qcow2::kCopied))) {
        out.hostOffset = host;
        out.inDataFile = h.hasDataFile();
    }
    auto type = qcow2::classifySubcluster(d.ctx, out.l2Entry, out.l2Bitmap, 0);
    if (!type.ok())
        out.problem = type.error().message;
    if (out.hostOffset && !out.inDataFile) {
        auto rc = d.refcountOf(*out.hostOffset);
        if (rc.ok())
            out.refcount = *rc;
    }
    return out;
}

Result<std::vector<ClusterDetail>> AllocationMap::tableEntries(uint64_t tableIndex)
{
    const AllocationMapGeometry& g = m_geometry;
    if (tableIndex >= g.tableCount)
        return makeError(ErrorCode::InvalidArgument, "table " + std::to_string(tableIndex) + " is outside the map");
    std::vector<ClusterDetail> out;
    const uint64_t first = tableIndex * g.cellsPerTable;
    const uint64_t count = std::min(g.cellsPerTable, g.cellCount - first);
    out.reserve(count);
    for (uint64_t c = first; c < first + count; ++c) {
        DS_ASSIGN_OR_RETURN(ClusterDetail detailOfCell, detail(c));
        out.push_back(std::move(detailOfCell));
    }
    return out;
}

}  // namespace diskscope
