// SPDX-License-Identifier: GPL-2.0-or-later
// lastDataEnd: qemu-img map's walk, keeping only where the last data extent ends.
#include "diskscope/last_data.h"

#include <algorithm>

#include "diskscope/chain.h"

namespace diskscope {
namespace {

// The same query size as map: the answer cannot depend on it, but the walk's cost does.
constexpr uint64_t kMaxQuery = 1ull << 30;

}  // namespace

Result<uint64_t> lastDataEnd(Chain& chain, std::stop_token stop)
{
    const uint64_t size = chain.virtualSize();
    uint64_t last = 0;
    for (uint64_t offset = 0; offset < size;) {
        if (stop.stop_requested())
            return makeError(ErrorCode::Cancelled, "cancelled", chain.layerName(0));
        DS_ASSIGN_OR_RETURN(ChainStatus status, chain.blockStatus(offset, std::min(kMaxQuery, size - offset)));
        // A layer that answers with nothing would loop forever: treat it as a corrupt answer.
        if (status.length == 0)
            return makeError(ErrorCode::Corrupt, "block status of length 0", chain.layerName(0));
        const uint64_t end = offset + std::min(status.length, size - offset);
        if (status.data)
            last = end;
        offset = end;
    }
    return last;
}

Result<uint64_t> lastDataEnd(const std::string& path, const LastDataOptions& options, std::stop_token stop)
{
    OpenOptions open;
    open.format = options.format;
    open.forceShare = true;
    open.allowExternalBacking = options.allowExternalBacking;
    DS_ASSIGN_OR_RETURN(auto chain, Chain::open(path, open));
    return lastDataEnd(*chain, stop);
}

}  // namespace diskscope
