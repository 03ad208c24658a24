// SPDX-License-Identifier: GPL-2.0-or-later
// A backing chain: opening it and answering block status the way qemu-img map does.
#include "diskscope/chain.h"

#include <algorithm>

#include "chain/layer_opener.h"

namespace diskscope {

Chain::~Chain() = default;

std::unique_ptr<Chain> Chain::fromImage(std::unique_ptr<Image> image, std::string name)
{
    auto chain = std::unique_ptr<Chain>(new Chain());
    chain->m_layers.push_back({std::move(image), std::move(name)});
    return chain;
}

std::unique_ptr<Chain> Chain::fromImages(std::vector<std::pair<std::unique_ptr<Image>, std::string>> layers)
{
    auto chain = std::unique_ptr<Chain>(new Chain());
    for (auto& [image, name] : layers) {
        if (!chain->m_layers.empty())
            chain->m_layers.back().image->setBacking(image.get());
        chain->m_layers.push_back({std::move(image), std::move(name)});
    }
    return chain;
}

Result<std::unique_ptr<Chain>> Chain::open(const std::string& path, const OpenOptions& options)
{
    LayerOpener opener(options.maxDepth,
                       options.allowExternalBacking ? &openDataFileAnywhereReadOnly : &openDataFileReadOnly,
                       options.forceShare, options.allowExternalBacking);
    opener.setNoFlushTop(options.noFlush);
    opener.setHostFileOpener(options.openHostFile);
    if (options.writable && options.forceShare)
        return makeError(ErrorCode::InvalidArgument, "force-share (-U) is only for read-only access", path);
    if (options.writable && options.snapshot)
        return makeError(ErrorCode::InvalidArgument, "an internal snapshot can only be opened read-only", path);
    DS_ASSIGN_OR_RETURN(auto top, opener.openTop(path, options.format, options.writable));
    auto chain = std::unique_ptr<Chain>(new Chain());
    chain->m_layers.push_back({std::move(top), path});
    while (options.openBacking) {
        Layer& upper = chain->m_layers.back();
        auto ref = upper.image->backingReference();
        if (!ref || ref->name.empty())
            break;
        std::string resolved;
        const unsigned depth = static_cast<unsigned>(chain->m_layers.size());
        auto writable = [&](const std::string& name) {
            return options.writableBacking && options.writableBacking(BackingCandidate{depth, upper.name, *ref, name});
        };
        DS_ASSIGN_OR_RETURN(auto backing, opener.openBacking(upper.name, *ref, resolved, writable));
        upper.image->setBacking(backing.get());
        chain->m_layers.push_back({std::move(backing), std::move(resolved)});
    }
    // As qemu-img: the whole chain opens first, then the snapshot is loaded.
    if (options.snapshot)
        DS_TRY(chain->top().viewSnapshot(*options.snapshot));
    return chain;
}

Result<BlockStatus> Chain::layerStatus(size_t index, uint64_t offset, uint64_t length, bool& allocated)
{
    Image& image = layer(index);
    DS_ASSIGN_OR_RETURN(BlockStatus st, image.blockStatus(offset, length));
    allocated = st.data || st.zero;
    if (!allocated && image.supportsBacking()) {
        // Unallocated with nothing below, or below the backing file's end: reads as zeros.
        bool hasBacking = index + 1 < m_layers.size();
        if (!hasBacking || offset >= layer(index + 1).virtualSize())
            st.zero = true;
    }
    if (st.refineWithHostHoles && st.data && !st.zero && st.hasOffset && st.file) {
        // Metadata-preallocated image: its data clusters may be host holes that read as zeros.
        DS_ASSIGN_OR_RETURN(HostExtent host, st.file->extentAt(st.offset));
        DS_ASSIGN_OR_RETURN(uint64_t hostSize, st.file->size());
        if (host.length == 0) {
            st.zero = true;  // past the end of the host file
        } else if (!host.data) {
            st.zero = true;
            if (st.offset + host.length < hostSize)  // a hole running to the end keeps the length
                st.length = std::min(st.length, host.length);
        } else {
            st.length = std::min(st.length, host.length);
        }
    }
    return st;
}

Result<ChainStatus> Chain::blockStatus(uint64_t offset, uint64_t length)
{
    ChainStatus out;
    for (size_t i = 0; i < m_layers.size(); ++i) {
        bool allocated = false;
        DS_ASSIGN_OR_RETURN(BlockStatus st, layerStatus(i, offset, length, allocated));
        if (st.data || st.zero || i + 1 == m_layers.size()) {
            out.length = st.length;
            out.depth = static_cast<unsigned>(i);
            out.present = allocated;
            out.zero = st.zero;
            out.data = st.data;
            out.hasOffset = st.hasOffset;
            out.offset = st.offset;
            out.compressed = st.compressed;
            out.file = st.hasOffset ? st.file : nullptr;
            return out;
        }
        length = st.length;  // the layer below answers for at most this much
    }
    return out;  // unreachable: the last layer always answers
}

}  // namespace diskscope
