// SPDX-License-Identifier: GPL-2.0-or-later
// `convert [-f FMT] [-O FMT] [-o OPTIONS] [-c] [-n] [-B BACKING -F FMT] [-l SNAPSHOT] ... SRC... DST`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli_common.h"
#include "diskscope/compression.h"

namespace diskscope::cli {

struct ConvertArgs {
    std::vector<std::string> sources;
    std::string target;
    std::optional<std::string> sourceFormat;
    std::string targetFormat = "raw";  // qemu-img's default output format too
    std::vector<std::string> optionStrings;  // -o, in order
    std::optional<std::string> backingFile;  // -B
    std::optional<std::string> backingFormat;  // -F
    std::optional<std::string> snapshot;     // -l
    uint64_t minSparse = 4096;         // -S; 0 turns sparse detection off
    bool compress = false;             // -c
    DeflateCodec deflate = DeflateCodec::Fast;  // --deflate
    bool targetExists = false;         // -n
    bool targetIsZero = false;         // --target-is-zero
    bool progress = false;             // -p, unless -q
    bool quiet = false;
    bool forceShare = false;
};

// argv[0] is "convert". Prints nothing.
ParseResult<ConvertArgs> parseConvertArgs(int argc, char** argv);
std::string convertUsage();
int runConvert(int argc, char** argv);

}  // namespace diskscope::cli
