// SPDX-License-Identifier: GPL-2.0-or-later
// info: the facts qemu-img info reports. Never opens external data files, and opens backing
// files only when the whole chain is asked for.
#include "diskscope/ops/info.h"

#include "chain/backing_name.h"
#include "chain/layer_opener.h"
#include "diskscope/chain.h"

namespace diskscope {
namespace {

Result<ImageInfo> describeImage(Image& image, const std::string& name)
{
    ImageInfo info;
    info.filename = name;
    info.format = image.formatName();
    info.virtualSize = image.virtualSize();
    DS_ASSIGN_OR_RETURN(uint64_t allocated, image.file().allocatedBytes());
    info.actualSize = allocated;
    info.dirtyFlag = false;
    image.describe(info);
    if (auto ref = image.backingReference(); ref && !ref->name.empty()) {
        info.backingFilename = ref->name;
        info.fullBackingFilename = resolveBackingName(name, ref->name);
        info.backingFilenameFormat = ref->format;
    }
    return info;
}

// The walk shared by info and describeChain: `stopAtBrokenBacking` keeps the layers read so far
// and records the error instead of failing.
Result<ChainDescription> walkChain(const InfoOptions& options, bool wholeChain, bool stopAtBrokenBacking)
{
    OpenOptions defaults;
    LayerOpener opener(defaults.maxDepth, nullptr, options.forceShare, options.allowExternalBacking);
    ChainDescription chain;
    DS_ASSIGN_OR_RETURN(auto image, opener.openTop(options.path, options.format));
    std::string name = options.path;
    for (;;) {
        DS_ASSIGN_OR_RETURN(ImageInfo report, describeImage(*image, name));
        if (report.qcow2 && report.qcow2->dataFile) {
            auto dataFile = resolveDataFileName(name, *report.qcow2->dataFile, options.allowExternalBacking);
            if (!dataFile.ok() && dataFile.error().code == ErrorCode::Untrusted)
                chain.dataFilesNotFollowed.push_back(chain.layers.size());
        }
        chain.layers.push_back(std::move(report));
        auto ref = image->backingReference();
        if (!wholeChain || !ref || ref->name.empty())
            break;
        std::string resolved;
        auto backing = opener.openBacking(name, *ref, resolved);
        if (!backing.ok()) {
            if (!stopAtBrokenBacking)
                return std::move(backing).error();
            chain.brokenBacking = std::move(backing).error();
            break;
        }
        image = std::move(backing).value();
        name = resolved;
    }
    return chain;
}

}  // namespace

Result<std::vector<ImageInfo>> info(const InfoOptions& options)
{
    DS_ASSIGN_OR_RETURN(ChainDescription chain, walkChain(options, options.backingChain, false));
    return std::move(chain.layers);
}

Result<ChainDescription> describeChain(const InfoOptions& options)
{
    return walkChain(options, true, true);
}

}  // namespace diskscope
