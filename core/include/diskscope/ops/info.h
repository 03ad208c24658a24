// SPDX-License-Identifier: GPL-2.0-or-later
// info: what qemu-img info reports, for one image or for its whole backing chain.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "diskscope/error.h"
#include "diskscope/image_info.h"

namespace diskscope {

struct InfoOptions {
    std::string path;
    std::optional<std::string> format;
    bool backingChain = false;  // one ImageInfo per layer, top first
    bool forceShare = false;
};

Result<std::vector<ImageInfo>> info(const InfoOptions& options);

}  // namespace diskscope
