// SPDX-License-Identifier: GPL-2.0-or-later
// `amend [-f FMT] [-p] [-q] -o OPTIONS FILE`.
#pragma once

#include <optional>
#include <string>

#include "cli_common.h"

namespace diskscope::cli {

struct AmendArgs {
    std::string path;
    std::optional<std::string> format;
    std::string options;   // every -o joined with ',' (qemu-img merges them)
    bool progress = false;
    bool quiet = false;
};

ParseResult<AmendArgs> parseAmendArgs(int argc, char** argv);
std::string amendUsage();
int runAmend(int argc, char** argv);

}  // namespace diskscope::cli
