// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzz target: the input is an image file. Open it, walk block status over the whole guest
// range and read it (bounded: a number of extents and bytes per extent, whatever the virtual
// size), then run `map` over the range. Extents reported as zeros must read as zeros.
#include <cstddef>
#include <cstdint>

#include "diskscope/ops/map.h"
#include "fuzz_support.h"

using namespace diskscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    auto image = fuzz::openBytes(std::vector<uint8_t>(data, data + size));
    if (!image.ok())
        return 0;
    auto chain = Chain::fromImage(std::move(image).value(), "fuzz.img");
    // The first 256 KiB are read whole: small images are covered completely.
    std::vector<uint8_t> head(std::min<uint64_t>(chain->virtualSize(), 256 << 10));
    (void)chain->read(0, head);
    fuzz::walkAndRead(*chain, 1024, 4096);
    MapOptions options;
    options.maxLength = std::min<uint64_t>(chain->virtualSize(), uint64_t{256} << 20);  // bounded time
    auto map = mapChain(*chain, options);
    if (map.ok()) {
        uint64_t expected = options.start;
        for (const MapEntry& e : *map) {
            if (e.start != expected)
                fuzz::fail("map entries are not contiguous");
            expected = e.start + e.length;
        }
    }
    return 0;
}
