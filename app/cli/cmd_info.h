// SPDX-License-Identifier: GPL-2.0-or-later
// `info [-f FMT] [--output=human|json] [--backing-chain] [-U] FILE`.
#pragma once

#include <optional>
#include <string>

#include "cli_common.h"

namespace diskscope::cli {

struct InfoArgs {
    std::string path;
    std::optional<std::string> format;
    OutputFormat output = OutputFormat::Human;
    bool backingChain = false;
    bool forceShare = false;
};

// argv[0] is "info". Prints nothing.
ParseResult<InfoArgs> parseInfoArgs(int argc, char** argv);
std::string infoUsage();
int runInfo(int argc, char** argv);

}  // namespace diskscope::cli
