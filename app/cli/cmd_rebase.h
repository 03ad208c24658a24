// SPDX-License-Identifier: GPL-2.0-or-later
// `rebase [-f FMT] [-F FMT] [-b BACKING] [-u] [-p] [-q] [-U] FILE`: change the backing file.
#pragma once

#include <optional>
#include <string>

#include "cli_common.h"

namespace diskscope::cli {

struct RebaseArgs {
    std::string path;
    std::optional<std::string> format;         // -f
    std::optional<std::string> backing;        // -b ("" makes the image standalone)
    std::optional<std::string> backingFormat;  // -F
    bool unsafe = false;                       // -u
    bool progress = false;                     // -p
    bool quiet = false;                        // -q
    bool forceShare = false;                   // -U
};

ParseResult<RebaseArgs> parseRebaseArgs(int argc, char** argv);
std::string rebaseUsage();
int runRebase(int argc, char** argv);

}  // namespace diskscope::cli
