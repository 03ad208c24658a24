// SPDX-License-Identifier: GPL-2.0-or-later
// Size arguments (-S, --start-offset, --max-length) parsed with qemu-img's rules and messages.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace diskscope::cli {

struct ParsedSize {
    enum class Outcome {
        Ok,
        Invalid,     // not a size at all ("1.5", "1kb", "", "-0")
        OutOfRange,  // a size, but above INT64_MAX
    };
    Outcome outcome = Outcome::Invalid;
    uint64_t bytes = 0;
    // qemu-img accepts "0x1k" but warns that suffixes on hex numbers are deprecated.
    bool hexWithSuffix = false;
};

// Parses a size the way qemu-img 7.2 does (architecture.md §3.9): optional leading
// white space and '+', decimal digits (or 0x hex, without fraction), an optional
// fraction, an optional one-letter suffix b/k/m/g/t/p/e (either case, powers of 1024).
// A fraction needs a suffix other than b unless it is zero; fractional bytes are
// rounded to the nearest byte. Nothing may follow the suffix.
ParsedSize parseQemuSize(std::string_view text);

// A size argument checked for the command line. `what` names it in messages as
// qemu-img does ("start offset", "max length", "buffer size for sparse output").
struct SizeArgument {
    std::optional<uint64_t> bytes;  // empty: rejected, see `error`
    std::string error;              // message lines, without the program prefix
    std::string warning;            // deprecation warning to print even on success
};
SizeArgument parseSizeArgument(std::string_view text, std::string_view what);

}  // namespace diskscope::cli
