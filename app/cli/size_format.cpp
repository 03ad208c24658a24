// SPDX-License-Identifier: GPL-2.0-or-later
// qemu-img's human size format: %0.3g of the value in the largest unit that keeps it under 1000.
#include "size_format.h"

#include <cmath>
#include <cstdio>

namespace diskscope::cli {

std::string formatHumanSize(uint64_t bytes)
{
    static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    // Unit index = floor(log2(bytes * 1024 / 1000) / 10): the unit changes at 1000 of the
    // smaller unit. Computed in double as qemu-img does, so rounding at the 2^53 edges agrees.
    int exponent = 0;
    std::frexp(static_cast<double>(bytes) / (1000.0 / 1024.0), &exponent);
    int unit = exponent > 0 ? (exponent - 1) / 10 : 0;
    if (unit > 6)
        unit = 6;
    const double scaled = static_cast<double>(bytes) / static_cast<double>(uint64_t{1} << (unit * 10));
    char text[32];
    std::snprintf(text, sizeof text, "%0.3g %s", scaled, kUnits[unit]);
    return text;
}

}  // namespace diskscope::cli
