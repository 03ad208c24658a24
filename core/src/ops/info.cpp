// SPDX-License-Identifier: GPL-2.0-or-later
// info: the facts qemu-img info reports. Never opens external data files, and opens backing
// files only when the whole chain is asked for.
#include "diskscope/ops/info.h"

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

}  // namespace

Result<std::vector<ImageInfo>> info(const InfoOptions& options)
{
    OpenOptions defaults;
    LayerOpener opener(defaults.maxDepth, nullptr, options.forceShare);
    std::vector<ImageInfo> reports;
    DS_ASSIGN_OR_RETURN(auto image, opener.openTop(options.path, options.format));
    std::string name = options.path;
    for (;;) {
        DS_ASSIGN_OR_RETURN(ImageInfo report, describeImage(*image, name));
        reports.push_back(std::move(report));
        auto ref = image->backingReference();
        if (!options.backingChain || !ref || ref->name.empty())
            break;
        std::string resolved;
        DS_ASSIGN_OR_RETURN(image, opener.openBacking(name, *ref, resolved));
        name = resolved;
    }
    return reports;
}

}  // namespace diskscope
