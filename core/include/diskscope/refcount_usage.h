// SPDX-License-Identifier: GPL-2.0-or-later
// Refcount usage of a qcow2 image: how many host clusters hold each refcount value, how full
// each refcount block is, and which clusters are shared (refcount above 1, i.e. snapshots) or
// leaked. The figures come from the check's reference walk (one pass, no second walk), so this
// reads every table: run it as a job.
#pragma once

#include <cstdint>
#include <map>
#include <stop_token>
#include <string>
#include <vector>

#include "diskscope/error.h"
#include "diskscope/progress.h"

namespace diskscope {

// One refcount block: the refcounts of `clustersPerBlock` consecutive host clusters.
struct RefcountBlockUsage {
    uint64_t tableIndex = 0;    // its entry in the refcount table
    uint64_t offset = 0;        // host offset of the block; 0: the table has no block here
    uint64_t firstCluster = 0;  // first host cluster it describes
    uint64_t inFile = 0;        // how many of its clusters lie inside the file
    uint64_t used = 0;          // clusters with a refcount above 0
    uint64_t shared = 0;        // clusters with a refcount above 1
    uint64_t leaked = 0;        // refcount above the references counted
};

struct RefcountUsage {
    uint32_t clusterBits = 16;
    uint32_t refcountBits = 16;
    uint64_t fileSize = 0;
    uint64_t clustersPerBlock = 0;
    // Stored refcount of every host cluster of the file, capped at 255 (for drawing).
    std::vector<uint8_t> refcounts;
    // Exact stored refcount value -> number of host clusters of the file with it (0 included).
    std::map<uint64_t, uint64_t> histogram;
    std::vector<RefcountBlockUsage> blocks;  // the blocks covering the file, in table order
    std::vector<uint64_t> leakedClusters;    // host cluster indexes, ascending
    uint64_t leaks = 0;                      // as check counts them
    uint64_t corruptions = 0;
    uint64_t sharedClusters = 0;             // refcount above 1
};

// Reads the refcount usage of the qcow2 image at `path` (read-only, no locks, like
// qemu-img -U). Raw images have no refcounts (Unsupported). Files of more than `maxClusters`
// clusters are refused.
Result<RefcountUsage> readRefcountUsage(const std::string& path, ProgressSink& progress, std::stop_token stop,
                                        uint64_t maxClusters = uint64_t{1} << 27);

}  // namespace diskscope
