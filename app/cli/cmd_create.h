// SPDX-License-Identifier: GPL-2.0-or-later
// `create [-q] [-f FMT] [-b BACKING [-F BACKING_FMT]] [-u] [-o OPTIONS] FILE [SIZE]`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli_common.h"
#include "diskscope/ops/create.h"

namespace diskscope::cli {

struct CreateArgs {
    CreateOptions options;                 // path, format, size, backing, -u filled in
    std::vector<std::string> optionStrings;  // each -o, parsed once the format is known
    std::optional<std::string> backingFile;   // -b and -F win over -o backing_file/backing_fmt
    std::optional<std::string> backingFormat;
    bool quiet = false;
};

// argv[0] is "create". Prints nothing. Size argument errors are reported here (without
// the file name, as qemu-img does); -o strings are parsed by runCreate.
ParseResult<CreateArgs> parseCreateArgs(int argc, char** argv);
std::string createUsage();
int runCreate(int argc, char** argv);

}  // namespace diskscope::cli
