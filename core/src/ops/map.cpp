// SPDX-License-Identifier: GPL-2.0-or-later
// map: walks a chain's block status and merges extents exactly as qemu-img map does.
#include "diskscope/ops/map.h"

#include <algorithm>

namespace diskscope {
namespace {

// qemu-img asks for at most 1 GiB at a time; merging hides the seams.
constexpr uint64_t kMaxQuery = 1ull << 30;

bool mergeable(const MapEntry& curr, const MapEntry& next)
{
    if (curr.length == 0)
        return false;
    if (curr.zero != next.zero || curr.data != next.data || curr.depth != next.depth ||
        curr.present != next.present || curr.hasOffset != next.hasOffset ||
        curr.filename.empty() != next.filename.empty())
        return false;
    if (curr.filename != next.filename)
        return false;
    if (curr.hasOffset && curr.offset + curr.length != next.offset)
        return false;
    return true;
}

}  // namespace

Result<std::vector<MapEntry>> mapChain(Chain& chain, const MapOptions& options)
{
    uint64_t end = chain.virtualSize();
    if (options.maxLength && *options.maxLength < end && options.start <= end - *options.maxLength)
        end = options.start + *options.maxLength;

    std::vector<MapEntry> entries;
    MapEntry curr;
    curr.start = options.start;
    while (curr.start + curr.length < end) {
        uint64_t offset = curr.start + curr.length;
        DS_ASSIGN_OR_RETURN(ChainStatus st, chain.blockStatus(offset, std::min(kMaxQuery, end - offset)));
        MapEntry next;
        next.start = offset;
        next.length = st.length;
        next.depth = st.depth;
        next.present = st.present;
        next.zero = st.zero;
        next.data = st.data;
        next.hasOffset = st.hasOffset;
        next.offset = st.offset;
        next.compressed = st.compressed;
        if (st.hasOffset && st.file)
            next.filename = st.file->path();
        if (mergeable(curr, next)) {
            curr.length += next.length;
            continue;
        }
        if (curr.length > 0) {
            entries.push_back(curr);
            // The human table ignores the difference between unallocated, zero and zero+data,
            // so qemu-img folds them together to coalesce more.
            if (options.style == MapStyle::Human && (!next.data || next.zero)) {
                next.data = false;
                next.zero = true;
            }
        }
        curr = std::move(next);
    }
    entries.push_back(std::move(curr));
    return entries;
}

}  // namespace diskscope
