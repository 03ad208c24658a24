// SPDX-License-Identifier: GPL-2.0-or-later
// Where an image's last data sits: the end of the highest guest range that `qemu-img map`
// reports as "data": true (stored in the image or in a backing layer; zero clusters and
// unallocated ranges are not data). The Resize dialog uses it to say what shrinking loses.
#pragma once

#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>

#include "diskscope/error.h"
#include "diskscope/trust_policy.h"

namespace diskscope {

class Chain;

// Walks the chain's block status (qcow2 tables; SEEK_DATA/SEEK_HOLE for raw) from the start.
// 0 when the disk holds no data. Errors: I/O, corrupt tables, or cancellation through `stop`.
Result<uint64_t> lastDataEnd(Chain& chain, std::stop_token stop = {});

struct LastDataOptions {
    std::optional<std::string> format;  // probed when absent
    bool allowExternalBacking = externalBackingAllowedByDefault();
};

// Opens `path` and its backing chain read-only without locks (like qemu-img map -U).
Result<uint64_t> lastDataEnd(const std::string& path, const LastDataOptions& options, std::stop_token stop = {});

}  // namespace diskscope
