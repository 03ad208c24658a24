// SPDX-License-Identifier: GPL-2.0-or-later
// Small formatting helpers for error messages.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace diskscope {

inline std::string hex(uint64_t value)
{
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(value));
    return buf;
}

}  // namespace diskscope
