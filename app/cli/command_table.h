// SPDX-License-Identifier: GPL-2.0-or-later
// The one table of diskscope-img's commands: name, handler and a one-line description.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace diskscope::cli {

// A command's entry point: argv[0] is the command name, the rest its arguments.
// Returns the process exit status.
using CommandHandler = int (*)(int argc, char** argv);

struct Command {
    const char* name;
    CommandHandler handler;
    const char* description;
};

std::span<const Command> commandTable();
// Null when no command has that name.
const Command* findCommand(std::string_view name);

// `diskscope-img --help`: usage line, then the table.
std::string formatProgramHelp();
std::string formatVersion();

}  // namespace diskscope::cli
