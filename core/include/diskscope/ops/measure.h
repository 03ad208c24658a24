// SPDX-License-Identifier: GPL-2.0-or-later
// measure: how much host space a new image needs, as qemu-img measure computes it: for a
// source image (the convert wizard's question "will the target fit?") or for a bare size.
#pragma once

#include <cstdint>
#include <optional>
#include <stop_token>

#include "diskscope/chain.h"
#include "diskscope/error.h"
#include "diskscope/ops/create.h"
#include "diskscope/progress.h"

namespace diskscope {

struct MeasureReport {
    uint64_t required = 0;          // the target as convert writes it (only allocated clusters)
    uint64_t fullyAllocated = 0;    // every cluster of the virtual size allocated
    // Space for the source's persistent bitmaps; qemu-img reports it only for a qcow2 v3
    // target measured from a qcow2 v3 source.
    std::optional<uint64_t> bitmaps;
};

// The target is described by CreateOptions (format "raw" or "qcow2" and the qcow2 `-o`
// options, e.g. filled by parseCreateOptionString); its path and size are ignored, a
// backing file only matters by its presence. The options are checked as qemu-img measure
// checks them, with its messages (InvalidArgument, no path): cluster size, extended L2 with
// small clusters, compat ("0.10" or "1.1"), refcount width (and 16 bits on compat 0.10),
// preallocation, and an L1 table too large for the size. A raw target ignores its options.
//
// The source chain's data (the whole chain, flattened; zero and unallocated ranges are free)
// is counted in target clusters. A target with a backing file, or preallocation falloc/full,
// requires its whole virtual size. Progress counts guest bytes walked; the walk reads only
// allocation metadata, never guest data.
Result<MeasureReport> measureImage(Chain& source, const CreateOptions& target, ProgressSink& progress,
                                   std::stop_token stop);

// The same for a new empty image of `virtualSize` bytes (qemu-img measure --size).
Result<MeasureReport> measureSize(uint64_t virtualSize, const CreateOptions& target);

}  // namespace diskscope
