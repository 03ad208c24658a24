// SPDX-License-Identifier: GPL-2.0-or-later
// rebase: safe mode copies what the new backing file would change, then switches the header.
#include "diskscope/ops/rebase.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "diskscope/image_info.h"

namespace diskscope {
namespace {

constexpr uint64_t kDefaultGranule = 64 * 1024;
constexpr uint64_t kMinChunkBytes = 1 << 20;

// Reads guest bytes of `image`, zeros past its end (a shorter backing file reads as zeros).
Status readPadded(Image& image, uint64_t offset, std::span<uint8_t> out)
{
    const uint64_t size = image.virtualSize();
    const uint64_t n = offset < size ? std::min<uint64_t>(out.size(), size - offset) : 0;
    if (n)
        DS_TRY(image.read(offset, out.first(n)));
    std::memset(out.data() + n, 0, out.size() - n);
    return okStatus();
}

// How one side (old or new backing) answers for a range: zeros, or bytes at a host location.
struct Side {
    uint64_t length = 0;
    bool zero = false;
    bool located = false;  // plain (uncompressed) data at `offset` of the file `id`
    FileIdentity id;
    uint64_t offset = 0;
};

Result<Side> sideOf(const ChainStatus& st)
{
    Side side;
    side.length = st.length;
    side.zero = st.zero;
    if (st.data && !st.zero && st.hasOffset && !st.compressed && st.file) {
        DS_ASSIGN_OR_RETURN(side.id, st.file->identity());
        side.located = true;
        side.offset = st.offset;
    }
    return side;
}

// The new backing chain's answer at `offset` (zeros when there is none or past its end).
Result<Side> newSide(Chain* newBacking, uint64_t offset, uint64_t length)
{
    if (!newBacking || offset >= newBacking->virtualSize())
        return Side{length, true, false, {}, 0};
    DS_ASSIGN_OR_RETURN(ChainStatus st, newBacking->blockStatus(offset, std::min(length, newBacking->virtualSize() - offset)));
    return sideOf(st);
}

Error cancelled(const std::string& path)
{
    return makeError(ErrorCode::Cancelled, "rebase cancelled; the image still uses its old backing file", path);
}

// Copies into the top, over [pos, pos + length) (unallocated there), the old content of every
// granule where it differs from the new backing's. `oldZero`/`newZero` say a side reads as zeros.
Status copyDifferingGranules(Chain& chain, Chain* newBacking, uint64_t pos, uint64_t length, bool newZero,
                             uint64_t granule, std::vector<uint8_t>& oldBuf, std::vector<uint8_t>& newBuf)
{
    Image& overlay = chain.top();
    const uint64_t chunk = oldBuf.size();
    const uint64_t end = pos + length;
    for (uint64_t p = pos; p < end;) {
        const uint64_t q = std::min(end, (p / chunk + 1) * chunk);
        const uint64_t n = q - p;
        // The top allocates nothing here, so reading through it reads the old backing chain.
        DS_TRY(overlay.read(p, std::span<uint8_t>(oldBuf.data(), n)));
        if (newZero || !newBacking)
            std::memset(newBuf.data(), 0, n);
        else
            DS_TRY(readPadded(newBacking->top(), p, std::span<uint8_t>(newBuf.data(), n)));
        uint64_t runStart = 0, runEnd = 0;  // differing bytes not written yet, relative to p
        auto writeRun = [&]() -> Status {
            if (runEnd > runStart)
                DS_TRY(overlay.write(p + runStart, std::span<const uint8_t>(oldBuf.data() + runStart, runEnd - runStart)));
            runStart = runEnd = 0;
            return okStatus();
        };
        for (uint64_t g = p; g < q;) {
            const uint64_t gEnd = std::min(q, (g / granule + 1) * granule);
            const uint64_t at = g - p, len = gEnd - g;
            if (std::memcmp(oldBuf.data() + at, newBuf.data() + at, len) != 0) {
                if (runEnd != at)
                    DS_TRY(writeRun());
                if (runEnd == runStart)
                    runStart = at;
                runEnd = at + len;
            }
            g = gEnd;
        }
        DS_TRY(writeRun());
        p = q;
    }
    return okStatus();
}

}  // namespace

Status copyRebaseDifferences(Chain& chain, Chain* newBacking, ProgressSink& progress, std::stop_token stop)
{
    Image& overlay = chain.top();
    const std::string& path = overlay.file().path();
    const uint64_t size = overlay.virtualSize();
    ImageInfo info;
    overlay.describe(info);
    // Differences are found and copied per cluster of the image, so copies are whole clusters.
    const uint64_t granule = std::max<uint64_t>(512, info.clusterSize.value_or(kDefaultGranule));
    const uint64_t chunk = std::max(granule, kMinChunkBytes / granule * granule);
    std::vector<uint8_t> oldBuf(chunk), newBuf(chunk);

    for (uint64_t pos = 0; pos < size;) {
        if (stop.stop_requested()) {
            DS_TRY(overlay.flush());
            return cancelled(path);
        }
        DS_ASSIGN_OR_RETURN(BlockStatus own, overlay.blockStatus(pos, std::min(chunk, size - pos)));
        uint64_t n = own.length;
        if (!own.data && !own.zero) {
            // Not allocated in the image: what the guest sees comes from the backing side.
            DS_ASSIGN_OR_RETURN(ChainStatus oldStatus, chain.blockStatus(pos, n));
            DS_ASSIGN_OR_RETURN(Side oldSide, sideOf(oldStatus));
            n = std::min(n, oldSide.length);
            DS_ASSIGN_OR_RETURN(Side newSideNow, newSide(newBacking, pos, n));
            n = std::min(n, newSideNow.length);
            const bool same = (oldSide.zero && newSideNow.zero) ||
                              (oldSide.located && newSideNow.located && oldSide.id == newSideNow.id &&
                               oldSide.offset == newSideNow.offset);
            if (same) {
                // Nothing to read: both sides are zeros, or the very same bytes of one file.
            } else if (oldSide.zero) {
                DS_TRY(overlay.writeZeroes(pos, n, false));
            } else {
                DS_TRY(copyDifferingGranules(chain, newBacking, pos, n, newSideNow.zero, granule, oldBuf, newBuf));
            }
        }
        pos += n;
        progress.progress(pos, size);
    }
    return overlay.flush();
}

Status rebase(const RebaseOptions& options, ProgressSink& progress, std::stop_token stop)
{
    OpenOptions open;
    open.format = options.format;
    open.writable = true;
    open.openBacking = !options.unsafe;  // unsafe mode never reads a backing file
    open.allowExternalBacking = open.allowExternalBacking || options.allowExternalBacking;
    DS_ASSIGN_OR_RETURN(auto chain, Chain::open(options.path, open));
    if (options.backingFormat && *options.backingFormat != "raw" && *options.backingFormat != "qcow2")
        return makeError(ErrorCode::InvalidArgument, "Invalid format name: '" + *options.backingFormat + "'");
    const std::string changeFailed = "Could not change the backing file to '" + options.backing + "': ";

    std::unique_ptr<Chain> newBacking;
    if (!options.unsafe && !options.backing.empty()) {
        OpenOptions backingOpen;
        backingOpen.format = options.backingFormat;
        backingOpen.forceShare = options.forceShare;
        backingOpen.allowExternalBacking = backingOpen.allowExternalBacking || options.allowExternalBacking;
        // A relative name is relative to the image, as it will be once stored in it.
        auto opened = Chain::open(resolveBackingName(options.path, options.backing), backingOpen);
        const std::string openFailed = "Could not open new backing file '" + options.backing + "': ";
        if (!opened.ok()) {
            Error e = std::move(opened).error();
            e.message = openFailed + describe(e);
            e.path.clear();
            return e;
        }
        newBacking = std::move(opened).value();
        DS_ASSIGN_OR_RETURN(FileIdentity self, chain->top().file().identity());
        for (size_t i = 0; i < newBacking->layerCount(); ++i) {
            DS_ASSIGN_OR_RETURN(FileIdentity id, newBacking->layer(i).file().identity());
            if (id == self)
                return makeError(ErrorCode::InvalidArgument,
                                 openFailed + "it is the image itself or has the image in its backing chain");
        }
    }
    // qemu-img finds this out only after copying; nothing is written here before refusing.
    if (!options.backing.empty() && !options.backingFormat)
        return makeError(ErrorCode::InvalidArgument, changeFailed + "backing format must be specified");

    const uint64_t size = chain->top().virtualSize();
    progress.progress(0, size);
    if (!options.unsafe)
        DS_TRY(copyRebaseDifferences(*chain, newBacking.get(), progress, stop));
    std::optional<BackingReference> reference;
    if (!options.backing.empty())
        reference = BackingReference{options.backing, options.backingFormat};
    Status changed = chain->top().setBackingReference(reference);
    if (!changed.ok()) {
        Error e = std::move(changed).error();
        e.message = changeFailed + e.message;
        e.path.clear();
        return e;
    }
    DS_TRY(chain->top().close());
    progress.progress(size, size);
    return okStatus();
}

}  // namespace diskscope
