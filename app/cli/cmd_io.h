// SPDX-License-Identifier: GPL-2.0-or-later
// `io [-f FMT] [-r] [-U] [-q] -c CMD [-c CMD]... FILE`: a subset of qemu-io's commands with its
// syntax (read, write, discard, flush), for driving the engine's write path from scripts.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cli_common.h"

namespace diskscope::cli {

struct IoArgs {
    std::string path;
    std::optional<std::string> format;
    bool readOnly = false;
    bool forceShare = false;
    bool quiet = false;  // -q: no per-command output
    std::vector<std::string> commands;
};

// One -c command, parsed.
struct IoCommand {
    enum class Kind { Read, Write, Discard, Flush } kind = Kind::Flush;
    uint64_t offset = 0;
    uint64_t length = 0;
    std::optional<uint8_t> pattern;  // read -P (check) / write -P (fill; default 0xcd)
    bool zero = false;               // write -z
    bool mayUnmap = false;           // write -z -u
    bool compressed = false;         // write -c
    bool quiet = false;              // -q
    bool dump = false;               // read -v: hex dump of what was read
};

// qemu-io's hex dump: "%08x:  " then 16 bytes in hex, then the printable characters.
std::string formatHexDump(uint64_t offset, std::span<const uint8_t> bytes);

ParseResult<IoArgs> parseIoArgs(int argc, char** argv);
// Parses one command line as qemu-io does ("write -P 0x11 0 64k"). Fails with a message.
ParseResult<IoCommand> parseIoCommand(const std::string& line);
std::string ioUsage();
int runIo(int argc, char** argv);

}  // namespace diskscope::cli
