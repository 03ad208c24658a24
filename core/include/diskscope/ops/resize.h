// SPDX-License-Identifier: GPL-2.0-or-later
// resize: change an image's virtual size, as qemu-img resize does.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "diskscope/error.h"
#include "diskscope/preallocation.h"

namespace diskscope {

struct ResizeOptions {
    std::string path;
    std::optional<std::string> format;
    uint64_t newSize = 0;        // absolute; the CLI resolves "+N" and "-N"
    bool allowShrink = false;    // --shrink
    Preallocation preallocation = Preallocation::Off;
};

// Opens the image for writing (QEMU's writer lock) and resizes it. Shrinking without
// allowShrink is refused (ErrorCode::InvalidArgument) before anything is written.
Status resize(const ResizeOptions& options);

}  // namespace diskscope
