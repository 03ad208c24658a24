// SPDX-License-Identifier: GPL-2.0-or-later
// The host layout of a qcow2 image: what each cluster of the image file holds (header, tables,
// data, free or leaked space), found by the same reference walk as `check`. One byte per host
// cluster. It reads every table, so it runs as a job (progress, stop token).
#pragma once

#include <cstdint>
#include <map>
#include <stop_token>
#include <string>
#include <vector>

#include "diskscope/error.h"
#include "diskscope/progress.h"

namespace diskscope {

enum class HostClusterKind : uint8_t {
    Free = 0,          // no reference and no refcount: a hole in the layout
    Header,
    L1Table,           // the active L1 table
    L2Table,           // active L2 tables (also those snapshots share)
    RefcountTable,
    RefcountBlock,
    SnapshotTable,
    SnapshotMetadata,  // L1 and L2 tables only snapshots reach
    Bitmap,            // bitmap directory, bitmap tables and their data
    Data,              // guest data the active image maps (shared or not)
    CompressedData,    // host clusters holding compressed clusters of the active image
    SnapshotData,      // guest data only snapshots reach: what deleting them would free
    Leaked,            // refcount above 0 with no reference
    Conflict,          // referenced as two different things: a corruption
    Count
};

std::string hostClusterKindName(HostClusterKind kind);

struct HostLayout {
    uint32_t clusterBits = 16;
    uint64_t fileSize = 0;
    std::vector<HostClusterKind> clusters;  // one per host cluster of the file
    uint64_t leaks = 0;                     // as check counts them
    uint64_t corruptions = 0;
    // Host cluster of each active L2 table -> its L1 index (which guest range it maps), so a
    // click on a table in the layout can list its entries.
    std::map<uint64_t, uint64_t> activeL2Tables;
};

// Reads the layout of the qcow2 image at `path` (read-only, no locks: like qemu-img -U).
// Raw images have none (Unsupported). Files of more than `maxClusters` clusters are refused.
Result<HostLayout> readHostLayout(const std::string& path, ProgressSink& progress, std::stop_token stop,
                                  uint64_t maxClusters = uint64_t{1} << 27);

}  // namespace diskscope
