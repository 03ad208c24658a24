// SPDX-License-Identifier: GPL-2.0-or-later
// map: the allocation of a chain's guest range, as qemu-img map reports it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "diskscope/chain.h"
#include "diskscope/error.h"

namespace diskscope {

struct MapEntry {
    uint64_t start = 0;
    uint64_t length = 0;
    unsigned depth = 0;
    bool present = false;
    bool zero = false;
    bool data = false;
    bool hasOffset = false;
    uint64_t offset = 0;
    bool compressed = false;
    std::string filename;  // host file of `offset`; empty without an offset
};

enum class MapStyle {
    Json,   // every attribute counts when merging
    Human,  // qemu-img's human form: non-data and zero extents are folded together
};

struct MapOptions {
    uint64_t start = 0;
    std::optional<uint64_t> maxLength;
    MapStyle style = MapStyle::Json;
};

// Merged extents from options.start to the end (or maxLength), as qemu-img merges them.
// An empty range yields one entry of length 0 at `start`.
Result<std::vector<MapEntry>> mapChain(Chain& chain, const MapOptions& options);

}  // namespace diskscope
