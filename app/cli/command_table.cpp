// SPDX-License-Identifier: GPL-2.0-or-later
// diskscope-img's command table and the program-level help built from it.
#include "command_table.h"

#include <cstdio>

#include "cli_common.h"
#include "cmd_amend.h"
#include "cmd_bench.h"
#include "cmd_check.h"
#include "cmd_commit.h"
#include "cmd_compare.h"
#include "cmd_convert.h"
#include "cmd_create.h"
#include "cmd_info.h"
#include "cmd_io.h"
#include "cmd_map.h"
#include "cmd_measure.h"
#include "cmd_rebase.h"
#include "cmd_resize.h"
#include "cmd_snapshot.h"

#ifndef DISKSCOPE_VERSION
#define DISKSCOPE_VERSION "unknown"
#endif

namespace diskscope::cli {
namespace {

constexpr Command kCommands[] = {
    {"amend", runAmend, "Change an existing qcow2 image's options (compat, refcounts, size)"},
    {"bench", runBench, "Time a run of reads or writes, like qemu-img bench"},
    {"check", runCheck, "Check an image's metadata for consistency and repair it"},
    {"commit", runCommit, "Write an image's data into its backing file and empty it"},
    {"compare", runCompare, "Check whether two images have the same guest content"},
    {"convert", runConvert, "Copy an image's guest content into a new raw image"},
    {"create", runCreate, "Create a new raw or qcow2 image"},
    {"info", runInfo, "Show an image's format, sizes, backing file and snapshots"},
    {"io", runIo, "Run qemu-io style read, write, discard and flush commands"},
    {"map", runMap, "Show where each range of the guest disk is stored"},
    {"measure", runMeasure, "Compute the host space a new image needs"},
    {"rebase", runRebase, "Change an image's backing file, keeping or not its guest content"},
    {"resize", runResize, "Change an image's virtual size"},
    {"snapshot", runSnapshot, "List, create, apply or delete internal snapshots"},
};

}  // namespace

std::span<const Command> commandTable() { return kCommands; }

const Command* findCommand(std::string_view name)
{
    for (const Command& command : kCommands) {
        if (name == command.name)
            return &command;
    }
    return nullptr;
}

std::string formatVersion()
{
    return std::string(kProgramName) + " version " DISKSCOPE_VERSION "\n";
}

std::string formatProgramHelp()
{
    std::string out = formatVersion();
    out += "usage: " + std::string(kProgramName) + " [-h | -V] [--allow-external-backing] command [command options]\n";
    out += "Disk image utility for qcow2 and raw images, with qemu-img's command line\n\n";
    out += "    '-h', '--help'       display this help and exit\n";
    out += "    '-V', '--version'    output version information and exit\n";
    out += "    '--allow-external-backing'\n";
    out += "                         follow backing and data file names stored in images even when\n";
    out += "                         they lead outside the image's directory (\"..\", absolute names\n";
    out += "                         elsewhere); also DISKSCOPE_ALLOW_EXTERNAL_BACKING=1. Only for\n";
    out += "                         images you trust.\n\n";
    out += "Commands:\n";
    for (const Command& command : kCommands) {
        char line[160];
        std::snprintf(line, sizeof line, "  %-10s%s\n", command.name, command.description);
        out += line;
    }
    out += "\nRun '" + std::string(kProgramName) + " COMMAND --help' for a command's options.\n";
    return out;
}

}  // namespace diskscope::cli
