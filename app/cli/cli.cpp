// SPDX-License-Identifier: GPL-2.0-or-later
// diskscope-img's main: program options (--help, --version), then the command table.
#include "cli.h"

#include <cstdlib>
#include <string_view>

#include "diskscope/trust_policy.h"

#include "cli_common.h"
#include "command_table.h"

namespace diskscope::cli {

int run(int argc, char** argv)
{
    // Names stored in images are followed outside the image's directory only on request.
    const char* allowEnv = std::getenv("DISKSCOPE_ALLOW_EXTERNAL_BACKING");
    bool allowExternal = allowEnv && std::string_view(allowEnv) == "1";
    while (argc >= 2 && std::string_view(argv[1]) == "--allow-external-backing") {
        allowExternal = true;
        // The command sees argv[0] as its own name: drop the program option.
        argv[1] = argv[0];
        ++argv;
        --argc;
    }
    setExternalBackingAllowedByDefault(allowExternal);
    if (argc < 2)
        return usageError("Not enough arguments");
    const std::string_view first = argv[1];
    if (first == "-h" || first == "--help") {
        printOut(formatProgramHelp());
        return 0;
    }
    if (first == "-V" || first == "--version") {
        printOut(formatVersion());
        return 0;
    }
    if (first.size() > 1 && first[0] == '-')
        return usageError("unrecognized option '" + std::string(first) + "'");
    const Command* command = findCommand(first);
    if (!command)
        return usageError("Command not found: " + std::string(first));
    return command->handler(argc - 1, argv + 1);
}

}  // namespace diskscope::cli
