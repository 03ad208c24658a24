// SPDX-License-Identifier: GPL-2.0-or-later
// Sizes written the way qemu-img accepts them ("1.5M", "0x1000", "64k"), for the CLI and the
// engine's option strings.
#pragma once

#include <cstdint>
#include <string_view>

namespace diskscope {

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

}  // namespace diskscope
