// SPDX-License-Identifier: GPL-2.0-or-later
// How much of a new or grown area is allocated up front (qemu-img's preallocation option).
#pragma once

#include <optional>
#include <string_view>

namespace diskscope {

enum class Preallocation {
    Off,       // nothing: sparse
    Metadata,  // qcow2 tables map every cluster; the host file stays sparse
    Falloc,    // host space reserved with fallocate
    Full,      // zeros written
};

// "off", "metadata", "falloc", "full"; anything else is nullopt.
std::optional<Preallocation> parsePreallocation(std::string_view text);
const char* preallocationName(Preallocation mode);

}  // namespace diskscope
