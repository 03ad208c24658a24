// SPDX-License-Identifier: GPL-2.0-or-later
#include "host/latching_file.h"

#include <optional>

namespace diskscope {
namespace {

class LatchingFile final : public HostFile {
public:
    explicit LatchingFile(std::unique_ptr<HostFile> inner) : m_inner(std::move(inner)) {}

    const std::string& path() const override { return m_inner->path(); }
    Result<size_t> readAt(uint64_t offset, std::span<uint8_t> out) override { return m_inner->readAt(offset, out); }
    Status writeAt(uint64_t offset, std::span<const uint8_t> in) override
    {
        DS_TRY(refuseAfterFailure());
        return latch(m_inner->writeAt(offset, in));
    }
    Status writeFor(WritePurpose purpose, uint64_t offset, std::span<const uint8_t> in) override
    {
        DS_TRY(refuseAfterFailure());
        return latch(m_inner->writeFor(purpose, offset, in));
    }
    Result<uint64_t> size() override { return m_inner->size(); }
    Status resize(uint64_t newSize) override
    {
        DS_TRY(refuseAfterFailure());
        return latch(m_inner->resize(newSize));
    }
    Status flush() override
    {
        DS_TRY(refuseAfterFailure());
        return latch(m_inner->flush());
    }
    Result<uint64_t> allocatedBytes() override { return m_inner->allocatedBytes(); }
    Result<HostExtent> extentAt(uint64_t offset) override { return m_inner->extentAt(offset); }
    Result<FileIdentity> identity() override { return m_inner->identity(); }
    Status lock(LockProfile profile) override { return m_inner->lock(profile); }
    Status punchHole(uint64_t offset, uint64_t length) override
    {
        DS_TRY(refuseAfterFailure());
        return latch(m_inner->punchHole(offset, length));
    }
    Status reserve(uint64_t offset, uint64_t length) override
    {
        DS_TRY(refuseAfterFailure());
        return latch(m_inner->reserve(offset, length));
    }

private:
    Status latch(Status status)
    {
        if (!status.ok() && !m_failure) {
            m_failure = status.error();
            m_failure->message += " (the image accepts no further writes until it is reopened)";
        }
        return status;
    }
    Status refuseAfterFailure() const
    {
        if (m_failure)
            return *m_failure;
        return okStatus();
    }

    std::unique_ptr<HostFile> m_inner;
    std::optional<Error> m_failure;
};

}  // namespace

std::unique_ptr<HostFile> makeLatchingFile(std::unique_ptr<HostFile> inner)
{
    return std::make_unique<LatchingFile>(std::move(inner));
}

}  // namespace diskscope
