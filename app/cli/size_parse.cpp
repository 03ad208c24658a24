// SPDX-License-Identifier: GPL-2.0-or-later
// Size arguments checked for the command line, with qemu-img's error messages.
#include "size_parse.h"

#include <bit>
#include <cctype>
#include <charconv>
#include <limits>

namespace diskscope::cli {
namespace {
constexpr uint64_t kMaxSize = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
}  // namespace

SizeArgument parseSizeArgument(std::string_view text, std::string_view what)
{
    SizeArgument argument;
    const ParsedSize parsed = parseQemuSize(text);
    switch (parsed.outcome) {
    case ParsedSize::Outcome::Ok:
        argument.bytes = parsed.bytes;
        if (parsed.hexWithSuffix)
            argument.warning = "warning: Using a multiplier suffix on hex numbers is deprecated: " + std::string(text);
        break;
    case ParsedSize::Outcome::Invalid:
        argument.error = "Invalid " + std::string(what) +
                         " specified. You may use k, M, G, T, P or E suffixes for\n"
                         "kilobytes, megabytes, gigabytes, terabytes, petabytes and exabytes.";
        break;
    case ParsedSize::Outcome::OutOfRange:
        argument.error = "Invalid " + std::string(what) + " specified. Must be between 0 and " +
                         std::to_string(kMaxSize) + ".";
        break;
    }
    return argument;
}

}  // namespace diskscope::cli
