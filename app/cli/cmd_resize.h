// SPDX-License-Identifier: GPL-2.0-or-later
// `resize [-f FMT] [--preallocation=MODE] [--shrink] [-q] FILE [+|-]SIZE`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "cli_common.h"
#include "diskscope/preallocation.h"

namespace diskscope::cli {

struct ResizeArgs {
    std::string path;
    std::optional<std::string> format;
    Preallocation preallocation = Preallocation::Off;
    bool shrink = false;
    bool quiet = false;
    int sign = 0;        // +1 "+N" (grow by), -1 "-N" (shrink by), 0 absolute
    uint64_t size = 0;
};

ParseResult<ResizeArgs> parseResizeArgs(int argc, char** argv);
// The absolute new size for `current`, or a message (qemu-img's) when it is not positive.
std::optional<uint64_t> resolveResizeTarget(const ResizeArgs& args, uint64_t current, std::string& error);
std::string resizeUsage();
int runResize(int argc, char** argv);

}  // namespace diskscope::cli
