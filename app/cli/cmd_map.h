// SPDX-License-Identifier: GPL-2.0-or-later
// `map [-f FMT] [--output=human|json] [--start-offset=N] [--max-length=N] [-U] FILE`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "cli_common.h"

namespace diskscope::cli {

struct MapArgs {
    std::string path;
    std::optional<std::string> format;
    OutputFormat output = OutputFormat::Human;
    uint64_t startOffset = 0;
    std::optional<uint64_t> maxLength;
    bool forceShare = false;
};

// argv[0] is "map". Prints nothing.
ParseResult<MapArgs> parseMapArgs(int argc, char** argv);
std::string mapUsage();
int runMap(int argc, char** argv);

}  // namespace diskscope::cli
