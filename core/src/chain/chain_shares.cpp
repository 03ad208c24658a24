// SPDX-License-Identifier: GPL-2.0-or-later
#include "diskscope/chain_shares.h"

#include <algorithm>

namespace diskscope {

Result<ChainShares> chainShares(Chain& chain, ProgressSink& progress, std::stop_token stop)
{
    ChainShares shares;
    shares.virtualSize = chain.virtualSize();
    shares.servedBytes.assign(chain.layerCount(), 0);
    uint64_t offset = 0;
    while (offset < shares.virtualSize) {
        if (stop.stop_requested())
            return makeError(ErrorCode::Cancelled, "cancelled");
        DS_ASSIGN_OR_RETURN(ChainStatus status, chain.blockStatus(offset, shares.virtualSize - offset));
        if (status.length == 0)
            return makeError(ErrorCode::Corrupt, "block status made no progress at offset " + std::to_string(offset));
        const uint64_t length = std::min(status.length, shares.virtualSize - offset);
        if (status.present && status.depth < shares.servedBytes.size())
            shares.servedBytes[status.depth] += length;
        else
            shares.unallocatedBytes += length;
        offset += length;
        progress.progress(offset, shares.virtualSize);
    }
    return shares;
}

}  // namespace diskscope
