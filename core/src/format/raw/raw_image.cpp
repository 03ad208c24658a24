// SPDX-License-Identifier: GPL-2.0-or-later
// Raw images: reads go straight to the host file; allocation comes from its holes.
#include "format/raw/raw_image.h"

#include <algorithm>

namespace diskscope {
namespace {

constexpr uint64_t kSector = 512;

class RawImage final : public Image {
public:
    RawImage(std::unique_ptr<HostFile> file, uint64_t fileSize, bool writable)
        : m_file(std::move(file)),
          m_writable(writable),
          // qemu-img shows raw images rounded up to whole sectors; the tail reads as zeros.
          m_virtualSize((fileSize + kSector - 1) / kSector * kSector)
    {
    }

    const char* formatName() const override { return "raw"; }
    uint64_t virtualSize() const override { return m_virtualSize; }
    HostFile& file() override { return *m_file; }

    Status read(uint64_t offset, std::span<uint8_t> out) override
    {
        if (offset > m_virtualSize || out.size() > m_virtualSize - offset)
            return makeError(ErrorCode::InvalidArgument, "read beyond the end of the image", m_file->path());
        return readZeroFilled(*m_file, offset, out);
    }

    Result<BlockStatus> blockStatus(uint64_t offset, uint64_t length) override
    {
        uint64_t maxBytes = std::min(length, m_virtualSize - offset);
        DS_ASSIGN_OR_RETURN(HostExtent extent, m_file->extentAt(offset));
        BlockStatus s;
        s.hasOffset = true;
        s.offset = offset;
        s.file = m_file.get();
        if (extent.length == 0) {  // the sector tail past the end of the file
            s.zero = true;
            s.length = maxBytes;
            return s;
        }
        s.data = extent.data;
        s.zero = !extent.data;
        // A data run ends at the end of the file, even inside a sector: the sector tail past
        // it is a separate zero extent (as qemu-img map shows it).
        s.length = std::min(extent.length, maxBytes);
        return s;
    }

    bool writable() const override { return m_writable; }

    Status write(uint64_t offset, std::span<const uint8_t> data) override
    {
        DS_TRY(checkWrite(offset, data.size()));
        return m_file->writeAt(offset, data);
    }

    Status writeZeroes(uint64_t offset, uint64_t length, bool mayUnmap) override
    {
        DS_TRY(checkWrite(offset, length));
        if (mayUnmap)
            return m_file->punchHole(offset, length);
        return HostFile::punchHoleByWriting(*m_file, offset, length);
    }

    Status discard(uint64_t offset, uint64_t length) override
    {
        DS_TRY(checkWrite(offset, length));
        return m_file->punchHole(offset, length);
    }

    Status flush() override { return m_writable ? m_file->flush() : okStatus(); }

    Status resize(uint64_t newSize, Preallocation preallocation) override
    {
        DS_TRY(checkWrite(0, 0));
        if (preallocation == Preallocation::Metadata)
            return makeError(ErrorCode::Unsupported, "Unsupported preallocation mode 'metadata' for raw images", m_file->path());
        DS_ASSIGN_OR_RETURN(uint64_t oldSize, m_file->size());
        DS_TRY(m_file->resize(newSize));
        if (newSize > oldSize && preallocation == Preallocation::Falloc)
            DS_TRY(m_file->reserve(oldSize, newSize - oldSize));
        if (newSize > oldSize && preallocation == Preallocation::Full)
            DS_TRY(HostFile::punchHoleByWriting(*m_file, oldSize, newSize - oldSize));
        m_virtualSize = (newSize + kSector - 1) / kSector * kSector;
        return okStatus();
    }

private:
    Status checkWrite(uint64_t offset, uint64_t length)
    {
        if (!m_writable)
            return makeError(ErrorCode::InvalidArgument, "the image is open read-only", m_file->path());
        if (offset > m_virtualSize || length > m_virtualSize - offset)
            return makeError(ErrorCode::InvalidArgument, "write beyond the end of the image", m_file->path());
        return okStatus();
    }

    std::unique_ptr<HostFile> m_file;
    bool m_writable;
    uint64_t m_virtualSize;
};

}  // namespace

Result<std::unique_ptr<Image>> openRawImage(std::unique_ptr<HostFile> file, bool writable)
{
    DS_ASSIGN_OR_RETURN(uint64_t size, file->size());
    return std::unique_ptr<Image>(new RawImage(std::move(file), size, writable));
}

}  // namespace diskscope
