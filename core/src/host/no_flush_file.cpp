// SPDX-License-Identifier: GPL-2.0-or-later
// The cache=unsafe wrapper: forwards every call except flush().
#include "host/no_flush_file.h"

namespace diskscope {
namespace {

class NoFlushFile final : public HostFile {
public:
    explicit NoFlushFile(std::unique_ptr<HostFile> inner) : m_inner(std::move(inner)) {}

    const std::string& path() const override { return m_inner->path(); }
    Result<size_t> readAt(uint64_t offset, std::span<uint8_t> out) override { return m_inner->readAt(offset, out); }
    Status writeAt(uint64_t offset, std::span<const uint8_t> in) override { return m_inner->writeAt(offset, in); }
    Status writeFor(WritePurpose purpose, uint64_t offset, std::span<const uint8_t> in) override
    {
        return m_inner->writeFor(purpose, offset, in);
    }
    Result<uint64_t> size() override { return m_inner->size(); }
    Status resize(uint64_t newSize) override { return m_inner->resize(newSize); }
    Status flush() override { return okStatus(); }
    Result<uint64_t> allocatedBytes() override { return m_inner->allocatedBytes(); }
    Result<HostExtent> extentAt(uint64_t offset) override { return m_inner->extentAt(offset); }
    Result<FileIdentity> identity() override { return m_inner->identity(); }
    Status lock(LockProfile profile) override { return m_inner->lock(profile); }
    Status punchHole(uint64_t offset, uint64_t length) override { return m_inner->punchHole(offset, length); }
    Status reserve(uint64_t offset, uint64_t length) override { return m_inner->reserve(offset, length); }

private:
    std::unique_ptr<HostFile> m_inner;
};

}  // namespace

std::unique_ptr<HostFile> makeNoFlushFile(std::unique_ptr<HostFile> inner)
{
    return std::make_unique<NoFlushFile>(std::move(inner));
}

}  // namespace diskscope
