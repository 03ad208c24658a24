// SPDX-License-Identifier: GPL-2.0-or-later
// Fast test for all-zero buffers: the hot loop of sparse conversion and comparison.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>

namespace diskscope {

// True when every byte of `data` is zero. Reads 64-bit words; no alignment required.
inline bool isAllZero(std::span<const uint8_t> data)
{
    const uint8_t* p = data.data();
    size_t n = data.size();
    while (n >= 64) {
        uint64_t w[8];
        std::memcpy(w, p, 64);
        if ((w[0] | w[1] | w[2] | w[3] | w[4] | w[5] | w[6] | w[7]) != 0)
            return false;
        p += 64;
        n -= 64;
    }
    while (n--) {
        if (*p++)
            return false;
    }
    return true;
}

}  // namespace diskscope
