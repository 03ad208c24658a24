// SPDX-License-Identifier: GPL-2.0-or-later
// commit: what the layers above the base allocate goes into the base; then the top is emptied.
#include "diskscope/ops/commit.h"

#include <algorithm>
#include <filesystem>
#include <vector>

namespace diskscope {
namespace {

constexpr uint64_t kChunkBytes = 2ull << 20;

// Whether `base` (as given to -b) names the candidate layer, as qemu-img decides it: the name
// stored in the image above, or the same file by a path relative to that image or absolute.
bool namesLayer(const std::string& base, const BackingCandidate& candidate)
{
    if (base == candidate.reference.name)
        return true;
    std::error_code ec;
    const std::string path = resolveBackingName(candidate.namingPath, base);
    return std::filesystem::equivalent(path, candidate.resolvedName, ec) && !ec;
}

// The first layer above `baseIndex` that allocates `offset`, and for how long; `depth` is
// baseIndex when none does (the length is then how far that holds).
struct AboveBase {
    size_t depth = 0;
    BlockStatus status;
};

Result<AboveBase> allocationAboveBase(Chain& chain, size_t baseIndex, uint64_t offset, uint64_t length)
{
    AboveBase out;
    for (size_t i = 0; i < baseIndex; ++i) {
        Image& layer = chain.layer(i);
        if (offset >= layer.virtualSize())
            break;  // a shorter layer allocates nothing here, nor can the ones it hides
        DS_ASSIGN_OR_RETURN(BlockStatus st, layer.blockStatus(offset, std::min(length, layer.virtualSize() - offset)));
        length = std::min(length, st.length);
        if (st.data || st.zero) {
            st.length = length;
            out.depth = i;
            out.status = st;
            return out;
        }
    }
    out.depth = baseIndex;
    out.status.length = length;
    return out;
}

}  // namespace

Status commitLayers(Chain& chain, size_t baseIndex, bool emptyTop, ProgressSink& progress, std::stop_token stop)
{
    Image& top = chain.top();
    Image& base = chain.layer(baseIndex);
    const uint64_t size = top.virtualSize();
    progress.progress(0, size);
    if (base.virtualSize() < size)
        DS_TRY(base.resize(size, Preallocation::Off));

    std::vector<uint8_t> buffer;
    for (uint64_t pos = 0; pos < size;) {
        if (stop.stop_requested()) {
            DS_TRY(base.flush());
            return makeError(ErrorCode::Cancelled, "commit cancelled; the base holds part of the data, the image is unchanged",
                             top.file().path());
        }
        DS_ASSIGN_OR_RETURN(AboveBase above, allocationAboveBase(chain, baseIndex, pos, std::min(kChunkBytes, size - pos)));
        const uint64_t n = above.status.length;
        if (above.depth < baseIndex) {
            if (above.status.zero) {
                DS_TRY(base.writeZeroes(pos, n, true));
            } else {
                // The top's view of a range allocated above the base is the layer's content.
                buffer.resize(n);
                DS_TRY(top.read(pos, buffer));
                DS_TRY(base.write(pos, buffer));
            }
        }
        pos += n;
        progress.progress(pos, size);
    }
    // The base is complete on disk before the image gives anything up.
    DS_TRY(base.flush());
    if (emptyTop)
        DS_TRY(top.makeEmpty());
    DS_TRY(top.close());
    return base.close();
}

Status commit(const CommitOptions& options, ProgressSink& progress, std::stop_token stop)
{
    OpenOptions open;
    open.format = options.format;
    open.writable = true;
    open.allowExternalBacking = open.allowExternalBacking || options.allowExternalBacking;
    bool found = false;
    open.writableBacking = [&](const BackingCandidate& candidate) {
        if (found)
            return false;
        found = options.base ? namesLayer(*options.base, candidate) : candidate.depth == 1;
        return found;
    };
    DS_ASSIGN_OR_RETURN(auto chain, Chain::open(options.path, open));
    if (chain->layerCount() < 2)
        return makeError(ErrorCode::InvalidArgument, "Image does not have a backing file");
    size_t baseIndex = 0;
    for (size_t i = 1; i < chain->layerCount() && !baseIndex; ++i)
        if (chain->layer(i).writable())
            baseIndex = i;
    if (!baseIndex)
        return makeError(ErrorCode::NotFound, "Did not find '" + options.base.value_or(std::string()) +
                                                  "' in the backing chain of '" + options.path + "'");
    const bool emptyTop = !options.drop && !options.base;
    return commitLayers(*chain, baseIndex, emptyTop, progress, stop);
}

}  // namespace diskscope
