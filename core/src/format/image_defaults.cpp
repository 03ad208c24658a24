// SPDX-License-Identifier: GPL-2.0-or-later
// The refusals of images (and host files) that do not implement an optional ability.
#include <vector>

#include "diskscope/image.h"

namespace diskscope {
namespace {
Error notWritable(Image& image)
{
    return makeError(ErrorCode::InvalidArgument, "the image is open read-only", image.file().path());
}
}  // namespace

Status Image::write(uint64_t, std::span<const uint8_t>) { return notWritable(*this); }
Status Image::writeZeroes(uint64_t, uint64_t, bool) { return notWritable(*this); }
Status Image::discard(uint64_t, uint64_t) { return notWritable(*this); }
Status Image::resize(uint64_t, Preallocation) { return notWritable(*this); }

namespace {
Error noSnapshots(Image& image)
{
    return makeError(ErrorCode::Unsupported,
                     std::string("the ") + image.formatName() + " format has no internal snapshots", image.file().path());
}
}  // namespace

Status Image::createSnapshot(const std::string&) { return writable() ? noSnapshots(*this) : notWritable(*this); }
Status Image::deleteSnapshot(const std::string&) { return writable() ? noSnapshots(*this) : notWritable(*this); }
Status Image::applySnapshot(const std::string&) { return writable() ? noSnapshots(*this) : notWritable(*this); }
Status Image::setBackingReference(const std::optional<BackingReference>&)
{
    if (!writable())
        return notWritable(*this);
    return makeError(ErrorCode::Unsupported, std::string("Operation not supported (the ") + formatName() +
                                                 " format cannot name a backing file)", file().path());
}
Status Image::makeEmpty()
{
    if (!writable())
        return notWritable(*this);
    return makeError(ErrorCode::Unsupported, std::string("the ") + formatName() + " format has no backing file to fall back on",
                     file().path());
}
Status Image::viewSnapshot(const SnapshotSelector&)
{
    return makeError(ErrorCode::Unsupported, std::string("Failed to load snapshot: Block format '") + formatName() +
                                                 "' used by device '' does not support temporarily loading internal snapshots");
}
Status Image::writeCompressed(uint64_t, std::span<const uint8_t>)
{
    return makeError(ErrorCode::Unsupported, std::string("compressed writes are not supported by the ") +
                                                 formatName() + " format", file().path());
}
Status Image::writeCompressedCluster(uint64_t offset, std::span<const uint8_t> packed)
{
    return writeCompressed(offset, packed);  // the same refusal
}

Status HostFile::punchHole(uint64_t offset, uint64_t length) { return punchHoleByWriting(*this, offset, length); }

Status HostFile::punchHoleByWriting(HostFile& file, uint64_t offset, uint64_t length)
{
    std::vector<uint8_t> zeros(std::min<uint64_t>(length, 1 << 20), 0);
    while (length > 0) {
        uint64_t n = std::min<uint64_t>(length, zeros.size());
        DS_TRY(file.writeAt(offset, std::span<const uint8_t>(zeros.data(), n)));
        offset += n;
        length -= n;
    }
    return okStatus();
}

}  // namespace diskscope
