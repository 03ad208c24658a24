// SPDX-License-Identifier: GPL-2.0-or-later
// convert: copy the guest content of one or more chains into a new (or an existing) image.
#pragma once

#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "diskscope/compression.h"
#include "diskscope/error.h"
#include "diskscope/ops/create.h"
#include "diskscope/progress.h"

namespace diskscope {

struct ConvertOptions {
    // Sources, concatenated in this order (each with its backing chain), like qemu-img.
    std::vector<std::string> sources;
    std::optional<std::string> sourceFormat;  // for every source; probed when absent
    std::optional<std::string> snapshot;      // -l: read this internal snapshot (one source only)
    bool forceShare = false;                  // -U

    std::string target;
    std::string targetFormat = "raw";         // -O: "raw" or "qcow2"
    // The target's creation options (-o); path, format and size are filled in by convert.
    // backingFile/backingFormat (-B/-F): the target gets that backing file, and only what the
    // top source image itself allocates is copied (qemu-img's meaning of -B).
    CreateOptions targetOptions;
    bool targetExists = false;                // -n: write into an existing image
    bool targetIsZero = false;                // --target-is-zero (with -n): no need to write zeros

    uint64_t minSparse = 4096;                // -S: zero runs at least this long are not written (0: write all)
    bool compress = false;                    // -c: compressed clusters (qcow2)
    DeflateCodec deflate = DeflateCodec::Fast;
    unsigned compressionThreads = 0;          // 0: one per core
};

// A new target is written under a temporary name and renamed on success; a failed or
// cancelled convert leaves no target (nor a data file it created). With targetExists the
// target is written in place. Sources are opened read-only and never modified.
// Progress counts guest bytes of the concatenated sources; skipped ranges count as done.
Status convert(const ConvertOptions& options, ProgressSink& progress, std::stop_token stop);

}  // namespace diskscope
