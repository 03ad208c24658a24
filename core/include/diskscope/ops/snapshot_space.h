// SPDX-License-Identifier: GPL-2.0-or-later
// snapshot_space: the host space each internal snapshot pins, for the snapshot panel.
#pragma once

#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "diskscope/error.h"
#include "diskscope/progress.h"

namespace diskscope {

struct SnapshotSpaceOptions {
    std::string path;
    std::optional<std::string> format;  // empty: probe; only qcow2 has internal snapshots
    bool forceShare = false;            // -U: read even while another process writes
};

struct SnapshotSpace {
    std::string id;
    std::string name;
    // Host clusters only this snapshot references: its L1 table, and every L2 table, data
    // cluster and compressed cluster reachable from it whose refcount equals the references
    // coming from this snapshot (neither the active disk nor another snapshot uses them).
    // Deleting the snapshot frees exactly these, inside the file (the file may not shrink).
    uint64_t exclusiveClusters = 0;
    uint64_t exclusiveBytes = 0;
    // Snapshot table clusters a deletion would also free, because the table without this
    // entry needs fewer clusters (all of them when it is the last snapshot).
    uint64_t tableBytesFreed = 0;
};

// Reads every snapshot's tables (a full walk, like check: run it as a job), in snapshot table
// order. An image without snapshots (or a raw image) gives an empty list. Progress counts L1
// entries walked; stopping gives ErrorCode::Cancelled.
Result<std::vector<SnapshotSpace>> snapshotSpace(const SnapshotSpaceOptions& options, ProgressSink& progress,
                                                 std::stop_token stop);

}  // namespace diskscope
