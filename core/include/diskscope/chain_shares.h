// SPDX-License-Identifier: GPL-2.0-or-later
// Which layer of a backing chain answers each part of the guest disk: the bytes each layer
// serves (qemu-img map's depth of the extents it allocates), and the bytes no layer allocates
// (read as zeros). The backing chain graph shows these shares.
#pragma once

#include <cstdint>
#include <stop_token>
#include <vector>

#include "diskscope/chain.h"
#include "diskscope/error.h"
#include "diskscope/progress.h"

namespace diskscope {

struct ChainShares {
    uint64_t virtualSize = 0;
    std::vector<uint64_t> servedBytes;  // per layer, top (0) first
    uint64_t unallocatedBytes = 0;      // no layer allocates these: the guest reads zeros
};

// Walks the chain's block status over the whole guest range. Progress counts guest bytes.
Result<ChainShares> chainShares(Chain& chain, ProgressSink& progress, std::stop_token stop);

}  // namespace diskscope
