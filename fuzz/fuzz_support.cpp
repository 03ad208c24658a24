// SPDX-License-Identifier: GPL-2.0-or-later
#include "fuzz_support.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "diskscope/open.h"

namespace diskscope::fuzz {

std::vector<uint8_t> InputReader::bytes(size_t n)
{
    size_t start = std::min(m_pos, m_size);
    size_t take = std::min(n, m_size - start);
    m_pos = start + take;
    return std::vector<uint8_t>(m_data + start, m_data + start + take);
}

void fail(const std::string& what)
{
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what.c_str());
    std::abort();
}

Result<std::unique_ptr<Image>> openBytes(std::vector<uint8_t> bytes)
{
    auto file = makeMemoryFile("fuzz.img", std::move(bytes));
    DS_ASSIGN_OR_RETURN(std::string format, probeFormat(*file));
    return openImage(std::move(file), format, nullptr);
}

size_t walkAndRead(Chain& chain, size_t maxSteps, uint64_t readPerExtent)
{
    const uint64_t size = chain.virtualSize();
    std::vector<uint8_t> buffer;
    uint64_t offset = 0;
    size_t steps = 0;
    while (offset < size && steps < maxSteps) {
        ++steps;
        auto status = chain.blockStatus(offset, size - offset);
        if (!status.ok())
            return steps;
        const ChainStatus& st = *status;
        if (st.length == 0 || st.length > size - offset)
            fail("block status at " + std::to_string(offset) + " answered " + std::to_string(st.length) +
                 " bytes of " + std::to_string(size - offset));
        buffer.assign(std::min(st.length, readPerExtent), 0xA5);
        Status read = chain.read(offset, buffer);
        if (read.ok() && st.zero && std::any_of(buffer.begin(), buffer.end(), [](uint8_t b) { return b; }))
            fail("extent at " + std::to_string(offset) + " reported zero reads non-zero bytes");
        offset += st.length;
    }
    return steps;
}

std::vector<uint8_t> fileBytes(HostFile& file)
{
    auto size = file.size();
    if (!size.ok())
        fail("memory file size failed");
    std::vector<uint8_t> out(*size);
    auto got = file.readAt(0, out);
    if (!got.ok() || *got != out.size())
        fail("memory file read failed");
    return out;
}

}  // namespace diskscope::fuzz
