// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzz target: the input is two or three images in a small in-memory directory named
// top.qcow2, mid.qcow2 and base.qcow2 (first byte: how many; then each image as a 24-bit
// little-endian length and its bytes). The chain is opened from top.qcow2 exactly as from
// disk (backing names resolved, formats from the extension or probed, loops and depth
// refused), then read and walked like fuzz_read_map.
#include <cstddef>
#include <cstdint>
#include <map>

#include "diskscope/ops/map.h"
#include "fuzz_support.h"

using namespace diskscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const char* const kNames[] = {"top.qcow2", "mid.qcow2", "base.qcow2"};
    fuzz::InputReader in(data, size);
    const unsigned layers = 2 + in.u8() % 2;
    std::map<std::string, std::vector<uint8_t>> directory;
    for (unsigned i = 0; i < layers; ++i) {
        uint32_t length = in.u8() | (in.u8() << 8) | (in.u8() << 16);
        // Two layers name the second one base.qcow2, as the seeds do.
        directory[kNames[i == layers - 1 ? 2 : i]] = in.bytes(length);
    }
    OpenOptions options;
    options.openHostFile = [&directory](const std::string& path, HostOpenMode) -> Result<std::unique_ptr<HostFile>> {
        auto it = directory.find(path);
        if (it == directory.end())
            return makeError(ErrorCode::NotFound, "No such file or directory", path);
        return makeMemoryFile(path, it->second);
    };
    auto chain = Chain::open("top.qcow2", options);
    if (!chain.ok())
        return 0;
    std::vector<uint8_t> head(std::min<uint64_t>((*chain)->virtualSize(), 256 << 10));
    (void)(*chain)->read(0, head);
    fuzz::walkAndRead(**chain, 1024, 4096);
    MapOptions mapOptions;
    mapOptions.maxLength = std::min<uint64_t>((*chain)->virtualSize(), uint64_t{256} << 20);  // bounded time
    (void)mapChain(**chain, mapOptions);
    return 0;
}
