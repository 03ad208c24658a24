// SPDX-License-Identifier: GPL-2.0-or-later
#include "diskscope/preallocation.h"

namespace diskscope {

std::optional<Preallocation> parsePreallocation(std::string_view text)
{
    if (text == "off")
        return Preallocation::Off;
    if (text == "metadata")
        return Preallocation::Metadata;
    if (text == "falloc")
        return Preallocation::Falloc;
    if (text == "full")
        return Preallocation::Full;
    return std::nullopt;
}

const char* preallocationName(Preallocation mode)
{
    switch (mode) {
    case Preallocation::Off: return "off";
    case Preallocation::Metadata: return "metadata";
    case Preallocation::Falloc: return "falloc";
    case Preallocation::Full: return "full";
    }
    return "off";
}

}  // namespace diskscope
