// SPDX-License-Identifier: GPL-2.0-or-later
// Entry point of diskscope-img: parses the subcommand and dispatches through the command table.
#pragma once

namespace diskscope::cli {

// Runs diskscope-img with the given arguments; returns the process exit status.
int run(int argc, char** argv);

}  // namespace diskscope::cli
