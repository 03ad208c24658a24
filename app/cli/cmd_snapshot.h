// SPDX-License-Identifier: GPL-2.0-or-later
// `snapshot [-f FMT] [-q] [-U] (-l | -c NAME | -a NAME | -d NAME) FILE`: internal snapshots.
#pragma once

#include <optional>
#include <string>

#include "cli_common.h"

namespace diskscope::cli {

struct SnapshotArgs {
    enum class Action { List, Create, Apply, Delete } action = Action::List;
    std::string name;
    std::string path;
    std::optional<std::string> format;
    bool quiet = false;
    bool forceShare = false;
};

ParseResult<SnapshotArgs> parseSnapshotArgs(int argc, char** argv);
std::string snapshotUsage();
int runSnapshot(int argc, char** argv);

}  // namespace diskscope::cli
