// SPDX-License-Identifier: GPL-2.0-or-later
// What the fuzz targets share: reading the input as a stream of small integers, opening
// in-memory images, and a failure that stops the run with a message (a finding).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "diskscope/chain.h"
#include "diskscope/image.h"

namespace diskscope::fuzz {

// Reads the fuzzer's bytes front to back; past the end every value is 0.
class InputReader {
public:
    InputReader(const uint8_t* data, size_t size) : m_data(data), m_size(size) {}
    bool empty() const { return m_pos >= m_size; }
    uint8_t u8() { return m_pos < m_size ? m_data[m_pos++] : 0; }
    uint16_t u16() { return static_cast<uint16_t>(u8() | (u8() << 8)); }
    uint32_t u32() { return u16() | (static_cast<uint32_t>(u16()) << 16); }
    // The next `n` bytes (fewer at the end of the input).
    std::vector<uint8_t> bytes(size_t n);
    std::vector<uint8_t> rest() { return bytes(m_size - std::min(m_pos, m_size)); }

private:
    const uint8_t* m_data;
    size_t m_size;
    size_t m_pos = 0;
};

// A broken invariant: prints what and where, then aborts so libFuzzer keeps the input.
[[noreturn]] void fail(const std::string& what);

// Opens `bytes` as an image (probed format, read-only, no data file).
Result<std::unique_ptr<Image>> openBytes(std::vector<uint8_t> bytes);

// Walks block status over the whole guest range (at most `maxSteps` extents) and reads it:
// every extent's first `readPerExtent` bytes; extents the chain reports as zeros must read
// as zeros. Returns the number of extents seen.
size_t walkAndRead(Chain& chain, size_t maxSteps, uint64_t readPerExtent);

// The whole content of a host file.
std::vector<uint8_t> fileBytes(HostFile& file);

}  // namespace diskscope::fuzz
