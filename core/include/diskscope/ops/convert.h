// SPDX-License-Identifier: GPL-2.0-or-later
// convert: copy a chain's guest content into a new image.
#pragma once

#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>

#include "diskscope/error.h"
#include "diskscope/progress.h"

namespace diskscope {

struct ConvertOptions {
    std::string source;
    std::optional<std::string> sourceFormat;
    std::string target;
    std::string targetFormat = "raw";   // only raw for now
    uint64_t minSparse = 4096;          // -S: zero runs at least this long become holes
    bool forceShare = false;
};

// Writes the target under a temporary name and renames it on success; a failed or
// cancelled convert leaves no target. The source is opened read-only.
Status convert(const ConvertOptions& options, ProgressSink& progress, std::stop_token stop);

}  // namespace diskscope
