// SPDX-License-Identifier: GPL-2.0-or-later
// `convert [-f FMT] [-O raw] [-p] [-q] [-S SIZE] [-U] SRC DST`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "cli_common.h"

namespace diskscope::cli {

struct ConvertArgs {
    std::string source;
    std::string target;
    std::optional<std::string> sourceFormat;
    std::string targetFormat = "raw";  // qemu-img's default output format too
    uint64_t minSparse = 4096;         // -S; 0 turns sparse detection off
    bool progress = false;             // -p, unless -q
    bool quiet = false;
    bool forceShare = false;
};

// argv[0] is "convert". Prints nothing.
ParseResult<ConvertArgs> parseConvertArgs(int argc, char** argv);
std::string convertUsage();
int runConvert(int argc, char** argv);

}  // namespace diskscope::cli
