// SPDX-License-Identifier: GPL-2.0-or-later
// `commit [-f FMT] [-b BASE] [-d] [-p] [-q] FILE`: write an image's data into a backing file.
#pragma once

#include <optional>
#include <string>

#include "cli_common.h"

namespace diskscope::cli {

struct CommitArgs {
    std::string path;
    std::optional<std::string> format;  // -f
    std::optional<std::string> base;    // -b
    bool drop = false;                  // -d
    bool progress = false;              // -p
    bool quiet = false;                 // -q
};

ParseResult<CommitArgs> parseCommitArgs(int argc, char** argv);
std::string commitUsage();
int runCommit(int argc, char** argv);

}  // namespace diskscope::cli
