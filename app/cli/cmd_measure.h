// SPDX-License-Identifier: GPL-2.0-or-later
// `measure [--output=human|json] [-O FMT] [-o OPTIONS] [-f FMT] [-l SNAPSHOT] [-U] (--size N | FILE)`.
#pragma once

#include <optional>
#include <string>

#include "cli_common.h"
#include "diskscope/ops/measure.h"

namespace diskscope::cli {

struct MeasureArgs {
    std::optional<std::string> path;
    std::optional<uint64_t> size;
    std::optional<std::string> format;       // -f: the source's format
    std::optional<std::string> snapshot;     // -l: as typed
    std::string targetFormat = "raw";        // -O
    std::optional<std::string> optionList;   // every -o, joined with ',' as qemu-img joins them
    OutputFormat output = OutputFormat::Human;
    bool forceShare = false;
};

// argv[0] is "measure". Prints nothing. Checks in qemu-img's order: each option as it
// comes (--output, --size, -o list syntax), then the file name / --size combination.
ParseResult<MeasureArgs> parseMeasureArgs(int argc, char** argv);
std::string measureUsage();

// qemu-img's text ("required size: N\nfully allocated size: N\n[bitmaps size: N\n]") or
// JSON ({"bitmaps", "required", "fully-allocated"} in that order, bitmaps only when known).
std::string formatMeasureReport(const MeasureReport& report, OutputFormat output);

// What a measure run prints and returns, for parsed arguments: stdout text, stderr text
// (each error line prefixed as printError/printErrorOnce do) and the exit status.
// runMeasure prints it; tests call it in-process.
struct MeasureRun {
    int exitCode = 0;
    std::string out;
    std::string err;
};
MeasureRun measureWithArgs(const MeasureArgs& args);

int runMeasure(int argc, char** argv);

}  // namespace diskscope::cli
