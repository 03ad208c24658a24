// SPDX-License-Identifier: GPL-2.0-or-later
// info: what qemu-img info reports, for one image or for its whole backing chain.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "diskscope/error.h"
#include "diskscope/image_info.h"
#include "diskscope/trust_policy.h"

namespace diskscope {

struct InfoOptions {
    std::string path;
    std::optional<std::string> format;
    bool backingChain = false;  // one ImageInfo per layer, top first
    bool forceShare = false;
    // Follow backing files that lead outside the naming image's directory tree (see OpenOptions).
    bool allowExternalBacking = externalBackingAllowedByDefault();
};

Result<std::vector<ImageInfo>> info(const InfoOptions& options);

// A chain as far as it opens, for a browser that must show a broken chain instead of refusing
// it: every layer that could be read (top first, never empty), and why the backing file named
// by the last one could not be opened (missing, unreadable, a loop, too deep).
struct ChainDescription {
    std::vector<ImageInfo> layers;
    std::optional<Error> brokenBacking;
    // Layers whose external data file lies outside their directory tree and would not be
    // opened without the user's consent (InfoOptions::allowExternalBacking).
    std::vector<size_t> dataFilesNotFollowed;
};

// Always walks the whole chain (options.backingChain is ignored). Fails only when the top
// image itself cannot be read.
Result<ChainDescription> describeChain(const InfoOptions& options);

}  // namespace diskscope
