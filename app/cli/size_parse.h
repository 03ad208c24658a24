// SPDX-License-Identifier: GPL-2.0-or-later
// Size arguments (-S, --start-offset, --max-length) parsed with qemu-img's rules and messages.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "diskscope/qemu_size.h"

namespace diskscope::cli {

// The parser itself lives in the engine (diskscope/qemu_size.h); the CLI uses it by these names.
using diskscope::ParsedSize;
using diskscope::parseQemuSize;

// A size argument checked for the command line. `what` names it in messages as
// qemu-img does ("start offset", "max length", "buffer size for sparse output").
struct SizeArgument {
    std::optional<uint64_t> bytes;  // empty: rejected, see `error`
    std::string error;              // message lines, without the program prefix
    std::string warning;            // deprecation warning to print even on success
};
SizeArgument parseSizeArgument(std::string_view text, std::string_view what);

}  // namespace diskscope::cli
