// SPDX-License-Identifier: GPL-2.0-or-later
// resize: open for writing (without the backing chain, which a resize never reads) and resize.
#include "diskscope/ops/resize.h"

#include "diskscope/chain.h"

namespace diskscope {

Status resize(const ResizeOptions& options)
{
    OpenOptions open;
    open.format = options.format;
    open.writable = true;
    // Only preallocation reads the backing file (its length decides whether the new area must
    // be marked zero); a plain resize works without it.
    open.openBacking = options.preallocation != Preallocation::Off;
    DS_ASSIGN_OR_RETURN(auto chain, Chain::open(options.path, open));
    Image& image = chain->top();
    if (options.preallocation != Preallocation::Off && options.newSize <= image.virtualSize())
        return makeError(ErrorCode::InvalidArgument, "Preallocation can only be used for growing images", options.path);
    if (options.newSize < image.virtualSize() && !options.allowShrink)
        return makeError(ErrorCode::InvalidArgument,
                         "Use the --shrink option to perform a shrink operation.\n"
                         "warning: Shrinking an image will delete all data beyond the shrunken image's end. "
                         "Before performing such an operation, make sure there is no important data there.",
                         options.path);
    DS_TRY(image.resize(options.newSize, options.preallocation));
    return image.close();
}

}  // namespace diskscope
