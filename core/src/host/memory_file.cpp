// SPDX-License-Identifier: GPL-2.0-or-later
// HostFile held in memory: for unit tests and fuzzing, where real files would be slow.
#include <algorithm>
#include <cstring>
#include <functional>

#include "diskscope/host_file.h"

namespace diskscope {
namespace {

class MemoryFile final : public HostFile {
public:
    MemoryFile(std::string name, std::vector<uint8_t> content)
        : m_name(std::move(name)), m_content(std::move(content))
    {
    }

    const std::string& path() const override { return m_name; }

    Result<size_t> readAt(uint64_t offset, std::span<uint8_t> out) override
    {
        if (offset >= m_content.size() || out.empty())  // memcpy needs non-null pointers
            return size_t{0};
        size_t n = std::min<uint64_t>(out.size(), m_content.size() - offset);
        std::memcpy(out.data(), m_content.data() + offset, n);
        return n;
    }

    Status writeAt(uint64_t offset, std::span<const uint8_t> in) override
    {
        if (in.empty())
            return okStatus();
        if (offset + in.size() > m_content.size())
            m_content.resize(offset + in.size());
        std::memcpy(m_content.data() + offset, in.data(), in.size());
        return okStatus();
    }

    Result<uint64_t> size() override { return static_cast<uint64_t>(m_content.size()); }
    Status resize(uint64_t newSize) override
    {
        m_content.resize(newSize);
        return okStatus();
    }
    Status flush() override { return okStatus(); }
    Result<uint64_t> allocatedBytes() override { return static_cast<uint64_t>(m_content.size()); }
    Result<HostExtent> extentAt(uint64_t offset) override
    {
        if (offset >= m_content.size())
            return HostExtent{0, false};
        return HostExtent{m_content.size() - offset, true};
    }
    Result<FileIdentity> identity() override
    {
        return FileIdentity{0, std::hash<std::string>{}(m_name)};
    }

private:
    std::string m_name;
    std::vector<uint8_t> m_content;
};

}  // namespace

std::unique_ptr<HostFile> makeMemoryFile(std::string name, std::vector<uint8_t> content)
{
    return std::make_unique<MemoryFile>(std::move(name), std::move(content));
}

}  // namespace diskscope
