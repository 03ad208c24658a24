// SPDX-License-Identifier: GPL-2.0-or-later
// commit: write an image's data into a backing file below it, as qemu-img commit does.
#pragma once

#include <cstddef>
#include <optional>
#include <stop_token>
#include <string>

#include "diskscope/chain.h"
#include "diskscope/error.h"
#include "diskscope/progress.h"

namespace diskscope {

struct CommitOptions {
    std::string path;
    std::optional<std::string> format;  // -f: the image's format; probed when absent
    // -b: the image to commit into, somewhere down the chain; matched as qemu-img matches it
    // (the name stored in the image above it, or the same file by a name relative to that
    // image or absolute). Absent: the image's own backing file.
    std::optional<std::string> base;
    bool drop = false;                  // -d: leave the image as it is (a base given implies it)
    // Follow backing files outside an image's directory tree (the user agreed for this image);
    // false keeps the process default (externalBackingAllowedByDefault).
    bool allowExternalBacking = false;
};

// Opens the image and the base for writing (the layers between stay read-only), grows the
// base to the image's size when it is smaller (as qemu-img does), copies every range that
// the image or a layer between allocates into the base (zero ranges as zero writes), makes
// it durable, and then, unless `drop` or a base was given, empties the image so everything
// reads from the base again. The image itself is changed only after the base is complete.
// A cancel (ErrorCode::Cancelled) leaves the base partly updated and the image unchanged.
Status commit(const CommitOptions& options, ProgressSink& progress, std::stop_token stop);

// The same on an opened chain: layers above `baseIndex` into that layer (open for writing),
// then the top emptied when `emptyTop`.
Status commitLayers(Chain& chain, size_t baseIndex, bool emptyTop, ProgressSink& progress, std::stop_token stop);

}  // namespace diskscope
